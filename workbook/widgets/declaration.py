"""The declaration of authenticity in the portfolio notebook: three statements, AI help, a name."""
from __future__ import annotations

import html

from workbook.course.loader import load_course
from workbook.learner.declaration import STATEMENTS, load, problems_with, sign
from workbook.learner.store import Store
from workbook.widgets.base import note_html
from workbook.widgets.controls import SummarisedBox, hider, widgets
from workbook.widgets.guided import form_style, wide_button


class DeclarationForm(SummarisedBox):
    """Sign the unit's declaration; the assessment cannot be assessed without it."""

    def __init__(self, unit_slug: str, store: Store | None = None):
        self.unit = load_course().unit(unit_slug)
        self.store = store or Store()
        saved = load(self.store, unit_slug)
        self.boxes = {key: widgets.Checkbox(value=bool(saved and saved.signed), description=text,
                                            indent=False, layout=widgets.Layout(width="auto"))
                      for key, text in STATEMENTS.items()}
        self.ai_used = widgets.Checkbox(value=bool(saved and saved.ai_used), indent=False,
                                        description="I had help from AI tools",
                                        layout=widgets.Layout(width="auto"))
        self.ai_help = widgets.Textarea(value=saved.ai_help if saved else "",
                                        description="AI help (which tool, for what)",
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="95%"))
        self.name = widgets.Text(value=saved.name if saved else "", description="Your full name",
                                 style={"description_width": "initial"})
        self.sign_button = wide_button("Sign declaration", button_style="primary",
                                       tooltip="Sign the declaration of authenticity")
        self.message = widgets.HTML()
        self.sign_button.on_click(lambda _: self.sign())
        self._checking = False  # after a refused signature, each change says what is left
        for control in (*self.boxes.values(), self.ai_used, self.ai_help, self.name):
            control.observe(lambda _: self._recheck(), names="value")
        # each statement is shown whole, wrapped on a phone (form_style), never cut with "…"
        super().__init__([hider(), form_style(), widgets.HTML("<strong>I declare that:</strong>"),
                          *self.boxes.values(), self.ai_used, self.ai_help, self.name,
                          self.sign_button, self.message])
        self.add_class("workbook-declaration")
        self.add_class("wb-form-wrap")
        self._show(saved.summary() if saved else "not signed yet")

    def sign(self) -> bool:
        """Save the declaration when it is complete; show what is missing otherwise."""
        confirmed = {key: box.value for key, box in self.boxes.items()}
        problems = problems_with(self.name.value, confirmed, self.ai_used.value, self.ai_help.value)
        if problems:
            self._checking = True
            self._show_problems(problems)
            return False
        self._checking = False
        declaration = sign(self.store, self.unit.slug, self.name.value, confirmed,
                           self.ai_used.value, self.ai_help.value)
        self._show(declaration.summary())
        return True

    def _problems(self) -> list[str]:
        confirmed = {key: box.value for key, box in self.boxes.items()}
        return problems_with(self.name.value, confirmed, self.ai_used.value, self.ai_help.value)

    def _show_problems(self, problems: list[str]) -> None:
        items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
        self.message.value = note_html(f"⚠ Not signed yet:<ul>{items}</ul>", "wrong", "alert")

    def _recheck(self) -> None:
        """What is still missing, as the learner puts it right; nothing once all is done."""
        if not self._checking:
            return
        if problems := self._problems():
            self._show_problems(problems)
        else:
            self.message.value = note_html("Everything is ready: press “Sign declaration”.")

    def _show(self, summary: str) -> None:
        kind = "correct" if summary.startswith("signed") else "note"
        mark = "✔ Declaration " if kind == "correct" else "Declaration "
        self.message.value = note_html(f"{mark}{html.escape(summary)}.", kind)

    def static_html(self) -> str:
        """The declaration as the tutor sees it in an HTML export."""
        saved = load(self.store, self.unit.slug)
        return (f"<h4>Declaration of authenticity</h4>"
                f"<p>{html.escape(saved.summary() if saved else 'not signed')}</p>")
