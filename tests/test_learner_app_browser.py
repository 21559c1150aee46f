"""Learner pages as learners meet them: Voilà pages in Chromium, on a desktop and on a phone.

Each page opens ready to use (no cell to run, no code, nothing editable), the quiz answers and
saves, a page opened again shows the saved work live, opening a page never changes its file,
nothing scrolls sideways and axe finds no critical or serious problem on the whole page.
Screenshots go to test-artifacts/learner-app/.
"""
from __future__ import annotations

import json
import re
import time
import urllib.request
from pathlib import Path

import pytest

from workbook import load_course
from workbook.build.notebooks import NOTEBOOKS, notebook_files
from workbook.widgets.quiz import document_name

from .conftest import ARTIFACTS, PROJECT

pytestmark = [pytest.mark.slow, pytest.mark.browser]

AXE = PROJECT / "hub" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ARTIFACTS / "learner-app"
UNIT = "lead-person-centred-practice"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
RUN_AXE = """async () => {
    // the whole page, and touch targets of at least 24 by 24 px (WCAG 2.2, off by default)
    const results = await axe.run(document, {rules: {'target-size': {enabled: true}}});
    return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""
# What a page shows that a learner should never see: code, cell prompts, editors.
CODE_ON_SCREEN = """() => ({
    text: document.body.innerText,
    inputs: [...document.querySelectorAll('.jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt')]
        .filter(e => e.offsetParent !== null && e.innerText.trim() !== '').length,
    editors: document.querySelectorAll('.cm-editor, .CodeMirror, [contenteditable="true"]').length,
})"""


@pytest.fixture
def pages_server(lab_server_factory, tmp_path):
    """A Jupyter server over freshly built learner pages (not the committed copies)."""
    root = tmp_path / "pages"
    for rel, text in notebook_files(load_course()).items():
        path = root / rel.relative_to(NOTEBOOKS)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return lab_server_factory(root=root)


@pytest.fixture
def open_page(browser):
    """Open a learner page at a viewport (a fresh browser context each time)."""
    contexts = []

    def open_(url: str, viewport: str, ready: str):
        context = browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone",
                                      has_touch=viewport == "phone")
        context.set_default_timeout(60_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        page.locator(ready).first.wait_for()
        return page

    yield open_
    for context in contexts:
        context.close()


def _fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _check_page(page, name: str) -> None:
    """No code on screen, no sideways scroll, no critical or serious axe finding; a screenshot."""
    shown = page.evaluate(CODE_ON_SCREEN)
    assert shown["inputs"] == 0 and shown["editors"] == 0, shown
    assert "from workbook" not in shown["text"] and "show(" not in shown["text"]
    assert not re.search(r"\[\s*\d*\s*\]:", shown["text"]), "a cell prompt is on screen"
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)
    assert widths[0] <= widths[1], f"{name}: the page scrolls sideways {widths}"
    assert AXE.is_file(), "axe-core is missing: run `make node` (scripts/node-deps)"
    page.add_script_tag(path=str(AXE))
    bad = [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("critical", "serious")]
    assert bad == [], f"{name}: {json.dumps(bad, indent=1)}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_outcome_page_opens_ready_saves_and_never_changes_its_file(pages_server, open_page,
                                                                  viewport):
    outcome = load_course().unit(UNIT).outcome("LO1")
    first = outcome.questions[0]
    assert first.type in ("single", "truefalse")
    right = next(o for o in first.options if o.correct)
    notebook = next((pages_server.root / UNIT).glob("01-*.ipynb"))
    before = _fingerprint(notebook)
    url = pages_server.page_url(notebook.relative_to(pages_server.root).as_posix())

    if viewport == "desktop":  # the HTML Voilà sends holds no source and no prompt either
        with urllib.request.urlopen(url, timeout=120) as response:
            sent = response.read().decode()
        assert "from workbook" not in sent and "jp-InputPrompt" not in sent
        assert "workbook-question" not in sent  # the quiz is drawn live, by its model

    page = open_page(url, viewport, ".workbook-question")
    question = page.locator(".workbook-question").first
    assert question.is_visible()
    question.get_by_role("radio", name=right.text).check()
    question.get_by_role("button", name="Check answer").click()
    question.get_by_role("alert").get_by_text("✔ Correct").wait_for()
    _check_page(page, f"outcome-{viewport}")

    store_file = pages_server.store / f"{document_name(UNIT, 'LO1')}.json"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # the kernel saves a moment after the check
        if store_file.exists() and first.id in json.loads(store_file.read_text())["data"]["answers"]:
            break
        time.sleep(0.1)
    answers = json.loads(store_file.read_text())["data"]["answers"]
    assert answers[first.id] == {"answer": right.id, "attempts": 1, "revealed": False}

    # opened again (a new kernel): the saved answer and its feedback are there, live
    again = open_page(url, viewport, ".workbook-question")
    question = again.locator(".workbook-question").first
    question.get_by_role("alert").get_by_text("✔ Correct").wait_for()
    assert question.get_by_role("radio", name=right.text).is_checked()
    question.get_by_role("button", name="Try again").click()
    question.get_by_role("alert").wait_for(state="detached")
    assert _fingerprint(notebook) == before, "opening and using the page changed its file"
    assert not list(pages_server.root.rglob(".ipynb_checkpoints"))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_course_home_shows_state_and_leads_to_each_page(pages_server, open_page, viewport):
    course = load_course()
    index = pages_server.root / "index.ipynb"
    before = _fingerprint(index)
    store_file = pages_server.store / f"{document_name(UNIT, 'LO1')}.json"
    first = course.unit(UNIT).outcome("LO1").questions[0]
    store_file.write_text(json.dumps({"schema": 1, "name": document_name(UNIT, "LO1"), "data": {
        "answers": {first.id: {"answer": next(o.id for o in first.options if o.correct),
                               "attempts": 1, "revealed": False}}}}))

    page = open_page(pages_server.page_url("index.ipynb"), viewport, ".workbook-home")
    home = page.locator(".workbook-home")
    for number, unit in enumerate(course.units, 1):
        assert home.get_by_role("heading", name=f"Unit {number}: {unit.title}").is_visible()
        for outcome in unit.outcomes:
            assert home.get_by_role("link", name=f"{outcome.id} · {outcome.title}").count() >= 1
    lo1 = home.locator("li.wb-outcome").first
    assert "In progress" in lo1.inner_text() and "Quiz: 1 of" in lo1.inner_text()
    assert home.get_by_role("link", name="Open these pages in JupyterLab").count() == 1
    sizes = page.evaluate("() => [...document.querySelectorAll('.workbook-home a')]"
                          ".map(a => { const r = a.getBoundingClientRect(); "
                          "return [a.textContent, r.width, r.height]; })")
    assert all(h >= 24 for _, _, h in sizes), [s for s in sizes if s[2] < 24]
    _check_page(page, f"home-{viewport}")

    home.get_by_role("link", name="Continue with LO1", exact=False).click()
    page.wait_for_url("**/voila/render/**/01-*.ipynb*")
    page.locator(".workbook-question").first.wait_for()
    assert "/voila/render/" in page.url and page.url.split("?")[0].endswith(".ipynb")
    # the page left behind shut its kernel down: one kernel per open page, not per visit
    page.get_by_role("link", name="◀ Course home").click()
    page.locator(".workbook-home").wait_for()
    deadline = time.monotonic() + 20
    while len(pages_server.api("api/kernels")) > 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(pages_server.api("api/kernels")) == 1
    assert _fingerprint(index) == before


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_portfolio_page_opens_ready_with_its_forms(pages_server, open_page, viewport):
    notebook = pages_server.root / UNIT / "portfolio.ipynb"
    before = _fingerprint(notebook)
    page = open_page(pages_server.page_url(notebook.relative_to(pages_server.root).as_posix()),
                     viewport, ".workbook-evidence")
    progress = page.locator(".workbook-progress")
    progress.locator("caption").wait_for()  # the progress chart is drawn
    assert page.locator(".workbook-static-summary").first.is_hidden()
    page.get_by_role("button", name="Log new evidence").first.click()
    page.locator(".workbook-evidence .wb-criteria-here").first.wait_for()
    _check_page(page, f"portfolio-{viewport}")
    assert _fingerprint(notebook) == before


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_assessment_page_takes_written_answers_in_boxes(lab_server_factory, tmp_path, open_page,
                                                        viewport):
    """The fetched assessment as a page: each written answer is typed in a box and saved into
    the notebook's answer cell (what nbgrader collects); the answer cells are not shown."""
    from workbook.assess.written_answers import PLACEHOLDER, read_answer

    folder = tmp_path / "home" / "lpcp-assessment"
    folder.mkdir(parents=True)
    notebook = folder / "assessment.ipynb"
    notebook.write_bytes((PROJECT / "assignments" / "source" / "lpcp-assessment"
                          / "assessment.ipynb").read_bytes())
    server = lab_server_factory(root=tmp_path / "home")
    url = server.page_url("lpcp-assessment/assessment.ipynb")
    page = open_page(url, viewport, ".workbook-written textarea")
    boxes = page.locator(".workbook-written")
    cells = json.loads(notebook.read_text())["cells"]
    answers = [c["id"] for c in cells if c["id"].startswith("answer-")]
    assert boxes.count() == len(answers) > 0
    assert PLACEHOLDER not in page.locator("body").inner_text()
    _check_page(page, f"assessment-written-{viewport}")

    text = "I met the team each week to plan activities with the people we support."
    first = boxes.first
    first.get_by_role("textbox", name="Your answer").fill(text)
    first.get_by_role("textbox", name="Your answer").press("Tab")  # saved on leaving the box
    first.get_by_text("Saved into your assessment").wait_for()
    assert read_answer(notebook, answers[0]) == text
    assert first.get_by_text("14 words").is_visible()
    first.scroll_into_view_if_needed()
    first.screenshot(path=str(SHOTS / f"assessment-box-{viewport}.png"))
    assert all(read_answer(notebook, other) == "" for other in answers[1:])

    again = open_page(url, viewport, ".workbook-written textarea")
    assert again.locator(".workbook-written textarea").first.input_value() == text
