"""Forms that guide: dates as typed, errors beside their fields, the anonymisation confirmation,
ids never reused, and every view of the evidence on a page redrawn when it changes."""
from __future__ import annotations

import datetime as dt

import pytest

from workbook.learner.dates import iso_date, parse_date
from workbook.learner.evidence import Draft, Observation, add_item, load_all, remove_item
from workbook.learner.store import Store
from workbook.widgets.evidence import EvidenceLog
from workbook.widgets.progress import ProgressView
from workbook.widgets.reflection import ReflectiveAccounts
from workbook.widgets.training_plan import TrainingPlanBuilder

AS = "active-support-lead-interactive-training"
LPCP = "lead-person-centred-practice"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("WORKBOOK_STORE", str(tmp_path))
    return Store()


@pytest.mark.parametrize("typed", ["14/11/2026", "14-11-2026", "14.11.2026", "14/11/26",
                                   "14 Nov 2026", "14 November 2026", "14th November 2026",
                                   "Saturday 14 November 2026", "2026-11-14", " 14 nov. 2026 "])
def test_uk_dates_are_read_day_first_and_stored_as_iso(typed):
    assert parse_date(typed) == dt.date(2026, 11, 14)
    assert iso_date(typed) == "2026-11-14"


@pytest.mark.parametrize("typed", ["31/02/2026", "14 Novembr 2026", "2026-13-01", "yesterday", ""])
def test_what_is_not_a_date_is_left_as_typed(typed):
    assert parse_date(typed) is None and iso_date(typed) == typed.strip()


def fill(log: EvidenceLog, **values) -> None:
    log.open_form()
    log.form.type.value = "direct-observation"
    log.form.title.value = values.get("title", "Observed huddle")
    log.form.date.value = values.get("date", "14/11/2026")
    log.form.description.value = values.get("description", "I led the team huddle.")
    log.form.place.value, log.form.consent.value = "The office", "consented"
    log.form.setting.value = "real-work"
    log.form.criteria["2.1"].value = True


def test_a_typed_uk_date_is_saved_as_iso_and_read_back_in_words(store):
    log = EvidenceLog(AS, today=TODAY)
    fill(log)
    assert "Saturday 14 November 2026" in log.form.date_field.reading.value
    assert log.form.date_field.picker.value == dt.date(2026, 11, 14), "the picker follows the text"
    log.form.date_field.picker.value = dt.date(2026, 11, 20)
    assert log.form.date.value == "2026-11-20", "the text follows the picker"
    log.form.date.value = "14 Nov 2026"
    item = log.save()
    assert item is not None and item.date == "2026-11-14"
    assert load_all(store)[0].date == "2026-11-14"


def test_each_error_sits_by_its_field_and_clears_once_fixed(store):
    log = EvidenceLog(AS, today=TODAY)
    fill(log, title="", date="14/13/2026")
    log.form.criteria["2.1"].value = False
    assert log.save() is None and load_all(store) == []
    shown = log.form.errors.shown
    assert set(shown) == {"title", "date", "criteria"}
    assert "Give the evidence a title" in shown["title"]
    assert "is not a date this form can read" in shown["date"]
    assert "3 things to put right" in log.message
    log.form.title.value = "Observed huddle"
    assert set(log.form.errors.shown) == {"date", "criteria"}, "fixed: its message goes at once"
    log.form.date.value = "14/12/2026"
    assert "in the future" in log.form.errors.shown["date"]
    log.form.date.value = "14/11/2026"
    log.form.criteria["2.1"].value = True
    assert log.form.errors.shown == {}
    assert log.save() is not None


def test_a_plans_planned_date_may_be_in_the_future_evidence_may_not(store):
    plan = TrainingPlanBuilder(AS, "LO2", today=TODAY)
    for key, text in (("title", "Lunch together"), ("session_outcomes", "Staff will offer choices"),
                      ("needs", "Observation shows staff do things for people"),
                      ("evaluation", "Observe engagement before and after")):
        plan.fields[key].value = text
    plan.methods["modelling"].value = True
    plan.date.value = "15 January 2027"
    plan.save_evidence()
    assert "Saved as evidence" in plan.message.value, plan.message.value
    assert load_all(store)[0].date == "2027-01-15"
    log = EvidenceLog(AS, today=TODAY)
    fill(log, date="15/01/2027")
    assert log.save() is None and "in the future" in log.form.errors.shown["date"]


def test_identifying_text_needs_the_learners_confirmation_before_it_saves(store):
    log = EvidenceLog(LPCP, today=TODAY)
    fill(log, description="Mary Smith, DOB 01/02/1950, NHS 943 476 5919, chose her lunch.")
    log.form.criteria["2.1"].value = True
    found = log.check_privacy()
    assert len(found) == 3 and log.form.anonymity.box.layout.display is None
    assert log.save() is None and load_all(store) == []
    assert "tick “I have removed names and identifying details”" in log.form.errors.shown["privacy"]
    log.form.anonymity.confirm.value = True
    assert "privacy" not in log.form.errors.shown, "the tick clears the message at once"
    log.form.description.value += " John Jones helped."
    assert not log.form.anonymity.confirm.value, "a new finding needs a new tick"
    log.form.anonymity.confirm.value = True
    assert log.save() is not None
    assert log.form.anonymity.box.layout.display == "none" and not log.form.anonymity.confirm.value


def test_an_id_is_never_given_again_after_a_removal(store):
    draft = Draft("direct-observation", "Seen", "2026-11-01", criteria=("2.1",),
                  observation=Observation("Office", "consented"))
    assert [add_item(store, AS, draft).id for _ in range(3)] == ["e1", "e2", "e3"]
    assert remove_item(store, AS, "e3")
    assert add_item(store, AS, draft).id == "e4"
    # a document written before the counter: its highest id is not given again either
    store.update("evidence", lambda data: data.pop("next"))
    assert remove_item(store, AS, "e4")
    assert add_item(store, AS, draft).id == "e5"


def test_every_view_on_the_page_redraws_when_the_evidence_changes(store):
    """A reflection finished in one cell shows at once in the log, the map and the progress of
    the other cells, and a removal in one log shows in the other; nothing is run again."""
    log1 = EvidenceLog(LPCP, "LO1", today=TODAY)
    whole = EvidenceLog(LPCP, today=TODAY)
    progress = ProgressView(LPCP)
    before = progress.view.value
    refl = ReflectiveAccounts(LPCP, today=TODAY)
    refl.title.value = "Mealtime choices"
    refl.date.value = "20/11/2026"
    for stage, box in refl.parts.items():
        box.value = f"My {stage} about the person I support choosing lunch."
    refl.criteria["1.1"].value = True
    refl.finish()
    assert "Added to your evidence as e1" in refl.message.value, refl.message.value
    assert [r["id"] for r in log1.rows] == ["e1"] and [r["id"] for r in whole.rows] == ["e1"]
    assert "e1: Mealtime choices" in whole.coverage
    assert progress.view.value != before
    assert "In your evidence as e1" in refl.evidence_status.value
    whole.remove("e1")
    whole.remove("e1")
    assert log1.rows == [] and "e1: Mealtime choices" not in log1.coverage
    assert "Not in your evidence" in refl.evidence_status.value


def test_a_reflection_with_a_name_waits_for_the_confirmation(store):
    refl = ReflectiveAccounts(LPCP, today=TODAY)
    refl.title.value = "Mealtime choices"
    refl.date.value = "20 Nov 2026"
    for stage, box in refl.parts.items():
        box.value = f"My {stage}: Mary Smith chose her lunch."
    refl.criteria["1.1"].value = True
    refl.finish()
    assert "Not finished yet" in refl.message.value and load_all(store) == []
    assert "tick “I have removed names" in refl.errors.shown["privacy"]
    assert set(refl.errors.shown) == {"privacy"}, "the rest of the account is fine"
    refl.anonymity.confirm.value = True
    assert refl.errors.shown == {}
    refl.finish()
    assert [i.date for i in load_all(store)] == ["2026-11-20"]


def test_views_open_while_an_older_store_is_moved_hear_of_it_once(tmp_path, monkeypatch):
    """A view listening while the per-unit files of an older store are moved into the
    course-wide document redraws once, after they are gone (it reads no old file again)."""
    import shutil
    from pathlib import Path

    from workbook.learner.evidence import migrate
    from workbook.learner.watch import listen

    folder = tmp_path / "store"
    shutil.copytree(Path(__file__).parent / "fixtures" / "legacy-store", folder)
    store = Store(folder)
    heard: list[int] = []

    def old_files_left() -> int:
        return sum(1 for f in folder.glob("evidence-*.json") if "." not in f.stem)

    def redraw() -> None:
        heard.append(old_files_left())
        assert load_all(store)  # a view redrawing reads the store again

    listen(store, "evidence", redraw)
    assert old_files_left() == 2 and migrate(store) is not None
    assert heard == [0], "one redraw, after the old files were renamed"
    assert migrate(store) == [] and heard == [0]


def test_the_declarations_list_of_what_is_missing_shrinks_as_it_is_put_right(store):
    from workbook.widgets.declaration import DeclarationForm

    form = DeclarationForm(AS)
    assert not form.sign() and form.message.value.count("<li>") == 4
    form.name.value = "Sam Learner"
    assert form.message.value.count("<li>") == 3 and "Type your full name" not in form.message.value
    for box in form.boxes.values():
        box.value = True
    assert "Everything is ready" in form.message.value
    assert form.sign() and "Declaration signed by Sam Learner" in form.message.value
