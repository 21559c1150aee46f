"""Input for ordering questions: a numbered list with Move up / Move down buttons per row."""
from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbook.course.model import Question
from workbook.widgets.base import stable_shuffle


class OrderingInput:
    """Rows stay in place and their texts move, so keyboard focus can follow the moved step."""

    def __init__(self, question: Question, learner: str, shuffle: bool = True):
        self.question = question
        steps = list(question.steps)
        self.order = stable_shuffle(steps, learner, question.id) if shuffle else steps
        if shuffle and self.order == steps and len(steps) > 1:
            self.order = steps[1:] + steps[:1]  # never start in the right order
        self._callbacks: list[Callable[[], None]] = []
        self.labels, self.ups, self.downs = [], [], []
        rows = []
        for i in range(len(steps)):
            label = widgets.HTML(layout=widgets.Layout(flex="1 1 auto"))
            up = widgets.Button(description="Move up", icon="arrow-up",
                                layout=widgets.Layout(width="auto"))
            down = widgets.Button(description="Move down", icon="arrow-down",
                                  layout=widgets.Layout(width="auto"))
            up.on_click(lambda _, i=i: self.move(i, -1))
            down.on_click(lambda _, i=i: self.move(i, +1))
            self.labels.append(label)
            self.ups.append(up)
            self.downs.append(down)
            rows.append(widgets.HBox([label, up, down]))
        self.box = widgets.VBox([widgets.HTML("<i>Put the steps in order: move each one up or "
                                              "down.</i>"), *rows])
        self._disabled = False
        self._render()

    def move(self, index: int, offset: int) -> None:
        """Swap the step at `index` with its neighbour above (-1) or below (+1)."""
        target = index + offset
        if self._disabled or not 0 <= target < len(self.order):
            return
        self.order[index], self.order[target] = self.order[target], self.order[index]
        self._render()
        # keep focus on the moved step, on whichever of its buttons is still enabled
        buttons = (self.ups, self.downs) if offset < 0 else (self.downs, self.ups)
        (buttons[0][target] if not buttons[0][target].disabled else buttons[1][target]).focus()
        for callback in self._callbacks:
            callback()

    def get(self) -> Any:
        """The answer: the step texts in the learner's order."""
        return list(self.order)

    def set(self, answer: Any) -> None:
        """Show a saved order, if it still holds exactly the question's steps."""
        if (isinstance(answer, list) and all(isinstance(a, str) for a in answer)
                and sorted(answer) == sorted(self.question.steps)):
            self.order = list(answer)
            self._render()

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock the move buttons."""
        self._disabled = disabled
        self._render()

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call back whenever the learner moves a step."""
        self._callbacks.append(callback)

    def details(self, answer: Any) -> list[str]:
        """Which positions hold the right step."""
        answer = answer if isinstance(answer, list) else []
        return [f"{'✔' if step == right else '✘'} Step {i}: {'in place' if step == right else 'not here'}"
                for i, (step, right) in enumerate(zip(answer, self.question.steps), 1)]

    def _render(self) -> None:
        last = len(self.order) - 1
        for i, step in enumerate(self.order):
            self.labels[i].value = f"<b>{i + 1}.</b> {html.escape(step)}"
            # the tooltip names the step, so the button says which step it moves
            self.ups[i].tooltip = f"Move step {i + 1} ({step}) up"
            self.downs[i].tooltip = f"Move step {i + 1} ({step}) down"
            self.ups[i].disabled = self._disabled or i == 0
            self.downs[i].disabled = self._disabled or i == last
