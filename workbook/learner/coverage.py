"""Coverage of assessment criteria by evidence, and which sufficiency rules are not yet met.

Pure functions over the model, the unit's rules and the learner's items: no store, no widgets.
"""
from __future__ import annotations

from dataclasses import dataclass

from workbook.course.evidence_rules import EvidenceRules, Rule
from workbook.course.model import Criterion, Outcome, Unit
from workbook.learner.evidence import (
    OBSERVATION_TYPE,
    WITNESS_TYPE,
    EvidenceItem,
    Observation,
    Witness,
)


@dataclass(frozen=True)
class Unmet:
    """A rule not yet met, for one outcome or one item, in plain words with the next step."""

    rule: str
    message: str
    next: str
    outcome: str = ""
    item: str = ""


def coverage(unit: Unit, items: list[EvidenceItem]) -> dict[str, tuple[str, ...]]:
    """Criterion id -> ids of the items mapped to it (every criterion of the unit is a key)."""
    return {c.id: tuple(i.id for i in items if c.id in i.criteria) for c in unit.criteria}


def gaps(unit: Unit, items: list[EvidenceItem], outcome_id: str | None = None) -> list[str]:
    """Criteria with no evidence, of one outcome or of the whole unit."""
    covered = coverage(unit, items)
    ids = _criterion_ids(unit, outcome_id)
    return [c for c in ids if not covered[c]]


def outcome_coverage(unit: Unit, items: list[EvidenceItem], outcome_id: str) -> float:
    """Fraction (0..1) of an outcome's criteria with at least one item (1.0 if it has none)."""
    ids = _criterion_ids(unit, outcome_id)
    if not ids:
        return 1.0
    return 1 - len(gaps(unit, items, outcome_id)) / len(ids)


def items_for_outcome(outcome: Outcome, items: list[EvidenceItem]) -> list[EvidenceItem]:
    """Items mapped to at least one criterion of the outcome."""
    ids = {c.id for c in outcome.criteria}
    return [i for i in items if ids & set(i.criteria)]


def unmet_rules(unit: Unit, rules: EvidenceRules, items: list[EvidenceItem],
                outcome_id: str | None = None) -> list[Unmet]:
    """Every rule not met, optionally only those about one outcome (item rules are kept)."""
    found: list[Unmet] = []
    for rule in rules.rules:
        found.extend(_CHECKS[rule.kind](unit, rules, rule, items))
    if outcome_id:
        found = [u for u in found if u.outcome in ("", outcome_id)]
    return found


def _criterion_covered(unit: Unit, rules: EvidenceRules, rule: Rule,
                       items: list[EvidenceItem]) -> list[Unmet]:
    covered = coverage(unit, items)
    found = []
    for outcome in _outcomes(unit, rule):
        for criterion in outcome.criteria:
            have = len(covered[criterion.id])
            if have < rule.min_items:
                found.append(Unmet(
                    rule.id, f"{outcome.id}, {_named(criterion)}: {rule.says} "
                             f"It has {have} of {rule.min_items}.",
                    rule.next, outcome=outcome.id))
    return found


def _outcome_needs_type(unit: Unit, rules: EvidenceRules, rule: Rule,
                        items: list[EvidenceItem]) -> list[Unmet]:
    names = " or ".join(rules.type_name(t).lower() for t in rule.types)
    found = []
    for outcome in _outcomes(unit, rule):
        mapped = items_for_outcome(outcome, items)
        if any(i.type in rule.types or (i.type in rule.with_reason and _reason(i)) for i in mapped):
            continue
        unexplained = [i.id for i in mapped if i.type in rule.with_reason]
        why = (f" {', '.join(unexplained)} does not say why your assessor could not observe."
               if unexplained else "")
        found.append(Unmet(rule.id, f"{outcome.id}: {rule.says} No {names} is mapped to it yet."
                           f"{why}", rule.next, outcome=outcome.id))
    return found


def _item_details(unit: Unit, rules: EvidenceRules, rule: Rule,
                  items: list[EvidenceItem]) -> list[Unmet]:
    known = {t.id for t in rules.types}
    found = []
    for item in items:
        missing = []
        if item.type not in known:
            missing.append(f"a type this unit accepts (“{item.type}” is not one)")
        if item.type == WITNESS_TYPE:
            missing += (item.witness or Witness()).missing()
        if item.type == OBSERVATION_TYPE:
            missing += (item.observation or Observation()).missing()
        if stale := sorted(set(item.criteria) - {c.id for c in unit.criteria}):
            missing.append(f"its criteria ticked again ({', '.join(stale)} are no longer criteria "
                           "of this unit)")
        if missing:
            # the rule's general wording would repeat for every item: say only what this one lacks
            found.append(Unmet(rule.id, f"“{item.title}” ({item.id}) needs {'; '.join(missing)}.",
                               rule.next, item=item.id))
    return found


def _named(criterion: Criterion) -> str:
    return f"criterion {criterion.id}" if criterion.official else criterion.label


def _reason(item: EvidenceItem) -> bool:
    return bool(item.witness and item.witness.reason.strip())


def _links_models(unit: Unit, rules: EvidenceRules, rule: Rule,
                  items: list[EvidenceItem]) -> list[Unmet]:
    found = []
    for item in items:
        if item.type in rule.types and len(item.models) < rule.min_models:
            found.append(Unmet(rule.id, f"“{item.title}” ({item.id}): {rule.says}",
                               rule.next, item=item.id))
    return found


_CHECKS = {
    "criterion_covered": _criterion_covered,
    "outcome_needs_type": _outcome_needs_type,
    "links_models": _links_models,
    "item_details": _item_details,
}


def _outcomes(unit: Unit, rule: Rule) -> list[Outcome]:
    return [o for o in unit.outcomes if o.id in rule.outcomes]


def _criterion_ids(unit: Unit, outcome_id: str | None) -> list[str]:
    if outcome_id is None:
        return [c.id for c in unit.criteria]
    return [c.id for c in unit.outcome(outcome_id).criteria]
