"""Quiz answers, the one reader and writer of their format.

A quiz's answers are a store document `{"answers": {question id: {"answer", "attempts",
"revealed"}}}`: an outcome's formative quiz in the learner's store, and an assessment's answers
in the responses file that nbgrader carries (`workbook.assess.responses` reads that one without
changing it).
"""
from __future__ import annotations

from typing import Any

from workbook.course.model import Unit
from workbook.learner.store import Store

__all__ = ["QuizDocument", "answers_of", "document_name", "unit_answers"]

FRESH = {"answer": None, "attempts": 0, "revealed": False}


def document_name(unit_slug: str, outcome_id: str) -> str:
    """The store document of one outcome's quiz."""
    return f"quiz-{unit_slug}-{outcome_id.lower()}"


def answers_of(data: Any) -> dict[str, dict] | None:
    """The question entries of a quiz document's data (None when it is not a quiz document)."""
    answers = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, dict):
        return None
    return {qid: entry for qid, entry in answers.items() if isinstance(entry, dict)}


def unit_answers(store: Store, unit: Unit) -> dict[str, dict[str, Any]]:
    """Outcome id -> saved quiz entries, from the store."""
    return {o.id: answers_of(store.read(document_name(unit.slug, o.id))) or {}
            for o in unit.outcomes}


class QuizDocument:
    """One quiz's answers in the store, read once and changed one question at a time."""

    def __init__(self, store: Store, name: str):
        self.store = store
        self.name = name
        self.entries: dict[str, dict] = answers_of(store.read(name)) or {}

    def entry(self, question_id: str) -> dict:
        """The saved entry of a question (a fresh one when nothing was saved)."""
        saved = self.entries.get(question_id)
        return {**FRESH, **saved} if isinstance(saved, dict) else dict(FRESH)

    def save(self, question_id: str, **fields: Any) -> None:
        """Change some fields of one question's entry on disk, keeping everything else there."""
        def change(data: dict) -> None:
            answers = data.setdefault("answers", {})
            current = answers.get(question_id)
            answers[question_id] = {**self.entry(question_id),
                                    **(current if isinstance(current, dict) else {}), **fields}

        data = self.store.update(self.name, change)
        self.entries = answers_of(data) or {}
