"""In JupyterLab with Chromium: log evidence in an outcome notebook and see the map change and stay."""
from __future__ import annotations

import json

import pytest

from tests.conftest import ARTIFACTS

AS = "active-support-lead-interactive-training"
NOTEBOOK = f"{AS}/02-be-able-to-plan-person-centred.ipynb"


def evidence_widget(page):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .workbook-evidence")


@pytest.mark.slow
@pytest.mark.browser
def test_log_evidence_and_see_matrix_and_rules_change(lab_server, page):
    lab_server.open(page, NOTEBOOK)
    lab_server.run_all(page)
    log = evidence_widget(page)
    matrix = log.locator(".wb-matrix")
    unmet = log.locator(".wb-unmet")
    matrix.wait_for()
    assert "LO2 · 2.1 ⚠ Gap: no evidence yet" in " ".join(matrix.inner_text().split())
    assert "LO2, criterion 2.1: Every assessment criterion" in unmet.inner_text()
    assert "No direct observation or expert witness testimony" in unmet.inner_text()
    # the static copies for nbconvert (this log's among them) are hidden while widgets are drawn
    copies = page.locator(".workbook-static-summary").all()
    assert copies and not any(copy.is_visible() for copy in copies)

    log.locator(".widget-dropdown", has_text="Type of evidence").locator("select").select_option(
        label="Direct observation")
    log.locator(".widget-text", has_text="Title").locator("input").fill("Observed role-play session")
    log.locator(".widget-text", has_text="Date").locator("input").fill("2026-01-15")
    log.locator(".widget-text", has_text="Kept where").locator("input").fill("Assessor's report")
    log.locator(".widget-checkbox", has_text="2.1 ").locator("input").check()
    log.locator(".widget-checkbox", has_text="3.1 ").locator("input").check()
    log.get_by_role("button", name="Save evidence").click()

    log.get_by_text("Saved e1: Observed role-play session").wait_for()
    matrix.get_by_role("columnheader", name="e1: Observed role-play session").wait_for()
    rows = " ".join(matrix.inner_text().split())
    assert "LO2 · 2.1 ✔ Covered (1)" in rows and "LO3 · 3.1 ✔ Covered (1)" in rows
    assert "LO4 · 4.1 ⚠ Gap: no evidence yet" in rows
    rules = unmet.inner_text()
    assert "LO2, criterion 2.1" not in rules and "No direct observation" not in rules
    assert "Planning interactive training (LO2) needs a training plan" in rules
    ARTIFACTS.mkdir(exist_ok=True)
    matrix.screenshot(path=str(ARTIFACTS / "evidence-matrix.png"))

    saved = json.loads((lab_server.store / f"evidence-{AS}.json").read_text(encoding="utf-8"))
    assert saved["data"]["items"]["e1"]["criteria"] == ["2.1", "3.1"]

    page.reload()
    lab_server.open(page, NOTEBOOK)
    lab_server.run_all(page)
    log = evidence_widget(page)
    log.locator(".wb-matrix").get_by_role("columnheader", name="e1: Observed role-play session").wait_for()
    assert "LO2 · 2.1 ✔ Covered (1)" in " ".join(log.locator(".wb-matrix").inner_text().split())
    assert log.get_by_role("heading", name="Your evidence mapped to LO2 (1)").is_visible()
    assert log.get_by_role("button", name="Edit e1").is_visible()
