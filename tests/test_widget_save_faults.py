"""Portfolio widgets when saving fails: a full disk, a read-only store, a refused write.

A failed save says "not saved: <reason>" beside its control and keeps what was typed, and
"Try saving again" saves it once the disk has room; a read-only store shows the saved work with
every control disabled and one plain message. Disks are real tmpfs mounts (see tests/disks.py).
"""
from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest

from tests.disks import read_only_folder, remount, tmpfs
from workbook import atomic
from workbook.learner.evidence import load_items
from workbook.learner.reflections import load_accounts
from workbook.learner.store import Store
from workbook.learner.training_plans import load_plan
from workbook.widgets.evidence import EvidenceLog
from workbook.widgets.export import PortfolioExport
from workbook.widgets.progress import ProgressView
from workbook.widgets.reflection import ReflectiveAccounts
from workbook.widgets.training_plan import TrainingPlanBuilder

AS = "active-support-lead-interactive-training"
LPCP = "lead-person-centred-practice"
TODAY = dt.date(2026, 3, 1)
TOO_BIG = "word " * 40_000  # 200 kB: more than the small disks below hold


def write_portfolio(folder: Path) -> None:
    """A finished reflective account (so also an evidence item) and a training-plan title."""
    store = Store(folder)
    refl = ReflectiveAccounts(LPCP, store=store, today=TODAY)
    refl.title.value = "Mealtime choices"
    for box in refl.parts.values():
        box.value = "Mr B chose his own plate."
    refl.criteria["1.1"].value = True
    refl.models["VIPS framework"].value = True
    refl.finish()
    assert [i.id for i in load_items(store, LPCP)] == ["e1"]
    TrainingPlanBuilder(AS, "LO2", store=store, today=TODAY).fields["title"].value = "Lunch together"


@pytest.fixture
def read_only_store(tmp_path) -> Store:
    with read_only_folder(tmp_path / "store", write_portfolio) as folder:
        yield Store(folder)


def test_read_only_store_shows_saved_work_read_only(read_only_store, tmp_path):
    store = read_only_store
    plain = "shown read-only: changes cannot be saved because the folder"

    refl = ReflectiveAccounts(LPCP, store=store, today=TODAY)
    assert refl.title.value == "Mealtime choices"
    assert refl.parts["description"].value == "Mr B chose his own plate."
    assert plain in refl.guard.notice.value and str(store.root) in refl.guard.notice.value
    assert all(box.disabled for box in [refl.title, refl.date, refl.new_button, refl.finish_button,
                                        *refl.parts.values(), *refl.criteria.values()])

    log = EvidenceLog(LPCP, "LO1", store=store, today=TODAY)
    assert "Mealtime choices" in log.rows[0]["html"]
    assert plain in log.notice and log.read_only  # the view disables its buttons
    log._on_message(log, {"action": "edit", "item": log.rows[0]["id"]}, [])
    assert log.form is None and log.editing is None, "a read-only log opens no form"
    log.open_form()  # the form, made by code, is disabled too
    assert log.form.save_button.disabled and log.form.title.disabled

    plan = TrainingPlanBuilder(AS, "LO2", store=store, today=TODAY)
    assert plan.fields["title"].value == "Lunch together"
    assert plan.fields["title"].disabled and plan.save_button.disabled
    assert plain in plan.guard.notice.value

    progress = ProgressView(LPCP, store=store)
    assert "Progress: " in progress.view.value and "role='alert'" not in progress.view.value

    export = PortfolioExport(LPCP, store=store)
    assert export.upload.disabled and "download=" in export.link.value
    assert "Mealtime choices" in export.page()[1] and "Mealtime choices" in export.file_text("csv")[1]
    assert store.warnings == []


def test_full_disk_keeps_the_text_and_saves_it_on_retry(tmp_path):
    with tmpfs(tmp_path / "store", "64k") as folder:
        store = Store(folder)
        refl = ReflectiveAccounts(LPCP, store=store, today=TODAY)
        refl.title.value = "Mealtime choices"
        refl.parts["analysis"].value = TOO_BIG
        label = refl.guard.label("parts.analysis").value
        assert "not saved: the disk is full" in label and "What you wrote is still here" in label
        assert refl.parts["analysis"].value == TOO_BIG
        assert refl.guard.retry_button.layout.display is None  # shown
        assert refl.guard.label("title").value == ""
        assert load_accounts(store, LPCP)["r1"]["parts"] == {}  # the old file, whole

        remount(folder, "size=2m")
        assert refl.guard.retry()
        assert refl.guard.label("parts.analysis").value == ""
        assert refl.guard.retry_button.layout.display == "none"
        saved = load_accounts(Store(folder), LPCP)["r1"]
        assert saved["parts"]["analysis"] == TOO_BIG and saved["title"] == "Mealtime choices"


def test_full_disk_on_evidence_and_plan_keeps_the_forms(tmp_path):
    with tmpfs(tmp_path / "store", "64k") as folder:
        store = Store(folder)
        plan = TrainingPlanBuilder(AS, "LO2", store=store, today=TODAY)
        plan.fields["needs"].value = TOO_BIG
        assert "not saved: the disk is full" in plan.guard.label("needs").value
        assert plan.fields["needs"].value == TOO_BIG and "needs" not in load_plan(store, AS)

        log = EvidenceLog(LPCP, "LO1", store=store, today=TODAY)
        log.open_form()
        log.form.type.value = "reflective-account"
        log.form.title.value, log.form.description.value = "Team meeting notes", TOO_BIG
        log.form.location.value = "Folder 2"
        log.form.criteria["1.1"].value = True
        assert log.save() is None
        assert "not saved: the disk is full" in log.message
        assert (log.form.title.value, log.form.description.value) == ("Team meeting notes", TOO_BIG)
        assert load_items(store, LPCP) == []

        remount(folder, "size=2m")
        assert plan.guard.retry() and load_plan(store, AS)["needs"] == TOO_BIG
        item = log.save()
        assert item is not None and [i.title for i in load_items(store, LPCP)] == ["Team meeting notes"]


def test_the_download_writes_nothing_so_a_read_only_folder_does_not_matter(tmp_path, monkeypatch):
    with tmpfs(tmp_path / "out", "64k") as out:
        remount(out, "ro")
        monkeypatch.chdir(out)  # the notebook's own folder
        export = PortfolioExport(LPCP, store=Store(tmp_path / "store"))
        assert "download=" in export.link.value and export.message.value == ""
        assert list(out.iterdir()) == []


def test_refused_write_without_root(tmp_path, monkeypatch):
    """Everywhere (no mount needed): the OS refuses the commit of a save, then accepts it."""
    refl = ReflectiveAccounts(LPCP, store=Store(tmp_path), today=TODAY)
    refl.title.value = "First"

    def refuse(src, dst):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(atomic.os, "replace", refuse)
    refl.parts["feelings"].value = "Worried at first."
    assert "not saved: no permission to write there" in refl.guard.label("parts.feelings").value
    assert refl.guard.unsaved == ["parts.feelings"]
    assert not refl.guard.retry()
    monkeypatch.undo()
    assert refl.guard.retry() and refl.guard.unsaved == []
    assert load_accounts(Store(tmp_path), LPCP)["r1"]["parts"]["feelings"] == "Worried at first."
    assert refl.title.value == "First"  # typing first into an empty form keeps the text shown
