"""Written answers typed in a box are saved into the assessment notebook's answer cell, which is
what nbgrader collects and the tutor grades; nothing else in the notebook changes."""
from __future__ import annotations

import json

import nbformat
import pytest

from tests.disks import read_only_folder
from workbook.assess.written_answers import PLACEHOLDER, read_answer, save_answer
from workbook.errors import Failure
from workbook.widgets.written import WrittenAnswer

from .conftest import PROJECT

SOURCE = PROJECT / "assignments" / "source" / "lpcp-assessment" / "assessment.ipynb"


@pytest.fixture
def notebook(tmp_path):
    path = tmp_path / "lpcp-assessment" / "assessment.ipynb"
    path.parent.mkdir()
    path.write_bytes(SOURCE.read_bytes())
    return path


def answer_ids(path) -> list[str]:
    return [c["id"] for c in json.loads(path.read_text())["cells"] if c["id"].startswith("answer-")]


def test_a_saved_answer_changes_only_its_cell(notebook):
    before = nbformat.read(notebook, as_version=4)
    first, *others = answer_ids(notebook)
    assert read_answer(notebook, first) == ""  # the placeholder is no answer
    save_answer(notebook, first, "We plan the week with each person.")
    after = nbformat.read(notebook, as_version=4)
    changed = [a.id for a, b in zip(before.cells, after.cells, strict=True) if a != b]
    assert changed == [first]
    assert read_answer(notebook, first) == "We plan the week with each person."
    assert after.cells[[c.id for c in after.cells].index(first)].metadata["nbgrader"]["solution"]
    save_answer(notebook, first, "   ")
    assert nbformat.read(notebook, as_version=4).cells[
        [c.id for c in after.cells].index(first)].source == PLACEHOLDER
    assert all(read_answer(notebook, other) == "" for other in others)


def test_the_box_saves_on_leaving_it_and_says_so(notebook):
    first = answer_ids(notebook)[0]
    box = WrittenAnswer(notebook, first)
    box.box.value = "Three short sentences. About my team. And the people we support."
    assert read_answer(notebook, first) == box.box.value
    assert "Saved into your assessment" in box.message.value
    assert box.count.value.count("11 words") == 1
    again = WrittenAnswer(notebook, first)
    assert again.box.value == box.box.value and "✔ Saved" in again.message.value
    assert "Three short" not in again.static_html()  # learner text never in the static copy


def test_a_refused_save_keeps_the_text_and_the_file(tmp_path):
    def fill(folder):
        (folder / "assessment.ipynb").write_bytes(SOURCE.read_bytes())

    with read_only_folder(tmp_path / "ro", fill) as folder:
        notebook = folder / "assessment.ipynb"
        first = answer_ids(notebook)[0]
        box = WrittenAnswer(notebook, first)
        before = notebook.read_bytes()
        box.box.value = "An answer the disk will not take."
        assert "Not saved" in box.message.value and 'role="alert"' in box.message.value
        assert box.box.value == "An answer the disk will not take."
        assert notebook.read_bytes() == before
        assert not box.save()


def test_a_missing_notebook_or_cell_is_said_plainly(tmp_path, notebook):
    with pytest.raises(Failure, match="fetch it from the portfolio page"):
        read_answer(tmp_path / "nothing.ipynb", "answer-1-1")
    with pytest.raises(Failure, match="no answer box 'answer-9-9'"):
        save_answer(notebook, "answer-9-9", "text")
    box = WrittenAnswer(tmp_path / "nothing.ipynb", "answer-1-1")
    assert box.box.disabled and "Not saved" in box.message.value
