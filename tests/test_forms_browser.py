"""In a real browser, on a phone-sized screen: a long quiz in sets under a progress line that
stays in view, the evidence form's criteria shown whole, and the portfolio download link."""
from __future__ import annotations

import nbformat
import pytest

from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LPCP = "lead-person-centred-practice"
AS = "active-support-lead-interactive-training"
CODE = f"""from workbook.widgets import quiz
from workbook.widgets.evidence import EvidenceLog
from workbook.widgets.export import PortfolioExport
quiz.show({LPCP!r}, "LO1")
display(EvidenceLog({AS!r}, "LO2"))
display(PortfolioExport({AS!r}))
"""


@pytest.fixture
def page_root(tmp_path):
    root = tmp_path / "pages"
    root.mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CODE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, root / "forms.ipynb")
    return root


def test_sets_criteria_and_download_on_a_phone(lab_server_factory, page_root, page):
    server = lab_server_factory(root=page_root)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(server.page_url("forms.ipynb"), timeout=120_000)
    bar = page.locator(".workbook-quiz .wb-sets-bar")
    bar.wait_for(timeout=120_000)
    assert bar.evaluate("el => getComputedStyle(el).position") == "sticky"
    progress = bar.locator(".wb-progress-text")
    assert progress.inner_text().startswith("Set 1 of 3 · 0 of ")
    visible = page.locator(".workbook-question:visible")
    assert visible.count() == 10
    bar.get_by_role("button", name="Next set").click()
    page.wait_for_function("() => document.querySelector('.wb-progress-text')"
                           ".textContent.startsWith('Set 2 of 3')")
    assert visible.count() == 10
    # the bar stays in view while the learner scrolls through the set
    visible.nth(8).scroll_into_view_if_needed()
    page.wait_for_function("() => Math.abs(document.querySelector('.wb-sets-bar')"
                           ".getBoundingClientRect().top) <= 1")
    assert progress.is_visible() and progress.inner_text().startswith("Set 2 of 3")
    # the evidence form: every criterion's words shown, none cut off
    page.get_by_role("button", name="Log new evidence").click()
    boxes = page.locator(".wb-criteria-here label.widget-label-basic")
    boxes.first.wait_for(timeout=60_000)
    cut = boxes.evaluate_all("els => els.filter(e => e.scrollWidth > e.clientWidth + 1)"
                             ".map(e => e.textContent)")
    assert cut == []
    assert page.locator(".workbook-evidence").evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    # a witness's ground and an observation's setting: every choice's words shown, none cut off
    kinds = page.locator(".workbook-evidence .widget-dropdown", has_text="Type of evidence")
    for kind, part, choice in (
            ("Expert witness testimony", "wb-witness", "particularly sensitive"),
            ("Direct observation", "wb-observation", "At work, with the people I support")):
        kinds.locator("select").select_option(label=kind)
        details = page.locator(f".workbook-evidence .{part}")
        radio = details.locator(".widget-radio-box label", has_text=choice)
        radio.wait_for()
        assert radio.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), kind
        assert page.locator(".workbook-evidence").evaluate(
            "el => el.scrollWidth <= el.clientWidth + 1"), kind
        ARTIFACTS.mkdir(exist_ok=True)
        details.screenshot(path=str(ARTIFACTS / f"evidence-form-{part[3:]}-phone.png"))
    link = page.locator("a[download]", has_text="Download your portfolio")
    assert link.get_attribute("href").startswith("data:text/html;charset=utf-8;base64,")
    assert link.evaluate("el => el.getBoundingClientRect().height >= 24")
