"""The portfolio map for the assessor (Markdown, HTML) and as data (CSV, JSON) that imports back.

Import never overwrites: an item whose id is taken by a different item gets a new id.
What learners typed is written as text: the Markdown carries no HTML, links or images of theirs
(`md_text`), and CSV cells never run as spreadsheet formulas (`workbook.spreadsheet`).
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from workbook.course.evidence_rules import EvidenceRules
from workbook.course.model import Unit
from workbook.course.yamlfile import Problems
from workbook.learner.bounded import MAX_DEPTH, deeper_than
from workbook.learner.coverage import counted, coverage, unmet_rules
from workbook.learner.evidence import FIELDS, EvidenceItem, merge_items
from workbook.learner.portfolio_html import CourseNames, also_text, detail_lines, portfolio_html
from workbook.learner.store import Store
from workbook.spreadsheet import CsvRows, csv_text, read_csv_file

__all__ = ["FORMATS", "export_text", "import_items", "read_export", "to_csv", "to_markdown"]

FORMATS = ("md", "html", "csv", "json")
#: columns after FIELDS: other units' criteria, witness and observation details (optional on import).
EXTRA_FIELDS = ("also", "witness_name", "witness_role", "witness_relationship",
                "witness_competence", "witness_reason", "observation_place", "observation_consent",
                "witness_grounds", "witness_agreed_by", "witness_agreed_on", "observation_setting")
#: the extra columns of exports made before testimony recorded its agreed ground and an
#: observation its setting (still imported).
OLD_EXTRA_FIELDS = EXTRA_FIELDS[:8]
#: how a list (criteria, models) is written in one CSV cell.
LIST_SEPARATOR = "; "
JSON_SCHEMA = 1
#: Markdown punctuation that could make a learner's text a link, an image, code or a table cell.
_MARKDOWN = re.compile(r"([\\`*_\[\]|!])")


def md_text(text: str, one_line: bool = False) -> str:
    """Text shown as typed in Markdown: HTML escaped, link/image/emphasis/table marks escaped."""
    if one_line:
        text = " ".join(text.split())
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))


def export_text(fmt: str, unit: Unit, rules: EvidenceRules, items: list[EvidenceItem],
                names: CourseNames | None = None) -> str:
    """The portfolio in one of FORMATS; `names` names the other units items count towards."""
    if fmt == "md":
        return to_markdown(unit, rules, items, names)
    if fmt == "html":
        body = portfolio_html(unit, rules, items, names=names)
        return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Portfolio: '
                f"{unit.title}</title></head><body>\n{body}\n</body></html>\n")
    if fmt == "csv":
        return to_csv(items, unit.slug)
    if fmt == "json":
        return json.dumps({"schema": JSON_SCHEMA, "unit": unit.slug,
                           "items": [i.to_dict() for i in items]}, indent=1, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def to_markdown(unit: Unit, rules: EvidenceRules, items: list[EvidenceItem],
                names: CourseNames | None = None) -> str:
    """A Markdown map: criteria table with gaps, unmet rules, then each item."""
    mapped, covered = coverage(unit, items), counted(unit, rules, items)
    lines = [f"# Portfolio map: {unit.title}", "", "| Criterion | Status | Evidence |",
             "|---|---|---|"]

    def line(text: str) -> str:
        return md_text(text, one_line=True)

    for outcome in unit.outcomes:
        for c in outcome.criteria:
            status = (f"✔ Covered ({len(covered[c.id])})" if covered[c.id]
                      else "◐ Mapped, but not the evidence it needs yet" if mapped[c.id]
                      else "⚠ Gap: no evidence yet")
            lines.append(f"| {outcome.id} · {line(c.label)} | {status} | "
                         f"{line(', '.join(mapped[c.id])) or '–'} |")
    unmet = unmet_rules(unit, rules, items)
    lines += ["", f"## Evidence rules not yet met ({len(unmet)})", ""]
    lines += ([f"- ⚠ {line(u.message)} **Next:** {line(u.next)}" for u in unmet]
              or ["✔ Every evidence rule is met."])
    lines += ["", "## Evidence items", ""]
    for i in items:
        lines += [f"### {line(i.id)}: {line(i.title)}", "",
                  f"- Type: {line(rules.type_name(i.type))}", f"- Date: {line(i.date)}",
                  f"- Criteria: {line(', '.join(i.criteria))}",
                  f"- Also counts towards: {line(also_text(i, unit.slug, names)) or '–'}",
                  *(f"- {line(detail)}" for detail in detail_lines(i)),
                  f"- Models and theories: {line(', '.join(i.models)) or '–'}",
                  f"- Where the original is kept: {line(i.location) or '–'}", "",
                  md_text(i.description or ""), ""]
    return "\n".join(lines).rstrip() + "\n"


def to_csv(items: list[EvidenceItem], unit_slug: str) -> str:
    """One row per item, lists joined with LIST_SEPARATOR, then EXTRA_FIELDS."""
    rows = []
    for item in items:
        data = item.to_dict()
        witness, observation = data.get("witness", {}), data.get("observation", {})
        also = " | ".join(f"{u}: {LIST_SEPARATOR.join(c)}" for u, c in item.elsewhere(unit_slug).items())
        rows.append([LIST_SEPARATOR.join(data[f]) if isinstance(data[f], list) else data[f]
                     for f in FIELDS] + [also] +
                    [witness.get(k, "") for k in ("name", "role", "relationship", "competence",
                                                  "reason")] +
                    [observation.get(k, "") for k in ("place", "consent")] +
                    [witness.get(k, "") for k in ("grounds", "agreed_by", "agreed_on")] +
                    [observation.get("setting", "")])
    return csv_text(FIELDS + EXTRA_FIELDS, rows)


def read_export(path: Path, unit: Unit) -> list[EvidenceItem]:
    """Items from an exported .csv or .json file; ContentError (file:line) when it is wrong."""
    problems = Problems()
    try:
        # A CSV cell may hold a carriage return: keep line ends as written.
        text = read_csv_file(path) if path.suffix == ".csv" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(path, 0, f"cannot be read ({exc.__class__.__name__})")
        problems.raise_if_any()
    if path.suffix == ".json":
        items = _from_json(text, path, unit, problems)
    elif path.suffix == ".csv":
        items = _from_csv(text, path, unit, problems)
    else:
        problems.add(path, 0, "import reads .csv or .json files exported by `workbook portfolio export`")
        items = []
    known = {c.id for c in unit.criteria}
    for line, item in items:
        if unknown := sorted(set(item.criteria) - known):
            problems.add(path, line, f"item {item.id}: criteria {', '.join(unknown)} are not in {unit.slug}")
    problems.raise_if_any()
    return [item for _, item in items]


def import_items(store: Store, unit_slug: str, items: list[EvidenceItem]) -> list[str]:
    """Add imported items to the store without losing any saved item; messages of what happened."""
    return merge_items(store, unit_slug, items)


def _from_json(text: str, path: Path, unit: Unit, problems: Problems) -> list[tuple[int, EvidenceItem]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(path, exc.lineno, f"not valid JSON ({exc.msg})")
        return []
    except RecursionError:  # the parser gives up on a file nested hundreds of levels deep
        data = None
    if data is None or deeper_than(data, MAX_DEPTH):
        problems.add(path, 1, f"nested more than {MAX_DEPTH} levels deep: not a portfolio export")
        return []
    if not isinstance(data, dict) or data.get("schema") != JSON_SCHEMA or not isinstance(data.get("items"), list):
        problems.add(path, 1, f"not a portfolio export (needs schema {JSON_SCHEMA} and a list of items)")
        return []
    if data.get("unit") != unit.slug:
        problems.add(path, 1, f"exported for unit {data.get('unit')!r}, not {unit.slug}")
        return []
    items = []
    for n, entry in enumerate(data["items"], 1):
        if not isinstance(entry, dict) or "id" not in entry:
            problems.add(path, 0, f"item {n} has no id")
            continue
        items.append((0, EvidenceItem.from_dict(entry, unit.slug)))
    return items


def _from_csv(text: str, path: Path, unit: Unit, problems: Problems) -> list[tuple[int, EvidenceItem]]:
    reader = CsvRows(text)
    if reader.header not in (FIELDS, FIELDS + OLD_EXTRA_FIELDS, FIELDS + EXTRA_FIELDS):
        problems.add(path, 1, f"the header must be: {','.join(FIELDS + EXTRA_FIELDS)}")
        return []
    items = []
    for row in reader:
        if not row.get("id"):
            problems.add(path, reader.line, "a row has no id")
            continue
        data: dict[str, Any] = dict(row)
        for key in ("criteria", "models"):
            data[key] = [part.strip() for part in data[key].split(LIST_SEPARATOR.strip()) if part.strip()]
        data["mapping"] = {u.strip(): [c.strip() for c in ids.split(LIST_SEPARATOR.strip()) if c.strip()]
                           for u, _, ids in (part.partition(":") for part in data.pop("also", "").split("|"))
                           if u.strip()}
        for kind in ("witness", "observation"):
            found = {k[len(kind) + 1:]: v for k, v in data.items() if k.startswith(f"{kind}_") and v}
            if found:
                data[kind] = found
        items.append((reader.line, EvidenceItem.from_dict(data, unit.slug)))
    return items

