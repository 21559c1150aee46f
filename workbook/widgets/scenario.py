"""Input for scenario questions: a short workplace case and its choice parts."""
from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbook.course.model import Question
from workbook.widgets.choice import ChoiceInput


class ScenarioInput:
    """The case in a box, then each part's stem and choices; the answer is {part id: answer}."""

    def __init__(self, question: Question, learner: str, shuffle: bool = True):
        self.question = question
        self.parts = {part.id: ChoiceInput(part, learner, shuffle) for part in question.parts}
        children = [widgets.HTML(f"<blockquote><b>Scenario.</b> {html.escape(question.scenario)}"
                                 "</blockquote>")]
        for number, part in enumerate(question.parts, 1):
            children.append(widgets.HTML(f"<p><b>Part {number}.</b> {html.escape(part.stem)}</p>"))
            children.append(self.parts[part.id].box)
        self.box = widgets.VBox(children)

    def get(self) -> Any:
        """The answer: each answered part's answer by part id."""
        answers = {pid: part.get() for pid, part in self.parts.items()}
        return {pid: a for pid, a in answers.items() if a not in (None, [])}

    def set(self, answer: Any) -> None:
        """Show a saved answer, part by part."""
        if isinstance(answer, dict):
            for pid, part in self.parts.items():
                if pid in answer:
                    part.set(answer[pid])

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock every part."""
        for part in self.parts.values():
            part.set_disabled(disabled)

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call back whenever any part changes."""
        for part in self.parts.values():
            part.on_change(callback)

    def details(self, answer: Any) -> list[str]:
        """Each part's feedback, labelled with its number."""
        answer = answer if isinstance(answer, dict) else {}
        lines = []
        for number, part in enumerate(self.question.parts, 1):
            lines += [f"Part {number}: {line}" for line in self.parts[part.id].details(answer.get(part.id))]
        return lines
