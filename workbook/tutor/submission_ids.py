"""Submissions whose learner id is not a safe id: found and named, never lost or graded blindly.

nbgrader names a submission in the exchange `<student id>+<assignment>+<time>[+<random>]` and
collects with the pattern `*+<assignment>+*` in the inbox. A student id holding "/" puts the
submission in a sub-folder of the inbox (collect never sees it), "../" puts it outside the inbox
altogether; an id with other characters is collected into a folder of that name. Each of these
is reported here by the id it was submitted under, so `workbook grade` lists it as a problem.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from workbook.learner.ids import id_problem

#: how far below the inbox (and above it, for "../") a misplaced submission is looked for.
SEARCH_DEPTH = 3


def exchange_course(api) -> Path:
    """The course's folder in nbgrader's exchange (it holds `inbound/`)."""
    from nbgrader.exchange.default.exchange import Exchange

    root = api.config.Exchange.get("root", Exchange.root.default_value)
    return Path(root) / api.coursedir.course_id


def refused_submissions(course: Path, assignment: str) -> dict[str, str]:
    """Submissions of `assignment` under an unsafe id: {id as submitted: why it is refused}."""
    inbound = course / "inbound"
    named = re.compile(rf"(?P<id>.*)\+{re.escape(assignment)}\+[^+/]+(\+[^+/]*)?")
    found: dict[str, str] = {}
    # In the inbox and below it: "<id>+..." at the top, "a/b+..." in sub-folders.
    for rel in _entries(inbound, SEARCH_DEPTH):
        if match := named.fullmatch(rel.name):
            learner = str(rel.parent / match["id"]) if rel.parent != Path(".") else match["id"]
            if problem := id_problem(learner):
                found[learner] = problem
    # Above it: "../x+..." lands in the course folder, "../../x+..." in the exchange root.
    for levels, folder in enumerate((course, course.parent), start=1):
        for rel in _entries(folder, 1):
            if match := named.fullmatch(rel.name):
                learner = "../" * levels + match["id"]
                found[learner] = id_problem(learner) or "it is outside the exchange inbox"
    return found


def _entries(folder: Path, depth: int) -> list[Path]:
    """Paths (relative to folder) of entries down to `depth` levels, not inside submissions."""
    found: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        found.append(Path(entry.name))
        # A folder named like a submission holds notebooks, not more submissions.
        if depth > 1 and "+" not in entry.name and entry.is_dir(follow_symlinks=False):
            found += [Path(entry.name) / rel for rel in _entries(Path(entry.path), depth - 1)]
    return found
