"""Reading an assignment's saved answers: every fault is one plain message naming the file."""
from __future__ import annotations

import json

import pytest

from workbook.assess.responses import ResponsesError, document_name, read_answers, responses_path
from workbook.learner.store import STORE_SCHEMA, Store

ASSIGNMENT = "lpcp-assessment"
SHOWN = f".responses/quiz-{ASSIGNMENT}.json"


def save(folder, answers: dict) -> None:
    """What the assessment widgets write: the Store document of the assignment."""
    Store(folder / ".responses").update(document_name(ASSIGNMENT), lambda data: data.setdefault(
        "answers", {}).update(answers))


def write(folder, content: bytes | str) -> None:
    path = responses_path(ASSIGNMENT, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def message(folder) -> str:
    with pytest.raises(ResponsesError) as caught:
        read_answers(ASSIGNMENT, folder)
    return str(caught.value)


def test_names_of_the_document_and_file(tmp_path):
    assert document_name(ASSIGNMENT) == "quiz-lpcp-assessment"
    assert responses_path(ASSIGNMENT, tmp_path) == tmp_path / SHOWN
    assert str(responses_path(ASSIGNMENT)) == SHOWN


def test_reads_the_answers_the_widgets_saved(tmp_path):
    save(tmp_path, {"q1": {"answer": "a", "attempts": 2, "revealed": False},
                    "q2": {"answer": ["a", "c"], "attempts": 1, "revealed": False},
                    "q3": {"answer": None, "attempts": 0, "revealed": False}})
    assert read_answers(ASSIGNMENT, tmp_path) == {"q1": "a", "q2": ["a", "c"], "q3": None}


def test_reads_from_the_current_folder_without_a_folder(tmp_path, monkeypatch):
    save(tmp_path, {"q1": {"answer": "b", "attempts": 1, "revealed": False}})
    monkeypatch.chdir(tmp_path)
    assert read_answers(ASSIGNMENT) == {"q1": "b"}


def test_entries_that_are_not_objects_are_left_out(tmp_path):
    write(tmp_path, json.dumps({"schema": STORE_SCHEMA, "name": document_name(ASSIGNMENT),
                                "data": {"answers": {"q1": {"answer": "a"}, "q2": "b", "q3": None}}}))
    assert read_answers(ASSIGNMENT, tmp_path) == {"q1": "a"}


def test_reading_changes_nothing_on_disk(tmp_path):
    write(tmp_path, "{broken")
    with pytest.raises(ResponsesError):
        read_answers(ASSIGNMENT, tmp_path)
    # a Store would set a damaged file aside; grading must leave the evidence as it is
    assert sorted(p.name for p in (tmp_path / ".responses").iterdir()) == [f"quiz-{ASSIGNMENT}.json"]
    assert (tmp_path / SHOWN).read_text(encoding="utf-8") == "{broken"


def test_missing_file_says_what_to_do(tmp_path):
    assert message(tmp_path) == (f"No saved answers: {SHOWN} was not found. Answer the questions "
                                 "above (each shows 'Saved') before you submit.")


def test_missing_file_is_named_relative_to_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ResponsesError, match=f"^No saved answers: {SHOWN} was not found"):
        read_answers(ASSIGNMENT)


def test_unreadable_file(tmp_path):
    responses_path(ASSIGNMENT, tmp_path).mkdir(parents=True)  # a folder where the file should be
    assert message(tmp_path) == f"The saved answers in {SHOWN} cannot be read (IsADirectoryError)."


def test_file_that_is_not_text(tmp_path):
    write(tmp_path, b'{"schema": 1, "data": "\xff\xfe"}')
    assert message(tmp_path) == f"The saved answers in {SHOWN} cannot be read (UnicodeDecodeError)."


def test_invalid_json_names_the_line(tmp_path):
    write(tmp_path, '{"schema": 1,\n "data": {"answers": {"q1": \n')
    assert message(tmp_path) == f"The saved answers in {SHOWN} are damaged (not valid JSON, line 3)."


@pytest.mark.parametrize("document", [
    [],
    "answers",
    {"schema": STORE_SCHEMA},
    {"schema": STORE_SCHEMA, "data": []},
    {"schema": STORE_SCHEMA, "data": {}},
    {"schema": STORE_SCHEMA, "data": {"answers": ["q1", "a"]}},
    {"schema": STORE_SCHEMA + 1, "data": {"answers": {"q1": {"answer": "a"}}}},
    {"data": {"answers": {"q1": {"answer": "a"}}}},
], ids=["list", "string", "no-data", "data-list", "no-answers", "answers-list", "newer-schema",
        "no-schema"])
def test_json_that_is_not_a_file_of_answers(tmp_path, document):
    write(tmp_path, json.dumps(document))
    assert message(tmp_path) == f"The saved answers in {SHOWN} are damaged (not a file of answers)."
