"""A learner's flashcard marks: the one reader and writer of `flashcards-<unit>` documents.

`{"known": {card id: true | false}}`: whether the learner said they know each card.
"""
from __future__ import annotations

from workbook.learner.store import Store

__all__ = ["document_name", "known_cards", "mark_card"]


def document_name(unit_slug: str) -> str:
    """The store document of a unit's flashcards."""
    return f"flashcards-{unit_slug}"


def known_cards(store: Store, name: str) -> dict[str, bool]:
    """{card id: known} as saved in the document `name`."""
    known = store.read(name).get("known", {})
    return {str(k): bool(v) for k, v in known.items()} if isinstance(known, dict) else {}


def mark_card(store: Store, name: str, card_id: str, known: bool) -> dict[str, bool]:
    """Save whether the learner knows one card; every card's mark as saved (SaveError if not)."""
    def change(data: dict) -> None:
        marks = data.get("known")
        if not isinstance(marks, dict):
            marks = data["known"] = {}
        marks[card_id] = known

    saved = store.update(name, change).get("known", {})
    return {str(k): bool(v) for k, v in saved.items()}
