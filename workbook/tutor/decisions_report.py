"""The report's assessment decisions: per learner and criterion, who decided what and when,
whether the IQA sampled and agreed, the declaration; and the learners ready to claim."""
from __future__ import annotations

from html import escape
from pathlib import Path

from workbook.assess.assessment import Assessment
from workbook.decisions.standing import DISAGREED, LearnerStanding, unit_standing
from workbook.decisions.submissions import submissions

DECISIONS_CSV, CLAIMS_CSV = "decisions.csv", "claims.csv"


def course_standings(root: Path, assessments: list[Assessment],
                     records: Path | None = None) -> list[LearnerStanding]:
    """Every learner's standing on every assessed unit, unit by unit (records: the decisions'
    folder, when it is not the course folder)."""
    found = []
    for assessment in assessments:
        unit = assessment.unit
        found.extend(unit_standing(records or root, unit, submissions(root, unit.slug)))
    return found


def decisions_section(standings: list[LearnerStanding]) -> str:
    """The HTML section: one table per unit, a row per learner and criterion."""
    if not standings:
        return "<h2 id=\"decisions\">Assessment decisions</h2><p>No submissions or decisions yet.</p>"
    ready = [f"{s.learner} ({s.unit})" for s in standings if s.ready]
    parts = ['<h2 id="decisions">Assessment decisions</h2>',
             f"<p>Ready to claim: {escape(', '.join(ready)) if ready else 'nobody yet'}.</p>"]
    for unit in dict.fromkeys(s.unit for s in standings):
        rows = []
        for learner in (s for s in standings if s.unit == unit):
            for n, s in enumerate(learner.criteria):
                d = s.decision
                said = (f"{escape(d.outcome)} by {escape(d.assessor)}, {escape(d.at[:16].replace('T', ' '))}"
                        if d else "no decision")
                iqa = escape(s.iqa) + (f": {escape(s.verdict.comment)}" if s.verdict and s.verdict.comment else "")
                if s.iqa == DISAGREED:
                    iqa = f"<strong>⚠ {iqa} (reopened for the assessor)</strong>"
                head = (f'<th scope="rowgroup" rowspan="{len(learner.criteria)}">{escape(learner.learner)}'
                        f"<br>{'✔ ready to claim' if learner.ready else 'not ready'}</th>"
                        f'<td rowspan="{len(learner.criteria)}">{escape(learner.declaration)}</td>'
                        if n == 0 else "")
                rows.append(f"<tr>{head}<td>{escape(s.criterion)}</td><td>{said}</td>"
                            f"<td>{escape(d.feedback) if d else ''}</td><td>{iqa}</td></tr>")
        parts.append(f"<table><caption>{escape(unit)}: decision per learner and criterion, "
                     "internal quality assurance, declaration of authenticity</caption><thead><tr>"
                     '<th scope="col">learner</th><th scope="col">declaration</th>'
                     '<th scope="col">criterion</th><th scope="col">decision</th>'
                     '<th scope="col">feedback</th><th scope="col">IQA</th></tr></thead>'
                     f"<tbody>{''.join(rows)}</tbody></table>")
    return "\n".join(parts)
