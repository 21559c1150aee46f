"""Tutor marks a learner has been given back: read from nbgrader's returned feedback.

nbgrader's `release_feedback` carries only the feedback page (`<notebook>.html`); the learner's
`fetch_feedback` puts it in `<assignment>/feedback/<timestamp>/`. The page lists every graded
cell with its score (nbgrader 0.9's feedback template), so the learner's own copy is the whole
source: no tutor file has to reach the learner. The assignment folder is recognised by the
workbook metadata of its notebook (`{"kind": "assessment", "unit": ...}`).
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from workbook.settings import settings

WRITTEN_PREFIX = "answer-"
_TOTAL = re.compile(r"<h4>(?P<notebook>[^<]*) \(Score: (?P<score>[\d.]+) / (?P<max>[\d.]+)\)</h4>")
_CELL = re.compile(r'<li><a href="#(?P<cell>[^"]+)">[^<]*</a> '
                   r'\(Score: (?P<score>[\d.]+) / (?P<max>[\d.]+)\)</li>')


@dataclass(frozen=True)
class ReturnedMarks:
    """The marks on one returned feedback page."""

    assignment: str
    returned: str                               # the feedback folder's timestamp
    score: float
    max_score: float
    criteria: dict[str, tuple[float, float]]    # criterion id -> (score, max) of its written answer
    page: Path


def assignments_dir() -> Path:
    """Where the learner's fetched assignments live: $WORKBOOK_ASSIGNMENTS_DIR or home."""
    return settings().assignments_dir


def parse_feedback(page: Path, assignment: str) -> ReturnedMarks | None:
    """The marks on one feedback page (None when it is not a page nbgrader generated)."""
    try:
        text = page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    total = _TOTAL.search(text)
    if total is None:
        return None
    criteria = {}
    for cell in _CELL.finditer(text):
        name = html.unescape(cell["cell"])
        if name.startswith(WRITTEN_PREFIX):
            criterion = name[len(WRITTEN_PREFIX):].replace("-", ".")
            criteria[criterion] = (float(cell["score"]), float(cell["max"]))
    return ReturnedMarks(assignment, page.parent.name, float(total["score"]),
                         float(total["max"]), criteria, page)


def returned_marks(unit_slug: str, root: Path | None = None) -> ReturnedMarks | None:
    """The latest feedback returned for the unit's assessment, if any has been fetched."""
    root = root or assignments_dir()
    for notebook in sorted(root.glob("*/*.ipynb")):
        if _unit_of(notebook) != unit_slug:
            continue
        pages = sorted((notebook.parent / "feedback").glob(f"*/{notebook.stem}.html"))
        for page in reversed(pages):  # timestamps sort in time order
            marks = parse_feedback(page, notebook.parent.name)
            if marks:
                return marks
    return None


def marks_html(marks: ReturnedMarks | None) -> str:
    """The "Tutor marks" section of the progress view (text, no colour needed)."""
    if marks is None:
        return ("<h4>Tutor marks</h4><p>No marked assessment returned yet. When your tutor "
                "releases feedback, fetch it in the Assignments tab and refresh.</p>")
    rows = "".join(f'<tr><th scope="row">Criterion {html.escape(c)}</th><td>{s:g} of {m:g}</td></tr>'
                   for c, (s, m) in sorted(marks.criteria.items()))
    return (f"<h4>Tutor marks</h4><p>Assessment <strong>{html.escape(marks.assignment)}</strong>, "
            f"returned {html.escape(marks.returned)}: <strong>{marks.score:g} of "
            f"{marks.max_score:g}</strong> points. Read your tutor's comments in "
            f"<code>{html.escape(str(Path(marks.assignment) / 'feedback' / marks.returned / marks.page.name))}"
            f"</code>.</p><table class='wb-marks'><caption>Marks for your written answers</caption>"
            f"<thead><tr><th scope='col'>Criterion</th><th scope='col'>Marks</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _unit_of(notebook: Path) -> str | None:
    try:
        meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {}).get("workbook", {})
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        return None
    return meta.get("unit") if isinstance(meta, dict) and meta.get("kind") == "assessment" else None
