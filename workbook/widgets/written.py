"""A written answer (Part B) typed on the assessment page: a box that saves into the notebook.

    from workbook.widgets.written import show_written
    show_written("assessment.ipynb", "answer-2-1")

On a page with no cells to edit (Voilà) the learner types each answer in a box under its
question. It is saved into the notebook's answer cell (`workbook.assess.written_answers`) when
the learner leaves the box or presses Save answer, and says so in words; a save the disk refuses
keeps the text in the box and says why. The page leaves the answer cells themselves out (the
`workbook` page template), so the answer shows once, in the box. Where the notebook is graded
or exported, the box's static copy says only where the answer is: the answer cell below it.
"""
from __future__ import annotations

import html
from pathlib import Path

from workbook.assess.written_answers import read_answer, save_answer
from workbook.errors import WorkbookError
from workbook.widgets.base import note_html
from workbook.widgets.controls import SummarisedBox, hider, widgets
from workbook.widgets.guided import form_style, wide_button

__all__ = ["WrittenAnswer", "show_written"]


def words(text: str) -> int:
    """How many words the text has."""
    return len(text.split())


class WrittenAnswer(SummarisedBox):
    """One written answer: a box, Save answer, and what happened to the last save."""

    def __init__(self, notebook: Path, cell_id: str):
        self.notebook, self.cell_id = notebook, cell_id
        self.message = widgets.HTML()
        problem: WorkbookError | None = None
        try:
            saved = read_answer(notebook, cell_id)
        except WorkbookError as error:
            saved, problem = "", error
        self.box = widgets.Textarea(value=saved, continuous_update=False,
                                    placeholder="Type your answer here",
                                    description="Your answer",
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="95%", height="12em"))
        self.count = widgets.HTML()
        self.save_button = wide_button("Save answer", button_style="primary",
                                       tooltip="Save this answer into your assessment")
        self.save_button.on_click(lambda _: self.save())
        self.box.observe(lambda _: self.save(), names="value")
        super().__init__([hider(), form_style(), self.box,
                          widgets.HBox([self.save_button, self.count]), self.message])
        self.add_class("workbook-written")
        self.add_class("wb-form-wrap")
        self._count()
        if problem is not None:
            self._refused(problem)
            self.box.disabled = self.save_button.disabled = True
        elif saved:
            self.message.value = note_html("✔ Saved. Change it as often as you like until you "
                                           "submit.", "correct")

    def save(self) -> bool:
        """Save what the box holds into the notebook; whether it was saved."""
        self._count()
        try:
            save_answer(self.notebook, self.cell_id, self.box.value)
        except WorkbookError as error:
            self._refused(error)
            return False
        self.message.value = note_html("✔ Saved into your assessment.", "correct", "status")
        return True

    def _count(self) -> None:
        self.count.value = (f"<span class='wb-words' style='margin-left:0.75em'>"
                            f"{words(self.box.value)} words</span>")

    def _refused(self, error: WorkbookError) -> None:
        self.message.value = note_html(
            f"⚠ Not saved: {html.escape(str(error))}. Your text is still in the box.",
            "wrong", "alert")

    def static_html(self) -> str:
        """Where the answer is, for pages that do not draw the box (never the answer itself)."""
        return "<p><em>Written answer: in the answer cell below.</em></p>"


def show_written(notebook: str, cell_id: str) -> WrittenAnswer:
    """The box for one answer cell of `notebook` (a name in the page's folder), for the cell to
    show (with its static copy)."""
    return WrittenAnswer(Path(notebook).resolve(), cell_id)
