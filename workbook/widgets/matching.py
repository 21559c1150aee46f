"""Input for matching questions: one labelled drop-down per left-hand item."""
from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbook.course.model import Question
from workbook.widgets.base import stable_shuffle

PLACEHOLDER = "Choose…"


class MatchingInput:
    """A drop-down for each left-hand item, offering every right-hand text plus distractors."""

    def __init__(self, question: Question, learner: str, shuffle: bool = True):
        self.question = question
        choices = [p.right for p in question.pairs] + list(question.distractors)
        if shuffle:
            choices = stable_shuffle(choices, learner, question.id)
        self._choices = set(choices)
        options = [(PLACEHOLDER, "")] + [(c, c) for c in choices]
        # the description is a real <label> for the <select>: screen readers read the item
        self.dropdowns = {
            pair.left: widgets.Dropdown(options=options, value="", description=pair.left,
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="auto", max_width="100%"))
            for pair in question.pairs
        }
        self.box = widgets.VBox([widgets.HTML("<i>Pick the match for each item.</i>"),
                                 *self.dropdowns.values()])

    def get(self) -> Any:
        """The answer: {left: chosen right-hand text}, unanswered items left out."""
        return {left: d.value for left, d in self.dropdowns.items() if d.value}

    def set(self, answer: Any) -> None:
        """Show a saved answer (texts that are no longer offered are ignored)."""
        if not isinstance(answer, dict):
            return
        for left, dropdown in self.dropdowns.items():
            if answer.get(left) in self._choices:
                dropdown.value = answer[left]

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock the drop-downs."""
        for dropdown in self.dropdowns.values():
            dropdown.disabled = disabled

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call back whenever the learner picks a match."""
        for dropdown in self.dropdowns.values():
            dropdown.observe(lambda _: callback(), names="value")

    def details(self, answer: Any) -> list[str]:
        """Right or wrong for each item."""
        answer = answer if isinstance(answer, dict) else {}
        return [f"{'✔' if answer.get(p.left) == p.right else '✘'} {html.escape(p.left)}: "
                f"{'matched' if answer.get(p.left) == p.right else 'not this one'}"
                for p in self.question.pairs]
