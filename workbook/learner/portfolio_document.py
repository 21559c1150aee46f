"""The learner's portfolio for one unit as one web page to download, read and print.

What an assessor needs in one place: who (the learner's name, from the signed declaration or
typed), which unit and when; the signed declaration; each criterion with its whole wording and
the evidence mapped to it; each item with its details (witness, observation, where the
original is kept); the full text of the reflective accounts and the training plan. Everything
the learner typed is escaped, so the page shows it as text and runs nothing. It prints cleanly
(print style: no colours needed, items not split across pages, links written out).
`gather` reads the store through each document's one reader; `portfolio_page` only writes HTML.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape
from typing import Any

from workbook.course.evidence_rules import EvidenceRules
from workbook.course.model import Course, Unit
from workbook.learner import declaration as declarations
from workbook.learner.coverage import coverage, unmet_rules
from workbook.learner.dates import long_date, parse_date
from workbook.learner.evidence import EvidenceItem, load_items
from workbook.learner.portfolio_html import CourseNames, also_text, detail_lines
from workbook.learner.reflections import GIBBS, load_accounts, word_counts
from workbook.learner.store import Store
from workbook.learner.training_plans import METHODS, SOURCE, TEXT_FIELDS, load_plan

__all__ = ["PortfolioData", "file_name", "gather", "portfolio_page"]

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.45;
 color:#1f1f1f;max-width:52em;margin:0 auto;padding:1em;overflow-wrap:anywhere}
h1{font-size:1.6em;margin:.2em 0}h2{border-bottom:2px solid #1f3a5f;padding-bottom:.1em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #6b6b6b;padding:.3em .5em;text-align:left;vertical-align:top}
.cover dt{font-weight:bold}.cover dd{margin:0 0 .4em 0}
.gap{font-weight:bold;color:#8e1b1b}.met{color:#1b5e20}
.item,.account,.plan{border:1px solid #6b6b6b;padding:.5em 1em;margin:1em 0;break-inside:avoid}
.text{white-space:pre-wrap}
.warning{border-left:4px solid #8e1b1b;padding:.3em .6em;background:#fdecea;color:#8e1b1b}
@media print{
 body{max-width:none;padding:0;font-size:11pt}
 a{color:inherit;text-decoration:none}
 h2{break-after:avoid}h3,h4{break-after:avoid}
 tr,.item,.account,.plan{break-inside:avoid}
 .warning{background:none}
 @page{margin:16mm}
}
"""


@dataclass(frozen=True)
class PortfolioData:
    """Everything the page shows, read from the store."""

    course: Course
    unit: Unit
    rules: EvidenceRules
    items: list[EvidenceItem]
    accounts: dict[str, dict[str, Any]]
    plan: dict[str, Any]
    declaration: declarations.Declaration | None
    learner: str
    made: dt.date
    warnings: list[str] = field(default_factory=list)


def gather(store: Store, course: Course, unit: Unit, rules: EvidenceRules, learner: str = "",
           today: dt.date | None = None) -> PortfolioData:
    """Read the unit's evidence, accounts, plan and declaration; the name the page gives."""
    signed = declarations.load(store, unit.slug)
    name = learner.strip() or (signed.name if signed and signed.signed else "")
    return PortfolioData(course, unit, rules, load_items(store, unit.slug),
                         load_accounts(store, unit.slug), load_plan(store, unit.slug), signed,
                         name, today or dt.date.today(), list(store.warnings))


def file_name(data: PortfolioData) -> str:
    """The downloaded file's name: portfolio-<unit>-<date>.html (no learner text in it)."""
    return f"portfolio-{data.unit.slug}-{data.made.isoformat()}.html"


def portfolio_page(data: PortfolioData) -> str:
    """The whole portfolio as one standalone HTML page."""
    unit, names = data.unit, CourseNames.of(data.course)
    title = f"Portfolio: {data.learner or 'learner'} · {unit.title}"
    parts = [_cover(data), _declaration(data.declaration), _criteria(data),
             _unmet(data), _items(data, names), _accounts(data), _plan(data)]
    return ('<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(parts) + "\n</body></html>\n")


def _cover(data: PortfolioData) -> str:
    unit, spec = data.unit, data.unit.spec
    rows = [("Learner", data.learner or "not given (sign the declaration, or type your name)"),
            ("Qualification", data.course.qualification), ("Unit", unit.title)]
    if spec:
        rows.append(("Unit reference", " · ".join(p for p in (
            spec.reference, f"Level {spec.level}" if spec.level else "",
            f"{spec.credit_value} credits" if spec.credit_value else "") if p)))
    rows.append(("Portfolio made on", long_date(data.made)))
    listed = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    warnings = "".join(f'<p class="warning" role="alert">⚠ {escape(w)}</p>' for w in data.warnings)
    return (f"<header><h1>Portfolio of evidence</h1><p>{escape(unit.title)}</p>"
            f'<dl class="cover">{listed}</dl>{warnings}</header>')


def _declaration(signed: declarations.Declaration | None) -> str:
    head = "<section><h2>Declaration of authenticity</h2>"
    if not signed or not signed.signed:
        return (head + '<p class="warning">⚠ Not signed yet: your assessor cannot assess this '
                "portfolio until you sign the declaration.</p></section>")
    statements = "".join(f"<li>✔ {escape(text)}</li>" for text in declarations.STATEMENTS.values())
    ai = (f"AI help declared: {escape(signed.ai_help)}" if signed.ai_used else "No AI help.")
    when = parse_date(signed.signed_at[:10])
    return (f"{head}<p>I declare that:</p><ul>{statements}</ul><p>{ai}</p>"
            f"<p><b>Signed by {escape(signed.name)}</b> on "
            f"{escape(long_date(when) if when else signed.signed_at[:10])}.</p></section>")


def _criteria(data: PortfolioData) -> str:
    covered = coverage(data.unit, data.items)
    titles = {i.id: i for i in data.items}
    out = ["<section><h2>Assessment criteria and the evidence for each</h2>"]
    for outcome in data.unit.outcomes:
        out.append(f"<h3>{escape(outcome.id)} · {escape(outcome.title)}</h3><table><thead><tr>"
                   '<th scope="col">Criterion</th><th scope="col">Evidence</th></tr></thead><tbody>')
        for criterion in outcome.criteria:
            ids = covered[criterion.id]
            evidence = ("<ul>" + "".join(
                f'<li><a href="#{escape(i)}">{escape(i)}</a>: {escape(titles[i].title)}</li>'
                for i in ids if i in titles) + "</ul>" if ids else
                '<span class="gap">⚠ Gap: no evidence yet</span>')
            out.append(f'<tr><th scope="row">{escape(criterion.caption)}</th><td>{evidence}</td></tr>')
        out.append("</tbody></table>")
    return "".join(out) + "</section>"


def _unmet(data: PortfolioData) -> str:
    unmet = unmet_rules(data.unit, data.rules, data.items)
    if not unmet:
        return '<section><h2>Evidence rules</h2><p class="met">✔ Every evidence rule is met.</p></section>'
    listed = "".join(f"<li>⚠ {escape(u.message)} <b>Next:</b> {escape(u.next)}</li>" for u in unmet)
    return f"<section><h2>Evidence rules not yet met ({len(unmet)})</h2><ul>{listed}</ul></section>"


def _items(data: PortfolioData, names: CourseNames) -> str:
    if not data.items:
        return "<section><h2>Evidence</h2><p>No evidence logged yet.</p></section>"
    wording = {c.id: c.caption for c in data.unit.criteria}
    out = [f"<section><h2>Evidence ({len(data.items)} items)</h2>"]
    for item in data.items:
        rows = [("Type", data.rules.type_name(item.type)), ("Date", _date(item.date)),
                ("Models and theories", ", ".join(item.models)),
                ("Where the original is kept", item.location),
                ("Also counts towards", also_text(item, data.unit.slug, names))]
        details = "".join(f"<li>{escape(line)}</li>" for line in detail_lines(item))
        criteria = "".join(f"<li>{escape(wording.get(c, c))}</li>" for c in item.criteria)
        out.append(
            f'<article class="item" id="{escape(item.id)}"><h3>{escape(item.id)}: '
            f"{escape(item.title)}</h3><table><tbody>"
            + "".join(f'<tr><th scope="row">{escape(k)}</th><td>{escape(v) or "–"}</td></tr>'
                      for k, v in rows)
            + f"</tbody></table><h4>Criteria it shows</h4><ul>{criteria or '<li>–</li>'}</ul>"
            + (f"<h4>Witness or observation</h4><ul>{details}</ul>" if details else "")
            + (f'<h4>Description</h4><p class="text">{escape(item.description)}</p>'
               if item.description else "")
            + _source_note(item) + "</article>")
    return "".join(out) + "</section>"


def _source_note(item: EvidenceItem) -> str:
    if item.source.startswith("reflection:"):
        account = item.source.split(":", 1)[1]
        return f'<p>The full account is under <a href="#{escape(account)}">Reflective accounts</a>.</p>'
    if item.source == SOURCE:
        return '<p>The full plan is under <a href="#training-plan">Training plan</a>.</p>'
    return ""


def _accounts(data: PortfolioData) -> str:
    if not data.accounts:
        return ""
    in_evidence = {i.source.split(":", 1)[1]: i.id for i in data.items
                   if i.source.startswith("reflection:")}
    out = ["<section><h2>Reflective accounts</h2>"]
    for account_id, account in data.accounts.items():
        parts = account.get("parts", {}) if isinstance(account.get("parts"), dict) else {}
        counts = word_counts({k: str(v) for k, v in parts.items()})
        state = (f"evidence item {in_evidence[account_id]}" if account_id in in_evidence
                 else "finished" if account.get("finished") else "draft, not yet evidence")
        out.append(f'<article class="account" id="{escape(account_id)}"><h3>{escape(account_id)}: '
                   f"{escape(str(account.get('title') or 'Untitled'))}</h3>"
                   f"<p>{escape(_date(str(account.get('date', ''))))} · {counts['total']} words · "
                   f"{escape(state)}</p>")
        for stage, heading, _ in GIBBS:
            text = str(parts.get(stage, ""))
            out.append(f"<h4>{escape(heading)} ({counts[stage]} words)</h4>"
                       f'<p class="text">{escape(text) or "–"}</p>')
        criteria = ", ".join(str(c) for c in account.get("criteria", []) or [])
        models = ", ".join(str(m) for m in account.get("models", []) or [])
        out.append(f"<p>Criteria: {escape(criteria) or '–'}. Models and theories: "
                   f"{escape(models) or '–'}.</p></article>")
    return "".join(out) + "</section>"


def _plan(data: PortfolioData) -> str:
    plan = data.plan
    if not any(str(v).strip() for v in plan.values() if not isinstance(v, list)) and not plan.get("methods"):
        return ""
    labels = dict(METHODS)
    methods = "".join(f"<li>{escape(labels.get(str(m), str(m)))}</li>" for m in plan.get("methods", []) or [])
    rows = "".join(f'<h4>{escape(label)}</h4><p class="text">{escape(str(plan.get(key, ""))) or "–"}</p>'
                   for key, label in TEXT_FIELDS)
    return (f'<section><h2>Training plan</h2><article class="plan" id="training-plan">'
            f"<p>Planned date: {escape(_date(str(plan.get('date', ''))))}</p>{rows}"
            f"<h4>Interactive methods</h4><ul>{methods or '<li>–</li>'}</ul></article></section>")


def _date(text: str) -> str:
    when = parse_date(text)
    return long_date(when) if when else text or "–"
