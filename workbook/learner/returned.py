"""Tutor marks a learner has been given back: read from nbgrader's returned feedback.

nbgrader's `release_feedback` carries only the feedback page (`<notebook>.html`); the learner's
`fetch_feedback` puts it in `<assignment>/feedback/<timestamp>/`. The page lists every graded
cell with its score (nbgrader 0.9's feedback template), so the learner's own copy is the whole
source: no tutor file has to reach the learner. The assignment folder is recognised by the
workbook metadata of its notebook (`{"kind": "assessment", "unit": ...}`). The progress view's
sections over what is read here are `workbook.learner.returned_html`.
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


def _unit_of(notebook: Path) -> str | None:
    try:
        meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {}).get("workbook", {})
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        return None
    return meta.get("unit") if isinstance(meta, dict) and meta.get("kind") == "assessment" else None


# Assessor decisions travel inside the same feedback page: the tutor's release adds a section
# that shows them and carries them as JSON, so the learner's copy is again the whole source.
DECISIONS_ID = "workbook-decisions-data"
_DECISIONS = re.compile(rf'<script type="application/json" id="{DECISIONS_ID}">(?P<data>.*?)</script>',
                        re.S)
_SECTION = re.compile(r'<section id="workbook-decisions">.*?</section>\n?', re.S)
# nbgrader 0.9's feedback page: a written answer's entry in the list at the top, and its heading
_WRITTEN_ENTRY = re.compile(rf'(<li><a href="#{WRITTEN_PREFIX}(?P<slug>[^"]+)">[^<]*</a> )'
                            r"\(Score: [\d.]+ / [\d.]+\)")
_WRITTEN_POINTS = re.compile(rf'(<a name="{WRITTEN_PREFIX}(?P<slug>[^"]+)"></a>\s*<div class="panel-heading">'
                             r'\s*<span class="nbgrader-label">[^<]*</span>\s*<span class="pull-right">\s*)'
                             r"Score: [\d.]+ / [\d.]+")


@dataclass(frozen=True)
class ReturnedDecision:
    """An assessor's decision on one criterion, as returned to the learner."""

    criterion: str
    outcome: str        # "met" or "not yet met"
    feedback: str
    assessor: str
    date: str
    under_review: bool = False  # quality assurance asked the assessor to look again


def decisions_section(decisions: list[ReturnedDecision]) -> str:
    """The section added to a feedback page: a table for people, JSON for the progress view."""
    rows = "".join(
        f'<tr><th scope="row">{html.escape(d.criterion)}</th><td>{html.escape(shown_outcome(d))}</td>'
        f"<td>{html.escape(d.feedback)}</td><td>{html.escape(d.assessor)}, {html.escape(d.date)}</td></tr>"
        for d in decisions)
    data = json.dumps([d.__dict__ for d in decisions], sort_keys=True).replace("<", "\\u003c")
    return (f'<section id="workbook-decisions"><h2>Assessor decisions</h2><table>'
            "<thead><tr><th scope='col'>Criterion</th><th scope='col'>Decision</th>"
            "<th scope='col'>Feedback</th><th scope='col'>Assessor, date</th></tr></thead>"
            f'<tbody>{rows}</tbody></table><script type="application/json" id="{DECISIONS_ID}">'
            f"{data}</script></section>\n")


def with_decisions(page_text: str, decisions: list[ReturnedDecision]) -> str:
    """The feedback page with its decisions section added (or replaced, on a second release),
    and the written answers' points replaced by their criterion's decision: a written task is
    met or not yet met, never "3 / 4", so the page's total (which counts them) goes too."""
    said = {d.criterion.replace(".", "-"): shown_outcome(d) for d in decisions}

    def decision(match: re.Match) -> str:
        return f"Decision: {html.escape(said.get(match['slug'], 'none yet'))}"

    text = _SECTION.sub("", page_text)
    text = _WRITTEN_ENTRY.sub(lambda m: f"{m[1]}({decision(m)})", text)
    text = _WRITTEN_POINTS.sub(lambda m: f"{m[1]}{decision(m)}", text)
    text = _TOTAL.sub(lambda m: f"<h4>{m['notebook']}</h4>", text)
    section = decisions_section(decisions)
    return text.replace("</body>", f"{section}</body>", 1) if "</body>" in text else text + section


def parse_decisions(text: str) -> list[ReturnedDecision] | None:
    """The decisions carried in a feedback page (None when it carries none or they are damaged)."""
    found = _DECISIONS.search(text)
    if found is None:
        return None
    try:
        return [ReturnedDecision(**{k: d[k] for k in ReturnedDecision.__dataclass_fields__})
                for d in json.loads(found["data"])]
    except (ValueError, TypeError, KeyError):
        return None


def returned_decisions(unit_slug: str, root: Path | None = None) -> list[ReturnedDecision] | None:
    """The decisions on the latest returned feedback of the unit's assessment, if any."""
    root = root or assignments_dir()
    for notebook in sorted(root.glob("*/*.ipynb")):
        if _unit_of(notebook) != unit_slug:
            continue
        for page in reversed(sorted((notebook.parent / "feedback").glob(f"*/{notebook.stem}.html"))):
            try:
                found = parse_decisions(page.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
            if found is not None:
                return found
    return None


def shown_outcome(decision: ReturnedDecision) -> str:
    """A decision as the learner reads it: its outcome, and whether it is being reviewed."""
    if decision.under_review:
        return f"{decision.outcome} (being reviewed by your assessor)"
    return decision.outcome
