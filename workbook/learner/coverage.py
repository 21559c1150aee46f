"""Coverage of assessment criteria by evidence, and which sufficiency rules are not yet met.

Pure functions over the model, the unit's rules and the learner's items: no store, no widgets.
An item *mapped* to a criterion is one the learner ticked it on (`coverage`, the matrix); it
*counts* for the criterion only when the unit's rules accept it there (`counted`): a criterion
of a "be able to" outcome under a criterion_observed rule counts only the assessor's
observation, in the setting the unit requires, or expert witness testimony on an agreed ground.
A reflective account, product or discussion supports such a criterion but never covers it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workbook.course.evidence_rules import WITNESS_GROUNDS, EvidenceRules, Rule
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


def counted(unit: Unit, rules: EvidenceRules, items: list[EvidenceItem]) -> dict[str, tuple[str, ...]]:
    """Criterion id -> ids of the items that count for it under the unit's rules."""
    known = {t.id for t in rules.types}
    found: dict[str, tuple[str, ...]] = {c.id: () for c in unit.criteria}
    for outcome in unit.outcomes:
        observed = [r for r in rules.rules
                    if r.kind == "criterion_observed" and outcome.id in r.outcomes]
        for criterion in outcome.criteria:
            mapped = [i for i in items if criterion.id in i.criteria and i.type in known]
            found[criterion.id] = tuple(
                i.id for i in mapped
                if all(_observed(unit, r, outcome.id, i)[0] for r in observed))
    for criterion in unit.unlinked_criteria:
        found[criterion.id] = tuple(i.id for i in items
                                    if criterion.id in i.criteria and i.type in known)
    return found


def gaps(unit: Unit, rules: EvidenceRules, items: list[EvidenceItem],
         outcome_id: str | None = None) -> list[str]:
    """Criteria with no evidence that counts, of one outcome or of the whole unit."""
    covered = counted(unit, rules, items)
    return [c for c in _criterion_ids(unit, outcome_id) if not covered[c]]


def outcome_coverage(unit: Unit, rules: EvidenceRules, items: list[EvidenceItem],
                     outcome_id: str) -> float:
    """Fraction (0..1) of an outcome's criteria with evidence that counts (1.0 if it has none)."""
    ids = _criterion_ids(unit, outcome_id)
    if not ids:
        return 1.0
    return 1 - len(gaps(unit, rules, items, outcome_id)) / len(ids)


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
        if any(i.type in rule.types or (i.type in rule.with_reason and not _testimony_missing(rule, i))
               for i in mapped):
            continue
        why = "".join(f" {i.id} is witness testimony without {_listed(_testimony_missing(rule, i))}."
                      for i in mapped if i.type in rule.with_reason)
        found.append(Unmet(rule.id, f"{outcome.id}: {rule.says} No {names} is mapped to it yet."
                           f"{why}", rule.next, outcome=outcome.id))
    return found


def _criterion_observed(unit: Unit, rules: EvidenceRules, rule: Rule,
                        items: list[EvidenceItem]) -> list[Unmet]:
    found = []
    for outcome in _outcomes(unit, rule):
        for criterion in outcome.criteria:
            mapped = [i for i in items if criterion.id in i.criteria]
            verdicts = [(i, *_observed(unit, rule, outcome.id, i)) for i in mapped]
            if any(ok for _, ok, _ in verdicts):
                continue
            why = "".join(f" {reason}." for _, _, reason in verdicts if reason)
            others = sorted({rules.type_name(i.type).lower() for i, _, reason in verdicts
                             if not reason})
            if others:
                why += (f" Your {_listed(others)} supports it but cannot take the place of "
                        "observation.")
            found.append(Unmet(rule.id, f"{outcome.id}, {_named(criterion)}: {rule.says} "
                                        f"Nothing mapped to it counts as observation yet.{why}",
                               rule.next, outcome=outcome.id))
    return found


def _observed(unit: Unit, rule: Rule, outcome_id: str, item: EvidenceItem) -> tuple[bool, str]:
    """Whether the item counts as observation of the outcome under the rule, and if it is an
    observation or testimony that does not, why not ("" for any other type)."""
    if item.type in rule.types:
        setting = (item.observation or Observation()).setting
        spec = unit.spec
        if setting == "simulation":
            if spec and outcome_id in spec.simulation_allowed:
                return True, ""
            return False, f"{item.id} took place in a simulation, which {outcome_id} does not allow"
        real_work = (rule.real_work == "all" or bool(spec and outcome_id in spec.real_work_outcomes))
        if real_work and setting != "real-work":
            return False, (f"{item.id} does not record that it took place in your real work "
                           f"environment, where {outcome_id} must be assessed")
        return True, ""
    if item.type in rule.with_reason:
        if missing := _testimony_missing(rule, item):
            return False, f"{item.id} is witness testimony without {_listed(missing)}"
        return True, ""
    return False, ""


def _testimony_missing(rule: Rule, item: EvidenceItem) -> list[str]:
    """What a testimony lacks before it may stand in for observation."""
    witness = item.witness or Witness()
    allowed = dict(WITNESS_GROUNDS)
    missing = []
    if witness.grounds not in rule.grounds:
        missing.append("a ground the assessment principles allow ("
                       + " or ".join(allowed[g].lower() for g in rule.grounds) + ")")
    if not witness.reason.strip():
        missing.append("why it is used instead of observation")
    if not witness.agreed_by.strip():
        missing.append("the assessor who agreed to it")
    try:
        dt.date.fromisoformat(witness.agreed_on)
    except ValueError:
        missing.append("the date they agreed it")
    return missing


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


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
    "criterion_observed": _criterion_observed,
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
