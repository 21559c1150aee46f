"""Coverage and sufficiency rules as pure functions over items (no store, no widgets)."""
from __future__ import annotations

from workbook import load_course
from workbook.course.evidence_rules import load_rules
from workbook.learner.coverage import coverage, gaps, outcome_coverage, unmet_rules
from workbook.learner.evidence import EvidenceItem, Observation, Witness

UNIT = "active-support-lead-interactive-training"
LPCP = "lead-person-centred-practice"
SEEN = Observation("Day centre kitchen", "not-identifiable")
WITNESS = Witness("Sam Okafor", "Registered manager", "My line manager",
                  "Registered manager for ten years, Level 5 diploma")


def _unit_and_rules():
    unit = load_course().unit(UNIT)
    return unit, load_rules(unit)


def item(id, type, criteria, models=(), **details):
    if type == "direct-observation":
        details.setdefault("observation", SEEN)
    if type == "expert-witness":
        details.setdefault("witness", WITNESS)
    return EvidenceItem(id=id, type=type, title=f"Item {id}", date="2026-01-10",
                        criteria=tuple(criteria), models=tuple(models), **details)


def test_empty_portfolio_has_every_gap_and_rule_unmet():
    unit, rules = _unit_and_rules()
    assert gaps(unit, []) == ["1.1", "2.1", "3.1", "4.1"]
    unmet = unmet_rules(unit, rules, [])
    assert [(u.rule, u.outcome) for u in unmet] == [
        ("every-criterion-evidenced", "LO1"), ("every-criterion-evidenced", "LO2"),
        ("every-criterion-evidenced", "LO3"), ("every-criterion-evidenced", "LO4"),
        ("competence-observed", "LO2"), ("competence-observed", "LO3"),
        ("competence-observed", "LO4"), ("knowledge-own-account", "LO1"),
        ("lo2-training-plan", "LO2"),
    ]
    assert all(u.next for u in unmet)


def test_coverage_matrix_and_fraction():
    unit, _ = _unit_and_rules()
    items = [item("e1", "product", ["1.1", "2.1"]), item("e2", "direct-observation", ["2.1"])]
    assert coverage(unit, items) == {"1.1": ("e1",), "2.1": ("e1", "e2"), "3.1": (), "4.1": ()}
    assert gaps(unit, items, "LO2") == []
    assert outcome_coverage(unit, items, "LO2") == 1.0
    assert outcome_coverage(unit, items, "LO3") == 0.0


def _unmet(unit, rules, items, outcome=None):
    return {(u.rule, u.outcome or u.item) for u in unmet_rules(unit, rules, items, outcome)}


def test_competence_outcome_needs_the_assessors_observation():
    unit, rules = _unit_and_rules()
    product_only = [item("e1", "product", ["3.1"])]
    assert ("competence-observed", "LO3") in _unmet(unit, rules, product_only)
    observed = product_only + [item("e2", "direct-observation", ["3.1"])]
    assert ("competence-observed", "LO3") not in _unmet(unit, rules, observed)


def test_expert_witness_counts_only_with_the_reason_observation_was_not_used():
    unit, rules = _unit_and_rules()
    witnessed = [item("e2", "expert-witness", ["3.1"])]
    unmet = [u for u in unmet_rules(unit, rules, witnessed, "LO3") if u.rule == "competence-observed"]
    assert len(unmet) == 1 and "e2 does not say why your assessor could not observe" in unmet[0].message
    reason = WITNESS.__class__(**{**vars(WITNESS), "reason": "Observing personal care would intrude"})
    explained = [item("e2", "expert-witness", ["3.1"], witness=reason)]
    assert ("competence-observed", "LO3") not in _unmet(unit, rules, explained)


def test_knowledge_outcome_needs_the_learners_own_account():
    unit, rules = _unit_and_rules()
    assert ("knowledge-own-account", "LO1") in _unmet(unit, rules, [item("e1", "product", ["1.1"])])
    assert ("knowledge-own-account", "LO1") in _unmet(
        unit, rules, [item("e1", "direct-observation", ["1.1"])])
    for own in ("professional-discussion", "written-answer"):
        assert unmet_rules(unit, rules, [item("e1", own, ["1.1"])], "LO1") == []


def test_family_feedback_is_not_the_individuals_own_voice():
    unit = load_course().unit(LPCP)
    rules = load_rules(unit)
    family = [item("e1", "family-feedback", ["3.1"])]
    assert ("lo3-voice-of-individuals", "LO3") in _unmet(unit, rules, family)
    own = family + [item("e2", "individual-feedback", ["3.1"])]
    assert ("lo3-voice-of-individuals", "LO3") not in _unmet(unit, rules, own)


def test_items_missing_witness_or_observation_details_are_named():
    unit, rules = _unit_and_rules()
    items = [item("e1", "direct-observation", ["2.1"], observation=Observation("Kitchen")),
             item("e2", "expert-witness", ["3.1"], witness=Witness(name="Sam Okafor")),
             item("e3", "feedback", ["2.1"])]
    unmet = {u.item: u.message for u in unmet_rules(unit, rules, items) if u.rule == "item-details"}
    assert set(unmet) == {"e1", "e2", "e3"}
    assert "whether the people supported consented or cannot be identified" in unmet["e1"]
    assert "their job role" in unmet["e2"] and "occupational competence" in unmet["e2"]
    assert "“feedback” is not one" in unmet["e3"]


def test_lo2_needs_a_training_plan():
    unit, rules = _unit_and_rules()
    observed = [item("e1", "direct-observation", ["2.1"])]
    assert [u.rule for u in unmet_rules(unit, rules, observed, "LO2")] == ["lo2-training-plan"]
    planned = observed + [item("e2", "training-plan", ["2.1"])]
    assert unmet_rules(unit, rules, planned, "LO2") == []


def test_reflective_account_must_link_a_model():
    unit, rules = _unit_and_rules()
    bare = [item("e1", "reflective-account", ["1.1"])]
    unmet = unmet_rules(unit, rules, bare, "LO1")
    assert [(u.rule, u.item) for u in unmet] == [("reflection-links-theory", "e1")]
    assert "“Item e1” (e1)" in unmet[0].message
    linked = [item("e1", "reflective-account", ["1.1"], ["Active support"])]
    assert unmet_rules(unit, rules, linked, "LO1") == []


def test_every_rule_met_with_a_full_portfolio():
    unit, rules = _unit_and_rules()
    items = [item("e1", "reflective-account", ["1.1"], ["Kolb's experiential learning cycle"]),
             item("e2", "training-plan", ["2.1"]),
             item("e3", "direct-observation", ["2.1", "3.1", "4.1"])]
    assert unmet_rules(unit, rules, items) == []
