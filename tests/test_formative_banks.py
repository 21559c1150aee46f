"""Formative banks of the two units: honest labels, sound facts and no test-wise shortcuts."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from workbook import load_course
from workbook.course.model import Outcome, Question, Unit
from workbook.scoring import score

UNITS = ("lead-person-centred-practice", "active-support-lead-interactive-training")
#: how far above chance a test-wise strategy may score on one unit's bank (percentage points).
MARGIN = 0.15
ABSOLUTE = re.compile(r"\b(only|never|always|alone|purely|all|none)\b", re.IGNORECASE)


def units() -> list[Unit]:
    """The two units whose formative banks this file checks."""
    course = load_course()
    return [course.unit(slug) for slug in UNITS]


def items(question: Question) -> Iterator[Question]:
    """The question itself and, for a scenario, each of its parts."""
    yield question
    yield from question.parts


def learner_texts(question: Question) -> Iterator[str]:
    """Every text a learner reads in a question, its parts included."""
    for item in items(question):
        yield from (item.stem, item.scenario, item.explanation, *item.steps, *item.distractors)
        for option in item.options:
            yield from (option.text, option.feedback)
        for pair in item.pairs:
            yield from (pair.left, pair.right)


def outcome_banks() -> list[tuple[Unit, Outcome]]:
    """Each outcome of the two units, for parametrised tests."""
    return [(unit, outcome) for unit in units() for outcome in unit.outcomes]


def bank_items(unit: Unit, kind: str) -> list[Question]:
    """Every item of one type in a unit's formative bank, scenario parts included."""
    return [item for o in unit.outcomes for q in o.questions for item in items(q) if item.type == kind]


@pytest.mark.parametrize(("unit", "outcome"), outcome_banks(), ids=lambda v: getattr(v, "id", ""))
def test_no_learner_text_mentions_authoring(unit: Unit, outcome: Outcome):
    for question in outcome.questions:
        for text in learner_texts(question):
            assert not re.search(r"\bseed|revision page|marking point", text, re.I), (question.id, text)


@pytest.mark.parametrize(("unit", "outcome"), outcome_banks(), ids=lambda v: getattr(v, "id", ""))
def test_only_official_criteria_are_called_criteria(unit: Unit, outcome: Outcome):
    official = {c.id for c in outcome.criteria if c.official}
    for question in outcome.questions:
        for text in learner_texts(question):
            if not official:
                assert not re.search(r"\bcriteri(on|a)\b", text, re.I), (question.id, text)
            for number in re.findall(r"\bcriterion (\d+\.\d+)", text, re.I):
                assert number in official, (question.id, text)


def test_safeguarding_principles_are_credited_to_the_statutory_guidance():
    for unit in units():
        for outcome in unit.outcomes:
            for question in outcome.questions:
                for text in (*learner_texts(question), *question.models):
                    assert not re.search(r"Care Act(?: 2014)?(?:'s)? (?:safeguarding )?principle",
                                         text), (question.id, text)
                    if re.search(r"six (?:safeguarding )?principles", text):
                        assert "statutory guidance" in text, (question.id, text)


def test_personal_budgets_and_direct_payments_are_described_as_the_act_has_them():
    question = next(q for o in units()[0].outcomes for q in o.questions
                    if q.id == "lpcp-lo1-direct-payments-tf")
    texts = " ".join(learner_texts(question))
    assert "everyone with eligible needs" not in texts
    assert "care and support plan" in texts and "request" in texts


def test_training_cycle_follows_the_unit_guidance_shown_on_the_page():
    unit = units()[1]
    guidance = next(g for g in unit.guidance if "complete training cycle" in g).lower()
    stages = ["initial assessment", "design", "delivery", "evaluation", "follow-up support"]
    places = [guidance.index(stage) for stage in stages]
    assert places == sorted(places)
    question = next(q for o in unit.outcomes for q in o.questions
                    if q.id == "aslit-lo2-training-cycle-order")
    assert [step.lower().startswith(stage) for step, stage in zip(question.steps, stages)] \
        == [True] * len(stages)


@pytest.mark.parametrize("unit", units(), ids=lambda u: u.slug)
def test_multiple_response_items_have_as_many_wrong_options_as_right(unit: Unit):
    for item in bank_items(unit, "multiple"):
        right = sum(o.correct for o in item.options)
        assert len(item.options) - right >= right, item.id
        assert score(item, [o.id for o in item.options]) == 0, item.id


def _kth_longest(item: Question, k: int) -> bool:
    ranked = sorted(item.options, key=lambda o: -len(o.text))
    return k < len(ranked) and ranked[k].correct


@pytest.mark.parametrize("unit", units(), ids=lambda u: u.slug)
def test_option_length_does_not_give_single_choice_keys_away(unit: Unit):
    singles = bank_items(unit, "single")
    chance = sum(1 / len(i.options) for i in singles) / len(singles)
    for k in range(4):
        rate = sum(_kth_longest(i, k) for i in singles) / len(singles)
        assert rate <= chance + MARGIN, (k + 1, rate, chance)
    two = sum(0.5 * (_kth_longest(i, 0) + _kth_longest(i, 1)) for i in singles) / len(singles)
    assert two <= chance + MARGIN
    places = [next(n for n, o in enumerate(i.options) if o.correct) for i in singles]
    assert max(places.count(n) for n in set(places)) / len(places) <= 0.4


@pytest.mark.parametrize("unit", units(), ids=lambda u: u.slug)
def test_absolute_words_do_not_give_true_false_keys_away(unit: Unit):
    statements = bank_items(unit, "truefalse")
    key = {i.id: next(o.id for o in i.options if o.correct) for i in statements}
    marked = [i for i in statements if ABSOLUTE.search(i.stem)]
    guess = sum(key[i.id] == "false" if i in marked else 0.5 for i in statements) / len(statements)
    assert guess <= 0.5 + MARGIN
    trues = sum(k == "true" for k in key.values())
    assert abs(trues - len(statements) / 2) <= len(statements) / 4
