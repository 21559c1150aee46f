"""Scoring rules of workbook.scoring, including partial credit and malformed answers."""
from __future__ import annotations

from pathlib import Path

import pytest

from workbook import load_course, scoring
from workbook.course.banks import load_bank

SAMPLE = Path(__file__).parent / "fixtures" / "quiz" / "sample-bank.yaml"


@pytest.fixture(scope="module")
def q():
    unit = load_course().unit("lead-person-centred-practice")
    return {question.id: question for question in load_bank(SAMPLE, unit, "LO1")}


def test_single_and_truefalse(q):
    assert scoring.score(q["t-single-capital"], "a") == 1
    assert scoring.score(q["t-single-capital"], "b") == 0
    assert scoring.score(q["t-single-capital"], ["a"]) == 0  # wrong shape
    assert scoring.score(q["t-truefalse-unwise"], "false") == 1
    assert scoring.score(q["t-truefalse-unwise"], "true") == 0


def test_multiple_partial_credit(q):
    question = q["t-multiple-principles"]  # correct: a, c, d
    assert scoring.score(question, ["a", "c", "d"]) == 1
    assert scoring.score(question, ["a", "c"]) == pytest.approx(2 / 3)
    assert scoring.score(question, ["a", "b", "c"]) == pytest.approx(1 / 3)
    assert scoring.score(question, ["a", "b", "c", "d"]) == pytest.approx(2 / 3)
    assert scoring.score(question, ["b"]) == 0  # never below zero
    assert scoring.score(question, ["a", "z"]) == 0  # an id that is not an option


def test_matching_share_of_pairs(q):
    question = q["t-matching-laws"]
    key = scoring.correct_answer(question)
    assert scoring.score(question, key) == 1
    wrong = {**key, "Care Act 2014": "Registration of nurses"}
    assert scoring.score(question, wrong) == pytest.approx(2 / 3)
    assert scoring.score(question, {}) == 0
    assert scoring.score(question, "Care Act 2014") == 0


def test_ordering_neighbour_links(q):
    question = q["t-ordering-pdsa"]
    assert scoring.score(question, ["Plan", "Do", "Study", "Act"]) == 1
    assert scoring.score(question, ["Do", "Plan", "Study", "Act"]) == pytest.approx(1 / 3)
    assert scoring.score(question, ["Act", "Plan", "Do", "Study"]) == pytest.approx(2 / 3)
    assert scoring.score(question, ["Act", "Study", "Do", "Plan"]) == 0
    assert scoring.score(question, ["Plan", "Do", "Study"]) == 0  # a step missing
    assert scoring.score(question, ["Plan", "Plan", "Study", "Act"]) == 0


def test_scenario_mean_of_parts(q):
    question = q["t-scenario-refusal"]
    assert scoring.score(question, {"first": "a", "tell": ["a"]}) == 1
    assert scoring.score(question, {"first": "a", "tell": ["b"]}) == 0.5
    assert scoring.score(question, {"first": "a"}) == 0.5
    assert scoring.score(question, None) == 0


def test_points_and_correct_answer(q):
    assert scoring.points(q["t-single-dignity"], "a") == 2
    assert scoring.points(q["t-single-dignity"], "b") == 0
    for question in q.values():
        assert scoring.is_correct(question, scoring.correct_answer(question)), question.id
        assert scoring.is_answered(question, scoring.correct_answer(question)), question.id


def test_is_answered_needs_every_part(q):
    assert not scoring.is_answered(q["t-scenario-refusal"], {"first": "a"})
    assert not scoring.is_answered(q["t-matching-laws"], {"Care Act 2014": "Protected characteristics"})
    assert not scoring.is_answered(q["t-multiple-active"], [])
    assert scoring.is_answered(q["t-multiple-active"], ["b"])


def test_shipped_questions_have_a_full_credit_answer():
    for unit in load_course().units:
        for outcome in unit.outcomes:
            for question in outcome.questions:
                assert scoring.score(question, scoring.correct_answer(question)) == 1, question.id
