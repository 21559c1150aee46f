"""Flashcards of a unit's key concepts and its outcomes' models: front, back, known / not yet.

    from workbook.widgets import flashcards
    flashcards.show("lead-person-centred-practice")
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import traitlets
from IPython.display import display

from workbook.course.loader import load_course
from workbook.course.model import Unit
from workbook.course.slugs import slugify
from workbook.learner.flashcard_marks import document_name, known_cards, mark_card
from workbook.learner.store import SaveError, Store
from workbook.widgets.base import not_saved_html, note_html, read_only_html
from workbook.widgets.model import CommWidget
from workbook.widgets.quiz import ASSETS
from workbook.widgets.static import STATIC_CLASS, StaticSummary

__all__ = ["Card", "Flashcards", "cards_for", "document_name", "show"]


@dataclass(frozen=True)
class Card:
    """One flashcard: a stable id, the name on the front and the explanation on the back."""

    id: str
    front: str
    back: str


def cards_for(unit: Unit) -> list[Card]:
    """The unit's named key concepts, then each outcome's models (each name once)."""
    cards: dict[str, Card] = {}
    concepts = [c for c in unit.key_concepts if c.name] + [m for o in unit.outcomes for m in o.models]
    for concept in concepts:
        # imported text that is out of date carries its currency notes on the back
        notes = unit.notes_for(f"{concept.name}: {concept.explanation}")
        back = " ".join([concept.explanation, *(f"⚠️ Currency note: {n}" for n in notes)])
        card = Card(slugify(concept.name), concept.name, back)
        cards.setdefault(card.id, card)
    return list(cards.values())


class Flashcards(CommWidget):
    """One card at a time; the learner turns it and marks it known or not yet (saved).

    One widget model drawn by `js/flashcards.js`: turning and moving between cards happen in
    the browser (the `position` and `back_shown` traits follow), marking sends a message that
    the kernel saves, answered with the `known` trait and a status.
    """

    _esm = (ASSETS / "dom.js", ASSETS / "flashcards.js")
    _css = ASSETS / "widgets.css"
    heading = traitlets.Unicode("").tag(sync=True)
    notice = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    read_only = traitlets.Bool(False).tag(sync=True)
    cards: traitlets.List[Any] = traitlets.List().tag(sync=True)
    known = traitlets.Dict().tag(sync=True)
    position = traitlets.Int(0).tag(sync=True)
    back_shown = traitlets.Bool(False).tag(sync=True)

    def __init__(self, title: str, name: str, cards: list[Card], store: Store | None = None):
        self.title = title
        self.deck = cards
        self.store = store or Store()
        self.name = name
        read_only = not self.store.writable()
        notes = [note_html(f"⚠ {html.escape(w)}", "partial", role="alert")
                 for w in self.store.warnings]
        super().__init__(heading=title, read_only=read_only,
                         notice="".join(notes + ([read_only_html(self.store)] if read_only else [])),
                         cards=[{"id": c.id, "front": c.front, "back": c.back} for c in cards],
                         known=known_cards(self.store, name))
        self.summary = StaticSummary(self.summary_bundle())
        self.on_msg(self._on_message)

    def turn(self) -> None:
        """Show the other side of the current card."""
        self.back_shown = not self.back_shown

    def go(self, offset: int) -> None:
        """Move to another card (wrapping round), front side up."""
        if self.deck:
            self.position = (self.position + offset) % len(self.deck)
            self.back_shown = False

    def mark(self, known: bool) -> None:
        """Save whether the learner knows the current card."""
        if not self.deck or self.read_only:
            return
        card_id = self.deck[self.position].id
        try:
            self.known = mark_card(self.store, self.name, card_id, known)
        except SaveError as exc:
            self.status = not_saved_html(exc, "Mark the card again once the problem is fixed.")
            return
        self.status = ""
        self.summary.update(self.summary_bundle())

    def summary_bundle(self) -> dict[str, str]:
        """The static rendering: how many cards are known, and which."""
        known = [c.front for c in self.deck if self.known.get(c.id)]
        text = f"{self.title}: {len(known)} of {len(self.deck)} cards marked known."
        items = "".join(f"<li>✔ {html.escape(front)}</li>" for front in known)
        return {"text/html": f'<div class="{STATIC_CLASS}"><p><b>{html.escape(text)}</b></p>'
                             f"<ul>{items}</ul></div>",
                "text/plain": "\n".join([text, *(f"- {front}" for front in known)])}

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """{"action": "mark", "known": bool, "position": int} from the script."""
        if not isinstance(content, dict) or content.get("action") != "mark":
            return
        position = content.get("position")
        if isinstance(position, int) and 0 <= position < len(self.deck):
            self.position = position
        self.mark(content.get("known") is True)


def show(unit_slug: str, root: Path | str | None = None) -> None:
    """Display the flashcards of one unit (marks kept under `root`, default: the learner store)."""
    unit = load_course().unit(unit_slug)
    cards = Flashcards(f"Flashcards: {unit.title}", document_name(unit_slug), cards_for(unit),
                       Store(root))
    display(cards)
    cards.summary.display()
