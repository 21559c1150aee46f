"""The course hub end to end: real JupyterHub, proxy, single-user servers and Chromium."""
from __future__ import annotations

import json
import os
import pwd
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook import load_course
from workbook.hub.userconfig import course_id
from workbook.widgets.quiz import document_name

from .conftest import PROJECT, pages_in_contexts, wait_idle
from .hub_server import HubServer, start_hub
from .hub_user import ASSIGNMENT, HubUser, release, sign_declaration

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def hub(tmp_path: Path, request) -> Iterator[HubServer]:
    """A course hub with a fresh data folder; its log kept in test-artifacts/ on failure."""
    server = start_hub(tmp_path)
    print(f"hub start: {server.started_in:.1f} s")
    yield server
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        server.save_artifacts(request.node.name)
    server.stop()


@pytest.fixture
def new_page(browser, request):
    """Pages in separate browser contexts (one per user); screenshots of each on failure."""
    yield from pages_in_contexts(browser, request, request.node.name,
                                 viewport={"width": 1400, "height": 1000})


def menu_items(page, menu: str) -> list[str]:
    """The labels of a JupyterLab main menu's entries."""
    page.locator("#jp-MainMenu").get_by_text(menu, exact=True).click()
    items = page.locator(".lm-Menu:visible .lm-Menu-itemLabel")
    items.first.wait_for()
    labels = [text.strip() for text in items.all_inner_texts() if text.strip()]
    page.keyboard.press("Escape")
    return labels


def test_learner_gets_the_course_and_no_tutor_tools(hub: HubServer, new_page):
    page = new_page()
    spawn = hub.login(page, "learner1")
    print(f"learner login + spawn until the course home shows: {spawn:.1f} s")
    # a learner lands on the course home, a page with no code (Voilà), not in JupyterLab
    assert page.url.startswith(f"{hub.url}user/learner1/voila/render/notebooks/index.ipynb")
    assert page.locator(".workbook-home li.wb-outcome").count() == sum(
        len(u.outcomes) for u in load_course().units)
    assert page.locator(".jp-InputPrompt").count() == 0
    assert (hub.home("learner1") / "notebooks" / "index.ipynb").is_file()
    hub.open_lab(page, "learner1")  # JupyterLab is still there for the assignment list
    assert page.locator(".jp-DirListing-itemText", has_text="index.ipynb").count() == 1
    assert menu_items(page, "Nbgrader") == ["Assignment List"]
    assert page.locator("#nbgrader-create_assignemnt").count() == 0  # (sic) nbgrader's id
    assert page.get_by_text("Create Assignment").count() == 0
    own = page.request.get(f"{hub.url}user/learner1/formgrader")
    assert own.status == 404
    assert page.request.get(f"{hub.url}user/learner1/formgrader/api/assignments").status == 404
    # the hub does not even say whether another user's server exists
    others = page.request.get(f"{hub.url}user/tutor1/formgrader")
    assert (others.status, others.url) == (404, f"{hub.url}hub/user/tutor1/formgrader")


# Every code cell of the open notebook shows an execution count ("[3]:"), and there are as
# many as the notebook has: an empty list (cells not attached yet) must not count as "all ran".
_ALL_RAN_JS = """(cells) => {
    const prompts = [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
    return prompts.length === cells && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""


def run_all(page, notebook: Path) -> None:
    """Run every cell of the open (fresh) notebook; wait until each has run, kernel idle."""
    cells = sum(c["cell_type"] == "code" for c in json.loads(notebook.read_text())["cells"])
    # The status bar may still speak for another open notebook (the index the hub opened
    # first): wait until it names this one and its kernel is idle, or "Run All" does nothing.
    page.locator(".jp-StatusBar-TextItem", has_text=notebook.name).first.wait_for()
    wait_idle(page)
    page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(_ALL_RAN_JS, arg=cells)
    wait_idle(page)


def test_learner_answers_a_quiz_question_saved_in_their_store(hub: HubServer, new_page):
    unit = "lead-person-centred-practice"
    outcome = load_course().unit(unit).outcome("LO1")
    question = outcome.questions[0]
    assert question.type in ("single", "truefalse")
    right = next(o for o in question.options if o.correct)
    page = new_page()
    began = time.monotonic()
    hub.login(page, "learner1")
    notebook = next((hub.home("learner1") / "notebooks" / unit).glob("01-*.ipynb"))
    delivered = notebook.read_bytes(), notebook.stat().st_mtime_ns
    # from the course home to the outcome's page, which runs itself: nothing to run
    page.locator(".workbook-home").get_by_role("link", name=f"LO1 · {outcome.title}").first.click()
    page.wait_for_url(f"**/voila/render/notebooks/{unit}/{notebook.name}*")
    asked = page.locator(".workbook-question").first
    asked.get_by_role("radio", name=right.text).click()
    asked.get_by_role("button", name="Check answer").click()
    feedback = asked.get_by_role("alert")
    feedback.get_by_text("✔ Correct").wait_for()
    assert question.explanation[:60] in feedback.inner_text()
    print(f"learner flow (login, spawn, home, open page, answer): {time.monotonic() - began:.1f} s")
    saved = hub.home("learner1") / ".workbook" / f"{document_name(unit, 'LO1')}.json"
    deadline = time.monotonic() + 15
    while not saved.exists() and time.monotonic() < deadline:  # saved a moment after the check
        time.sleep(0.1)
    answers = json.loads(saved.read_text())["data"]["answers"]
    assert answers == {question.id: {"answer": right.id, "attempts": 1, "revealed": False}}
    assert not (hub.home("learner2") / ".workbook").exists()
    if os.geteuid() == 0:  # written by the learner's own account, for their eyes only
        assert saved.stat().st_uid == pwd.getpwnam("learner1").pw_uid
        assert hub.home("learner1").stat().st_mode & 0o777 == 0o700
    # the answer comes back when the page is opened again (a new kernel)
    page.reload()
    again = page.locator(".workbook-question").first
    again.get_by_role("alert").get_by_text("✔ Correct").wait_for()
    assert again.get_by_role("radio", name=right.text).is_checked()
    # opening and using the page did not change the delivered file
    assert (notebook.read_bytes(), notebook.stat().st_mtime_ns) == delivered


def test_learner_submits_and_tutor_sees_it_in_formgrader(hub: HubServer, new_page):
    tutor = new_page()
    hub.login(tutor, "tutor1")
    assert (hub.home("tutor1") / "course" / "source" / ASSIGNMENT / "assessment.ipynb").is_file()
    release(hub, ASSIGNMENT)

    learner = new_page()
    hub.login(learner, "learner1")
    hub.open_lab(learner, "learner1")
    learner.locator("#jp-MainMenu").get_by_text("Nbgrader", exact=True).click()
    learner.get_by_role("menuitem", name="Assignment List").click()
    released = learner.locator("#released_assignments_list .list_item", has_text=ASSIGNMENT)
    released.get_by_role("button", name="Fetch").click()
    fetched = learner.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT)
    # the declaration gate: unsigned, the assessment is not submitted and the learner is told why
    inbound = hub.data / "exchange" / course_id() / "inbound"
    fetched.get_by_role("button", name="Submit").click()
    refused = learner.locator(".jp-Dialog", has_text="Invalid Submission")
    refused.locator("pre", has_text="Not submitted: sign the declaration of authenticity").wait_for()
    refused.get_by_role("button", name=re.compile("^ok$", re.I)).click()
    assert not inbound.is_dir() or not any(inbound.iterdir())
    signer = HubUser(hub, "learner1")
    assert signer.login() == 200
    assert signer.run(sign_declaration()).strip() == "signed"
    signer.close()
    fetched.get_by_role("button", name="Submit").click()
    learner.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT).wait_for()
    assert (hub.home("learner1") / ASSIGNMENT / "assessment.ipynb").is_file()
    # the tutor's server is running now: it refuses the learner
    assert learner.request.get(f"{hub.url}user/tutor1/formgrader").status == 403
    assert [p.name.split("+")[:2] for p in inbound.iterdir()] == [["learner1", ASSIGNMENT]]

    # formgrader cannot be shown inside JupyterLab on a hub: the tutor opens it in its own tab
    formgrader = tutor.context.new_page()
    formgrader.goto(f"{hub.url}user/tutor1/formgrader")
    row = formgrader.locator("tr", has_text=ASSIGNMENT)
    row.locator("td.collect a").click()
    collected = formgrader.locator("#success-modal")
    collected.get_by_text(f"Successfully collected submissions of '{ASSIGNMENT}'.").wait_for()
    collected.get_by_role("button", name="Close").first.click()
    row.locator("td.num-submissions a", has_text="1").click()
    formgrader.wait_for_url(f"**/formgrader/manage_submissions/{ASSIGNMENT}")
    submission = formgrader.locator("tbody tr", has_text="learner1")
    submission.wait_for()
    assert formgrader.locator("tbody tr").count() == 1


def test_learner_changes_survive_a_server_restart(hub: HubServer, new_page):
    page = new_page()
    hub.login(page, "learner1")
    home = hub.home("learner1")
    index = home / "notebooks" / "index.ipynb"
    mine = json.loads(index.read_text())
    mine["cells"][0]["source"] = "# My own notes on the course"
    index.write_text(json.dumps(mine))
    removed = next((home / "notebooks" / "lead-person-centred-practice").glob("02-*.ipynb"))
    removed.unlink()

    page.goto(f"{hub.url}hub/home")
    # the page's script binds the buttons once loaded: a click before that does nothing
    page.wait_for_load_state("networkidle")
    with page.expect_response(lambda r: r.request.method == "DELETE"
                              and "/hub/api/users/learner1/server?" in r.url):
        page.get_by_role("button", name="Stop My Server", exact=True).click()
    page.get_by_role("button", name="Start My Server", exact=True).click()  # shown once stopped
    page.wait_for_url(f"{hub.url}user/learner1/voila/**")
    page.locator(".workbook-home").wait_for()

    assert json.loads(index.read_text())["cells"][0]["source"] == "# My own notes on the course"
    assert removed.read_bytes() == (PROJECT / removed.relative_to(home)).read_bytes()
    assert "course delivery for learner1: 1 added, 0 updated, 1 kept" in hub.log.read_text()
