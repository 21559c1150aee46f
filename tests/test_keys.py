"""Answer keys: written in full with stable bytes, read back, and every fault named plainly."""
from __future__ import annotations

import json

import pytest

from workbook.assess.assessment import Assessment
from workbook.assess.keys import (
    KIND,
    AnswerKeyError,
    key_path,
    key_text,
    keys_root,
    load_key,
)
from workbook.course.model import Option, Question, Unit

ASSIGNMENT = "demo-assessment"
KEYS_ENV = "WORKBOOK_KEYS"

QUESTIONS = (
    Question(id="demo-q1", type="single", stem="Which need sits at the centre of Kitwood's flower?",
             criterion="1.1", points=2, explanation="Kitwood places love at the centre.",
             models=("Kitwood",),
             options=(Option("a", "Love", correct=True, feedback="Yes: the centre of the flower."),
                      Option("b", "Routine", feedback="Routine is not one of the needs."))),
    Question(id="demo-q2", type="multiple", stem="Which of these are psychological needs?",
             criterion="1.1",
             options=(Option("a", "Comfort", correct=True, feedback="One of the five."),
                      Option("b", "Identity", correct=True, feedback="One of the five."),
                      Option("c", "Speed", feedback="Not a need in the model."))),
)


def assessment() -> Assessment:
    return Assessment(ASSIGNMENT, Unit(slug="demo-unit", title="Demo unit"), QUESTIONS, ())


def write_key(folder, text: str | bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = key_path(ASSIGNMENT, folder)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def message(folder) -> str:
    with pytest.raises(AnswerKeyError) as caught:
        load_key(ASSIGNMENT, folder)
    return str(caught.value)


def test_keys_root_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(KEYS_ENV, str(tmp_path / "keys"))
    assert keys_root() == tmp_path / "keys"
    assert key_path(ASSIGNMENT) == tmp_path / "keys" / f"{ASSIGNMENT}.json"
    assert key_path(ASSIGNMENT, tmp_path) == tmp_path / f"{ASSIGNMENT}.json"


@pytest.mark.parametrize("value", [None, ""], ids=["unset", "empty"])
def test_keys_root_unset_says_how_to_set_it(monkeypatch, value):
    if value is None:
        monkeypatch.delenv(KEYS_ENV, raising=False)
    else:
        monkeypatch.setenv(KEYS_ENV, value)
    with pytest.raises(AnswerKeyError) as caught:
        keys_root()
    assert str(caught.value) == (f"{KEYS_ENV} is not set, so the answer keys cannot be found; run "
                                 "nbgrader from the course folder so its nbgrader_config.py sets it")
    with pytest.raises(AnswerKeyError, match=f"^{KEYS_ENV} is not set"):
        load_key(ASSIGNMENT)


def test_key_text_holds_every_question_in_full_with_stable_bytes():
    text = key_text(assessment())
    assert text == key_text(assessment())
    assert text.endswith("}\n")
    document = json.loads(text)
    assert (document["kind"], document["schema"], document["assignment"], document["unit"]) == (
        KIND, 1, ASSIGNMENT, "demo-unit")
    assert [q["id"] for q in document["questions"]] == ["demo-q1", "demo-q2"]
    assert document["questions"][0]["options"][0] == {
        "id": "a", "text": "Love", "correct": True, "feedback": "Yes: the centre of the flower."}
    assert document["questions"][0]["explanation"] == "Kitwood places love at the centre."


def test_key_round_trips_to_the_same_questions(tmp_path):
    write_key(tmp_path, key_text(assessment()))
    assert load_key(ASSIGNMENT, tmp_path) == {q.id: q for q in QUESTIONS}


def test_key_is_found_through_the_environment(tmp_path, monkeypatch):
    write_key(tmp_path, key_text(assessment()))
    monkeypatch.setenv(KEYS_ENV, str(tmp_path))
    assert list(load_key(ASSIGNMENT)) == ["demo-q1", "demo-q2"]


def test_missing_key(tmp_path):
    path = tmp_path / f"{ASSIGNMENT}.json"
    assert message(tmp_path) == f"no answer key for {ASSIGNMENT}: {path} does not exist"


def test_key_that_is_not_json(tmp_path):
    write_key(tmp_path, '{"kind": ')
    assert message(tmp_path).startswith(f"the answer key {tmp_path / ASSIGNMENT}.json cannot be read (")


def test_key_that_is_not_text(tmp_path):
    write_key(tmp_path, b'{"kind": "\xff"}')
    assert message(tmp_path).startswith(f"the answer key {tmp_path / ASSIGNMENT}.json cannot be read ("
                                        "'utf-8' codec can't decode")


def test_key_that_is_a_folder(tmp_path):
    key_path(ASSIGNMENT, tmp_path).mkdir()
    assert message(tmp_path).startswith(f"the answer key {tmp_path / ASSIGNMENT}.json cannot be read (")


@pytest.mark.parametrize("document", [
    ["questions"],
    {"kind": "something-else", "assignment": ASSIGNMENT, "questions": []},
    {"assignment": ASSIGNMENT, "questions": []},
    {"kind": KIND, "assignment": "other-assessment", "questions": []},
], ids=["list", "other-kind", "no-kind", "other-assignment"])
def test_file_that_is_not_this_assignments_key(tmp_path, document):
    write_key(tmp_path, json.dumps(document))
    assert message(tmp_path) == f"{tmp_path / ASSIGNMENT}.json is not the answer key of {ASSIGNMENT}"


@pytest.mark.parametrize("change", [
    lambda d: d.pop("questions"),
    lambda d: d["questions"][0].pop("options"),
    lambda d: d["questions"][1]["options"][0].pop("text"),
    lambda d: d["questions"].__setitem__(0, "demo-q1"),
], ids=["no-questions", "no-options", "option-without-text", "question-not-an-object"])
def test_damaged_key(tmp_path, change):
    document = json.loads(key_text(assessment()))
    change(document)
    write_key(tmp_path, json.dumps(document))
    assert message(tmp_path).startswith(f"the answer key {tmp_path / ASSIGNMENT}.json is damaged (")
