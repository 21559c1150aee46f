"""The cohort report as one self-contained HTML page (charts inline, no scripts)."""
from __future__ import annotations

from html import escape

from workbook.tutor.charts import distribution, heatmap, legend
from workbook.tutor.cohort import COMPLETE, GAPS, NOT_STARTED, CohortReport

STATUS_TEXT = {COMPLETE: "✓ complete", GAPS: "⚠ gaps", NOT_STARTED: "○ not started"}

CSS = """
body { font-family: sans-serif; color: #1a1a1a; background: #fff; margin: 2rem; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #767676; padding: 0.3rem 0.5rem; font-size: 0.9rem; text-align: left; vertical-align: top; }
th { background: #e8eef4; }
.legend { list-style: none; padding: 0; display: flex; gap: 1.5rem; flex-wrap: wrap; }
.swatch { display: inline-block; min-width: 1.4em; text-align: center; border: 1px solid #555; }
.status-complete { color: #1b5e20; } .status-gaps { color: #7a4a00; } .status-not-started { color: #444; }
.charts { display: flex; flex-wrap: wrap; gap: 2rem; }
figure { margin: 0; } .scroll { overflow-x: auto; }
"""


def render(report: CohortReport, title: str, decisions: str = "") -> str:
    """The full report page; `decisions` is the assessment decisions section, if any."""
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>{escape(title)}</title><style>{CSS}</style></head>
<body>
<main>
<h1>{escape(title)}</h1>
<p>{len(report.learners)} learners, {len(report.criteria)} assessment criteria.</p>
<h2 id="heatmap">Evidence and decisions by criterion</h2>
{legend()}
<div class="scroll">{heatmap(report)}</div>
<h2 id="criteria">Criteria across the cohort</h2>
{_criteria_table(report)}
<h2 id="distribution">Automatically marked questions per outcome</h2>
<p>Knowledge checks only: written tasks are judged met or not yet met, above.</p>
<div class="charts">{_distributions(report)}</div>
<h2 id="learners">Learners</h2>
{_learners_table(report)}
{decisions}
</main>
</body>
</html>
"""


def _criteria_table(report: CohortReport) -> str:
    total = len(report.learners)
    rows = "".join(
        f"<tr><th scope=\"row\">{escape(r.label)}</th><td>{escape(r.outcome)}</td>"
        f"<td>{escape(r.text)}</td><td>{report.evidenced(r.label)} of {total}</td>"
        f"<td>{report.credited(r.label)} of {total}</td></tr>"
        for r in report.criteria)
    return ("<table><caption>For each criterion, how many learners have evidence for it that meets "
            "the unit's rules, and how many have been judged to meet it</caption><thead><tr>"
            "<th scope=\"col\">criterion</th><th scope=\"col\">outcome"
            "</th><th scope=\"col\">what it asks</th><th scope=\"col\">evidenced</th>"
            f"<th scope=\"col\">judged met</th></tr></thead><tbody>{rows}</tbody></table>")


def _distributions(report: CohortReport) -> str:
    figures = []
    keys = dict.fromkeys((c.unit, c.outcome) for c in report.criteria)  # course order
    for n, (unit, outcome) in enumerate(keys):
        statuses = [o for r in report.learners for o in r.outcomes
                    if (o.unit, o.outcome) == (unit, outcome)]
        percents = [o.percent for o in statuses if o.percent is not None]
        unmarked = len(statuses) - len(percents)
        title = f"{unit} {outcome}: learners per score band"
        figures.append(f"<figure>{distribution(title, percents, unmarked, f'dist-{n}')}"
                       f"<figcaption>{escape(unit)} {escape(outcome)}</figcaption></figure>")
    return "".join(figures)


def _learners_table(report: CohortReport) -> str:
    outcomes = {(c.unit, c.outcome): f"{c.label.split()[0]} {c.outcome}" for c in report.criteria}
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in outcomes.values())
    rows = []
    for learner in report.learners:
        by_key = {(o.unit, o.outcome): o for o in learner.outcomes}
        statuses = "".join(
            f'<td class="status-{o.status.replace(" ", "-")}">{STATUS_TEXT[o.status]}'
            f'{f"<br>questions {o.percent:g}%" if o.percent is not None else ""}</td>'
            for o in (by_key[key] for key in outcomes))
        unmet = "".join(f"<li>{escape(u.message)}</li>" for u in learner.unmet)
        missing = ", ".join(escape(m) for m in learner.missing) or "none"
        broken = ", ".join(escape(b) for b in learner.broken) or "none"
        rows.append(
            f'<tr><th scope="row">{escape(learner.learner)}</th>{statuses}'
            f"<td>{f'<ul>{unmet}</ul>' if unmet else 'none'}</td><td>{missing}</td>"
            f"<td>{broken}</td></tr>")
    return ("<table><caption>Status per outcome (with the share of the automatically marked "
            "questions' marks), unmet "
            "sufficiency rules and missing submissions</caption><thead><tr>"
            f'<th scope="col">learner</th>{head}<th scope="col">unmet sufficiency rules</th>'
            '<th scope="col">missing submissions</th><th scope="col">submitted but not graded'
            f"</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
