"""Assessors and IQAs do their whole job from pages on the course hub (run as root), with no
terminal, and two tutors share one course.

learner1 and learner2 fetch, write, sign and submit the assessment (in their own kernels, as
the other hub tests do). In Chromium: tutor1 lands on the assessor's page (Voilà: it runs as it
opens), collects and grades with progress shown, opens learner1 and sees the written answer and
the evidence beside a criterion, records decisions (nothing preselected), releases feedback and
writes the cohort report; tutor2, added with `workbook hub add-user`, grades from their own page
into their own course folder and sees the same submissions and tutor1's decisions; iqa1 lands
on the IQA's page, draws a sample and disagrees with a comment, which tutor1 then sees beside
the reopened decision; iqa1 makes the EQA pack, whose download `workbook eqa verify` checks;
learner1's course home shows the assessor's decision. learner2's written answer carries markup
that would act as tutor1 if it ran (tests/cohort_learners.py SCRIPT_ANSWER): on the assessor's
page and in formgrader on tutor1's server it is text to read, nothing runs and no terminal opens.
Screenshots at 1280x800 of each page are
saved as test-artifacts/hub-assessor-*.png.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook.course.loader import load_course
from workbook.decisions.written import answer_cell_id
from workbook.hub.homes import user_environment
from workbook.hub.settings import from_env

from .cohort_learners import SCRIPT_ANSWER
from .conftest import ARTIFACTS, PROJECT, pages_in_contexts
from .hub_server import HubServer, start_hub
from .hub_user import (
    ASSIGNMENT,
    HubUser,
    as_account,
    nbgrader_in_kernel,
    sign_declaration,
    succeeded,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(os.geteuid() != 0, reason="separate Unix accounts need the hub run as root"),
]
UNIT = "lead-person-centred-practice"
COURSE = load_course()
CRITERION = COURSE.unit(UNIT).criteria[0].id
CRITERION_LABEL = f"{CRITERION} {COURSE.unit(UNIT).criteria[0].text[:90]}"
GRADING_MS = 600_000  # collecting and autograding two submissions on a busy 2-core machine
ANSWERS = {"learner1": "I used Kitwood's flower of needs with a resident who withdrew at tea "
                       "time; we changed the seating so she sat with her friend.",
           # markup that would act as the tutor if it ever ran where they read it
           "learner2": "Person-centred practice means the person is at the centre.\n\n"
                       + SCRIPT_ANSWER}
EVIDENCE_TITLE = "Reflection on a review meeting"
COMMENT = "The reflection does not show how the review was led."
MET_FEEDBACK = "Your reflection links the flower of needs to your practice."

# Run in a learner's kernel before signing: an evidence item mapped to the criterion (learner1
# only) and a written answer in the fetched assessment notebook, as the widgets would save them.
LEARNER_WORK = """
import nbformat
from pathlib import Path
from workbook.learner.evidence import EvidenceItem, save_item
from workbook.learner.store import Store
if WITH_EVIDENCE:
    save_item(Store(), EvidenceItem("e1", "reflective-account", TITLE, "2026-11-10",
                                    criteria=(CRITERION,),
                                    models=("Kitwood's psychological needs",)), UNIT)
path = Path.home() / ASSIGNMENT / "assessment.ipynb"
nb = nbformat.read(path, as_version=4)
for cell in nb.cells:
    if cell.metadata.get("nbgrader", {}).get("grade_id") == GRADE_ID:
        cell.source = ANSWER
nbformat.write(nb, path)
print("written")
"""


def workbook_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "workbook"), *args],
                          capture_output=True, text=True, timeout=120, cwd=PROJECT)


def nbgrader_as(hub: HubServer, tutor: str, *args: str) -> subprocess.CompletedProcess:
    """An nbgrader command as the tutor would run it in their terminal (their account, their
    server's environment, their course folder)."""
    settings = from_env(PROJECT, hub.env)
    env = {**hub.env, "HOME": str(hub.home(tutor)), **user_environment(settings, tutor)}
    return subprocess.run([str(Path(sys.executable).parent / "nbgrader"), *args],
                          cwd=hub.home(tutor) / "course", env=env, capture_output=True, text=True,
                          timeout=180, **as_account(tutor))


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[HubServer]:
    """One course hub for the module, its accounts and changes removed afterwards."""
    server = start_hub(tmp_path_factory.mktemp("hub"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def submitted(hub: HubServer) -> Iterator[HubServer]:
    """tutor1 releases the assessment; learner1 and learner2 fetch, write, sign and submit it;
    tutor2 is added as a centre adds a tutor and chooses their own password."""
    users = {name: HubUser(hub, name) for name in ("tutor1", "learner1", "learner2")}
    for user in users.values():
        assert user.login() == 200
        user.wait_for_server()
    # tutor1 releases it as the assessor's page does (generate, then the checked exchange)
    released = users["tutor1"].run(
        "from workbook.settings import settings\n"
        "from workbook.tutor.assignment_release import release_assessment\n"
        f"done = release_assessment(settings().course_root, {ASSIGNMENT!r})\n"
        "print(done.problems, done.already)\n")
    assert released.strip() == "[] False", released
    for name in ("learner1", "learner2"):
        learner = users[name]
        fetched = learner.run(nbgrader_in_kernel("fetch_assignment"))
        assert succeeded(fetched), fetched
        work = (f"UNIT, CRITERION, ASSIGNMENT = {UNIT!r}, {CRITERION!r}, {ASSIGNMENT!r}\n"
                f"GRADE_ID, ANSWER = {answer_cell_id(CRITERION)!r}, {ANSWERS[name]!r}\n"
                f"TITLE, WITH_EVIDENCE = {EVIDENCE_TITLE!r}, {name == 'learner1'}\n")
        assert learner.run(work + LEARNER_WORK).strip() == "written"
        assert learner.run(sign_declaration()).strip() == "signed"
        done = learner.run(nbgrader_in_kernel("submit"))
        assert succeeded(done), done
    made = workbook_cli("hub", "add-user", "tutor2", "--role", "tutor", "--data", str(hub.data))
    assert made.returncode == 0, made.stderr
    one_time = made.stdout.split()[1]
    hub.passwords["tutor2"] = one_time
    tutor2 = HubUser(hub, "tutor2")
    assert tutor2.login() == 200
    assert tutor2.change_password(one_time, "tutor2-own-password").status_code == 200
    hub.passwords["tutor2"] = "tutor2-own-password"
    yield hub
    for user in users.values():
        user.close()


@pytest.fixture
def new_page(browser, hub: HubServer, request):
    """Pages at 1280x800, one browser context per user; full-page shots and the hub log kept
    when the test fails."""
    yield from pages_in_contexts(browser, request, "hub-assessor-failed", accept_downloads=True,
                                 viewport={"width": 1280, "height": 800})
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        hub.save_artifacts("hub-assessor-journey")


def shot(page, name: str, part=None, block: str = "start") -> None:
    """A 1280x800 screenshot of the page, scrolled to `part`, in test-artifacts/ and /tmp."""
    if part is not None:
        part.evaluate(f"node => node.scrollIntoView({{block: '{block}'}})")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"hub-assessor-{name}.png"
    page.screenshot(path=str(path))
    shutil.copyfile(path, Path("/tmp") / path.name)


def choose(select, label: str) -> None:
    select.select_option(label=label)


def open_assessor_page(hub: HubServer, page, tutor: str):
    """Log in; the tutor lands on their assessor's page, which has run: choose the assignment."""
    hub.login(page, tutor)
    assert page.url.startswith(f"{hub.url}user/{tutor}/voila/render/course/tutor/assessor.ipynb")
    assessor = page.locator(".workbook-assessor")
    assessor.wait_for()
    choose(assessor.locator("select").first, f"{ASSIGNMENT}: {COURSE.unit(UNIT).title}")
    assessor.locator(".workbook-decisions").wait_for()
    return assessor


def collect_and_grade(assessor, learners: int) -> None:
    """Press Release to learners (released already: nothing changes), then Collect and grade;
    progress shows line by line, then the table."""
    assessor.get_by_role("button", name="Release to learners").click()
    assessor.get_by_text("was released already (nothing changed)").wait_for(timeout=GRADING_MS)
    assessor.get_by_role("button", name="Collect and grade").click()
    assessor.get_by_role("log").get_by_text(f"learner 1 of {learners}").wait_for(
        timeout=GRADING_MS)
    assessor.get_by_text(f"{learners} of {learners} submissions autograded").wait_for(
        timeout=GRADING_MS)
    assert "Graded every submission collected." in assessor.inner_text()


def assert_inert(page, hub: HubServer, tutor: str) -> None:
    """Nothing of the learner's markup ran on the page: no mark left, no terminal opened."""
    for link in page.locator("a", has_text="Read my references").all():
        link.click(no_wait_after=True)
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned || []") == []
    terminals = page.request.get(f"{hub.url}user/{tutor}/api/terminals")
    assert terminals.ok and terminals.json() == []


def submission_id(hub: HubServer, tutor: str, learner: str) -> str:
    """The id formgrader gives the learner's notebook in the tutor's gradebook."""
    from nbgrader.api import Gradebook

    url = f"sqlite:///{hub.home(tutor) / 'course' / 'gradebook.db'}"
    with Gradebook(url, load_course().id) as gradebook:
        return gradebook.find_submission_notebook("assessment", ASSIGNMENT, learner).id


def pick(view, learner: str, shows: str) -> None:
    """Choose a learner and the unit's first criterion in a decisions view; wait until the
    kernel has drawn what lies behind them (`shows`: text only that learner's view has)."""
    selects = view.locator("select")
    selects.nth(0).select_option(learner)
    selects.nth(1).select_option(label=CRITERION_LABEL)
    view.get_by_text(shows, exact=False).first.wait_for()


@pytest.mark.timeout(2400)
def test_assessors_and_the_iqa_work_from_pages_and_two_tutors_share_the_course(
        submitted: HubServer, new_page, tmp_path):
    hub = submitted
    unit = COURSE.unit(UNIT)

    # tutor1: lands on the assessor's page, collects and grades with progress shown
    tutor1 = new_page()
    assessor = open_assessor_page(hub, tutor1, "tutor1")
    assert assessor.get_by_role("link", name="open JupyterLab").get_attribute("href") == \
        "/user/tutor1/lab/tree/course/tutor"
    shot(tutor1, "tutor1-landing")
    collect_and_grade(assessor, 2)
    shot(tutor1, "tutor1-graded", assessor.get_by_role("log"))

    # opens learner1: the written answer and the evidence beside the criterion
    view = assessor.locator(".workbook-decisions")
    pick(view, "learner1", "Kitwood's flower of needs")
    behind = view.inner_text()
    assert "Written answer:" in behind and "Kitwood's flower of needs" in behind
    assert f"e1 {EVIDENCE_TITLE}" in behind and "signed by A Learner" in behind
    # nothing preselected: no decision is chosen until the assessor chooses
    assert view.locator("input[type=radio]:checked").count() == 0
    view.get_by_role("button", name="Record decision").click()
    view.get_by_text("Not recorded: choose met or not yet met first.").wait_for()
    assert view.get_by_role("checkbox", name=re.compile(r"^e1: ")).is_checked()
    view.get_by_role("radio", name="met", exact=True).check()
    view.locator("textarea").fill(MET_FEEDBACK)
    shot(tutor1, "tutor1-judging", view.locator("select").first)
    view.get_by_role("button", name="Record decision").click()
    view.get_by_text(f"Recorded tutor1:d1: learner1 {CRITERION} met").wait_for()
    assert view.locator("input[type=radio]:checked").count() == 0
    pick(view, "learner2", "Person-centred practice means the person is at the centre.")
    # learner2's markup is shown as text to read, and none of it ran as tutor1
    assert "Critical review of two approaches." in view.inner_text()
    assert_inert(tutor1, hub, "tutor1")
    view.get_by_role("radio", name="not yet met", exact=True).check()
    view.locator("textarea").fill("Give an example from your own service.")
    view.get_by_role("button", name="Record decision").click()
    view.get_by_text(f"Recorded tutor1:d2: learner2 {CRITERION} not yet met").wait_for()

    # the same answer in formgrader's manual grading, on tutor1's own server: nothing runs
    response = tutor1.goto(f"{hub.url}user/tutor1/formgrader/submissions/"
                           f"{submission_id(hub, 'tutor1', 'learner2')}/")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    tutor1.get_by_text("Critical review of two approaches.").first.wait_for()
    assert_inert(tutor1, hub, "tutor1")
    tutor1.goto(f"{hub.url}user/tutor1/voila/render/course/tutor/assessor.ipynb")
    assessor = tutor1.locator(".workbook-assessor")
    assessor.wait_for()
    choose(assessor.locator("select").first, f"{ASSIGNMENT}: {unit.title}")
    assessor.locator(".workbook-decisions").wait_for()

    # releases feedback and writes the cohort report
    assessor.get_by_role("button", name="Release feedback").click()
    assessor.get_by_text(f"Feedback on {ASSIGNMENT} released").wait_for(timeout=GRADING_MS)
    shot(tutor1, "tutor1-released", assessor.get_by_role("button", name="Release feedback"))
    assessor.get_by_role("button", name="Write the cohort report").click()
    report = assessor.locator('iframe[title="Cohort report"]')
    report.wait_for(timeout=GRADING_MS)
    assert "learner1" in report.content_frame.locator("body").inner_text()
    shot(tutor1, "tutor1-report", assessor.get_by_text("Report written"))
    assert (hub.home("tutor1") / "course" / "report" / "cohort-report.html").is_file()

    # tutor2, added by the centre: their own page, course folder and gradebook; the same
    # submissions, and tutor1's decisions through the shared records folder
    tutor2 = new_page()
    second = open_assessor_page(hub, tutor2, "tutor2")
    collect_and_grade(second, 2)
    assert "was not in this gradebook (another tutor released it)" in second.inner_text()
    for name in ("learner1", "learner2"):
        assert (hub.home("tutor2") / "course" / "submitted" / name / ASSIGNMENT).is_dir()
    assert (hub.home("tutor2") / "course" / "gradebook.db").owner() == "tutor2"
    view2 = second.locator(".workbook-decisions")
    assert view2.locator("select").first.locator("option").all_inner_texts() == \
        ["learner1", "learner2"]
    pick(view2, "learner1", "met by tutor1 on e1")
    shot(tutor2, "tutor2-graded", view2.locator("select").first)
    # the exchange is the tutors' group's, not whoever released first: tutor2 releases the
    # assignment again (a correction, say) and releases feedback over tutor1's
    again = nbgrader_as(hub, "tutor2", "release_assignment", "--force", ASSIGNMENT)
    assert again.returncode == 0, again.stdout + again.stderr
    second.get_by_role("button", name="Release feedback").click()
    second.get_by_text(f"Feedback on {ASSIGNMENT} released").wait_for(timeout=GRADING_MS)

    # iqa1: lands on the IQA's page, samples and disagrees with a comment
    iqa = new_page()
    hub.login(iqa, "iqa1")
    assert iqa.url.startswith(f"{hub.url}user/iqa1/voila/render/decisions/iqa.ipynb")
    page = iqa.locator(".workbook-iqa")
    page.wait_for()
    assert page.get_by_role("link", name="open JupyterLab").get_attribute("href") == \
        "/user/iqa1/lab/tree/decisions"
    shot(iqa, "iqa1-landing")
    choose(page.locator("select").first, unit.title)
    page.get_by_text("No sampling plan for this unit yet").wait_for()
    rate = page.locator("input[type=number]").first
    rate.fill("1")
    rate.press("Enter")
    page.get_by_role("button", name="Draw a sample").click()
    page.get_by_text("2 of 2 decisions sampled").wait_for()
    assert "tutor1" in page.inner_text()
    shot(iqa, "iqa1-sampled", page.get_by_text("2. The plan and what it covers"))
    judge = page.locator(".workbook-decisions")
    pick(judge, "learner1", MET_FEEDBACK)
    assert judge.locator("input[type=radio]:checked").count() == 0
    judge.get_by_role("radio", name="disagree", exact=True).check()
    judge.locator("textarea").fill(COMMENT)
    judge.get_by_role("button", name="Record verdict").click()
    judge.get_by_text(f"Recorded iqa1:v1: you disagree with learner1 {CRITERION}").wait_for()
    shot(iqa, "iqa1-verdict", judge.locator("select").first)

    # tutor1 sees the IQA's comment beside the reopened decision
    tutor1.reload()
    assessor = tutor1.locator(".workbook-assessor")
    assessor.wait_for()
    choose(assessor.locator("select").first, f"{ASSIGNMENT}: {unit.title}")
    view = assessor.locator(".workbook-decisions")
    view.wait_for()
    pick(view, "learner1", "IQA iqa1 disagreed: decision reopened")
    assert COMMENT in view.inner_text() and "⚠ reopened" in view.inner_text()
    shot(tutor1, "tutor1-reopened", view.locator("select").first)

    # iqa1 makes the EQA pack; the download verifies against the fingerprint shown
    page.get_by_role("button", name="Make the EQA pack").click()
    made = page.get_by_text("Pack made")
    made.wait_for(timeout=GRADING_MS)
    fingerprint = page.locator("code", has_text=re.compile(r"^[0-9a-f]{64}$")).inner_text()
    with iqa.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download eqa-pack-")).click()
    pack = tmp_path / download.value.suggested_filename
    download.value.save_as(pack)
    verified = workbook_cli("eqa", "verify", str(pack), "--expect", fingerprint)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    shot(iqa, "iqa1-pack", page.get_by_text("4. External quality assurance"))

    # learner1 gets the feedback from the unit's portfolio page, reads it, and sees the
    # assessor's decision on their course home
    home = new_page()
    hub.login(home, "learner1")
    home.locator(".workbook-home").get_by_role("link", name="Portfolio: progress").first.click()
    section = home.locator(".workbook-submission")
    section.get_by_text("Your tutor has returned feedback").wait_for(timeout=GRADING_MS)
    section.get_by_role("button", name="Get your feedback").click()
    section.get_by_text("Your tutor's feedback is here").first.wait_for()
    with home.context.expect_page() as opened:
        section.get_by_role("link", name="Read your tutor's feedback").click()
    feedback = opened.value
    feedback.get_by_text(re.compile(r"Score: [\d.]+ / [\d.]+")).first.wait_for()
    shot(feedback, "learner1-feedback")
    feedback.close()
    home.goto(f"{hub.url}user/learner1/voila/render/notebooks/index.ipynb")
    home.locator(".workbook-home").wait_for()
    outcome = home.locator(".workbook-home li.wb-outcome", has_text=unit.outcomes[0].title).first
    assert "Assessor: 1 met, 0 not yet met" in outcome.inner_text()
    shot(home, "learner1-home", outcome, "center")
