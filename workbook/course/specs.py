"""Awarding-body unit specifications (`specs/<unit-slug>.yaml`) -> UnitSpec and official criteria.

A specification is what the regulator's register shows for a unit: reference number, level,
guided learning hours, credit value, grading, assessment requirements, definitions, and per
outcome the criteria with their ids and exact texts. `workbook import-spec` writes these files
from register pages (see spec_import.py); they may also be written by hand from the register.
Outcomes are matched to the unit's outcomes by id and title, so a specification can never
attach criteria to the wrong outcome silently.
"""
from __future__ import annotations

import re
from pathlib import Path

from workbook.course.model import Criterion, Definition, Requirement, UnitSpec
from workbook.course.yamlfile import LineDict, LineList, Problems, check_fields, read_yaml

SPEC_SCHEMA = 1
_FieldType = type | tuple[type, ...]
_REQUIRED: dict[str, _FieldType] = {"schema": int, "unit": str, "reference": str, "title": str,
                                   "source": str, "outcomes": list}
_OPTIONAL: dict[str, _FieldType] = {"level": (str, int), "guided_learning_hours": int,
                                   "credit_value": int, "grading": str, "requirements": list,
                                   "real_work_outcomes": list, "simulation_allowed": list,
                                   "definitions": list}
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def plain_quotes(text: str) -> str:
    """Text with typographic quotes and dashes made plain (as course files store them)."""
    return text.translate(_QUOTES)


def normal_title(title: str) -> str:
    """A title reduced for matching: case, hyphens, quotes, spacing and end stops ignored."""
    text = plain_quotes(title).lower().replace("-", " ")
    return re.sub(r"\s+", " ", text).strip(" .:;")


def load_spec(path: Path, slug: str, outcome_titles: dict[str, str],
              problems: Problems) -> tuple[UnitSpec, dict[str, tuple[Criterion, ...]]] | None:
    """Read one specification; returns it and the official criteria per outcome id.

    `outcome_titles` maps the unit's outcome ids to titles; every outcome of the specification
    must name one of them with a matching title. Problems are recorded, never raised.
    """
    data = read_yaml(path, problems)
    if data is None:
        return None
    if not check_fields(data, path, problems, "specification", _REQUIRED, _OPTIONAL):
        return None
    if data["schema"] != SPEC_SCHEMA:
        problems.add(path, data.lines["schema"],
                     f"schema {data['schema']!r} is not supported (expected {SPEC_SCHEMA})")
    if data["unit"] != slug:
        problems.add(path, data.lines["unit"], f"unit '{data['unit']}' does not match file name '{slug}'")
    criteria: dict[str, tuple[Criterion, ...]] = {}
    seen: set[str] = set()
    for i, item in enumerate(data["outcomes"]):
        line = data["outcomes"].lines[i]
        if not check_fields(item, path, problems, f"outcome {i + 1}",
                            {"id": str, "title": str, "criteria": list}, line=line):
            continue
        outcome_id = item["id"]
        if outcome_id not in outcome_titles:
            problems.add(path, item.lines["id"], f"outcome '{outcome_id}' is not an outcome of {slug}")
            continue
        if normal_title(item["title"]) != normal_title(outcome_titles[outcome_id]):
            problems.add(path, item.lines["title"],
                         f"{outcome_id} is titled '{item['title']}' here but "
                         f"'{outcome_titles[outcome_id]}' in the unit")
        if outcome_id in criteria:
            problems.add(path, item.lines["id"], f"outcome '{outcome_id}' is listed twice")
        criteria[outcome_id] = _criteria(item["criteria"], path, problems, seen)
    for key in ("real_work_outcomes", "simulation_allowed"):
        for i, name in enumerate(data.get(key, [])):
            if name not in outcome_titles:
                problems.add(path, data[key].lines[i], f"{key}: '{name}' is not an outcome of {slug}")
    spec = UnitSpec(
        reference=data["reference"], title=data["title"], source=data["source"],
        level=str(data.get("level", "")), guided_learning_hours=data.get("guided_learning_hours"),
        credit_value=data.get("credit_value"), grading=data.get("grading", ""),
        requirements=tuple(Requirement(r["text"], r["source"]) for r in _items(
            data, "requirements", {"text": str, "source": str}, path, problems)),
        real_work_outcomes=tuple(str(o) for o in data.get("real_work_outcomes", [])),
        simulation_allowed=tuple(str(o) for o in data.get("simulation_allowed", [])),
        definitions=tuple(Definition(d["term"], d["text"]) for d in _items(
            data, "definitions", {"term": str, "text": str}, path, problems)),
    )
    return spec, criteria


def _criteria(items: LineList, path: Path, problems: Problems, seen: set[str]) -> tuple[Criterion, ...]:
    criteria = []
    for i, item in enumerate(items):
        if not check_fields(item, path, problems, "criterion", {"id": (str, int, float), "text": str},
                            {"note": str}, line=items.lines[i]):
            continue
        criterion_id = str(item["id"])
        if not re.fullmatch(r"\d+\.\d+", criterion_id):
            problems.add(path, item.lines["id"], f"criterion id '{criterion_id}' is not of the form 1.1")
        if criterion_id in seen:
            problems.add(path, item.lines["id"], f"duplicate criterion id '{criterion_id}'")
        seen.add(criterion_id)
        criteria.append(Criterion(criterion_id, item["text"].strip(), official=True,
                                  note=item.get("note", "")))
    if not criteria:
        problems.add(path, items.line, "an outcome of a specification needs at least one criterion")
    return tuple(criteria)


def _items(data: LineDict, key: str, fields: dict, path: Path, problems: Problems) -> list:
    items = data.get(key, [])
    return [item for i, item in enumerate(items)
            if check_fields(item, path, problems, key, fields, line=items.lines[i])]
