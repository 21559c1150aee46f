"""The progress view's sections over what a learner has been given back: the tutor's marks and
the assessor's decisions (read by `workbook.learner.returned`), as HTML with no colour needed."""
from __future__ import annotations

import html
from pathlib import Path

from workbook.course.model import Unit
from workbook.learner.decision_counts import count_decisions
from workbook.learner.returned import ReturnedDecision, ReturnedMarks, shown_outcome

__all__ = ["decisions_html", "marks_html"]


def marks_html(marks: ReturnedMarks | None, unit: Unit | None = None) -> str:
    """The "Tutor marks" section of the progress view (text, no colour needed).

    With the unit, a revision-page marking point is named for its outcome, not by its number.
    """
    if marks is None:
        return ("<h4>Tutor marks</h4><p>No marked assessment returned yet. When your tutor "
                "releases feedback, fetch it in the Assignments tab and refresh.</p>")
    names = {c.id: f"{o.id} marking point" for o in unit.outcomes for c in o.criteria
             if not c.official} if unit else {}
    rows = "".join(f'<tr><th scope="row">{html.escape(names.get(c, f"Criterion {c}"))}</th>'
                   f"<td>{s:g} of {m:g}</td></tr>" for c, (s, m) in sorted(marks.criteria.items()))
    return (f"<h4>Tutor marks</h4><p>Assessment <strong>{html.escape(marks.assignment)}</strong>, "
            f"returned {html.escape(marks.returned)}: <strong>{marks.score:g} of "
            f"{marks.max_score:g}</strong> points. Read your tutor's comments in "
            f"<code>{html.escape(str(Path(marks.assignment) / 'feedback' / marks.returned / marks.page.name))}"
            f"</code>.</p><table class='wb-marks'><caption>Marks for your written answers</caption>"
            f"<thead><tr><th scope='col'>Criterion</th><th scope='col'>Marks</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def decisions_html(decisions: list[ReturnedDecision] | None, unit: Unit | None = None) -> str:
    """The "Assessor decisions" section of the progress view; counts are over every criterion
    of `unit` (decided or not), else over the decisions returned."""
    if not decisions:
        return ("<h4>Assessor decisions</h4><p>No decisions returned yet. Your assessor judges "
                "each criterion met or not yet met after you submit.</p>")
    rows = "".join(
        f'<tr><th scope="row">Criterion {html.escape(d.criterion)}</th>'
        f"<td>{'✔ ' if d.outcome == 'met' and not d.under_review else ''}{html.escape(shown_outcome(d))}</td>"
        f"<td>{html.escape(d.feedback) or '-'}</td><td>{html.escape(d.assessor)}, {html.escape(d.date)}</td></tr>"
        for d in decisions)
    # a decision being reviewed after quality assurance is not in force: it awaits the assessor
    in_force = {d.criterion: d.outcome for d in decisions if not d.under_review}
    ids = [c.id for c in unit.criteria] if unit else [d.criterion for d in decisions]
    counts = count_decisions(ids, in_force)
    return (f"<h4>Assessor decisions</h4><p>{html.escape(counts.text)}.</p>"
            "<table class='wb-decisions'><caption>Your assessor's decision on each criterion"
            "</caption><thead><tr><th scope='col'>Criterion</th><th scope='col'>Decision</th>"
            "<th scope='col'>Feedback</th><th scope='col'>Assessor, date</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")
