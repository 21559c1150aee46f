"""The course hub end to end: real JupyterHub, proxy, single-user servers and Chromium."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook.hub.homes import user_environment
from workbook.hub.settings import from_env
from workbook.hub.userconfig import course_id

from .conftest import ARTIFACTS, PAGE_TIMEOUT_MS, PROJECT
from .hub_server import HubServer, start_hub

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ASSIGNMENT = "lpcp-assessment"


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
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    report = getattr(request.node, "rep_call", None)
    for n, context in enumerate(contexts):
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for m, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{n}-{m}.png"),
                                full_page=True)
        context.close()


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
    print(f"learner login + spawn until Idle: {spawn:.1f} s")
    assert (hub.home("learner1") / "notebooks" / "index.ipynb").is_file()
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


def tutor_env(hub: HubServer) -> dict[str, str]:
    """The environment the hub gives the tutor's server (the same function computes both)."""
    settings = from_env(PROJECT, hub.env)
    return {**hub.env, "HOME": str(hub.home("tutor1")), **user_environment(settings, "tutor1")}


def release(hub: HubServer, assignment: str) -> None:
    """The tutor generates and releases an assignment with nbgrader's own commands."""
    course = hub.home("tutor1") / "course"
    for step in ("generate_assignment", "release_assignment"):
        done = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), step, assignment],
                              cwd=course, env=tutor_env(hub), capture_output=True, text=True,
                              timeout=180)
        assert done.returncode == 0, done.stdout + done.stderr


def test_learner_submits_and_tutor_sees_it_in_formgrader(hub: HubServer, new_page):
    tutor = new_page()
    hub.login(tutor, "tutor1")
    assert (hub.home("tutor1") / "course" / "source" / ASSIGNMENT / "assessment.ipynb").is_file()
    release(hub, ASSIGNMENT)

    learner = new_page()
    hub.login(learner, "learner1")
    learner.locator("#jp-MainMenu").get_by_text("Nbgrader", exact=True).click()
    learner.get_by_role("menuitem", name="Assignment List").click()
    released = learner.locator("#released_assignments_list .list_item", has_text=ASSIGNMENT)
    released.get_by_role("button", name="Fetch").click()
    fetched = learner.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT)
    fetched.get_by_role("button", name="Submit").click()
    learner.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT).wait_for()
    assert (hub.home("learner1") / ASSIGNMENT / "assessment.ipynb").is_file()
    # the tutor's server is running now: it refuses the learner
    assert learner.request.get(f"{hub.url}user/tutor1/formgrader").status == 403
    inbound = hub.data / "exchange" / course_id() / "inbound"
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
