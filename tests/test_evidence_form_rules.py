"""The evidence form records what the evidence rules read: where an observation happened, and on
what ground, with whose agreement and when, witness testimony takes its place. Driven from code."""
from __future__ import annotations

import datetime as dt
import html

import pytest

from workbook import load_course
from workbook.course.evidence_rules import load_rules
from workbook.learner.coverage import counted
from workbook.learner.evidence import Draft, Observation, Witness, add_item, load_all, load_items
from workbook.learner.portfolio_html import SHORT
from workbook.learner.store import Store
from workbook.widgets.evidence import EvidenceLog

LPCP = "lead-person-centred-practice"
TODAY = dt.date(2026, 3, 1)
AGREED = Witness("Sam Okafor", "Registered manager", "My line manager for three years",
                 "Registered manager for ten years", "Observing personal care would intrude",
                 "sensitive", "Jo Assessor", "2026-02-10")


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("WORKBOOK_STORE", str(tmp_path))
    return Store()


def start(log: EvidenceLog, type_id: str, title: str, criterion: str = "2.1") -> None:
    log.open_form()
    log.form.type.value, log.form.title.value, log.form.date.value = type_id, title, "20/02/2026"
    log.form.criteria[criterion].value = True


def status(log: EvidenceLog, criterion_id: str) -> str:
    """The matrix's status cell of a criterion, as the log shows it."""
    unit = load_course().unit(LPCP)
    outcome, criterion = next((o, c) for o in unit.outcomes for c in o.criteria
                              if c.id == criterion_id)
    head = f"{html.escape(outcome.id)} · {html.escape(criterion.caption)}</th>"
    return log.coverage.split(head, 1)[1].split("</td>", 1)[0]


def test_an_observation_says_where_it_happened_and_only_at_work_covers_lo2(store):
    log = EvidenceLog(LPCP, "LO2", today=TODAY)
    start(log, "direct-observation", "Observed care plan review")
    assert [label for label, _ in log.form.setting.options] == [
        "At work, with the people I support", "A simulation or role-play"]
    assert log.form.setting.value is None, "the learner says where; the form does not guess"
    assert log.form.observation_box.layout.display is None and log.form.witness_box.layout.display == "none"
    assert "a simulation or role-play does not count in this unit" in log.form.setting_help.value
    log.form.place.value, log.form.consent.value = "The service's lounge", "consented"
    assert log.save() is None and load_all(store) == []
    assert set(log.form.errors.shown) == {"setting"}
    assert "Say where the observation took place" in log.form.errors.shown["setting"]
    log.form.setting.value = "real-work"
    assert log.form.errors.shown == {}, "chosen: its message goes at once"
    item = log.save()
    assert item is not None and item.observation == Observation(
        "The service's lounge", "consented", "real-work")
    assert "Covered (1)" in status(log, "2.1")
    # a role-play is saved, but the map says it is not the evidence 2.2 needs
    start(log, "direct-observation", "Role-play of a review", "2.2")
    log.form.place.value, log.form.consent.value, log.form.setting.value = "Training room", "consented", "simulation"
    assert log.save() is not None
    assert SHORT in status(log, "2.2")
    assert "took place in a simulation, which LO2 does not allow" in log.coverage


def test_the_widgets_map_counts_only_what_the_rules_accept(store):
    """An observation saved before the form asked where it happened is mapped, not yet covering:
    the log's map says so, as the portfolio's does."""
    add_item(store, LPCP, Draft("direct-observation", "Observed review", "2026-02-01",
                                criteria=("2.1",), observation=Observation("Lounge", "consented")))
    log = EvidenceLog(LPCP, "LO2", today=TODAY)
    assert SHORT in status(log, "2.1") and "Covered" not in status(log, "2.1")


def test_testimony_records_its_ground_reason_and_agreement_each_error_beside_its_field(store):
    log = EvidenceLog(LPCP, "LO2", today=TODAY)
    start(log, "expert-witness", "Testimony on personal care")
    assert log.form.witness_box.layout.display is None and log.form.observation_box.layout.display == "none"
    assert "only if your assessor agreed to it before" in log.form.witness_help.value
    assert [key for _, key in log.form.grounds.options] == ["specialist", "sensitive"]
    for key in ("name", "role", "relationship", "competence"):
        log.form.witness[key].value = getattr(AGREED, key)
    assert log.save() is None and load_all(store) == []
    assert set(log.form.errors.shown) == {"grounds", "reason", "agreed_by", "agreed_on"}
    log.form.grounds.value = "sensitive"
    log.form.witness["reason"].value = AGREED.reason
    log.form.agreed_by.value = "Jo Assessor"
    assert set(log.form.errors.shown) == {"agreed_on"}, "each message goes once its field is fixed"
    log.form.agreed_on.value = "10/03/2026"
    assert "is in the future" in log.form.errors.shown["agreed_on"]
    log.form.agreed_on.value = "10 Feb 2026"
    assert "Tuesday 10 February 2026" in log.form.agreed_on_field.reading.value
    assert log.form.errors.shown == {}
    item = log.save()
    assert item is not None and item.witness == AGREED, "the agreement date is saved as ISO"
    unit = load_course().unit(LPCP)
    assert counted(unit, load_rules(unit), load_items(store, LPCP))["2.1"] == (item.id,)
    assert "Covered (1)" in status(log, "2.1")


def test_editing_keeps_every_field_the_item_had(store):
    witness = add_item(store, LPCP, Draft("expert-witness", "Testimony", "2026-02-12",
                                          "What the witness saw", "Portfolio page 3", criteria=("2.1",),
                                          models=("VIPS framework",), witness=AGREED, page="LO2"))
    seen = add_item(store, LPCP, Draft("direct-observation", "Observed review", "2026-02-14",
                                       criteria=("2.2",), page="LO2",
                                       observation=Observation("Lounge", "not-identifiable",
                                                               "real-work")))
    before = {i.id: i.record() for i in load_all(store)}
    log = EvidenceLog(LPCP, "LO2", today=TODAY)
    for item_id in (witness.id, seen.id):
        log.edit(item_id)
        assert log.form.errors.shown == {}
        log.form.title.value += " (edited)"
        assert log.save() is not None, log.message
    after = {i.id: i.record() for i in load_all(store)}
    for item_id, record in before.items():
        assert after[item_id] == {**record, "title": record["title"] + " (edited)"}
    # a change the learner makes is saved, the rest stays
    log.edit(witness.id)
    log.form.grounds.value, log.form.agreed_on.value = "specialist", "11/02/2026"
    log.save()
    [edited] = [i for i in load_all(store) if i.id == witness.id]
    assert edited.witness == Witness(**{**vars(AGREED), "grounds": "specialist",
                                        "agreed_on": "2026-02-11"})


def test_a_new_item_starts_with_nothing_chosen(store):
    log = EvidenceLog(LPCP, "LO2", today=TODAY)
    add_item(store, LPCP, Draft("expert-witness", "Testimony", "2026-02-12", criteria=("2.1",),
                                witness=AGREED, page="LO2"))
    log.edit("e1")
    assert (log.form.grounds.value, log.form.agreed_by.value) == ("sensitive", "Jo Assessor")
    log.clear()
    assert (log.form.grounds.value, log.form.agreed_by.value, log.form.agreed_on.value, log.form.setting.value) == (
        None, "", "", None)
