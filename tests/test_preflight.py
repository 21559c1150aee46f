"""Preflight checks before release and autograde: each refusal, in readable words, from tmp_path."""
from __future__ import annotations

import json

import nbformat

from workbook.assess.assessment import Assessment
from workbook.assess.keys import KIND, key_text
from workbook.assess.preflight import preflight_autograde, preflight_release
from workbook.course.model import Option, Question, Unit

ASSIGNMENT = "demo-assessment"
HINT = "run `workbook build` so that notebooks and keys agree"


def question(qid: str, points: int = 1) -> Question:
    return Question(id=qid, type="single", stem=f"Stem of {qid}", criterion="1.1", points=points,
                    options=(Option("a", "Yes", correct=True, feedback="Right."),
                             Option("b", "No", feedback="Wrong.")))


def write_keys(folder, *questions: Question) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    assessment = Assessment(ASSIGNMENT, Unit(slug="demo-unit", title="Demo"), questions, ())
    (folder / f"{ASSIGNMENT}.json").write_text(key_text(assessment), encoding="utf-8")


def grade_cell(grade_id: str, points: int, solution: bool = False, grade: bool = True):
    cell = nbformat.v4.new_code_cell("pass")
    cell.metadata["nbgrader"] = {"grade": grade, "solution": solution, "locked": True,
                                 "grade_id": grade_id, "points": points, "schema_version": 3}
    return cell


def write_source(course, *cells, name: str = "assessment.ipynb") -> None:
    folder = course / "source" / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=list(cells)), folder / name)


# --- before release --------------------------------------------------------------------------

def test_release_of_a_clean_assignment_is_safe(tmp_path):
    write_source(tmp_path, grade_cell("test-q1", 1))
    (tmp_path / "source" / ASSIGNMENT / "notes.json").write_text('{"kind": "notes"}', encoding="utf-8")
    (tmp_path / "source" / ASSIGNMENT / "data.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "source" / ASSIGNMENT / "broken.json").write_text("{", encoding="utf-8")
    (tmp_path / "source" / ASSIGNMENT / "binary.json").write_bytes(b"\xff\xfe")
    assert preflight_release(tmp_path, ASSIGNMENT) == []


def test_release_of_an_assignment_with_no_folders_has_nothing_to_refuse(tmp_path):
    assert preflight_release(tmp_path, ASSIGNMENT) == []


def test_release_refuses_a_responses_file_in_source_or_release(tmp_path):
    for folder in ("source", "release"):
        responses = tmp_path / folder / ASSIGNMENT / ".responses"
        responses.mkdir(parents=True)
        (responses / f"quiz-{ASSIGNMENT}.json").write_text("{}", encoding="utf-8")
    reason = ("a responses file would reach every learner and replace their answers at "
              "autograde; delete it")
    assert preflight_release(tmp_path, ASSIGNMENT) == [
        f"{folder}/{ASSIGNMENT}/{path}: {reason}"
        for folder in ("source", "release")
        for path in (".responses", f".responses/quiz-{ASSIGNMENT}.json")]


def test_release_refuses_an_answer_key_under_any_name(tmp_path):
    write_keys(tmp_path / "source" / ASSIGNMENT / "extra", question("q1"))
    (tmp_path / "source" / ASSIGNMENT / "extra" / f"{ASSIGNMENT}.json").rename(
        tmp_path / "source" / ASSIGNMENT / "extra" / "data.json")
    release = tmp_path / "release" / ASSIGNMENT
    release.mkdir(parents=True)
    (release / "copy.json").write_text(json.dumps({"kind": KIND}), encoding="utf-8")
    reason = "an answer key must never be inside an assignment folder; delete it"
    assert preflight_release(tmp_path, ASSIGNMENT) == [
        f"source/{ASSIGNMENT}/extra/data.json: {reason}",
        f"release/{ASSIGNMENT}/copy.json: {reason}"]


def test_release_looks_only_at_its_own_assignment(tmp_path):
    other = tmp_path / "source" / "other-assessment" / ".responses"
    other.mkdir(parents=True)
    (other / "quiz-other-assessment.json").write_text("{}", encoding="utf-8")
    assert preflight_release(tmp_path, ASSIGNMENT) == []


# --- before autograde ------------------------------------------------------------------------

def test_autograde_goes_ahead_when_notebook_and_key_agree(tmp_path):
    write_source(tmp_path, grade_cell("test-q1", 2), grade_cell("test-q2", 1),
                 # solution cells and other graded cells are not questions of the key
                 grade_cell("answer-1-1", 4, solution=True), grade_cell("test-q9", 0, grade=False),
                 grade_cell("written-1-1", 3))
    write_keys(tmp_path / "keys", question("q1", 2), question("q2"))
    assert preflight_autograde(tmp_path, ASSIGNMENT, tmp_path / "keys") == []


def test_autograde_reads_questions_across_every_source_notebook(tmp_path):
    write_source(tmp_path, grade_cell("test-q1", 1), name="a.ipynb")
    write_source(tmp_path, grade_cell("test-q2", 1), name="b.ipynb")
    write_keys(tmp_path / "keys", question("q1"), question("q2"))
    assert preflight_autograde(tmp_path, ASSIGNMENT, tmp_path / "keys") == []


def test_autograde_refuses_without_a_source_notebook(tmp_path):
    write_keys(tmp_path / "keys", question("q1"))
    assert preflight_autograde(tmp_path, ASSIGNMENT, tmp_path / "keys") == [
        f"{tmp_path / 'source' / ASSIGNMENT}: no source notebook for {ASSIGNMENT}"]


def test_autograde_refuses_without_a_key(tmp_path):
    write_source(tmp_path, grade_cell("test-q1", 1))
    assert preflight_autograde(tmp_path, ASSIGNMENT, tmp_path / "keys") == [
        f"no answer key for {ASSIGNMENT}: {tmp_path / 'keys' / ASSIGNMENT}.json does not exist"]


def test_autograde_refuses_a_damaged_key(tmp_path):
    write_source(tmp_path, grade_cell("test-q1", 1))
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / f"{ASSIGNMENT}.json").write_text(
        json.dumps({"kind": KIND, "assignment": "other-assessment", "questions": []}), encoding="utf-8")
    assert preflight_autograde(tmp_path, ASSIGNMENT, tmp_path / "keys") == [
        f"{tmp_path / 'keys' / ASSIGNMENT}.json is not the answer key of {ASSIGNMENT}"]


def test_autograde_refuses_when_notebook_and_key_disagree(tmp_path):
    write_source(tmp_path, grade_cell("test-q1", 2), grade_cell("test-q2", 1),
                 grade_cell("test-q3", 1))
    write_keys(tmp_path / "keys", question("q1", 3), question("q3"), question("q4"), question("q5"))
    assert preflight_autograde(tmp_path, ASSIGNMENT, tmp_path / "keys") == [
        "question q2 is in the notebook but not in the answer key",
        "question q4 is in the answer key but not in the notebook",
        "question q5 is in the answer key but not in the notebook",
        "question q1 is worth 2 points in the notebook but 3 in the answer key",
        HINT]
