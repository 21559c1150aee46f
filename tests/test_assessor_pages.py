"""The assessor's and the IQA's pages, driven from code over a cohort submitted and graded
through the real pipeline (tests/cohort.py): grade with progress shown, judge beside the
written answers (inert) and the declaration with nothing preselected, the IQA's comment on a
reopened decision, feedback released, the cohort report; sampling, coverage, verdicts and the
EQA pack; every refusal one plain sentence.

Grading runs in a child process (tests/pages_grade.py): it executes submissions in kernels,
which tests never do in the pytest process. Screenshots of both pages in JupyterLab at
1280×800 are saved as test-artifacts/assessor-page.png and iqa-page.png.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from workbook.build.tutor_notebooks import ASSESSOR_PAGE, IQA_PAGE, tutor_files
from workbook.course.loader import load_course
from workbook.decisions import record
from workbook.decisions.written import written_answers

from .cohort import PROJECT, UNIT, build_cohort
from .conftest import ARTIFACTS

LEARNERS = ("good", "partial", "script-writer")
MARKUP = ("<script", "onerror", "<img", "<svg", "<iframe", "javascript:", "ontoggle")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The cohort submitted, the tutor pages built into its course folder, graded from the page."""
    tmp = tmp_path_factory.mktemp("pages")
    cohort = build_cohort(tmp, learners=LEARNERS)
    for relative, text in tutor_files(load_course()).items():
        path = cohort.course / "tutor" / relative.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "tests.pages_grade", str(cohort.course),
                           cohort.assignment], cwd=PROJECT, capture_output=True, text=True,
                          env={**cohort.env, "WORKBOOK_ROLE": "tutor"}, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return cohort, json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def as_role(graded, monkeypatch):
    """Set who acts in this process, with the cohort's keys and no tutor's own settings."""
    cohort, _ = graded
    for name in [k for k in os.environ if k.startswith("WORKBOOK_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("WORKBOOK_KEYS", str(cohort.root / "keys"))

    def act(role: str) -> None:
        monkeypatch.setenv("WORKBOOK_ROLE", role)
    return act


def one_line(html_text: str) -> bool:
    return "Traceback" not in html_text and "File \"" not in html_text


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_grading_from_the_page_shows_progress_and_the_table(graded):
    _, shown = graded
    assert "learner 1 of 3" in shown["progress"] and "3 of 3 learners processed" in shown["progress"]
    assert shown["updates"] >= 6   # line by line as grading ran, not all at the end
    assert "good" in shown["graded"] and "3 of 3 submissions autograded" in shown["graded"]
    assert shown["learners"] == sorted(LEARNERS)
    assert "It goes on if you close this page" in shown["running"]
    # a page opened afterwards (the tab was closed, say) shows the finished job's result
    assert "3 of 3 submissions autograded" in shown["again"]
    assert "3 of 3 learners processed" in shown["again_progress"]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_an_assessor_judges_releases_and_reports_from_the_page(graded, as_role):
    from workbook.tutor.pages import assessor_page

    cohort, _ = graded
    as_role("tutor")
    unit = load_course().unit(UNIT)
    first = unit.criteria[0].id
    page = assessor_page(cohort.course)
    assert page.view is None   # nothing happens until an assignment is chosen
    page.release_button.click()
    assert "Choose an assignment first." in page.released.value
    page.assignment.value = cohort.assignment
    view = page.view
    assert view is not None
    view.learner.value, view.criterion.value = "good", first
    # the written answer, rendered, beside the evidence and the declaration
    answers = written_answers(cohort.course / "submitted" / "good" / cohort.assignment, [first])
    assert "Kitwood" in answers[first] and "Kitwood" in view.behind.value
    assert "Written answer:" in view.behind.value and "signed by Good Learner" in view.behind.value
    # nothing chosen: Record refuses in one sentence and writes nothing
    assert view.outcome.value is None
    assert not view.record()
    assert "Not recorded: choose met or not yet met first." in view.message.value
    assert record.history(cohort.course, UNIT) == []
    view.outcome.value, view.name.value = record.MET, "Asha Patel"
    view.feedback.value = "Your account of the flower of needs is your own practice."
    assert view.record(), view.message.value
    assert view.outcome.value is None   # the next decision starts unchosen too
    view.learner.value = "partial"
    view.outcome.value, view.feedback.value = record.NOT_YET_MET, "Add an observation."
    assert view.record(), view.message.value
    # a learner's markup in a written answer arrives as text, never as markup that could run
    view.learner.value = "script-writer"
    assert "Critical review of two approaches" in view.behind.value
    assert not any(bad in view.behind.value for bad in MARKUP), view.behind.value

    page.release_button.click()
    assert "released" in page.released.value and one_line(page.released.value), page.released.value
    assert (cohort.course / "feedback" / "good" / cohort.assignment).is_dir()
    page.report_button.click()
    assert (cohort.course / "report" / "cohort-report.html").is_file()
    assert "<iframe" in page.report_shown.value and 'sandbox=""' in page.report_shown.value
    assert "download=\"cohort-report.html\"" in page.report_shown.value


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_iqa_samples_judges_sees_coverage_and_makes_the_pack(graded, as_role, tmp_path):
    from workbook.tutor.pages import assessor_page
    from workbook.widgets.iqa import IQAPage

    cohort, _ = graded
    unit = load_course().unit(UNIT)
    first = unit.criteria[0].id
    as_role("tutor")
    page = assessor_page(cohort.course)
    page.assignment.value = cohort.assignment
    if not record.current(cohort.course, UNIT):   # when run alone
        page.view.learner.value, page.view.criterion.value = "good", first
        page.view.outcome.value, page.view.name.value = record.MET, "Asha Patel"
        assert page.view.record(), page.view.message.value
    # a tutor cannot draw a sample: one plain sentence, no traceback
    tutor_iqa = IQAPage(course_root=cohort.course, out=tmp_path)
    tutor_iqa.unit_choice.value = UNIT
    tutor_iqa.sample_button.click()
    assert "only an internal quality assurer" in tutor_iqa.sampled.value
    assert one_line(tutor_iqa.sampled.value)

    as_role("iqa")
    iqa_page = IQAPage(course_root=cohort.course, out=tmp_path)
    iqa_page.unit_choice.value = UNIT
    assert "No sampling plan" in iqa_page.coverage.value
    iqa_page.rate.value, iqa_page.name.value = 1.0, "Ina Quinn"
    iqa_page.sample_button.click()
    assert "drawn" in iqa_page.sampled.value, iqa_page.sampled.value
    coverage = iqa_page.coverage.value
    assert "Asha Patel" in coverage and unit.outcomes[0].title in coverage
    assert "Assessment methods" in coverage and "awaiting IQA" in coverage
    view = iqa_page.view
    view.learner.value, view.criterion.value = "good", first
    assert view.agree.value is None
    view.agree.value = "disagree"
    assert not view.record() and "say in the comment why you disagree" in view.message.value
    view.feedback.value = "The observation does not show the review being led."
    assert view.record(), view.message.value

    # the assessor sees the IQA's comment beside the reopened decision
    as_role("tutor")
    page = assessor_page(cohort.course)
    page.assignment.value = cohort.assignment
    page.view.learner.value, page.view.criterion.value = "good", first
    assert "IQA Ina Quinn disagreed: decision reopened" in page.view.behind.value
    assert "The observation does not show the review being led." in page.view.behind.value
    assert "⚠ reopened" in page.view.grid.value

    as_role("iqa")
    iqa_page.pack_button.click()
    packs = list(tmp_path.glob(f"eqa-pack-{UNIT}-*.zip"))
    assert len(packs) == 1 and "MANIFEST.sha256" in zipfile.ZipFile(packs[0]).namelist()
    assert 'download="' in iqa_page.pack.value and "fingerprint" in iqa_page.pack.value


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(900)
@pytest.mark.parametrize("role, notebook, selector, shot", [
    ("tutor", ASSESSOR_PAGE, ".workbook-assessor", "assessor-page.png"),
    ("iqa", IQA_PAGE, ".workbook-iqa", "iqa-page.png")])
def test_screenshots_of_both_pages(graded, lab_server_factory, browser, role, notebook, selector,
                                   shot):
    cohort, _ = graded
    env = {k: v for k, v in cohort.env.items() if k.startswith("WORKBOOK_")}
    ARTIFACTS.mkdir(exist_ok=True)
    lab = lab_server_factory(root=cohort.course, env={**env, "WORKBOOK_ROLE": role})
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        lab.open(page, f"tutor/{notebook}")
        lab.run_all(page)
        widget = page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) {selector}")
        widget.wait_for()
        unit = load_course().unit(UNIT)
        label = f"{cohort.assignment}: {unit.title}" if role == "tutor" else unit.title
        widget.locator("select").first.select_option(label=label)
        widget.locator(".workbook-decisions").wait_for()
        # the part each works in: a learner's written answer beside the evidence; the plan
        part = widget.locator(".workbook-decisions .widget-dropdown").first if role == "tutor" \
            else widget.get_by_text("2. The plan and what it covers")
        part.evaluate("node => node.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(ARTIFACTS / shot))
        # nothing preselected: no decision and no verdict is chosen on either page
        assert widget.locator("input[type=radio]:checked").count() == 0
    finally:
        context.close()
