"""The report's assessment decisions: per learner and criterion, who decided what and when,
whether the IQA sampled and agreed, the declaration; and the learners ready to claim."""
from __future__ import annotations

from html import escape
from pathlib import Path

from workbook.assess.assessment import Assessment
from workbook.decisions.standing import DISAGREED, LearnerStanding, ignored_records, unit_standing
from workbook.decisions.submissions import submissions

DECISIONS_CSV, CLAIMS_CSV = "decisions.csv", "claims.csv"


def course_standings(course_root: Path, assessments: list[Assessment],
                     records: Path | None = None,
                     notes: list[str] | None = None) -> list[LearnerStanding]:
    """Every learner's standing on every assessed unit, unit by unit (records: the decisions'
    folder, when it is not the course folder). A line for each learner left out (files that
    cannot be used) and each journal file or entry not counted (altered, say) goes to `notes`."""
    found = []
    for assessment in assessments:
        unit = assessment.unit
        skipped: list[str] = []
        found.extend(unit_standing(records or course_root, unit,
                                   submissions(course_root, unit.slug, skipped)))
        if notes is not None:
            notes.extend([*ignored_records(records or course_root, unit.slug), *skipped])
    return found


def needs_attention(note: str) -> bool:
    """Whether a note says something was left out (not only that old entries are unchained)."""
    return not note.endswith("unchained (written before tamper evidence)")


def notes_html(notes: list[str]) -> str:
    """What was left out of the report and why, one item per line ("" when nothing was)."""
    if not notes:
        return ""
    items = "".join(f"<li>{escape(note)}</li>" for note in dict.fromkeys(notes))
    return f'<div role="alert"><p><strong>⚠ Not counted or left out:</strong></p><ul>{items}</ul></div>'


def decisions_section(standings: list[LearnerStanding], notes: list[str] | None = None) -> str:
    """The HTML section: one table per unit, a row per learner and criterion (and first what
    was left out: learners whose files cannot be used, records altered)."""
    if not standings:
        return ("<h2 id=\"decisions\">Assessment decisions</h2>" + notes_html(notes or [])
                + "<p>No submissions or decisions yet.</p>")
    ready = [f"{s.learner} ({s.unit})" for s in standings if s.ready]
    parts = ['<h2 id="decisions">Assessment decisions</h2>', notes_html(notes or []),
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
                        f"<br>{'✔ ready to claim' if learner.ready else 'not ready'}"
                        f"<br>{escape(learner.counts.text)}</th>"
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
