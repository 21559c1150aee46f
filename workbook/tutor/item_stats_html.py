"""The cohort report's item statistics section: one table per assessment, items then criteria."""
from __future__ import annotations

from html import escape

from workbook.tutor.item_data import CohortItems
from workbook.tutor.item_stats import SMALL_COHORT, TOO_EASY, TOO_HARD
from workbook.tutor.item_table import number, options_text


def items_section(found: list[CohortItems], problems: list[str]) -> str:
    """The section's HTML: how to read the figures, then a table per assessment."""
    parts = ['<h2 id="items">Item statistics of the automatically marked questions</h2>',
             f"<p>Facility: the share of the marks learners earned (above {TOO_EASY:g} too easy, "
             f"below {TOO_HARD:g} too hard). Discrimination: how well the item separates "
             "learners who did well on the rest of the test from those who did not (the "
             "correlation of the item's score with the total less that item; below 0 the item "
             "works against the rest of the test). Look again at flagged items before using "
             f"them next time; with fewer than {SMALL_COHORT} learners the figures are only hints.</p>"]
    parts += [f'<p class="warning">⚠ {escape(p)}</p>' for p in problems]
    if not found and not problems:
        parts.append("<p>No graded submissions yet.</p>")
    for cohort in found:
        report = cohort.report
        parts += [f'<p class="warning">⚠ {escape(report.assignment)}: {escape(w)}</p>'
                  for w in report.warnings]
        rows = "".join(
            f'<tr><th scope="row">{escape(f.id)}</th><td>{escape(f.criterion)}</td>'
            f"<td>{number(f.facility)}</td><td>{number(f.discrimination)}</td>"
            f"<td>{escape(options_text(f))}</td><td>{escape('; '.join(f.flags)) or 'none'}</td></tr>"
            for f in report.items)
        rows += "".join(
            f'<tr><th scope="row">criterion {escape(f.criterion)}</th><td>{escape(f.criterion)}'
            f"</td><td>{number(f.facility)}</td><td>{number(f.discrimination)}</td><td></td>"
            f"<td>{escape('; '.join(f.flags)) or 'none'}</td></tr>" for f in report.criteria)
        parts.append(
            f"<table><caption>{escape(report.assignment)}: {report.learners} learners with final "
            "marks; each item, then each criterion's items together</caption><thead><tr>"
            '<th scope="col">item</th><th scope="col">criterion</th><th scope="col">facility</th>'
            '<th scope="col">discrimination</th><th scope="col">learners per option</th>'
            f'<th scope="col">flags</th></tr></thead><tbody>{rows}</tbody></table>')
    return "\n".join(parts)
