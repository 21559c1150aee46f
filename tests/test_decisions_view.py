"""The tutor's decisions view: learners × criteria with the evidence behind each, a decision by
keyboard alone in JupyterLab (screenshot: test-artifacts/decisions-tutor-view.png), and the
IQA's verdicts through the same view without any way to decide.

The course folder is the one `workbook build` writes (source notebook, tutor notebook); the
submissions in it are written by the learner's own document writers, as nbgrader's collect
leaves them.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workbook.course.loader import load_course
from workbook.decisions import iqa, record
from workbook.decisions.journal import writer
from workbook.learner.declaration import STATEMENTS, sign
from workbook.learner.evidence import EvidenceItem, save_item
from workbook.learner.store import Store

from .conftest import ARTIFACTS, PROJECT

UNIT = "lead-person-centred-practice"
ASSIGNMENT = "lpcp-assessment"
NOTEBOOK = f"tutor/decisions-{UNIT}.ipynb"


def course_folder(tmp_path: Path) -> Path:
    """A course folder holding the built notebooks and two collected submissions."""
    root = tmp_path / "course"
    shutil.copytree(PROJECT / "assignments" / "source" / ASSIGNMENT, root / "source" / ASSIGNMENT)
    shutil.copytree(PROJECT / "assignments" / "tutor", root / "tutor")
    unit = load_course().unit(UNIT)
    first = tuple(c.id for c in unit.outcomes[0].criteria)
    for learner in ("ready", "other"):
        store = Store(root / "submitted" / learner / ASSIGNMENT / ".responses")
        save_item(store, EvidenceItem("e1", "direct-observation", "Observed leading a review",
                                      "2026-03-02", description="Led the review with the person.",
                                      home=UNIT, mapping=((UNIT, first),)))
        save_item(store, EvidenceItem("e2", "reflective-account", "Reflection on the review",
                                      "2026-03-10", home=UNIT, mapping=((UNIT, first[:1]),)))
        sign(store, UNIT, learner.title(), dict.fromkeys(STATEMENTS, True), False, "")
    return root


def focus_until(page, selector: str, limit: int = 30) -> None:
    """Press Tab until the focused element matches the selector (keyboard only)."""
    for _ in range(limit):
        if page.evaluate(f"() => document.activeElement && document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.slow
@pytest.mark.browser
def test_a_decision_is_recorded_by_keyboard_alone(lab_server_factory, page, tmp_path):
    root = course_folder(tmp_path)
    lab = lab_server_factory(root=root, env={"WORKBOOK_ROLE": "tutor"})
    lab.open(page, NOTEBOOK)
    lab.run_all(page)
    view = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .workbook-decisions")
    grid = view.locator(".wb-decisions-grid")
    grid.wait_for()
    assert "declaration signed by Ready on" in grid.inner_text()
    assert grid.inner_text().count("· no decision") == 2 * len(load_course().unit(UNIT).criteria)

    # into the view once, then keys only: learner, criterion, evidence, decision, feedback, name
    view.locator(".widget-dropdown", has_text="Learner").locator("select").focus()
    page.keyboard.press("ArrowDown")   # "ready" (learners are listed by name: other, ready)
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")   # the unit's second criterion
    criterion = load_course().unit(UNIT).criteria[1].id
    view.get_by_text("History:").wait_for()
    chosen = view.locator(".widget-dropdown", has_text="Criterion").locator("select").input_value()
    assert chosen.startswith(f"{criterion} ")
    # the evidence boxes are redrawn by the kernel after the criterion changes: wait for e1's
    view.locator("input[type=checkbox]:checked").first.wait_for()
    focus_until(page, ".workbook-decisions input[type=checkbox]")
    # e1 is mapped to this criterion and comes ticked; e2 is not mapped here: leave it
    assert page.evaluate("() => document.activeElement.checked")
    focus_until(page, ".workbook-decisions input[type=radio]")
    page.keyboard.press("ArrowDown")   # not yet met
    page.keyboard.press("ArrowUp")     # back to met: a change of mind costs two keys
    focus_until(page, ".workbook-decisions textarea")
    page.keyboard.type("The observation shows you leading with the person's own words.")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("Asha Patel")
    focus_until(page, ".workbook-decisions button")
    page.keyboard.press("Enter")

    view.get_by_text(f"Recorded {writer()}:d1: ready {criterion} met, recorded by Asha Patel").wait_for()
    row = grid.get_by_role("row", name="ready")
    assert "✔ met" in row.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    view.screenshot(path=str(ARTIFACTS / "decisions-tutor-view.png"))
    # a fresh kernel reads it back from the course folder
    lab.restart_and_run_all(page)
    grid.wait_for()
    assert "✔ met" in grid.get_by_role("row", name="ready").inner_text()
    journal = root / "decisions" / UNIT / f"{writer()}.jsonl"
    entries = [json.loads(line) for line in journal.read_text().splitlines()]
    assert [(e["learner"], e["criterion"], e["outcome"], e["evidence"], e["assessor"]) for e in entries] == \
        [("ready", criterion, "met", ["e1"], "Asha Patel")]
    assert entries[0]["feedback"] == "The observation shows you leading with the person's own words."


def test_the_iqa_gives_verdicts_in_the_view_and_cannot_decide(tmp_path, monkeypatch):
    from workbook.widgets.decisions import DecisionsView

    root = course_folder(tmp_path)
    unit = load_course().unit(UNIT)
    criterion = unit.criteria[0].id
    monkeypatch.setenv("WORKBOOK_ROLE", "tutor")
    view = DecisionsView(UNIT, root)
    view.learner.value, view.criterion.value = "other", criterion
    assert not view.record() and "choose met or not yet met first" in view.message.value
    view.outcome.value, view.name.value = record.NOT_YET_MET, "asha"
    assert "Not recorded" not in view.message.value  # the refusal goes once it is put right
    assert "Record decision" in view.message.value
    assert not view.record() and "say in the feedback" in view.message.value
    view.feedback.value = "Show how the person chose."
    assert "Not recorded" not in view.message.value
    assert view.record() and "✘ not yet met" in view.grid.value
    monkeypatch.setenv("WORKBOOK_ROLE", "iqa")
    iqa.sample(root, unit, {}, "ina", "iqa", rate=1.0, seed=1)
    view = DecisionsView(UNIT, root)
    assert view.record_button.description == "Record verdict"
    assert view.outcome not in view.children and view.evidence not in view.children
    view.learner.value, view.criterion.value, view.name.value = "other", criterion, "ina"
    view.agree.value, view.feedback.value = "disagree", "e1 shows it"
    assert view.record(), view.message.value
    assert "⚠ reopened (✘ not yet met)" in view.grid.value
    # the role, not the view, is what stops an IQA deciding
    assert [d.assessor for d in record.history(root, UNIT)] == ["asha"]


def test_the_view_names_a_damaged_journal_instead_of_failing(tmp_path, monkeypatch):
    from workbook.widgets.decisions import DecisionsView

    root = course_folder(tmp_path)
    journal = root / "decisions" / UNIT / f"{writer()}.jsonl"
    journal.parent.mkdir(parents=True)
    journal.write_text("[1]\n", encoding="utf-8")
    monkeypatch.setenv("WORKBOOK_ROLE", "tutor")
    view = DecisionsView(UNIT, root)
    assert (f"record altered: {journal}, entry 1 (an entry must be a JSON object with an id)"
            in view.message.value)
    # the damaged journal is left out; the submissions are still there to judge
    assert view.learner.options == ("other", "ready")
