"""Decisions into nbgrader's feedback pages, between generate_feedback and release_feedback.

nbgrader releases only `feedback/<learner>/<assignment>/<notebook>.html`, so the decisions ride
inside that page (`workbook.learner.returned` reads them back on the learner's side). A learner
sees each criterion's decision in force and its feedback; a decision the IQA disagreed with is
shown as being reviewed.
"""
from __future__ import annotations

from pathlib import Path

from workbook.atomic import write_atomic
from workbook.course.model import Unit
from workbook.decisions.standing import unit_standing
from workbook.decisions.submissions import submissions
from workbook.learner.returned import ReturnedDecision, with_decisions


def add_decisions(course_root: Path, unit: Unit, assignment: str,
                  records: Path | None = None, skipped: list[str] | None = None) -> list[Path]:
    """Write each learner's decisions into their generated feedback pages; the pages changed.
    (records: the decisions' folder, when it is not the course folder; skipped: gets a line for
    each learner left out, whose files cannot be used.)"""
    changed = []
    found = submissions(course_root, unit.slug, skipped)
    for standing in unit_standing(records or course_root, unit, found):
        returned = [ReturnedDecision(s.criterion, s.decision.outcome, s.decision.feedback,
                                     s.decision.assessor, s.decision.at[:10], s.reopened)
                    for s in standing.criteria if s.decision]
        if not returned:
            continue
        for page in sorted((course_root / "feedback" / standing.learner / assignment).glob("*.html")):
            write_atomic(page, with_decisions(page.read_text(encoding="utf-8"), returned))
            changed.append(page)
    return changed
