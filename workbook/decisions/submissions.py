"""What each learner submitted for a unit, read from nbgrader's `submitted/` folder unchanged.

The assessment notebook copies the learner's evidence documents and declaration into the
assignment's `.responses/` folder, and nbgrader's submit and collect carry them to the tutor's
course folder: `<course root>/submitted/<learner>/<assignment>/.responses/`. Nothing here locks,
moves or rewrites a submitted file, and every file is read within limits (workbook.learner.bounded):
a learner's unusable file leaves that learner out with one line, never the others.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from workbook.assess.responses import RESPONSES
from workbook.errors import WorkbookError
from workbook.learner.bounded import LearnerFileError, load
from workbook.learner.declaration import Declaration, submitted_declaration
from workbook.learner.evidence import EvidenceItem, items_in_document
from workbook.learner.ids import ID_RULE, id_problem


@dataclass(frozen=True)
class Submission:
    """One learner's submitted portfolio for a unit."""

    learner: str
    folder: Path
    items: tuple[EvidenceItem, ...]
    declaration: Declaration | None

    @property
    def signed(self) -> bool:
        """True when the submission carries a signed declaration of authenticity."""
        return self.declaration is not None and self.declaration.signed

    def item(self, item_id: str) -> EvidenceItem | None:
        """The evidence item with this id, if the learner submitted it."""
        return next((i for i in self.items if i.id == item_id), None)


def assessed_units(course_root: Path) -> dict[str, str]:
    """Assignment -> the unit it assesses, from the source notebooks' workbook metadata."""
    found = {}
    for notebook in sorted((course_root / "source").glob("*/*.ipynb")):
        try:
            meta = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["workbook"]
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            continue  # not a notebook the workbook built
        if isinstance(meta, Mapping) and meta.get("kind") == "assessment":
            found[notebook.parent.name] = str(meta.get("unit", ""))
    return found


def assignment_of(course_root: Path, unit_slug: str) -> str:
    """The nbgrader assignment that assesses the unit."""
    for assignment, unit in assessed_units(course_root).items():
        if unit == unit_slug:
            return assignment
    raise WorkbookError(f"no assessment of unit {unit_slug} in {course_root / 'source'}; "
                        "run `workbook build` or check the unit's name")


def unit_of_assignment(course_root: Path, assignment: str) -> str | None:
    """The unit an assignment assesses (None when it is not a workbook assessment)."""
    return assessed_units(course_root).get(assignment)


def read_submission(folder: Path, learner: str, unit_slug: str) -> Submission:
    """The evidence and declaration in one submitted assignment folder (LearnerFileError naming
    the learner and the file when one is unusable: too large, nested too deeply, not JSON)."""
    items: dict[str, EvidenceItem] = {}
    try:
        # the course-wide document, or the per-unit one an older workbook copied
        for path in sorted((folder / RESPONSES).glob("evidence*.json")):
            try:
                data = load(path)   # bounded: size and nesting depth, checked before parsing
            except FileNotFoundError:
                continue
            data = data.get("data", {}) if isinstance(data, Mapping) else {}
            try:
                found = items_in_document(data if isinstance(data, Mapping) else {}, unit_slug)
            except (AttributeError, KeyError, TypeError, ValueError):
                continue  # well-formed JSON but not evidence: nothing the assessor can rely on
            items.update({i.id: i for i in found})
        declaration = submitted_declaration(folder, unit_slug)
    except LearnerFileError as exc:
        raise LearnerFileError(f"{learner}'s {exc.path} {exc.reason}") from None
    ordered = tuple(items[k] for k in sorted(items, key=lambda k: (len(k), k)))
    return Submission(learner, folder, ordered, declaration)


def submissions(course_root: Path, unit_slug: str,
                skipped: list[str] | None = None) -> dict[str, Submission]:
    """Learner -> their submitted portfolio for the unit (only learners who submitted).

    A learner whose folder name is not a learner id, or whose files cannot be used, is left out
    and one line naming the folder or file is added to `skipped`: one learner's files never stop
    the others being read.
    """
    assignment = assignment_of(course_root, unit_slug)
    found = {}
    for folder in sorted((course_root / "submitted").glob(f"*/{assignment}")):
        learner = folder.parent.name
        if not folder.is_dir():
            continue
        if why := id_problem(learner):
            _skip(skipped, odd_id_line(folder.parent, learner, why))
            continue
        try:
            found[learner] = read_submission(folder, learner, unit_slug)
        except LearnerFileError as exc:
            _skip(skipped, f"{learner} skipped: {exc.message}")
        except OSError as exc:  # a folder that cannot be listed, say
            _skip(skipped, f"{learner} skipped: {folder} cannot be read ({exc.strerror})")
    return found


def odd_id_line(where: Path | str, learner: str, why: str) -> str:
    """The line that says a learner's folder (or gradebook entry) is left out, and why."""
    return f"{where}: left out: learner id {learner!r} refused: {why}; a learner id is {ID_RULE}"


def _skip(skipped: list[str] | None, message: str) -> None:
    if skipped is not None:
        skipped.append(message)
