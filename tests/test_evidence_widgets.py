"""Portfolio widgets driven from code against a temporary store (no browser)."""
from __future__ import annotations

import datetime as dt
import html
import json

import ipywidgets as widgets
import pytest

from workbook import load_course, scoring
from workbook.learner.evidence import load_items
from workbook.learner.quiz_answers import document_name as quiz_document
from workbook.learner.reflections import load_accounts
from workbook.learner.store import Store
from workbook.learner.training_plans import load_plan
from workbook.widgets.evidence import EvidenceLog
from workbook.widgets.export import PortfolioExport
from workbook.widgets.model import MODELS
from workbook.widgets.progress import ProgressView
from workbook.widgets.reflection import ReflectiveAccounts
from workbook.widgets.training_plan import TrainingPlanBuilder

AS = "active-support-lead-interactive-training"
LPCP = "lead-person-centred-practice"
TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("WORKBOOK_STORE", str(tmp_path))
    return Store()


def fill(log: EvidenceLog, title="Observed huddle", type="direct-observation", date="2026-02-01",
         criteria=("2.1",)):
    press(log, "new")  # the form is made when asked for
    log.form.type.value, log.form.title.value, log.form.date.value = type, title, date
    log.form.location.value = "Assessor's folder"
    log.form.place.value, log.form.consent.value = "The service's kitchen", "consented"
    log.form.setting.value = "real-work"
    for c in criteria:
        log.form.criteria[c].value = True


def press(log: EvidenceLog, action: str, item: str | None = None) -> None:
    """What the log's script sends when a button is pressed."""
    log._on_message(log, {"action": action, "item": item}, [])


def test_the_log_is_one_model_and_its_form_is_made_when_asked_for(store):
    """The log, its items' rows and coverage are one model; the form's controls (ipywidgets)
    are made only when the learner asks for the form, and the log's view draws them."""
    before = set(MODELS)
    log = EvidenceLog(LPCP, "LO2", today=TODAY)
    assert [type(MODELS[k]).__name__ for k in set(MODELS) - before] == ["EvidenceLog"]
    assert log.form is None and log.form_model == ""
    press(log, "new")
    assert log.form is not None and log.form.type.value and not log.form.title.value
    assert log.form_model == f"IPY_MODEL_{log.form.box.model_id}"
    form = log.form
    press(log, "new")  # a second press leaves the form as it is
    assert log.form is form
    for title in ("First", "Second"):
        fill(log, title=title, criteria=("2.1",))
        log.save()
    from ipywidgets.widgets.widget import _instances as ipywidgets_models
    opened = set(MODELS) | set(ipywidgets_models)
    log.refresh()
    assert set(MODELS) | set(ipywidgets_models) == opened, "redrawing the rows makes no models"
    assert [r["html"].split("</b> ")[1].split(" · ")[0] for r in log.rows] == ["First", "Second"]
    assert [(r["edit"], r["remove"]) for r in log.rows] == [("Edit e1", "Remove e1"),
                                                            ("Edit e2", "Remove e2")]
    press(log, "edit", "e2")
    assert log.editing == "e2" and log.form.title.value == "Second"
    press(log, "remove", "e1")
    assert [r["remove"] for r in log.rows] == ["Confirm remove e1", "Remove e2"]
    assert log.rows[0]["confirm"] and not log.rows[1]["confirm"]
    press(log, "remove", "e1")
    assert [r["id"] for r in log.rows] == ["e2"] and "Removed e1" in log.message
    press(log, "remove", "no-such-item")  # a stale view's button changes nothing
    log._on_message(log, "not a message", [])
    assert [i.id for i in load_items(store, LPCP)] == ["e2"]


def test_add_item_changes_matrix_and_unmet_rules(store):
    log = EvidenceLog(AS, "LO2", today=TODAY)
    assert "LO2, marking point: Every assessment criterion needs" in log.coverage
    fill(log, criteria=("2.1", "3.1"))
    item = log.save()
    assert item.id == "e1" and item.criteria == ("2.1", "3.1")
    assert "Saved e1" in log.message
    assert "LO2, marking point" not in log.coverage
    assert "LO2: Planning interactive training (LO2) needs a training plan" in log.coverage
    assert "e1: Observed huddle" in log.coverage and "Covered (1)" in log.coverage
    assert [(r["edit"], r["remove"]) for r in log.rows] == [("Edit e1", "Remove e1")]
    # a new widget (a re-run cell) restores what was saved
    again = EvidenceLog(AS, "LO2", today=TODAY)
    assert again.coverage == log.coverage
    assert [i.title for i in load_items(Store(), AS)] == ["Observed huddle"]


def test_validation_messages_and_nothing_saved(store):
    log = EvidenceLog(AS, "LO1", today=TODAY)
    press(log, "new")
    log.form.title.value, log.form.date.value = "", "2026-03-05"
    assert log.save() is None
    text = log.message
    assert "Give the evidence a title" in text and "is in the future" in text
    assert "Tick at least one assessment criterion" in text and 'role="alert"' in text
    assert load_items(store, AS) == []


def test_edit_and_two_step_remove(store):
    log = EvidenceLog(AS, today=TODAY)
    fill(log)
    log.save()
    log.edit("e1")
    assert log.form.title.value == "Observed huddle" and log.form.criteria["2.1"].value
    log.form.title.value = "Observed huddle, week 2"
    log.form.criteria["4.1"].value = True
    log.save()
    assert [(i.id, i.title, i.criteria) for i in load_items(store, AS)] == [
        ("e1", "Observed huddle, week 2", ("2.1", "4.1"))]
    log.remove("e1")
    assert len(load_items(store, AS)) == 1 and "Confirm remove e1" in log.message
    log.remove("e1")
    assert load_items(store, AS) == []


def test_outcome_list_is_filtered_but_the_matrix_is_the_units(store):
    log = EvidenceLog(AS, "LO1", today=TODAY)
    other = EvidenceLog(AS, "LO2", today=TODAY)
    fill(log, criteria=("2.1",))
    log.save()
    # saved from LO1's page but mapped only to LO2: listed on both, with Edit and Remove
    assert log.heading == "Your evidence for LO1 (1)" and [r["id"] for r in log.rows] == ["e1"]
    assert "Saved on this page; mapped to LO2, not to LO1" in log.rows[0]["html"]
    assert (log.rows[0]["edit"], log.rows[0]["remove"]) == ("Edit e1", "Remove e1")
    assert "shows on the pages of LO2 and stays listed here" in log.message
    assert [r["id"] for r in other.rows] == ["e1"] and "Saved on this page" not in other.rows[0]["html"]
    caption = html.escape(load_course().unit(AS).outcome("LO2").criteria[0].caption)
    assert f"LO2 · {caption}</th><td class=\"wb-met\">" in log.coverage, "its whole wording"
    press(log, "remove", "e1")
    press(log, "remove", "e1")
    assert log.rows == [] and other.rows == [], "removed on one page, gone from both at once"


def test_corrupt_evidence_file_warns_and_keeps_working(store, tmp_path):
    (tmp_path / "evidence.json").write_text('{"schema": 1, "data": ', encoding="utf-8")
    log = EvidenceLog(AS, "LO2", today=TODAY)
    assert "is not valid JSON" in log.warnings and "⚠" in log.warnings
    assert (tmp_path / "evidence.corrupt-1.json").exists()
    fill(log)
    assert log.save().id == "e1"


def test_reflection_autosaves_counts_words_and_becomes_evidence(store):
    refl = ReflectiveAccounts(LPCP, today=TODAY)
    refl.title.value = "Mealtime choices"
    refl.parts["description"].value = "At lunch Mr B wanted to choose his own plate."
    assert "10 words" in refl.counts["description"].value
    assert load_accounts(store, LPCP)["r1"]["parts"]["description"].startswith("At lunch")
    refl.finish()
    assert "Write something for each stage" in refl.message.value
    for stage, box in refl.parts.items():
        if stage != "description":
            box.value = "Two words"
    refl.criteria["1.1"].value = True
    assert "Total: 20 words" in refl.total.value
    refl.finish()
    items = load_items(store, LPCP)
    assert [(i.type, i.criteria, i.source, i.models) for i in items] == [
        ("reflective-account", ("1.1",), "reflection:r1", ())]
    assert "A reflective account must link to at least one model" in EvidenceLog(LPCP, "LO1").coverage
    refl.models["VIPS framework"].value = True
    refl.finish()
    assert [(i.id, i.models) for i in load_items(store, LPCP)] == [("e1", ("VIPS framework",))]
    reopened = ReflectiveAccounts(LPCP, today=TODAY)
    assert reopened.title.value == "Mealtime choices" and reopened.models["VIPS framework"].value
    assert "Mealtime choices (finished, 20 words)" in reopened.static_html()


def test_training_plan_saved_as_lo2_evidence(store):
    plan = TrainingPlanBuilder(AS, "LO2", today=TODAY)
    plan.save_evidence()
    assert "Fill in session title" in plan.message.value
    assert {"title", "session_outcomes", "methods"} <= set(plan.errors.shown), "beside each field"
    assert "Choose at least one interactive method" in plan.message.value
    plan.fields["title"].value = "Making lunch together"
    plan.fields["session_outcomes"].value = "Staff offer graded assistance"
    plan.fields["needs"].value = "Observation showed staff doing tasks for people"
    plan.fields["evaluation"].value = "Observe engagement before and after"
    plan.methods["role-play"].value = True
    plan.methods["in-situ-coaching"].value = True
    assert load_plan(store, AS)["methods"] == ["role-play", "in-situ-coaching"]
    plan.save_evidence()
    assert "Saved as evidence e1, mapped to 2.1" in plan.message.value
    [item] = load_items(store, AS)
    assert (item.type, item.criteria, item.source) == ("training-plan", ("2.1",), "training-plan")
    assert "lo2-training-plan" not in EvidenceLog(AS, "LO2").coverage
    assert "Planning interactive training (LO2)" not in EvidenceLog(AS, "LO2").coverage
    assert TrainingPlanBuilder(AS, "LO2").fields["needs"].value.startswith("Observation showed")


def test_progress_reads_quiz_store_and_lists_three_steps(store, tmp_path):
    outcome = load_course().unit(LPCP).outcome("LO1")
    first = outcome.questions[0]
    store.update(quiz_document(LPCP, "LO1"), lambda d: d.setdefault("answers", {}).update(
        {first.id: {"answer": scoring.correct_answer(first), "attempts": 1, "revealed": False}}))
    view = ProgressView(LPCP)
    progress = {p.outcome: p for p in view.progress()}
    assert (progress["LO1"].correct, progress["LO1"].questions) == (1, len(outcome.questions))
    percent = round(100 / len(outcome.questions))
    assert f'aria-label="Quiz mastery {percent}%"' in view.view.value
    assert view.view.value.count("<li>") == 3 and "Your next 3 step(s)" in view.view.value


def test_export_widget_writes_and_imports(store, tmp_path):
    log = EvidenceLog(AS, today=TODAY)
    fill(log)
    log.save()
    exporter = PortfolioExport(AS)
    exporter.format.value = "json"
    name, text = exporter.file_text("json")
    assert f'download="{name}"' in exporter.copy_link.value and "data:application/json" in exporter.copy_link.value
    other = Store(tmp_path / "other")
    assert PortfolioExport(AS, store=other).import_text(name, text) == ["added e1"]
    assert load_items(other, AS) == load_items(store, AS)
    assert PortfolioExport(AS, store=other).import_text("x.json", "{")[0].startswith("x.json:1: not valid JSON")
    assert json.loads(text)["unit"] == AS
    assert not list(tmp_path.glob("portfolio-*")), "nothing is written beside the notebook"


def test_every_control_has_a_label_for_screen_readers(store):
    controls = (widgets.Text, widgets.Textarea, widgets.Dropdown, widgets.Checkbox, widgets.Button,
                widgets.FileUpload)
    roots = [EvidenceLog(AS, "LO2"), ReflectiveAccounts(AS), TrainingPlanBuilder(AS, "LO2"),
             ProgressView(AS), PortfolioExport(AS)]
    seen = 0
    for root in roots:
        stack = [root]
        while stack:
            widget = stack.pop()
            stack.extend(getattr(widget, "children", ()))
            if isinstance(widget, controls):
                seen += 1
                assert widget.description.strip(), widget
    assert seen > 40
