"""Inputs for single choice, true/false (radio buttons) and multiple choice (check boxes)."""
from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbook.course.model import Question
from workbook.widgets.base import stable_shuffle

_WIDE = widgets.Layout(width="auto", max_width="100%")


class ChoiceInput:
    """Radio buttons (one answer) or check boxes (several), options in a stable shuffled order."""

    def __init__(self, question: Question, learner: str, shuffle: bool = True):
        self.question = question
        options = list(question.options)
        if shuffle and question.type != "truefalse":
            options = stable_shuffle(options, learner, question.id)
        self.options = options
        self.multiple = question.type == "multiple"
        if self.multiple:
            # each check box is labelled by its option text, which is what a screen reader reads
            self.boxes = [widgets.Checkbox(value=False, description=o.text, indent=False,
                                           layout=_WIDE) for o in options]
            self.box = widgets.VBox([widgets.HTML("<i>Choose all that apply.</i>"), *self.boxes])
        else:
            self.radio = widgets.RadioButtons(
                options=[(o.text, o.id) for o in options], value=None,
                description="Choose one:", style={"description_width": "initial"}, layout=_WIDE)
            self.box = self.radio

    def get(self) -> Any:
        """The answer: an option id, or a sorted list of ids (multiple choice)."""
        if self.multiple:
            return sorted(o.id for o, box in zip(self.options, self.boxes) if box.value)
        return self.radio.value

    def set(self, answer: Any) -> None:
        """Show a saved answer (ids that are no longer options are ignored)."""
        known = {o.id for o in self.options}
        if self.multiple:
            chosen = set(answer) if isinstance(answer, list) else set()
            for option, box in zip(self.options, self.boxes):
                box.value = option.id in chosen
        elif answer in known:
            self.radio.value = answer

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock the choices."""
        for control in self.boxes if self.multiple else [self.radio]:
            control.disabled = disabled

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call back whenever the learner changes the choice."""
        for control in self.boxes if self.multiple else [self.radio]:
            control.observe(lambda _: callback(), names="value")

    def details(self, answer: Any) -> list[str]:
        """Feedback for each chosen option, and a hint when a correct one was missed."""
        chosen = set(answer) if isinstance(answer, list) else {answer}
        lines = [f"{'✔' if o.correct else '✘'} <i>{html.escape(o.text)}</i>: {html.escape(o.feedback)}"
                 for o in self.options if o.id in chosen]
        if self.multiple and any(o.correct and o.id not in chosen for o in self.options):
            lines.append("✘ At least one more option is correct.")
        return lines
