"""Readable HTML of a portfolio: the criteria x evidence matrix, unmet rules and the item list.

Used inside the live widgets, as the static rendering that nbconvert and formgrader show, and
in the assessor's HTML export. Gaps are marked by text and an icon, never by colour alone.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from workbook.course.evidence_rules import SETTINGS, WITNESS_GROUNDS, EvidenceRules, load_rules
from workbook.course.loader import load_course
from workbook.course.model import Course, Unit
from workbook.learner.coverage import Unmet, counted, coverage, unmet_rules
from workbook.learner.evidence import CONSENT, EvidenceItem, load_items
from workbook.learner.store import Store

GAP = '<span aria-hidden="true">⚠</span> Gap: no evidence yet'
MET = '<span aria-hidden="true">✔</span> Covered'
#: evidence is mapped but none of it counts under the unit's rules (a reflective account on a
#: "be able to" criterion, an observation not recorded as in real work, unagreed testimony)
SHORT = '<span aria-hidden="true">◐</span> Mapped, but not the evidence it needs yet'
STYLE = """<style>
.wb-map{max-width:100%;overflow-x:auto}
.wb-map table{border-collapse:collapse;margin:.5em 0}
.wb-map th[scope=row]{min-width:12em;overflow-wrap:anywhere}
.wb-map th,.wb-map td{border:1px solid #555;padding:.25em .5em;text-align:left;vertical-align:top}
.wb-map .wb-gap{font-weight:bold;color:#8a1c00}
.wb-map .wb-met{color:#1a5e20}
</style>"""


def evidence_map_html(unit_slug: str, store: Store | None = None, outcome_id: str | None = None) -> str:
    """The unit's evidence map (matrix, unmet rules, items) as one HTML fragment."""
    course = load_course()
    unit = course.unit(unit_slug)
    rules = load_rules(unit)
    store = store or Store()
    items = load_items(store, unit_slug)
    return portfolio_html(unit, rules, items, outcome_id, warnings=store.warnings,
                          names=CourseNames.of(course))


@dataclass(frozen=True)
class CourseNames:
    """How the other units an item counts towards, and their criteria, are named beside it."""

    units: Mapping[str, str]
    #: (unit slug, criterion id) -> its id, or "LO3 marking point" (never an official-looking number)
    criteria: Mapping[tuple[str, str], str]

    @classmethod
    def of(cls, course: Course) -> CourseNames:
        """The names of every unit and criterion of the course."""
        return cls({u.slug: u.title for u in course.units},
                   {(u.slug, c.id): c.id if c.official else f"{o.id} marking point"
                    for u in course.units for o in u.outcomes for c in o.criteria})


def portfolio_html(unit: Unit, rules: EvidenceRules, items: list[EvidenceItem],
                   outcome_id: str | None = None, warnings: list[str] | None = None,
                   names: CourseNames | None = None) -> str:
    """Matrix, unmet rules and item list for given data (no I/O)."""
    scope = f" for {outcome_id}" if outcome_id else ""
    parts = [STYLE, '<div class="wb-map">']
    parts += [f'<p role="alert"><span aria-hidden="true">⚠</span> <strong>Warning:</strong> '
              f"{escape(w)}</p>" for w in warnings or []]
    parts.append(f"<h3>Evidence map: {escape(unit.title)}{scope}</h3>")
    parts.append(matrix_html(unit, items, outcome_id, rules))
    parts.append(unmet_html(unmet_rules(unit, rules, items, outcome_id)))
    parts.append(items_html(rules, items, unit.slug, names))
    parts.append("</div>")
    return "\n".join(parts)


def matrix_html(unit: Unit, items: list[EvidenceItem], outcome_id: str | None = None,
                rules: EvidenceRules | None = None) -> str:
    """Criteria (rows) x evidence items (columns), with a status column marking gaps; with the
    unit's rules, a criterion is covered only by evidence that counts for it."""
    mapped = coverage(unit, items)
    covered = counted(unit, rules, items) if rules else mapped
    outcomes = [o for o in unit.outcomes if outcome_id in (None, o.id)]
    head = "".join(f'<th scope="col">{escape(i.id)}: {escape(i.title)}</th>' for i in items)
    rows = []
    for outcome in outcomes:
        for criterion in outcome.criteria:
            cells = "".join(
                '<td><span aria-hidden="true">●</span> mapped</td>' if criterion.id in i.criteria
                else "<td>–</td>" for i in items)
            count = len(covered[criterion.id])
            status = (f'<td class="wb-met">{MET} ({count})</td>' if count
                      else f'<td class="wb-gap">{SHORT if mapped[criterion.id] else GAP}</td>')
            # the criterion's whole wording: "2.1 Support others to ..." (it wraps, never cut)
            rows.append(f'<tr><th scope="row">{escape(outcome.id)} · {escape(criterion.caption)}</th>'
                        f"{status}{cells}</tr>")
    return (f'<table class="wb-matrix"><caption>Assessment criteria and the evidence mapped to '
            f'them</caption><thead><tr><th scope="col">Criterion</th><th scope="col">Status</th>'
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def unmet_html(unmet: list[Unmet]) -> str:
    """The rules not yet met, each with what to do next."""
    if not unmet:
        return ('<p class="wb-met"><span aria-hidden="true">✔</span> Every evidence rule '
                "is met.</p>")
    entries = "".join(f'<li><span aria-hidden="true">⚠</span> {escape(u.message)} '
                      f"<strong>Next:</strong> {escape(u.next)}</li>" for u in unmet)
    return f'<h4>Evidence rules not yet met ({len(unmet)})</h4><ul class="wb-unmet">{entries}</ul>'


def items_html(rules: EvidenceRules, items: list[EvidenceItem], unit_slug: str = "",
               names: CourseNames | None = None) -> str:
    """Every item with its type, date, criteria, other units, details and where it is kept."""
    if not items:
        return "<p>No evidence logged yet.</p>"
    rows = "".join(
        f'<tr><th scope="row">{escape(i.id)}</th><td>{escape(i.title)}</td>'
        f"<td>{escape(rules.type_name(i.type))}</td><td>{escape(i.date)}</td>"
        f"<td>{escape(', '.join(i.criteria))}</td>"
        f"<td>{escape(also_text(i, unit_slug, names)) or '–'}</td>"
        f"<td>{escape(', '.join(i.models))}</td><td>{'<br>'.join(map(escape, detail_lines(i)))}</td>"
        f"<td>{escape(i.description)}</td><td>{escape(i.location)}</td></tr>" for i in items)
    head = "".join(f'<th scope="col">{h}</th>' for h in (
        "Id", "Title", "Type", "Date", "Criteria", "Also counts towards", "Models and theories",
        "Witness or observation", "Description",
        "Where the original is kept"))
    return (f'<table class="wb-items"><caption>Evidence items</caption><thead><tr>{head}</tr>'
            f"</thead><tbody>{rows}</tbody></table>")


def also_text(item: EvidenceItem, unit_slug: str, names: CourseNames | None = None) -> str:
    """The other units an item counts towards, with their criteria ("" when none)."""
    units = names.units if names else {}
    criteria = names.criteria if names else {}
    return "; ".join(f"{units.get(u, u)} ({', '.join(criteria.get((u, c), c) for c in ids)})"
                     for u, ids in item.elsewhere(unit_slug).items())


def detail_lines(item: EvidenceItem) -> list[str]:
    """Witness or observation details in plain words."""
    lines = []
    if w := item.witness:
        lines += [f"Witness: {w.name or '–'}, {w.role or '–'} ({w.relationship or '–'})",
                  f"Witness's occupational competence: {w.competence or '–'}",
                  f"Why not observed: {w.reason or '–'}",
                  f"Ground: {dict(WITNESS_GROUNDS).get(w.grounds, 'not recorded')}",
                  f"Agreed by the assessor: {w.agreed_by or '–'}, {w.agreed_on or '–'}"]
    if o := item.observation:
        lines += [f"Observed at: {o.place or '–'}",
                  f"Setting: {dict(SETTINGS).get(o.setting, 'not recorded')}",
                  f"People supported: {dict(CONSENT).get(o.consent, 'consent not recorded')}"]
    return lines
