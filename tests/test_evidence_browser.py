"""In JupyterLab with Chromium: log evidence in an outcome notebook and see the map change and stay."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS
from workbook import load_course

AS = "active-support-lead-interactive-training"
LPCP = "lead-person-centred-practice"
NOTEBOOK = f"{AS}/02-be-able-to-plan-person-centred.ipynb"
LPCP_NOTEBOOK = f"{LPCP}/02-be-able-to-lead-a-person-centred.ipynb"


def evidence_widget(page):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .workbook-evidence")


def observe(log) -> None:
    """Fill in that the observation took place at work, where, and that the people supported
    consented."""
    log.get_by_role("radio", name="At work, with the people I support").check()
    log.locator(".widget-text", has_text="Place of the observation").locator("input").fill(
        "The service's kitchen")
    log.get_by_role("radio", name="The people supported agreed to the observation").check()


def flat(locator) -> str:
    return " ".join(locator.inner_text().split())


def criterion(unit: str, outcome: str):
    """The outcome's first criterion (or marking point), as the course has it now."""
    return load_course().unit(unit).outcome(outcome).criteria[0]


def row(outcome: str, c) -> str:
    """A matrix row's heading: the outcome and the criterion's whole wording."""
    return f"{outcome} · {' '.join(c.caption.split())}"


def box(c) -> str:
    """A criterion checkbox's label."""
    return f"{c.id} {c.text}" if c.official else f"Marking point: {c.text}"


@pytest.mark.slow
@pytest.mark.browser
def test_log_evidence_and_see_matrix_and_rules_change(lab_server, page):
    lab_server.open(page, NOTEBOOK)
    lab_server.run_all(page)
    log = evidence_widget(page)
    matrix = log.locator(".wb-matrix")
    unmet = log.locator(".wb-unmet")
    lo2, lo3, lo4 = (criterion(AS, o) for o in ("LO2", "LO3", "LO4"))
    matrix.wait_for()
    assert f"{row('LO2', lo2)} ⚠ Gap: no evidence yet" in flat(matrix)
    lo2_rule = f"LO2, {'criterion ' + lo2.id if lo2.official else lo2.label}: Every assessment criterion"
    assert lo2_rule in unmet.inner_text()
    assert "Nothing mapped to it counts as observation yet" in unmet.inner_text()
    # the static copies for nbconvert (this log's among them) are hidden while widgets are drawn
    copies = page.locator(".workbook-static-summary").all()
    assert copies and not any(copy.is_visible() for copy in copies)

    # the form is drawn when asked for; keys pressed on the log's controls are not notebook
    # shortcuts: "d d" deletes no cell, Enter presses the button and does not edit a cell
    assert log.locator(".widget-dropdown", has_text="Type of evidence").count() == 0
    cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").count()
    log.get_by_role("button", name="Log new evidence").focus()
    page.keyboard.press("d")
    page.keyboard.press("d")
    assert page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").count() == cells
    page.keyboard.press("Enter")
    log.locator(".widget-dropdown", has_text="Type of evidence").wait_for()
    assert page.locator(".jp-Notebook.jp-mod-editMode").count() == 0
    # the pressed button makes way for the form, and the keyboard goes on to its title
    expect(log.locator(".widget-text", has_text="Title").locator("input")).to_be_focused()
    assert not log.get_by_role("button", name="Log new evidence").is_visible()
    log.locator(".widget-dropdown", has_text="Type of evidence").locator("select").select_option(
        label="Direct observation")
    log.locator(".widget-text", has_text="Title").locator("input").fill("Observed role-play session")
    log.locator(".widget-text", has_text="Date").locator("input").fill("2026-01-15")
    log.locator(".widget-text", has_text="Kept where").locator("input").fill("Assessor's report")
    observe(log)
    here = log.locator(".wb-criteria-here")
    here.locator(".widget-checkbox", has_text=box(lo2)).locator("input").check()
    here.locator(".widget-checkbox", has_text=box(lo3)).locator("input").check()
    log.get_by_role("button", name="Save evidence").click()

    log.get_by_text("Saved e1: Observed role-play session").wait_for()
    matrix.get_by_role("columnheader", name="e1: Observed role-play session").wait_for()
    rows = flat(matrix)
    assert f"{row('LO2', lo2)} ✔ Covered (1)" in rows and f"{row('LO3', lo3)} ✔ Covered (1)" in rows
    assert f"{row('LO4', lo4)} ⚠ Gap: no evidence yet" in rows
    rules = unmet.inner_text()
    assert lo2_rule not in rules and "No direct observation" not in rules
    assert "Planning interactive training (LO2) needs a training plan" in rules
    ARTIFACTS.mkdir(exist_ok=True)
    matrix.screenshot(path=str(ARTIFACTS / "evidence-matrix.png"))

    saved = json.loads((lab_server.store / "evidence.json").read_text(encoding="utf-8"))
    assert saved["data"]["items"]["e1"]["criteria"] == {AS: sorted([lo2.id, lo3.id])}

    # saved and reloaded while its kernel runs (the form brought ipywidgets in): every widget
    # comes back live from the kernel without running a cell, the log's and the quiz's too
    page.locator("#jp-MainMenu").get_by_text("File", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Save Notebook\b")).first.click()
    page.locator(".jp-mod-dirty").wait_for(state="detached")
    page.reload()
    lab_server.open(page, NOTEBOOK)
    log = evidence_widget(page)
    log.locator(".wb-matrix").get_by_role("columnheader", name="e1: Observed role-play session").wait_for()
    log.locator(".widget-dropdown", has_text="Type of evidence").wait_for()
    page.locator(".workbook-question").first.wait_for()
    assert page.get_by_text("Error displaying widget").count() == 0
    lab_server.run_all(page)
    log = evidence_widget(page)
    log.locator(".wb-matrix").get_by_role("columnheader", name="e1: Observed role-play session").wait_for()
    assert f"{row('LO2', lo2)} ✔ Covered (1)" in flat(log.locator(".wb-matrix"))
    assert log.get_by_role("heading", name="Your evidence for LO2 (1)").is_visible()
    assert log.get_by_role("button", name="Edit e1").is_visible()


@pytest.mark.slow
@pytest.mark.browser
def test_one_item_mapped_to_both_units_changes_both_matrices(lab_server, page):
    lpcp, here = criterion(LPCP, "LO2"), criterion(AS, "LO2")
    lab_server.open(page, NOTEBOOK)
    lab_server.run_all(page)
    log = evidence_widget(page)
    log.locator(".wb-matrix").wait_for()
    log.get_by_role("button", name="Log new evidence").click()
    log.locator(".widget-dropdown", has_text="Type of evidence").locator("select").select_option(
        label="Direct observation")
    log.locator(".widget-text", has_text="Title").locator("input").fill("Observed training session")
    log.locator(".widget-text", has_text="Date").locator("input").fill("2026-01-15")
    observe(log)
    log.locator(".wb-criteria-here .widget-checkbox", has_text=box(here)).locator("input").check()
    log.locator(".wb-criteria-elsewhere .widget-checkbox", has_text=box(lpcp)).locator("input").check()
    log.get_by_role("button", name="Save evidence").click()
    log.get_by_text(f"It also counts towards Lead person centred practice ({lpcp.id})").wait_for()
    # the message is drawn before the matrix: wait for the item's column
    log.locator(".wb-matrix").get_by_role("columnheader", name="e1: Observed training session").wait_for()
    assert f"{row('LO2', here)} ✔ Covered (1)" in flat(log.locator(".wb-matrix"))

    lab_server.open(page, LPCP_NOTEBOOK)
    lab_server.run_all(page)
    other = evidence_widget(page)
    matrix = other.locator(".wb-matrix")
    matrix.get_by_role("columnheader", name="e1: Observed training session").wait_for()
    assert f"{row('LO2', lpcp)} ✔ Covered (1)" in flat(matrix)
    named = here.id if here.official else "LO2 marking point"
    assert f"Also counts towards Active support: lead interactive training ({named})" in flat(other)
    ARTIFACTS.mkdir(exist_ok=True)
    matrix.screenshot(path=str(ARTIFACTS / "evidence-matrix-second-unit.png"))

    # unmapping it from this unit leaves the other unit's mapping; by keyboard, the focus stays
    # on the item's button while it asks for confirmation
    other.get_by_role("button", name="Remove e1").focus()
    page.keyboard.press("Enter")
    expect(other.get_by_role("button", name="Confirm remove e1")).to_be_focused()
    page.keyboard.press("Enter")
    other.get_by_text("Removed e1 from this unit; it still counts towards your other units").wait_for()
    matrix.get_by_role("columnheader", name="e1: Observed training session").wait_for(state="detached")
    assert f"{row('LO2', lpcp)} ⚠ Gap: no evidence yet" in flat(matrix)
    saved = json.loads((lab_server.store / "evidence.json").read_text(encoding="utf-8"))
    assert saved["data"]["items"]["e1"]["criteria"] == {AS: [here.id]}
