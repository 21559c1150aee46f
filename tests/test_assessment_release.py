"""An assessor releases the assessment to learners from their page: nbgrader's own generate and
release over the course folder and its checked exchange, refused in one sentence when unsafe."""
from __future__ import annotations

import json

import pytest

from workbook.build.assignments import assignment_files
from workbook.course.loader import load_course
from workbook.tutor.pages import assessor_actions
from workbook.widgets.assessor import AssessorPage

from .cohort import ASSIGNMENT, PROJECT, course_env

pytestmark = pytest.mark.slow  # runs nbgrader's pipeline (generate, release)


@pytest.fixture
def page(tmp_path, monkeypatch):
    root = tmp_path / "course-project"
    for rel, text in assignment_files(load_course(), PROJECT / "assessment").items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, value in course_env(root).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("WORKBOOK_ROLE", "tutor")
    monkeypatch.chdir(root / "assignments")
    course = root / "assignments"
    page = AssessorPage(assessor_actions(course), course, tmp_path / "records")
    return page, course


def test_release_to_learners_puts_the_assessment_in_the_exchange(page):
    page, course = page
    page.publish_button.click()
    assert "Choose an assignment first." in page.published.value
    page.assignment.value = ASSIGNMENT
    page.publish_button.click()
    assert "released: learners fetch it from their unit's portfolio page" in page.published.value
    outbound = next((course / "exchange").glob(f"*/outbound/{ASSIGNMENT}"))
    released = json.loads((outbound / "assessment.ipynb").read_text())
    ids = [c["id"] for c in released["cells"]]
    assert "answer-1-1" in ids and any(i.startswith("box-") for i in ids)
    assert not (outbound / ".responses").exists()


def test_an_unsafe_assignment_folder_is_refused_in_one_line(page):
    page, course = page
    responses = course / "source" / ASSIGNMENT / ".responses"
    responses.mkdir()
    (responses / "quiz-lpcp-assessment.json").write_text("{}")
    page.assignment.value = ASSIGNMENT
    assert not page.publish()
    assert "Not released" in page.published.value and "delete it" in page.published.value
    assert "Traceback" not in page.published.value
    assert not list((course / "exchange").glob(f"*/outbound/{ASSIGNMENT}"))


def test_releasing_again_says_it_is_released_already(page):
    page, course = page
    page.assignment.value = ASSIGNMENT
    assert page.publish()
    outbound = next((course / "exchange").glob(f"*/outbound/{ASSIGNMENT}"))
    before = (outbound / "assessment.ipynb").stat().st_mtime_ns
    assert page.publish()
    assert "was released already (nothing changed)" in page.published.value
    assert (outbound / "assessment.ipynb").stat().st_mtime_ns == before
