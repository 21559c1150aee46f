"""In JupyterLab with Chromium: the assessment notebook's questions are the quiz widget
as an assessment question: numbered, every option's control drawn, a choice saved, no feedback shown."""
from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from tests.conftest import PROJECT

ASSIGNMENT = "lpcp-assessment"


@pytest.mark.slow
@pytest.mark.browser
def test_assessment_question_saves_a_choice_and_shows_no_feedback(lab_server_factory, tmp_path, page):
    root = tmp_path / "assignment"
    shutil.copytree(PROJECT / "assignments" / "source" / ASSIGNMENT, root)
    source = nbformat.read(root / "assessment.ipynb", as_version=4)
    # the questions alone: a test cell stops Run All while a question is unanswered
    source.cells = [c for c in source.cells if c.id == "setup" or c.id.startswith("q-")]
    nbformat.write(source, root / "assessment.ipynb")
    asked = [cell.id.removeprefix("q-") for cell in source.cells if cell.id.startswith("q-")]
    lab = lab_server_factory(root=root)
    lab.open(page, "assessment.ipynb")
    lab.run_all(page)
    questions = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .workbook-quiz .workbook-question")
    first = questions.first
    first.get_by_role("heading", name="Question 1").wait_for()
    assert first.get_by_role("button", name="Check answer").count() == 0
    options = first.locator("input")
    assert options.count() >= 2
    for option in options.all():  # long option texts wrap beside a control that stays drawn
        size = option.bounding_box()
        assert size and size["width"] > 0 and size["height"] > 0
    options.first.check()
    first.get_by_text("✔ Saved").wait_for()
    saved = json.loads((root / ".responses" / f"quiz-{ASSIGNMENT}.json").read_text(encoding="utf-8"))
    answer = saved["data"]["answers"][asked[0]]["answer"]
    chosen = options.first.get_attribute("value")  # the option's id, whatever its position
    assert answer in (chosen, [chosen])
    assert "Correct" not in first.inner_text() and "Not quite" not in first.inner_text()
