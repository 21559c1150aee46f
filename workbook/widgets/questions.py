"""What the quiz's script is told about each question, and what it may send back.

The browser gets each question's text and its controls in the learner's stable order, never
which option is right; every answer it sends back is checked against the question here before
it is saved, so a stale or tampered message cannot write something the question cannot hold.
"""
from __future__ import annotations

from typing import Any

from workbook.course.model import Question
from workbook.widgets.base import stable_shuffle

__all__ = ["clean_answer", "payload"]


def payload(question: Question, number: int, learner: str, shuffle: bool = True) -> dict:
    """The question as the script draws it: texts, options in order, nothing about correctness."""
    data: dict[str, Any] = {"id": question.id, "number": number, "type": question.type,
                            "stem": question.stem, "points": question.points}
    if question.type in ("single", "truefalse", "multiple"):
        options = list(question.options)
        if shuffle and question.type != "truefalse":
            options = stable_shuffle(options, learner, question.id)
        data["options"] = [{"id": o.id, "text": o.text} for o in options]
    elif question.type == "matching":
        choices = [p.right for p in question.pairs] + list(question.distractors)
        data["items"] = [p.left for p in question.pairs]
        data["choices"] = stable_shuffle(choices, learner, question.id) if shuffle else choices
    elif question.type == "ordering":
        steps = list(question.steps)
        order = stable_shuffle(steps, learner, question.id) if shuffle else steps
        if shuffle and order == steps and len(steps) > 1:
            order = steps[1:] + steps[:1]  # never start in the right order
        data["steps"] = order
    else:
        data["scenario"] = question.scenario
        data["parts"] = [payload(part, n, learner, shuffle)
                         for n, part in enumerate(question.parts, 1)]
    return data


def clean_answer(question: Question, answer: Any) -> Any:
    """The answer if the question can hold it, else None (unknown ids and texts dropped)."""
    if question.type in ("single", "truefalse"):
        return answer if answer in {o.id for o in question.options} else None
    if question.type == "multiple":
        if not isinstance(answer, list):
            return None
        known = {o.id for o in question.options}
        return sorted({a for a in answer if a in known})
    if question.type == "matching":
        if not isinstance(answer, dict):
            return None
        lefts = {p.left for p in question.pairs}
        choices = {p.right for p in question.pairs} | set(question.distractors)
        return {k: v for k, v in answer.items() if k in lefts and v in choices}
    if question.type == "ordering":
        ok = (isinstance(answer, list) and all(isinstance(a, str) for a in answer)
              and sorted(answer) == sorted(question.steps))
        return list(answer) if ok else None
    if not isinstance(answer, dict):
        return None
    parts = {p.id: clean_answer(p, answer.get(p.id)) for p in question.parts}
    return {pid: a for pid, a in parts.items() if a not in (None, [])}
