"""Scoring rules of workbook.scoring, including partial credit and malformed answers."""
from __future__ import annotations

from pathlib import Path

import pytest

from workbook import load_course
from workbook import scoring as grading
from workbook.course.banks import load_bank

SAMPLE = Path(__file__).parent / "fixtures" / "quiz" / "sample-bank.yaml"


@pytest.fixture(scope="module")
def q():
    unit = load_course().unit("lead-person-centred-practice")
    return {question.id: question for question in load_bank(SAMPLE, unit, "LO1")}


def test_single_and_truefalse(q):
    assert grading.score(q["t-single-capital"], "a") == 1
    assert grading.score(q["t-single-capital"], "b") == 0
    assert grading.score(q["t-single-capital"], ["a"]) == 0  # wrong shape
    assert grading.score(q["t-truefalse-unwise"], "false") == 1
    assert grading.score(q["t-truefalse-unwise"], "true") == 0


def test_multiple_partial_credit(q):
    question = q["t-multiple-principles"]  # correct: a, c, d
    assert grading.score(question, ["a", "c", "d"]) == 1
    assert grading.score(question, ["a", "c"]) == pytest.approx(2 / 3)
    assert grading.score(question, ["a", "b", "c"]) == pytest.approx(1 / 3)
    assert grading.score(question, ["a", "b", "c", "d"]) == pytest.approx(2 / 3)
    assert grading.score(question, ["b"]) == 0  # never below zero
    assert grading.score(question, ["a", "z"]) == 0  # an id that is not an option


def test_matching_share_of_pairs(q):
    question = q["t-matching-laws"]
    key = grading.correct_answer(question)
    assert grading.score(question, key) == 1
    wrong = {**key, "Care Act 2014": "Registration of nurses"}
    assert grading.score(question, wrong) == pytest.approx(2 / 3)
    assert grading.score(question, {}) == 0
    assert grading.score(question, "Care Act 2014") == 0


def test_ordering_neighbour_links(q):
    question = q["t-ordering-pdsa"]
    assert grading.score(question, ["Plan", "Do", "Study", "Act"]) == 1
    assert grading.score(question, ["Do", "Plan", "Study", "Act"]) == pytest.approx(1 / 3)
    assert grading.score(question, ["Act", "Plan", "Do", "Study"]) == pytest.approx(2 / 3)
    assert grading.score(question, ["Act", "Study", "Do", "Plan"]) == 0
    assert grading.score(question, ["Plan", "Do", "Study"]) == 0  # a step missing
    assert grading.score(question, ["Plan", "Plan", "Study", "Act"]) == 0


def test_scenario_mean_of_parts(q):
    question = q["t-scenario-refusal"]
    assert grading.score(question, {"first": "a", "tell": ["a"]}) == 1
    assert grading.score(question, {"first": "a", "tell": ["b"]}) == 0.5
    assert grading.score(question, {"first": "a"}) == 0.5
    assert grading.score(question, None) == 0


def test_points_and_correct_answer(q):
    assert grading.points(q["t-single-dignity"], "a") == 2
    assert grading.points(q["t-single-dignity"], "b") == 0
    for question in q.values():
        assert grading.is_correct(question, grading.correct_answer(question)), question.id
        assert grading.is_answered(question, grading.correct_answer(question)), question.id


def test_is_answered_needs_every_part(q):
    assert not grading.is_answered(q["t-scenario-refusal"], {"first": "a"})
    assert not grading.is_answered(q["t-matching-laws"], {"Care Act 2014": "Protected characteristics"})
    assert not grading.is_answered(q["t-multiple-active"], [])
    assert grading.is_answered(q["t-multiple-active"], ["b"])


def test_shipped_questions_have_a_full_credit_answer():
    for unit in load_course().units:
        for outcome in unit.outcomes:
            for question in outcome.questions:
                assert grading.score(question, grading.correct_answer(question)) == 1, question.id
