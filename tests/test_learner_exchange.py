"""A learner's assessment through nbgrader's real exchange, from code (what the portfolio page's
Assessment section calls): where it stands, fetch, and submit behind the declaration gate."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import nbformat
import pytest

from workbook.assess.exchange_folders import HUB_MODES, factory_lines
from workbook.assess.learner_exchange import assessment_state, fetch, submit
from workbook.assess.submit_gate import REFUSAL
from workbook.learner.declaration import STATEMENTS, sign
from workbook.learner.store import Store

UNIT = "lead-person-centred-practice"
ASSIGNMENT = "lpcp-assessment"
COURSE = "test-course"


@pytest.fixture
def learner(tmp_path, monkeypatch) -> Path:
    """A learner's folder and server configuration, as the hub writes them, over a local exchange."""
    exchange, home, config = tmp_path / "exchange", tmp_path / "home", tmp_path / "config"
    for folder in (exchange / COURSE / "outbound", exchange / COURSE / "inbound", home, config):
        folder.mkdir(parents=True)
    (exchange / COURSE / "inbound").chmod(0o3773)
    (config / "nbgrader_config.py").write_text("\n".join([
        "c = get_config()  # noqa: F821",
        f"c.CourseDirectory.course_id = {COURSE!r}",
        f"c.Exchange.root = {str(exchange)!r}",
        f"c.Exchange.cache = {str(home / '.cache')!r}",
        "c.CourseDirectory.student_id = 'learner1'",
        "c.ExchangeFactory.submit = 'workbook.assess.submit_gate.DeclaredSubmit'",
        f"c.DeclaredSubmit.assessments = {{{ASSIGNMENT!r}: {UNIT!r}}}",
        *factory_lines(["fetch_assignment", "fetch_feedback"]), ""]))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(config))
    monkeypatch.setenv("WORKBOOK_STORE", str(home / ".workbook"))
    monkeypatch.chdir(tmp_path)
    return home


def release(home: Path) -> None:
    """What the tutor's release puts in the exchange: the assignment's notebook."""
    outbound = home.parent / "exchange" / COURSE / "outbound" / ASSIGNMENT
    outbound.mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["workbook"] = {"kind": "assessment", "unit": UNIT}
    nbformat.write(notebook, outbound / "assessment.ipynb")


def test_fetch_then_submit_refused_unsigned_and_taken_once_signed(learner):
    state = assessment_state(UNIT, learner)
    assert state is not None and (state.assignment, state.status) == (ASSIGNMENT, "not-released")
    assert assessment_state("active-support-lead-interactive-training", learner) is None
    release(learner)
    assert assessment_state(UNIT, learner).status == "released"
    assert submit(ASSIGNMENT, UNIT, learner) == "Not submitted: fetch the assessment first."

    assert fetch(ASSIGNMENT, learner) is None
    state = assessment_state(UNIT, learner)
    assert state.status == "fetched"
    assert state.notebook == learner / ASSIGNMENT / "assessment.ipynb"
    assert state.notebook.is_file()

    inbound = learner.parent / "exchange" / COURSE / "inbound"
    refused = submit(ASSIGNMENT, UNIT, learner)
    assert refused is not None and " ".join(refused.split()) == REFUSAL
    assert list(inbound.iterdir()) == []

    sign(Store(), UNIT, "A Learner", dict.fromkeys(STATEMENTS, True), False, "")
    assert submit(ASSIGNMENT, UNIT, learner) is None
    [submitted] = inbound.iterdir()
    assert submitted.name.startswith(f"learner1+{ASSIGNMENT}+")
    carried = json.loads((submitted / ".responses" / f"declaration-{UNIT}.json").read_text())
    assert carried["data"]["declaration"]["name"] == "A Learner"
    state = assessment_state(UNIT, learner)
    assert state.status == "submitted" and len(state.submitted) == 1


def test_no_exchange_for_learners_means_no_assessment_state(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))  # no nbgrader_config.py
    assert assessment_state(UNIT, tmp_path) is None


def test_the_portfolio_section_fetches_and_submits_behind_the_gate(learner):
    from workbook.widgets.submission import AssessmentSubmit

    section = AssessmentSubmit(UNIT, learner)
    assert "not released" in section.status.value
    assert section.fetch_button.layout.display == "none"
    assert section.submit_button.layout.display == "none"
    release(learner)
    section.refresh()
    assert section.fetch_button.layout.display is None
    section.fetch_button.click()
    assert "Fetched" in section.message.value and section.state.status == "fetched"
    assert section.fetch_button.layout.display == "none"
    assert section.submit_button.layout.display is None
    assert 'href="home/lpcp-assessment/assessment.ipynb"' in section.links.value
    section.submit_button.click()
    assert "Not submitted: sign the declaration of authenticity" in section.message.value
    assert 'role="alert"' in section.message.value and section.state.status == "fetched"
    sign(Store(), UNIT, "A Learner", dict.fromkeys(STATEMENTS, True), False, "")
    section.submit_button.click()
    assert "submitted to your tutor" in section.message.value
    assert section.state.status == "submitted" and "Submitted" in section.status.value


def return_feedback(home: Path, text: str) -> None:
    """What the tutor's release_feedback puts in the exchange: the feedback page of the learner's
    last submission, named by nbgrader's hash of that submission's secret."""
    from nbgrader.utils import notebook_hash

    [cached] = sorted((home / ".cache" / COURSE).glob(f"learner1+{ASSIGNMENT}+*"))[-1:]
    secret = (cached / "submission_secret.txt").read_text()
    feedback = home.parent / "exchange" / COURSE / "feedback"
    feedback.mkdir(exist_ok=True)
    feedback.chmod(HUB_MODES["feedback"])  # as the hub makes it: learners open pages by name only
    page = feedback / f"{notebook_hash(secret=secret, notebook_id='assessment')}.html"
    page.write_text(f"<html><body><h4>assessment (Score: 3.0 / 5.0)</h4>{text}</body></html>")


def test_the_portfolio_section_gets_the_tutors_feedback_and_links_to_it(learner, monkeypatch):
    from workbook.widgets.submission import AssessmentSubmit

    monkeypatch.setenv("VOILA_BASE_URL", "/user/learner1/")
    release(learner)
    sign(Store(), UNIT, "A Learner", dict.fromkeys(STATEMENTS, True), False, "")
    assert fetch(ASSIGNMENT, learner) is None and submit(ASSIGNMENT, UNIT, learner) is None
    section = AssessmentSubmit(UNIT, learner)
    assert section.state.feedback == "" and section.feedback_button.layout.display == "none"

    return_feedback(learner, "First comments")
    section.refresh()
    assert section.state.feedback == "ready" and "press Get your feedback" in section.status.value
    assert section.feedback_button.layout.display is None
    section.feedback_button.click()
    assert "feedback is here" in section.message.value
    page = section.state.feedback_page
    assert section.state.feedback == "fetched" and page is not None
    assert page.read_text().count("First comments") == 1
    assert page.is_relative_to(learner / ASSIGNMENT / "feedback")
    href = f"/user/learner1/files/{quote(page.relative_to(learner).as_posix())}"
    assert f'href="{href}"' in section.links.value
    assert section.feedback_button.layout.display == "none"

    return_feedback(learner, "Comments after a second look")  # the tutor releases it again
    section.refresh()
    assert section.state.feedback == "ready"
    assert section.get_feedback()
    assert "second look" in section.state.feedback_page.read_text()
