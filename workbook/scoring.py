"""Pure scoring of quiz answers (no I/O), shared by the quiz widgets, progress and grading.

Answers are plain JSON (the same in the learner store and in nbgrader responses files):
single/truefalse `"a"`; multiple a list of option ids; matching `{left: right}`; ordering a list
of step texts in the learner's order; scenario `{part id: part answer}`.

Partial credit, always a fraction from 0 to 1 (an answer of the wrong shape scores 0):
- single, truefalse: 1 for the correct option, else 0.
- multiple: (correct options chosen - wrong options chosen) / number of correct options,
  never below 0; so choosing every option earns nothing unless every option is correct.
- matching: the share of left-hand items matched to their own right-hand text.
- ordering: the share of the n-1 neighbouring steps that the learner put next to each other
  in the right order; one step out of place costs at most two links. A list that is not the
  steps (missing, extra or repeated ones) scores 0.
- scenario: the mean of its parts' scores, each part weighted equally.
"""
from __future__ import annotations

import math
from typing import Any

from workbook.course.model import Question

__all__ = ["correct_answer", "is_answered", "is_correct", "lost_marks", "points", "score",
           "shown_points"]


def score(question: Question, answer: Any) -> float:
    """The fraction (0..1) of the question's credit that `answer` earns."""
    if answer is None:
        return 0.0
    kind = question.type
    if kind in ("single", "truefalse"):
        return 1.0 if isinstance(answer, str) and answer in _correct_ids(question) else 0.0
    if kind == "multiple":
        return _score_multiple(question, answer)
    if kind == "matching":
        return _score_matching(question, answer)
    if kind == "ordering":
        return _score_ordering(question, answer)
    if kind == "scenario":
        if not isinstance(answer, dict) or not question.parts:
            return 0.0
        return sum(score(part, answer.get(part.id)) for part in question.parts) / len(question.parts)
    raise ValueError(f"unknown question type {kind!r}")


def points(question: Question, answer: Any) -> float:
    """The points `answer` earns: the score times the question's points."""
    return score(question, answer) * question.points


def is_correct(question: Question, answer: Any) -> bool:
    """True when the answer earns full credit."""
    return score(question, answer) == 1.0


def is_answered(question: Question, answer: Any) -> bool:
    """True when the learner has given a complete answer worth checking."""
    kind = question.type
    if kind in ("single", "truefalse"):
        return isinstance(answer, str) and bool(answer)
    if kind == "multiple":
        return isinstance(answer, list) and bool(answer)
    if kind == "matching":
        return isinstance(answer, dict) and all(answer.get(p.left) for p in question.pairs)
    if kind == "ordering":
        return isinstance(answer, list) and sorted(answer) == sorted(question.steps)
    if kind == "scenario":
        return isinstance(answer, dict) and all(is_answered(p, answer.get(p.id)) for p in question.parts)
    return False


def correct_answer(question: Question) -> Any:
    """The answer that earns full credit, in the same JSON shape learners' answers have."""
    kind = question.type
    if kind in ("single", "truefalse"):
        return sorted(_correct_ids(question))[0]
    if kind == "multiple":
        return sorted(_correct_ids(question))
    if kind == "matching":
        return {pair.left: pair.right for pair in question.pairs}
    if kind == "ordering":
        return list(question.steps)
    if kind == "scenario":
        return {part.id: correct_answer(part) for part in question.parts}
    raise ValueError(f"unknown question type {question.type!r}")


def _correct_ids(question: Question) -> set[str]:
    return {o.id for o in question.options if o.correct}


def _score_multiple(question: Question, answer: Any) -> float:
    if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
        return 0.0
    correct = _correct_ids(question)
    if not correct:
        return 0.0
    chosen = set(answer)
    known = {o.id for o in question.options}
    if not chosen <= known:
        return 0.0
    return max(0.0, (len(chosen & correct) - len(chosen - correct)) / len(correct))


def _score_matching(question: Question, answer: Any) -> float:
    if not isinstance(answer, dict) or not question.pairs:
        return 0.0
    right = sum(1 for pair in question.pairs if answer.get(pair.left) == pair.right)
    return right / len(question.pairs)


def _score_ordering(question: Question, answer: Any) -> float:
    steps = list(question.steps)
    if (not isinstance(answer, list) or not all(isinstance(a, str) for a in answer)
            or sorted(answer) != sorted(steps) or len(steps) < 2):
        return 0.0
    position = {step: i for i, step in enumerate(answer)}
    links = sum(1 for a, b in zip(steps, steps[1:]) if position[b] == position[a] + 1)
    return links / (len(steps) - 1)


def shown_points(value: float) -> str:
    """Points as learners see them: whole or half points ("1.5", "2"), never "1.33333"."""
    halves = math.floor(value * 2 + 0.5 + 1e-9)  # a quarter goes up, as people round
    return str(halves // 2) if halves % 2 == 0 else f"{halves / 2:.1f}"


def lost_marks(question: Question, answer: Any) -> str:
    """What cost the marks of an answer short of full credit, in words ("" when nothing did).

    "You ticked 2 of the 3 right answers and 1 wrong one." A wrong answer to a one-answer
    question needs no sentence: the verdict says it.
    """
    kind = question.type
    if kind == "multiple" and isinstance(answer, list):
        correct = _correct_ids(question)
        chosen = {a for a in answer if isinstance(a, str)}
        right, wrong = len(chosen & correct), len(chosen - correct)
        if right == len(correct) and not wrong:
            return ""
        text = f"You ticked {right} of the {len(correct)} right answers"
        if wrong:
            text += f" and {wrong} wrong one{'s' if wrong > 1 else ''}"
            text += " (each wrong tick takes away one right one)" if right else ""
        return text + "."
    if kind == "matching" and isinstance(answer, dict) and question.pairs:
        right = sum(1 for pair in question.pairs if answer.get(pair.left) == pair.right)
        return ("" if right == len(question.pairs) else
                f"You matched {right} of the {len(question.pairs)} items correctly.")
    if kind == "ordering" and score(question, answer) < 1 and len(question.steps) > 1:
        links = round(score(question, answer) * (len(question.steps) - 1))
        return (f"{links} of the {len(question.steps) - 1} pairs of neighbouring steps are in "
                "the right order.")
    if kind == "scenario" and isinstance(answer, dict) and question.parts:
        full = [n for n, part in enumerate(question.parts, 1) if is_correct(part, answer.get(part.id))]
        if len(full) == len(question.parts):
            return ""
        reasons = [f"Part {n}: {reason}" for n, part in enumerate(question.parts, 1)
                   if (reason := lost_marks(part, answer.get(part.id)))]
        return " ".join([f"You got {len(full)} of the {len(question.parts)} parts fully right.",
                         *reasons])
    return ""
