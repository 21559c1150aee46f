"""A learner's whole journey on the course hub, with no code, on a desktop and on a phone.

A new learner logs in and lands on the course home; opens an outcome page and answers a quiz
question; opens the unit's portfolio page, logs an observation with what the evidence form asks,
writes and finishes a reflective account and signs the declaration. On the desktop the learner
also fetches the assessment from the portfolio page and submits it: refused while the declaration
is unsigned, taken once it is signed, and found in the tutor's inbound. Every page shows no code
and no prompt, does not scroll sideways, has no critical or serious axe finding and asks nothing
of any host but the hub. The learner's server is then stopped through the hub's API; back again,
the answer, the evidence and the reflection are there, live, and the portfolio download holds
the reflection's full text and the signed declaration. Screenshots: test-artifacts/journey/ and
/tmp/journey-*.png.
"""
from __future__ import annotations

import html
import json
import pwd
import re
import shutil
import time
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from workbook import load_course
from workbook.hub.userconfig import course_id
from workbook.learner.declaration import STATEMENTS

from .conftest import ARTIFACTS, PAGE_TIMEOUT_MS, PROJECT
from .hub_server import HubServer, start_hub
from .hub_user import ASSIGNMENT, HubUser, release, server_pid

pytestmark = [pytest.mark.slow, pytest.mark.browser]

AXE = PROJECT / "hub" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ARTIFACTS / "journey"
UNIT = "lead-person-centred-practice"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LEARNERS = {"desktop": "learner1", "phone": "learner2"}
SIGNER = "Alex Learner"
WRITTEN = "Each week I plan activities with the people we support and their families."
# A reflective account in Gibbs' stages (no names, nothing that looks like one)
REFLECTION = {
    "Description": "During the weekly house meeting the team asked each person what they "
                   "wanted from the coming week, and one person chose to plan the shopping.",
    "Feelings": "I was unsure at first whether the team would hand the planning over.",
    "Evaluation": "The planning went well because staff waited and listened; the list took "
                  "longer than usual, which nobody minded.",
    "Analysis": "Person centred thinking tools helped: asking what matters to the person "
                "kept the focus on choice and control rather than on the rota.",
    "Conclusion": "I learned that giving time is part of giving choice.",
    "Action plan": "By the end of next month every house meeting will start with what "
                   "matters to each person, and I will review the notes with the team.",
}
RUN_AXE = """async () => {
    const results = await axe.run(document, {rules: {'target-size': {enabled: true}}});
    return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""
# (a markdown cell's text is drawn in an input area too: only code cells' count)
CODE_ON_SCREEN = """() => ({
    text: document.body.innerText,
    inputs: [...document.querySelectorAll('.jp-CodeCell .jp-InputArea, .jp-InputPrompt')]
        .filter(e => e.offsetParent !== null).length,
    prompts: [...document.querySelectorAll('.jp-OutputPrompt')]
        .filter(e => e.offsetParent !== null && e.innerText.trim() !== '').length,
    editors: document.querySelectorAll('.cm-editor, .CodeMirror').length,
})"""

# Buttons whose words do not fit them (cut off or spilling out), with their text and widths.
CUT_BUTTONS = """() => [...document.querySelectorAll('button')]
    .filter(b => b.offsetParent !== null && b.textContent.trim() !== ''
                 && (b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1))
    .map(b => [b.textContent.trim(), b.scrollWidth, b.clientWidth])"""


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[HubServer]:
    """One hub for both journeys, the tutor's assessment released on it."""
    server = start_hub(tmp_path_factory.mktemp("journey-hub"))
    try:
        tutor = HubUser(server, "tutor1")
        assert tutor.login() == 200
        tutor.wait_for_server()  # the tutor's course folder is made as their server starts
        release(server, ASSIGNMENT)
        yield server
    except BaseException:
        server.save_artifacts("learner-journey")
        raise
    finally:
        server.stop()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    shutil.copyfile(SHOTS / f"{name}.png", f"/tmp/journey-{name}.png")


def _check_page(page, name: str) -> None:
    """No code or prompt on screen, no sideways scroll, no button narrower than its words, no
    critical or serious axe finding."""
    page.wait_for_load_state("networkidle")
    assert page.evaluate(CUT_BUTTONS) == [], f"{name}: buttons cut off"
    shown = page.evaluate(CODE_ON_SCREEN)
    assert (shown["inputs"], shown["prompts"], shown["editors"]) == (0, 0, 0), (name, shown)
    assert not re.search(r"^\s*(from [\w.]+ import|import [\w.]+$)|\w\((\"|')",
                         shown["text"], re.M), f"{name}: code on screen"
    assert "There was an error" not in shown["text"], f"{name}: a cell failed"
    assert not re.search(r"\[\s*\d*\s*\]:", shown["text"]), f"{name}: a cell prompt is on screen"
    _shot(page, name)
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], f"{name}: the page scrolls sideways {widths}"
    assert AXE.is_file(), "axe-core is missing: run `make node` (scripts/node-deps)"
    page.add_script_tag(path=str(AXE))
    bad = [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("critical", "serious")]
    assert bad == [], f"{name}: {json.dumps(bad, indent=1)}"


def _open_home(page, hub: HubServer, user: str) -> None:
    page.goto(f"{hub.url}user/{user}/voila/render/notebooks/index.ipynb")
    page.locator(".workbook-home").wait_for()


def _open_portfolio(page):
    """From the course home, the unit's portfolio page, drawn."""
    page.locator(".workbook-home").get_by_role("link", name="Portfolio: progress").first.click()
    page.wait_for_url(f"**/voila/render/notebooks/{UNIT}/portfolio.ipynb*")
    for part in (".workbook-evidence", ".workbook-reflection", ".workbook-declaration"):
        page.locator(part).first.wait_for()
    return page


def _log_observation(page, caption: str) -> None:
    log = page.locator(".workbook-evidence").first
    log.get_by_role("button", name="Log new evidence").first.click()
    log.locator(".widget-dropdown", has_text="Type of evidence").locator("select").select_option(
        label="Direct observation")
    log.locator(".widget-text", has_text="Title").locator("input").fill("Observed house meeting")
    log.locator(".widget-text", has_text="Date").first.locator("input").fill("20/11/2026")
    log.get_by_role("radio", name="At work, with the people I support").check()
    log.locator(".widget-text", has_text="Place of the observation").locator("input").fill(
        "The service's lounge")
    log.get_by_role("radio", name="The people supported agreed to the observation").check()
    log.locator(".wb-criteria-here .widget-checkbox", has_text=caption).locator("input").check()
    log.get_by_role("button", name="Save evidence").click()
    log.get_by_text("Saved e1: Observed house meeting").wait_for()


def _write_reflection(page, caption: str, name: str) -> None:
    form = page.locator(".workbook-reflection")
    title = form.locator(".widget-text", has_text="Title").locator("input")
    title.fill("Planning the week with the people we support")
    title.press("Tab")
    for stage, text in REFLECTION.items():
        box = form.locator(".widget-textarea", has_text=stage).locator("textarea")
        box.fill(text)
        box.press("Tab")  # saved as the learner leaves the box
    form.locator(".widget-checkbox", has_text=caption).locator("input").check()
    finish = form.get_by_role("button", name="Finish and add to evidence")
    finish.scroll_into_view_if_needed()
    finish.locator("xpath=..").screenshot(path=str(SHOTS / f"{name}-finish-button.png"))
    finish.click()
    form.get_by_text("Added to your evidence as e2").wait_for()


def _sign(page) -> None:
    form = page.locator(".workbook-declaration")
    for statement in STATEMENTS.values():
        form.get_by_role("checkbox", name=statement).check()
    form.locator(".widget-text", has_text="Your full name").locator("input").fill(SIGNER)
    form.get_by_role("button", name="Sign declaration").click()
    form.get_by_text(f"Declaration signed by {SIGNER}").wait_for()


def _submit_unsigned_then_signed(page, hub: HubServer, user: str) -> None:
    """Fetch from the portfolio page; Submit refused unsigned, then taken once signed."""
    section = page.locator(".workbook-submission")
    section.get_by_text("Your assessment is released").wait_for()
    section.get_by_role("button", name="Fetch the assessment").click()
    section.get_by_text("Fetched: your assessment is in your folder").wait_for()
    assert (hub.home(user) / ASSIGNMENT / "assessment.ipynb").is_file()
    inbound = hub.data / "exchange" / course_id() / "inbound"
    section.get_by_role("button", name="Submit assessment").click()
    section.get_by_role("alert").filter(
        has_text="Not submitted: sign the declaration of authenticity").wait_for()
    assert not any(p.name.startswith(f"{user}+") for p in inbound.iterdir())
    _sign(page)
    section.get_by_role("button", name="Submit assessment").click()
    section.get_by_text("Your assessment is submitted to your tutor").wait_for()
    assert [p.name.split("+")[:2] for p in inbound.iterdir()
            if p.name.startswith(f"{user}+")] == [[user, ASSIGNMENT]]


def _write_first_answer(page, hub: HubServer, user: str) -> None:
    """Type Part B's first written answer in its box on the assessment page: saved, as the
    learner's own account, into the answer cell of their fetched notebook."""
    box = page.locator(".workbook-written").first
    box.get_by_role("textbox", name="Your answer").fill(WRITTEN)
    box.get_by_role("button", name="Save answer").click()
    box.get_by_text("Saved into your assessment").wait_for()
    notebook = hub.home(user) / ASSIGNMENT / "assessment.ipynb"
    cells = json.loads(notebook.read_text())["cells"]
    first = next(c for c in cells if c["id"].startswith("answer-"))
    assert "".join(first["source"]) == WRITTEN
    assert notebook.stat().st_uid == pwd.getpwnam(user).pw_uid


def _stop_server(page, hub: HubServer, user: str) -> None:
    """Stop the learner's server through the hub's REST API, as the learner's own session."""
    xsrf = next(c["value"] for c in page.context.cookies()
                if c["name"] == "_xsrf" and c["path"] == "/hub/")
    stopped = page.request.delete(f"{hub.url}hub/api/users/{user}/server",
                                  headers={"X-XSRFToken": xsrf})
    assert stopped.status in (202, 204), stopped.text()
    deadline = time.monotonic() + 60
    while page.request.get(f"{hub.url}hub/api/users/{user}").json()["servers"]:
        assert time.monotonic() < deadline, "the server did not stop"
        time.sleep(0.5)  # polling a real condition: the hub reporting the server stopped
    with pytest.raises(LookupError):
        server_pid(user)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_learners_whole_journey(hub: HubServer, browser, viewport):
    user = LEARNERS[viewport]
    unit = load_course().unit(UNIT)
    outcome = unit.outcome("LO1")
    question = outcome.questions[0]
    right = next(o for o in question.options if o.correct)
    observed = unit.outcome("LO2").criteria[0].caption
    reflected = outcome.criteria[0].caption
    context = browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone",
                                  has_touch=viewport == "phone", accept_downloads=True)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    try:
        hub.login(page, user)
        assert page.url.startswith(f"{hub.url}user/{user}/voila/render/notebooks/index.ipynb")
        _check_page(page, f"{viewport}-1-home")

        page.locator(".workbook-home").get_by_role(
            "link", name=f"LO1 · {outcome.title}").first.click()
        page.wait_for_url(f"**/voila/render/notebooks/{UNIT}/01-*.ipynb*")
        asked_here = page.locator(".workbook-question").first
        asked_here.get_by_role("radio", name=right.text).check()
        asked_here.get_by_role("button", name="Check answer").click()
        asked_here.get_by_role("alert").get_by_text("✔ Correct").wait_for()
        _check_page(page, f"{viewport}-2-outcome")

        page.get_by_role("link", name="◀ Course home").click()
        page.locator(".workbook-home").wait_for()
        _open_portfolio(page)
        _log_observation(page, observed)
        _write_reflection(page, reflected, viewport)
        if viewport == "desktop":
            _submit_unsigned_then_signed(page, hub, user)
        else:
            _sign(page)
        again_button = page.locator(".workbook-evidence").first.get_by_role(
            "button", name="Log new evidence").first
        if again_button.is_visible():  # the form is judged too, open
            again_button.click()
        _check_page(page, f"{viewport}-3-portfolio")
        if viewport == "desktop":
            page.get_by_role("link", name="Open your assessment").click()
            page.wait_for_url(f"**/voila/render/{ASSIGNMENT}/assessment.ipynb*")
            page.locator(".workbook-question").first.wait_for()
            _check_page(page, f"{viewport}-4-assessment")
            _write_first_answer(page, hub, user)

        # the learner leaves; the server is stopped; they come back to everything live
        _stop_server(page, hub, user)
        page.goto(f"{hub.url}hub/")
        page.wait_for_url(re.compile(rf".*/user/{user}/voila/render/notebooks/index\.ipynb.*"),
                          timeout=PAGE_TIMEOUT_MS * 2)
        home = page.locator(".workbook-home")
        home.wait_for()
        lo1 = home.locator("li.wb-outcome").first
        assert "Quiz: 1 of" in lo1.inner_text(), lo1.inner_text()
        assert "✔ Declaration of authenticity signed." in home.inner_text()
        _check_page(page, f"{viewport}-5-home-again")
        home.get_by_role("link", name=f"LO1 · {outcome.title}").first.click()
        again = page.locator(".workbook-question").first
        again.get_by_role("alert").get_by_text("✔ Correct").wait_for()
        assert again.get_by_role("radio", name=right.text).is_checked()
        _open_home(page, hub, user)
        _open_portfolio(page)
        log = page.locator(".workbook-evidence").first
        log.get_by_role("columnheader", name="e1: Observed house meeting").first.wait_for()
        form = page.locator(".workbook-reflection")
        for stage, text in REFLECTION.items():
            box = form.locator(".widget-textarea", has_text=stage).locator("textarea")
            assert box.input_value() == text, stage
        form.get_by_text("✔ In your evidence as e2").wait_for()
        page.locator(".workbook-declaration").get_by_text(
            f"Declaration signed by {SIGNER}").wait_for()
        _check_page(page, f"{viewport}-6-portfolio-again")

        link = page.locator("a[download]", has_text="Download your portfolio")
        with page.expect_download() as downloaded:
            link.click()
        saved = SHOTS / f"{viewport}-portfolio-download.html"
        downloaded.value.save_as(str(saved))
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", saved.read_text(
            encoding="utf-8"))).split())
        for stage, words in REFLECTION.items():
            assert words in text, f"the download lacks the reflection's {stage}"
        assert "Declaration of authenticity I declare that:" in text
        assert all(f"✔ {statement}" in text for statement in STATEMENTS.values())
        assert f"Signed by {SIGNER} on " in text
        elsewhere = sorted({u for u in asked if urlparse(u).hostname not in ("127.0.0.1", None)
                            and not u.startswith(("data:", "blob:"))})
        assert elsewhere == [], f"pages asked other hosts: {elsewhere}"
    except BaseException:
        _shot(page, f"{viewport}-failed")
        raise
    finally:
        context.close()
