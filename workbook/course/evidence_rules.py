"""Evidence types and sufficiency rules per unit: `course/evidence/<unit>.yaml` -> checked config.

Every reference (outcomes, evidence types) is checked against the unit, and each problem is
reported as `file:line: message` so that `workbook check` can point the author at it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbook.course import loader
from workbook.course.model import Course, Unit
from workbook.course.yamlfile import Problems, check_fields, read_yaml

SCHEMA_VERSION = 1
#: the kinds of rule the coverage checker knows; each reads a subset of the rule's fields.
RULE_KINDS = ("criterion_covered", "criterion_observed", "outcome_needs_type", "links_models",
              "item_details")
#: outcome selectors besides a list of outcome ids.
OUTCOME_GROUPS = ("all", "competence", "knowledge")
#: why expert witness testimony may stand in for the assessor's observation, as the Skills for
#: Care and Development assessment principles allow it (the assessor agrees its use first).
WITNESS_GROUNDS = (
    ("specialist", "The witness has occupational expertise for a specialist area of the work"),
    ("sensitive", "The assessor observing would be particularly sensitive for the people supported"),
)
#: where an observation took place.
SETTINGS = (
    ("real-work", "In the learner's real work environment"),
    ("simulation", "In a simulation, not real work"),
)
#: which outcomes of a criterion_observed rule must be observed in real work: those the unit's
#: specification lists in real_work_outcomes ("spec"), or every outcome the rule selects ("all").
REAL_WORK = ("spec", "all")

__all__ = ["SETTINGS", "WITNESS_GROUNDS", "EvidenceRules", "EvidenceType", "Rule", "evidence_path",
           "load_all_rules", "load_rules"]


@dataclass(frozen=True)
class EvidenceType:
    """A kind of evidence an assessor accepts, with a plain description for learners."""

    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Rule:
    """A sufficiency rule: what it demands (`says`), what to do about it (`next`)."""

    id: str
    kind: str
    says: str
    next: str
    outcomes: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    min_items: int = 1
    min_models: int = 1
    #: types that also count (outcome_needs_type, criterion_observed), but only when the item
    #: records one of `grounds`, why, and who agreed it when (expert witness testimony).
    with_reason: tuple[str, ...] = ()
    grounds: tuple[str, ...] = ()
    #: criterion_observed: which of its outcomes must be observed in real work (REAL_WORK).
    real_work: str = "spec"


@dataclass(frozen=True)
class EvidenceRules:
    """A unit's evidence types, the models accounts may link to, and its rules."""

    unit: str
    types: tuple[EvidenceType, ...]
    models: tuple[str, ...]
    rules: tuple[Rule, ...]

    def type_name(self, type_id: str) -> str:
        """The readable name of an evidence type (the id itself if unknown)."""
        return next((t.name for t in self.types if t.id == type_id), type_id)


def evidence_path(unit_slug: str, course_data: Path | None = None) -> Path:
    """Where a unit's evidence rules live."""
    folder = Path(course_data) if course_data else loader.course_data()
    return folder / "evidence" / f"{unit_slug}.yaml"


def load_rules(unit: Unit, course_data: Path | None = None) -> EvidenceRules:
    """Load and check one unit's evidence rules; raise ContentError listing every problem."""
    problems = Problems()
    rules = _load(unit, evidence_path(unit.slug, course_data), problems)
    problems.raise_if_any()
    assert rules is not None
    return rules


def load_all_rules(course: Course, course_data: Path | None = None) -> dict[str, EvidenceRules]:
    """Every unit's evidence rules, checking all files before raising."""
    problems = Problems()
    loaded = {}
    for unit in course.units:
        rules = _load(unit, evidence_path(unit.slug, course_data), problems)
        if rules:
            loaded[unit.slug] = rules
    problems.raise_if_any()
    return loaded


def _load(unit: Unit, path: Path, problems: Problems) -> EvidenceRules | None:
    data = read_yaml(path, problems)
    if data is None:
        return None
    if not check_fields(data, path, problems, "evidence rules",
                        {"schema": int, "unit": str, "evidence_types": list, "rules": list},
                        {"models": list}):
        return None
    if data["schema"] != SCHEMA_VERSION:
        problems.add(path, data.lines["schema"],
                     f"schema {data['schema']!r} is not supported (expected {SCHEMA_VERSION})")
    if data["unit"] != unit.slug:
        problems.add(path, data.lines["unit"], f"unit '{data['unit']}' does not match file name '{unit.slug}'")
    types: list[EvidenceType] = []
    for i, item in enumerate(data["evidence_types"]):
        if not check_fields(item, path, problems, "evidence type",
                            {"id": str, "name": str, "description": str},
                            line=data["evidence_types"].lines[i]):
            continue
        if any(t.id == item["id"] for t in types):
            problems.add(path, item.lines["id"], f"duplicate evidence type '{item['id']}'")
        types.append(EvidenceType(item["id"], item["name"], item["description"]))
    models = data.get("models", [])
    for i, name in enumerate(models):
        if not isinstance(name, str) or not name.strip():
            problems.add(path, models.lines[i], "models: each item must be non-empty text")
    type_ids = {t.id for t in types}
    rules: list[Rule] = []
    for i, item in enumerate(data["rules"]):
        rule = _rule(item, unit, type_ids, path, problems, data["rules"].lines[i])
        if rule and any(r.id == rule.id for r in rules):
            problems.add(path, item.lines["id"], f"duplicate rule id '{rule.id}'")
        elif rule:
            rules.append(rule)
    return EvidenceRules(unit.slug, tuple(types), tuple(m for m in models if isinstance(m, str)),
                         tuple(rules))


def _rule(item, unit: Unit, type_ids: set[str], path: Path, problems: Problems,
          line: int) -> Rule | None:
    if not check_fields(item, path, problems, "rule",
                        {"id": str, "kind": str, "says": str, "next": str},
                        {"outcomes": (str, list), "types": list, "min_items": int,
                         "min_models": int, "with_reason": list, "grounds": list,
                         "real_work": str}, line=line):
        return None
    at = item.lines
    ok = True
    if item["kind"] not in RULE_KINDS:
        problems.add(path, at["kind"],
                     f"rule '{item['id']}': unknown kind '{item['kind']}' (one of {', '.join(RULE_KINDS)})")
        ok = False
    outcomes = item.get("outcomes", "all")
    if isinstance(outcomes, str):
        if outcomes not in OUTCOME_GROUPS:
            problems.add(path, at["outcomes"], f"rule '{item['id']}': outcomes must be a list of "
                         f"outcome ids or one of {', '.join(OUTCOME_GROUPS)}")
            ok = False
        selected = tuple(o.id for o in unit.outcomes
                         if outcomes == "all" or o.kind == outcomes)
    else:
        known = {o.id for o in unit.outcomes}
        for i, outcome_id in enumerate(outcomes):
            if not isinstance(outcome_id, str) or outcome_id not in known:
                problems.add(path, outcomes.lines[i],
                             f"rule '{item['id']}': '{outcome_id}' is not an outcome of {unit.slug}")
                ok = False
        selected = tuple(outcomes)
    types = item.get("types", [])
    with_reason = item.get("with_reason", [])
    for listed in (types, with_reason):
        for i, type_id in enumerate(listed):
            if not isinstance(type_id, str) or type_id not in type_ids:
                problems.add(path, listed.lines[i],
                             f"rule '{item['id']}': '{type_id}' is not an evidence type of this file")
                ok = False
    ok = _witness_fields(item, with_reason, path, problems) and ok
    if "real_work" in item and (item["kind"] != "criterion_observed"
                                or item["real_work"] not in REAL_WORK):
        problems.add(path, at["real_work"], f"rule '{item['id']}': real_work belongs to kind "
                     f"criterion_observed and is one of {', '.join(REAL_WORK)}")
        ok = False
    if item["kind"] in ("outcome_needs_type", "links_models", "criterion_observed") and not types:
        problems.add(path, item.line, f"rule '{item['id']}': kind {item['kind']} needs 'types'")
        ok = False
    for key in ("min_items", "min_models"):
        if key in item and item[key] < 1:
            problems.add(path, at[key], f"rule '{item['id']}': {key} must be at least 1")
            ok = False
    if not ok:
        return None
    return Rule(id=item["id"], kind=item["kind"], says=item["says"], next=item["next"],
                outcomes=selected, types=tuple(types), min_items=item.get("min_items", 1),
                min_models=item.get("min_models", 1), with_reason=tuple(with_reason),
                grounds=tuple(item.get("grounds", [])), real_work=item.get("real_work", "spec"))


def _witness_fields(item, with_reason: list, path: Path, problems: Problems) -> bool:
    """with_reason and grounds go together, on the kinds that accept testimony."""
    at, grounds, ok = item.lines, item.get("grounds", []), True
    if with_reason and item["kind"] not in ("outcome_needs_type", "criterion_observed"):
        problems.add(path, at["with_reason"], f"rule '{item['id']}': with_reason belongs to kind "
                     "outcome_needs_type or criterion_observed")
        ok = False
    if bool(with_reason) != bool(grounds):
        problems.add(path, at.get("grounds", at.get("with_reason", item.line)),
                     f"rule '{item['id']}': with_reason and grounds go together (the testimony "
                     "types and the grounds on which they may replace observation)")
        ok = False
    known = dict(WITNESS_GROUNDS)
    for i, ground in enumerate(grounds):
        if not isinstance(ground, str) or ground not in known:
            problems.add(path, grounds.lines[i], f"rule '{item['id']}': unknown ground "
                         f"'{ground}' (one of {', '.join(known)})")
            ok = False
    return ok
