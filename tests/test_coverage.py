"""Coverage and sufficiency rules as pure functions over items (no store, no widgets)."""
from __future__ import annotations

from workbook import load_course
from workbook.course.evidence_rules import load_rules
from workbook.learner.coverage import coverage, gaps, outcome_coverage, unmet_rules
from workbook.learner.evidence import EvidenceItem

UNIT = "active-support-lead-interactive-training"


def _unit_and_rules():
    unit = load_course().unit(UNIT)
    return unit, load_rules(unit)


def item(id, type, criteria, models=()):
    return EvidenceItem(id=id, type=type, title=f"Item {id}", date="2026-01-10",
                        criteria=tuple(criteria), models=tuple(models))


def test_empty_portfolio_has_every_gap_and_rule_unmet():
    unit, rules = _unit_and_rules()
    assert gaps(unit, []) == ["1.1", "2.1", "3.1", "4.1"]
    unmet = unmet_rules(unit, rules, [])
    assert [(u.rule, u.outcome) for u in unmet] == [
        ("every-criterion-evidenced", "LO1"), ("every-criterion-evidenced", "LO2"),
        ("every-criterion-evidenced", "LO3"), ("every-criterion-evidenced", "LO4"),
        ("competence-from-real-work", "LO2"), ("competence-from-real-work", "LO3"),
        ("competence-from-real-work", "LO4"), ("lo2-training-plan", "LO2"),
    ]
    assert all(u.next for u in unmet)


def test_coverage_matrix_and_fraction():
    unit, _ = _unit_and_rules()
    items = [item("e1", "product", ["1.1", "2.1"]), item("e2", "direct-observation", ["2.1"])]
    assert coverage(unit, items) == {"1.1": ("e1",), "2.1": ("e1", "e2"), "3.1": (), "4.1": ()}
    assert gaps(unit, items, "LO2") == []
    assert outcome_coverage(unit, items, "LO2") == 1.0
    assert outcome_coverage(unit, items, "LO3") == 0.0


def test_competence_outcome_needs_observation_or_witness():
    unit, rules = _unit_and_rules()
    product_only = [item("e1", "product", ["3.1"])]
    assert ("competence-from-real-work", "LO3") in {
        (u.rule, u.outcome) for u in unmet_rules(unit, rules, product_only)}
    witnessed = product_only + [item("e2", "expert-witness", ["3.1"])]
    assert ("competence-from-real-work", "LO3") not in {
        (u.rule, u.outcome) for u in unmet_rules(unit, rules, witnessed)}


def test_knowledge_outcome_does_not_need_observation():
    unit, rules = _unit_and_rules()
    unmet = unmet_rules(unit, rules, [item("e1", "professional-discussion", ["1.1"])], "LO1")
    assert unmet == []


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
