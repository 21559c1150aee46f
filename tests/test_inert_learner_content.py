"""A learner's written answer never runs in a tutor's browser: formgrader and feedback pages.

A learner writes markup into a written answer (tests/cohort_learners.py `SCRIPT_ANSWER`: an
image whose error handler asks the tutor's server for a terminal, a script, SVG and details
handlers, an iframe, a `javascript:` link) and submits through the real pipeline. The tutor
grades with `workbook grade` and opens the submission in formgrader on a real Jupyter server;
then feedback is generated. In Chromium nothing of the learner's runs and no terminal opens,
while formgrader's own scripts still work. A control shows the same markup does run when it is
rendered the way it was before (nbconvert's Markdown, no sanitiser).
"""
from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path

import pytest
from nbconvert.filters.markdown import markdown2html

from workbook.tutor.formgrader_policy import apply_policy
from workbook.tutor.inert import inert_html, inert_markdown

from .cohort import build_cohort
from .cohort_learners import SCRIPT_ANSWER
from .helpers import run_workbook
from .jupyter_server import started

VECTORS = ["img", "script", "svg", "iframe", "details", "link"]


def pwned(page) -> list[str]:
    """What the learner's markup managed to record on the page (after clicking its links)."""
    for link in page.locator("a", has_text="Read my references").all():
        link.click(no_wait_after=True)
    page.wait_for_timeout(300)
    return page.evaluate("window.pwned || []")


@pytest.mark.browser
def test_the_answer_is_live_markup_when_rendered_unsanitised(page):
    page.set_content(f"<html><body>{markdown2html(SCRIPT_ANSWER)}</body></html>")
    page.wait_for_timeout(300)
    assert {"img", "svg", "details", "link"} <= set(pwned(page))


def test_inert_html_keeps_text_and_structure_and_drops_every_vector():
    html = inert_markdown(SCRIPT_ANSWER + "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "Critical review of two approaches." in html
    assert "<table>" in html and "Read my references" in html
    for needle in ("<img", "<script", "<svg", "<iframe", "onerror", "onload", "ontoggle",
                   "javascript:", "srcdoc"):
        assert needle not in html.lower()
    assert inert_html('<p style="x" onclick="y" class="c">t</p>') == '<p class="c">t</p>'


def test_the_policy_nonces_only_the_page_own_scripts():
    page = (b'<head><script src="/a.js"></script><script>var s=1;</script></head>'
            b'<div id="notebook-container"><script>learner()</script></div>')
    rewritten, policy = apply_policy(page, "frame-ancestors 'self'")
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert rewritten.count(f'nonce="{nonce}"'.encode()) == 2
    assert b"<script>learner()</script>" in rewritten
    assert policy.startswith("frame-ancestors 'self'; script-src 'self' 'nonce-")
    assert apply_policy(page, None)[1] != policy  # a fresh nonce each time


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A cohort with the script writer and a good learner, graded by `workbook grade`."""
    tmp = tmp_path_factory.mktemp("inert")
    cohort = build_cohort(tmp, learners=("good", "script-writer"))
    result = run_workbook("grade", cohort.assignment, "--course-root", cohort.course,
                          env=cohort.env)
    assert result.returncode == 0, result.stdout + result.stderr
    return cohort


@pytest.fixture
def formgrader(graded, tmp_path):
    """A tutor's Jupyter server over the course with formgrader and the submission-page policy."""
    config = tmp_path / "config"
    config.mkdir()
    shutil.copy(graded.course / "nbgrader_config.py", config / "nbgrader_config.py")
    extensions = {"nbgrader.server_extensions.formgrader": True,
                  "workbook.tutor.formgrader_policy": True}
    (config / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": extensions}}))
    env = {**graded.env, "WORKBOOK_COURSE_ROOT": str(graded.course)}
    with started(tmp_path, config, graded.root, env) as server:
        yield server.url, server.token


def submission_id(cohort, learner: str) -> str:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{cohort.course / 'gradebook.db'}", "l5-leadership-hsc-cyp") as gb:
        return gb.find_submission_notebook("assessment", cohort.assignment, learner).id


@pytest.mark.slow
@pytest.mark.browser
def test_formgrader_shows_the_answer_and_runs_none_of_it(graded, formgrader, page):
    url, token = formgrader
    page.goto(f"{url}formgrader?token={token}")
    answer = submission_id(graded, "script-writer")
    response = page.goto(f"{url}formgrader/submissions/{answer}/")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    page.get_by_text("Critical review of two approaches.").wait_for()
    # the sanitiser took the markup out; the policy would have stopped it anyway
    assert "onerror" not in page.locator("#notebook-container").first.inner_html()
    assert pwned(page) == []
    # formgrader's own scripts ran: its inline set-up and its grading form
    assert page.evaluate("typeof submission_id") == "string"
    assert page.evaluate("typeof jQuery") == "function"
    terminals = urllib.request.urlopen(f"{url}api/terminals?token={token}", timeout=10)
    assert terminals.read() == b"[]"


@pytest.mark.slow
@pytest.mark.browser
def test_feedback_pages_show_the_answer_and_run_none_of_it(graded, page):
    result = run_workbook("release-feedback", graded.assignment, "--course-root", graded.course,
                          env=graded.env)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = list((graded.course / "feedback" / "script-writer").rglob("*.html"))
    assert pages, "no feedback page generated"
    text = pages[0].read_text(encoding="utf-8")
    assert "Critical review of two approaches." in text
    answer = text[text.index("Critical review of two approaches."):]
    answer = answer[:answer.index("</div>")]
    assert "onerror" not in answer and "javascript:" not in answer and "<script" not in answer
    page.goto(Path(pages[0]).as_uri())
    assert pwned(page) == []


@pytest.mark.slow
def test_make_lab_gives_formgrader_pages_the_policy(lab_server):
    # `make lab` (and start_lab) read the project's jupyter/ config folder
    assert "formgrader's submission pages run only their own scripts" in lab_server.log.read_text()
