"""Coverage and sufficiency rules as pure functions over items (no store, no widgets)."""
from __future__ import annotations

from dataclasses import replace

from workbook import load_course
from workbook.course.evidence_rules import load_rules
from workbook.learner.coverage import counted, coverage, gaps, outcome_coverage, unmet_rules
from workbook.learner.evidence import EvidenceItem, Observation, Witness

UNIT = "active-support-lead-interactive-training"
LPCP = "lead-person-centred-practice"
SEEN = Observation("Day centre kitchen", "not-identifiable", "real-work")
WITNESS = Witness("Sam Okafor", "Registered manager", "My line manager",
                  "Registered manager for ten years, Level 5 diploma")
#: testimony on a ground the principles allow, with its reason, agreed by the assessor
AGREED = Witness(**{**vars(WITNESS), "grounds": "sensitive", "agreed_by": "Jo Assessor",
                    "agreed_on": "2026-01-05",
                    "reason": "Observing intimate personal care would be particularly sensitive"})


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
    assert gaps(unit, rules, []) == ["1.1", "2.1", "3.1", "4.1"]
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
    unit, rules = _unit_and_rules()
    items = [item("e1", "product", ["1.1", "2.1"]), item("e2", "direct-observation", ["2.1"])]
    # the matrix shows every item mapped; only the observation counts for "be able to" 2.1
    assert coverage(unit, items) == {"1.1": ("e1",), "2.1": ("e1", "e2"), "3.1": (), "4.1": ()}
    assert counted(unit, rules, items) == {"1.1": ("e1",), "2.1": ("e2",), "3.1": (), "4.1": ()}
    assert gaps(unit, rules, items, "LO2") == []
    assert outcome_coverage(unit, rules, items, "LO2") == 1.0
    assert outcome_coverage(unit, rules, items, "LO3") == 0.0


def _unmet(unit, rules, items, outcome=None):
    return {(u.rule, u.outcome or u.item) for u in unmet_rules(unit, rules, items, outcome)}


def test_competence_outcome_needs_the_assessors_observation():
    unit, rules = _unit_and_rules()
    product_only = [item("e1", "product", ["3.1"])]
    assert ("competence-observed", "LO3") in _unmet(unit, rules, product_only)
    observed = product_only + [item("e2", "direct-observation", ["3.1"])]
    assert ("competence-observed", "LO3") not in _unmet(unit, rules, observed)


def test_expert_witness_counts_only_on_an_agreed_ground():
    unit, rules = _unit_and_rules()
    witnessed = [item("e2", "expert-witness", ["3.1"])]
    unmet = [u for u in unmet_rules(unit, rules, witnessed, "LO3") if u.rule == "competence-observed"]
    assert len(unmet) == 1 and "e2 is witness testimony without a ground" in unmet[0].message
    assert "the assessor who agreed to it and the date they agreed it" in unmet[0].message
    assert counted(unit, rules, witnessed)["3.1"] == ()
    # a reason alone (the old rule: "observation would intrude or was not possible") is not enough
    reason_only = Witness(**{**vars(WITNESS), "reason": "My assessor could not come that day"})
    assert ("competence-observed", "LO3") in _unmet(
        unit, rules, [item("e2", "expert-witness", ["3.1"], witness=reason_only)])
    unagreed = Witness(**{**vars(AGREED), "agreed_by": ""})
    assert ("competence-observed", "LO3") in _unmet(
        unit, rules, [item("e2", "expert-witness", ["3.1"], witness=unagreed)])
    bad_date = Witness(**{**vars(AGREED), "agreed_on": "last week"})
    assert ("competence-observed", "LO3") in _unmet(
        unit, rules, [item("e2", "expert-witness", ["3.1"], witness=bad_date)])
    other_ground = Witness(**{**vars(AGREED), "grounds": "convenient"})
    assert ("competence-observed", "LO3") in _unmet(
        unit, rules, [item("e2", "expert-witness", ["3.1"], witness=other_ground)])
    for ground in ("specialist", "sensitive"):
        agreed = [item("e2", "expert-witness", ["3.1"],
                       witness=Witness(**{**vars(AGREED), "grounds": ground}))]
        assert ("competence-observed", "LO3") not in _unmet(unit, rules, agreed)
        assert counted(unit, rules, agreed)["3.1"] == ("e2",)


def test_a_reflection_ticked_against_everything_covers_no_be_able_to_criterion():
    unit = load_course().unit(LPCP)
    rules = load_rules(unit)
    every = [c.id for c in unit.criteria]
    reflection = [item("e1", "reflective-account", every, ["VIPS framework"])]
    assert coverage(unit, reflection)["2.3"] == ("e1",)  # mapped, shown in the matrix
    covered = counted(unit, rules, reflection)
    assert [c for c, ids in covered.items() if ids] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert [outcome_coverage(unit, rules, reflection, o.id) for o in unit.outcomes] == [1.0, 0.0, 0.0]
    unmet = {u.message.split(":")[0] for u in unmet_rules(unit, rules, reflection)
             if u.rule == "competence-observed"}
    assert unmet == {"LO2, criterion 2.1", "LO2, criterion 2.2", "LO2, criterion 2.3",
                     "LO2, criterion 2.4", "LO3, marking point"}
    message = next(u.message for u in unmet_rules(unit, rules, reflection, "LO2")
                   if u.rule == "competence-observed")
    assert "Your reflective account supports it but cannot take the place of observation." in message
    # the same goes for testimony without agreement, a written answer and a product together
    support = reflection + [item("e2", "written-answer", ["2.3"]), item("e3", "product", ["2.3"]),
                            item("e4", "expert-witness", ["2.3"])]
    assert counted(unit, rules, support)["2.3"] == ()


def test_every_be_able_to_criterion_needs_its_own_observation():
    unit = load_course().unit(LPCP)
    rules = load_rules(unit)
    one = [item("e1", "direct-observation", ["2.1"])]
    # an observation of one criterion does not stand for the outcome's other criteria
    assert gaps(unit, rules, one, "LO2") == ["2.2", "2.3", "2.4"]
    assert outcome_coverage(unit, rules, one, "LO2") == 0.25
    all_four = [item("e1", "direct-observation", ["2.1", "2.2", "2.3", "2.4"])]
    assert gaps(unit, rules, all_four, "LO2") == []


def test_observation_must_be_in_real_work_where_the_spec_says_so():
    unit = load_course().unit(LPCP)
    rules = load_rules(unit)
    assert unit.spec and unit.spec.real_work_outcomes == ("LO2", "LO3")
    unrecorded = [item("e1", "direct-observation", ["2.1"],
                       observation=Observation("Day centre", "consented"))]
    assert counted(unit, rules, unrecorded)["2.1"] == ()
    message = next(u.message for u in unmet_rules(unit, rules, unrecorded, "LO2")
                   if u.rule == "competence-observed" and "2.1" in u.message)
    assert "e1 does not record that it took place in your real work environment" in message


def test_simulation_is_refused_unless_the_spec_allows_it():
    unit = load_course().unit(LPCP)
    rules = load_rules(unit)
    assert unit.spec and unit.spec.simulation_allowed == ()
    simulated = [item("e1", "direct-observation", ["2.1"],
                      observation=Observation("Training room role-play", "consented", "simulation"))]
    assert counted(unit, rules, simulated)["2.1"] == ()
    message = next(u.message for u in unmet_rules(unit, rules, simulated, "LO2")
                   if u.rule == "competence-observed" and "2.1" in u.message)
    assert "e1 took place in a simulation, which LO2 does not allow" in message
    # a unit whose specification allows simulation for an outcome counts it there
    allowing = replace(unit, spec=replace(unit.spec, simulation_allowed=("LO2",)))
    assert counted(allowing, rules, simulated)["2.1"] == ("e1",)
    # ASLIT has no specification: no outcome allows simulation, and none is listed as real work
    aslit, aslit_rules = _unit_and_rules()
    assert counted(aslit, aslit_rules, [item("e1", "direct-observation", ["3.1"],
                                             observation=simulated[0].observation)])["3.1"] == ()
    unrecorded = Observation("Day centre", "consented")
    assert counted(aslit, aslit_rules, [item("e1", "direct-observation", ["3.1"],
                                             observation=unrecorded)])["3.1"] == ("e1",)
    # a rule may ask for real work on every outcome it selects, whatever the specification
    everywhere = replace(aslit_rules, rules=tuple(
        replace(r, real_work="all") if r.id == "competence-observed" else r for r in aslit_rules.rules))
    assert counted(aslit, everywhere, [item("e1", "direct-observation", ["3.1"],
                                            observation=unrecorded)])["3.1"] == ()


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
