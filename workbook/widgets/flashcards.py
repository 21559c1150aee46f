"""Flashcards of a unit's key concepts and its outcomes' models: front, back, known / not yet.

    from workbook.widgets import flashcards
    flashcards.show("lead-person-centred-practice")
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets
from IPython.display import display

from workbook.course.loader import load_course
from workbook.course.model import Unit
from workbook.course.slugs import slugify
from workbook.learner.store import Store
from workbook.widgets.base import let_widgets_keep_keys, note_html
from workbook.widgets.static import HIDE_STATIC_IN_LAB, STATIC_CLASS, StaticSummary

__all__ = ["Card", "Flashcards", "cards_for", "document_name", "show"]


@dataclass(frozen=True)
class Card:
    """One flashcard: a stable id, the name on the front and the explanation on the back."""

    id: str
    front: str
    back: str


def document_name(unit_slug: str) -> str:
    """The store document of a unit's flashcards."""
    return f"flashcards-{unit_slug}"


def cards_for(unit: Unit) -> list[Card]:
    """The unit's named key concepts, then each outcome's models (each name once)."""
    cards: dict[str, Card] = {}
    concepts = [c for c in unit.key_concepts if c.name] + [m for o in unit.outcomes for m in o.models]
    for concept in concepts:
        card = Card(slugify(concept.name), concept.name, concept.explanation)
        cards.setdefault(card.id, card)
    return list(cards.values())


class Flashcards(widgets.VBox):
    """One card at a time; the learner turns it and marks it known or not yet (saved)."""

    def __init__(self, title: str, name: str, cards: list[Card], store: Store | None = None):
        self.title = title
        self.cards = cards
        self.store = store or Store()
        self.name = name
        self.known: dict[str, bool] = dict(self.store.read(name).get("known", {}))
        self.position = 0
        self.face = widgets.HTML()
        self.progress = widgets.HTML()
        self.turn_button = widgets.Button(description="Turn card", tooltip="Show the other side")
        self.known_button = widgets.Button(description="✔ I know this", tooltip="Mark as known")
        self.not_yet_button = widgets.Button(description="↻ Not yet", tooltip="Mark as not known yet")
        self.previous_button = widgets.Button(description="◀ Previous card")
        self.next_button = widgets.Button(description="Next card ▶")
        self.turn_button.on_click(lambda _: self.turn())
        self.known_button.on_click(lambda _: self.mark(True))
        self.not_yet_button.on_click(lambda _: self.mark(False))
        self.previous_button.on_click(lambda _: self.go(-1))
        self.next_button.on_click(lambda _: self.go(+1))
        self.summary = StaticSummary(self.summary_bundle())
        warning = "".join(note_html(f"⚠ {w}", "partial", role="alert") for w in self.store.warnings)
        buttons = widgets.HBox([self.previous_button, self.turn_button, self.known_button,
                                self.not_yet_button, self.next_button])
        super().__init__([widgets.HTML(f"<h2>{html.escape(title)}</h2>{HIDE_STATIC_IN_LAB}"),
                          widgets.HTML(warning), self.progress, self.face, buttons])
        self.add_class("workbook-flashcards")
        self.back_shown = False
        self._render()

    def turn(self) -> None:
        """Show the other side of the current card."""
        self.back_shown = not self.back_shown
        self._render()

    def go(self, offset: int) -> None:
        """Move to another card (wrapping round), front side up."""
        if self.cards:
            self.position = (self.position + offset) % len(self.cards)
            self.back_shown = False
            self._render()

    def mark(self, known: bool) -> None:
        """Save whether the learner knows the current card."""
        if not self.cards:
            return
        card_id = self.cards[self.position].id

        def change(data: dict) -> None:
            data.setdefault("known", {})[card_id] = known

        self.known = dict(self.store.update(self.name, change).get("known", {}))
        self.summary.update(self.summary_bundle())
        self._render()

    def summary_bundle(self) -> dict[str, str]:
        """The static rendering: how many cards are known, and which."""
        known = [c.front for c in self.cards if self.known.get(c.id)]
        text = f"{self.title}: {len(known)} of {len(self.cards)} cards marked known."
        items = "".join(f"<li>✔ {html.escape(front)}</li>" for front in known)
        return {"text/html": f'<div class="{STATIC_CLASS}"><p><b>{html.escape(text)}</b></p>'
                             f"<ul>{items}</ul></div>",
                "text/plain": "\n".join([text, *(f"- {front}" for front in known)])}

    def _render(self) -> None:
        if not self.cards:
            self.face.value = "<p>This unit has no flashcards yet.</p>"
            return
        card = self.cards[self.position]
        side = html.escape(card.back if self.back_shown else card.front)
        label = "Back" if self.back_shown else "Front"
        state = {True: "✔ known", False: "↻ not yet"}.get(self.known.get(card.id), "not marked")
        self.face.value = (f'<div role="region" aria-label="Flashcard {label.lower()}" '
                           'style="border:2px solid #1f3a5f;padding:12px;margin:4px 0;'
                           f'min-height:4em"><p><i>{label}</i> · {state}</p>'
                           f'<p style="font-size:1.2em">{side}</p></div>')
        done = sum(1 for c in self.cards if self.known.get(c.id))
        self.progress.value = (f'<p role="status">Card {self.position + 1} of {len(self.cards)} · '
                               f"{done} known</p>")


def show(unit_slug: str, root: Path | str | None = None) -> None:
    """Display the flashcards of one unit (marks kept under `root`, default: the learner store)."""
    unit = load_course().unit(unit_slug)
    cards = Flashcards(f"Flashcards: {unit.title}", document_name(unit_slug), cards_for(unit),
                       Store(root))
    display(cards)
    cards.summary.display()
    let_widgets_keep_keys()
