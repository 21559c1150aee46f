"""Holistic evidence: one course-wide document, items mapped to several units, and the migration
of a store written by the per-unit code (tests/fixtures/legacy-store)."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from tests.disks import read_only_folder
from workbook import load_course
from workbook.course.evidence_rules import load_rules
from workbook.learner.coverage import counted, coverage
from workbook.learner.evidence import (
    DOCUMENT,
    Draft,
    EvidenceItem,
    Observation,
    Witness,
    add_item,
    load_all,
    load_items,
    migrate,
    problems_with,
    remove_item,
    save_item,
    submitted_items,
    upsert_from_source,
)
from workbook.learner.portfolio_export import export_text, import_items, read_export
from workbook.learner.portfolio_html import CourseNames
from workbook.learner.store import Store
from workbook.widgets.evidence import EvidenceLog

LEGACY = Path(__file__).parent / "fixtures" / "legacy-store"
AS = "active-support-lead-interactive-training"
LPCP = "lead-person-centred-practice"
TODAY = dt.date(2026, 3, 20)
SEEN = Observation("Team office", "consented", "real-work")


def legacy_items(unit_slug: str) -> dict[str, dict]:
    """The items of a unit as the per-unit code saved them."""
    document = json.loads((LEGACY / f"evidence-{unit_slug}.json").read_text(encoding="utf-8"))
    return document["data"]["items"]


def content(entry: dict) -> tuple:
    return (entry["type"], entry["title"], entry["date"], entry["description"], entry["location"],
            tuple(entry["criteria"]), tuple(entry["models"]), entry["source"])


@pytest.fixture
def legacy(tmp_path) -> Path:
    folder = tmp_path / "store"
    shutil.copytree(LEGACY, folder)
    return folder


def test_store_written_by_the_per_unit_code_migrates_without_loss(legacy):
    store = Store(legacy)
    for unit_slug in (AS, LPCP):
        before = sorted(content(e) for e in legacy_items(unit_slug).values())
        after = sorted(content({**i.to_dict(), "criteria": list(i.criteria)})
                       for i in load_items(store, unit_slug))
        assert after == before and len(after) == 3
    # the files are taken in name order: active support keeps its ids, the clashing ones move on
    assert [(i.id, i.home) for i in load_all(store)] == [
        ("e1", AS), ("e2", AS), ("e3", AS), ("e4", LPCP), ("e5", LPCP), ("e6", LPCP)]
    assert [i.title for i in load_items(store, LPCP)] == [e["title"] for e in legacy_items(LPCP).values()]
    assert any("Evidence e1 of lead-person-centred-practice is now e4" in w for w in store.warnings)
    for unit_slug in (AS, LPCP):
        assert not (legacy / f"evidence-{unit_slug}.json").exists()
        backup = legacy / f"evidence-{unit_slug}.before-course-wide.json"
        assert backup.read_bytes() == (LEGACY / f"evidence-{unit_slug}.json").read_bytes()
    saved = json.loads((legacy / f"{DOCUMENT}.json").read_text(encoding="utf-8"))["data"]
    assert saved["migrated"] == [f"evidence-{AS}", f"evidence-{LPCP}"]
    assert saved["items"]["e4"]["criteria"] == {LPCP: ["2.1", "3.1"]}
    # a second load finds nothing to move and changes nothing
    text = (legacy / f"{DOCUMENT}.json").read_text(encoding="utf-8")
    assert len(load_all(Store(legacy))) == 6
    assert (legacy / f"{DOCUMENT}.json").read_text(encoding="utf-8") == text


def test_reflections_and_plans_still_find_their_items_after_migration(legacy):
    store = Store(legacy)
    refreshed = upsert_from_source(store, LPCP, "reflection:r1", Draft(
        "reflective-account", "Life-story work, revised", "2026-03-10", criteria=("1.1",)))
    assert refreshed.id == "e5"
    assert [i.title for i in load_items(store, AS) if i.source == "reflection:r1"] == [
        "What I learned from the first session"]
    assert len(load_all(store)) == 6


def test_a_crash_before_the_rename_does_not_duplicate_items(legacy):
    assert len(load_all(Store(legacy))) == 6
    # as if the process stopped after writing the new document but before renaming the old file;
    # the next process to use the store migrates again (this one already has: once per process)
    shutil.copy(LEGACY / f"evidence-{LPCP}.json", legacy / f"evidence-{LPCP}.json")
    assert migrate(Store(legacy)) == []
    assert len(load_all(Store(legacy))) == 6
    assert (legacy / f"evidence-{LPCP}.before-course-wide-2.json").exists()


def test_a_submissions_copy_is_read_in_either_format(legacy, tmp_path):
    assert [i.title for i in submitted_items(LEGACY, LPCP)] == [
        e["title"] for e in legacy_items(LPCP).values()]
    load_all(Store(legacy))
    assert [i.criteria for i in submitted_items(legacy, AS)] == [("3.1",), ("1.1", "4.1"), ("2.1",)]
    assert submitted_items(tmp_path / "nothing", AS) == []


def holistic(store: Store) -> str:
    draft = Draft("direct-observation", "Observed training session", "2026-03-05",
                  "Led a session on active support", "Assessor's report", criteria=("2.1",),
                  elsewhere={AS: ("3.1",)}, observation=SEEN)
    return add_item(store, LPCP, draft).id


def test_one_item_counts_for_both_units_and_unmapping_leaves_the_other(tmp_path):
    store = Store(tmp_path)
    item_id = holistic(store)
    course = load_course()
    assert coverage(course.unit(LPCP), load_items(store, LPCP))["2.1"] == (item_id,)
    assert coverage(course.unit(AS), load_items(store, AS))["3.1"] == (item_id,)
    assert [i.elsewhere(AS) for i in load_items(store, AS)] == [{LPCP: ("2.1",)}]
    assert remove_item(store, LPCP, item_id) is False
    assert load_items(store, LPCP) == []
    assert [(i.id, i.criteria) for i in load_items(store, AS)] == [(item_id, ("3.1",))]
    assert remove_item(store, AS, item_id) is True
    assert load_all(store) == []


def test_exports_show_the_other_units_and_import_keeps_the_mapping(tmp_path):
    store = Store(tmp_path / "a")
    holistic(store)
    course = load_course()
    unit = course.unit(AS)
    names = CourseNames.of(course)
    items = load_items(store, AS)
    markdown = export_text("md", unit, load_rules(unit), items, names)
    assert "- Also counts towards: Lead person centred practice (2.1)" in markdown
    assert "- Observed at: Team office" in markdown
    assert "Lead person centred practice (2.1)" in export_text("html", unit, load_rules(unit), items, names)
    target = Store(tmp_path / "b")
    for fmt in ("json", "csv"):
        path = tmp_path / f"export.{fmt}"
        path.write_text(export_text(fmt, unit, load_rules(unit), items), encoding="utf-8")
        messages = import_items(target, AS, read_export(path, unit))
        assert messages == (["added e1"] if fmt == "json" else ["e1 is already there"])
    assert load_all(target) == load_all(store)


def test_witness_testimony_needs_the_witness_the_ground_the_reason_and_the_agreement():
    unit = load_course().unit(LPCP)
    bare = Draft("expert-witness", "Testimony on the review", "2026-03-05", criteria=("2.1",))
    problems = " ".join(problems_with(bare, unit, load_rules(unit), TODAY))
    assert "the witness's name, their job role, how they know you and a statement of their " \
           "occupational competence" in problems
    assert "Say why witness testimony is used instead of your assessor's observation: the witness " \
           "has occupational expertise for a specialist area, or observation would be particularly " \
           "sensitive." in problems
    assert "Choose why an expert witness is used" in problems
    assert "the name of the assessor who agreed" in problems
    assert "Enter the date your assessor agreed to it" in problems
    full = Draft(**{**vars(bare), "witness": Witness(
        "Sam Okafor", "Registered manager", "My line manager",
        "Registered manager for ten years", "Observing personal care would intrude",
        "sensitive", "Jo Assessor", "1 March 2026")})
    assert problems_with(full, unit, load_rules(unit), TODAY) == []
    later = Draft(**{**vars(full), "witness": Witness(**{**vars(full.witness),
                                                         "agreed_on": "21/03/2026"})})
    assert "is in the future" in " ".join(problems_with(later, unit, load_rules(unit), TODAY))


def test_witness_grounds_and_agreement_survive_the_store(tmp_path):
    """The ground, who agreed testimony in place of observation and when, and an observation's
    setting are kept with the item, so the rules can read them after a reload."""
    unit = load_course().unit(LPCP)
    witness = Witness("Sam Okafor", "Registered manager", "My line manager", "Ten years",
                      "Observing intimate care would be particularly sensitive", "sensitive",
                      "Jo Assessor", "2026-03-01")
    seen = Observation("Team office", "consented", "simulation")
    store = Store(tmp_path / "store")
    saved = [add_item(store, LPCP, Draft("expert-witness", "Testimony", "2026-03-05",
                                         criteria=("2.1",), witness=witness)),
             add_item(store, LPCP, Draft("direct-observation", "Role-play", "2026-03-05",
                                         criteria=("2.2",), observation=seen))]
    loaded = {i.id: i for i in load_items(store, LPCP)}
    assert loaded[saved[0].id].witness == witness
    assert loaded[saved[1].id].observation == seen
    assert counted(unit, load_rules(unit), list(loaded.values()))["2.1"] == (saved[0].id,)
    assert counted(unit, load_rules(unit), list(loaded.values()))["2.2"] == ()


def test_observation_needs_place_and_consent_note():
    unit = load_course().unit(LPCP)
    bare = Draft("direct-observation", "Observed review", "2026-03-05", criteria=("2.1",))
    problems = " ".join(problems_with(bare, unit, load_rules(unit), TODAY))
    assert "the place of the observation and whether the people supported consented" in problems
    assert "Say where the observation took place" in problems
    assert problems_with(Draft(**{**vars(bare), "observation": SEEN}), unit, load_rules(unit), TODAY) == []


def test_the_form_maps_to_other_units_shows_details_and_warns_about_names(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_STORE", str(tmp_path))
    log = EvidenceLog(LPCP, today=TODAY)
    assert log.form is None, "the form is made only when asked for"
    log.open_form()
    assert log.form.observation_box.layout.display in (None, "") and log.form.witness_box.layout.display == "none"
    log.form.type.value = "expert-witness"
    assert log.form.witness_box.layout.display is None and log.form.observation_box.layout.display == "none"
    log.form.type.value = "direct-observation"
    log.form.title.value, log.form.date.value = "Observed review", "2026-03-05"
    log.form.description.value = "Mary Smith (NHS 943 476 5919) chose under the Mental Capacity Act 2005."
    assert "“Mary Smith” looks like a person&#x27;s full name" in log.form.privacy.value
    assert "looks like an NHS number" in log.form.privacy.value and "Mental Capacity" not in log.form.privacy.value
    log.form.description.value = "The person I support chose under the Mental Capacity Act 2005."
    assert log.form.privacy.value == ""
    log.form.place.value, log.form.consent.value = "Lounge", "not-identifiable"
    log.form.setting.value = "real-work"
    log.form.criteria["2.1"].value = True
    log.form.other_criteria[(AS, "3.1")].value = True
    item = log.save()
    assert item and "It also counts towards Active support" in log.message
    other = EvidenceLog(AS, today=TODAY)
    assert f"{item.id}: Observed review" in other.coverage and "Lead person centred practice (2.1)" in other.static_html()
    log.remove(item.id)
    assert "it still counts towards" in log.message
    log.remove(item.id)
    assert [i.id for i in load_items(Store(), AS)] == [item.id] and load_items(Store(), LPCP) == []


def test_a_read_only_legacy_store_is_read_in_memory_and_left_as_it_is(tmp_path):
    def fill(folder: Path) -> None:
        for path in LEGACY.glob("*.json"):
            shutil.copy(path, folder / path.name)

    with read_only_folder(tmp_path / "store", fill) as folder:
        before = sorted(p.name for p in folder.iterdir())
        store = Store(folder)
        assert [i.title for i in load_items(store, LPCP)] == [
            e["title"] for e in legacy_items(LPCP).values()]
        assert len(load_all(store)) == 6
        assert sorted(p.name for p in folder.iterdir()) == before


def test_an_item_of_a_type_only_its_home_unit_lists_is_edited_there(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_STORE", str(tmp_path))
    plan = add_item(Store(), AS, Draft("training-plan", "Lunch together plan", "2026-03-01",
                                       criteria=("2.1",), elsewhere={LPCP: ("2.2",)}))
    log = EvidenceLog(LPCP, today=TODAY)
    log.edit(plan.id)
    assert log.editing is None and "edit it in Active support: lead interactive training" in log.message
    assert [i.type for i in load_all(Store())] == ["training-plan"]


def test_the_assessments_evidence_cell_moves_an_old_store_and_copies_the_course_wide_one(
        legacy, tmp_path, monkeypatch):
    from workbook.assess.notebook import show_evidence

    assignment = tmp_path / "lpcp-assessment"
    assignment.mkdir()
    monkeypatch.chdir(assignment)
    monkeypatch.setenv("WORKBOOK_STORE", str(legacy))
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    shown = show_evidence("lpcp-assessment", LPCP).data
    copied = assignment / ".responses" / f"{DOCUMENT}.json"
    assert copied.read_bytes() == (legacy / f"{DOCUMENT}.json").read_bytes()
    assert [i.title for i in submitted_items(assignment / ".responses", LPCP)] == [
        e["title"] for e in legacy_items(LPCP).values()]
    assert all(e["title"].replace("'", "&#x27;") in shown for e in legacy_items(LPCP).values())


def test_editing_keeps_mappings_the_form_cannot_show(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_STORE", str(tmp_path))
    item = EvidenceItem("e1", "product", "Team meeting notes", "2026-03-01",
                        mapping=((AS, ("2.1", "9.9")), (LPCP, ("2.2",)), ("retired-unit", ("1.1",))))
    save_item(Store(), item)
    log = EvidenceLog(LPCP, today=TODAY)
    log.edit("e1")
    log.form.title.value = "Team meeting notes, March"
    assert log.save() is not None
    [saved] = load_all(Store())
    assert saved.title == "Team meeting notes, March"
    assert saved.units() == {AS: ("2.1", "9.9"), LPCP: ("2.2",), "retired-unit": ("1.1",)}
