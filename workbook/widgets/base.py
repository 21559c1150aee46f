"""What every quiz question widget shares: saving, Check / Try again / Show answer, feedback.

A question widget is a stem, an *input* (choice, matching, ordering or scenario parts, each in
its own module), buttons and a feedback area. The input only knows how to show and read an
answer; scoring comes from `workbook.scoring`, state lives in the store.
"""
from __future__ import annotations

import hashlib
import html
import random
from collections.abc import Callable
from typing import Any, Protocol

import ipywidgets as widgets
from IPython.display import display

from workbook import scoring as grading
from workbook.course.model import Question
from workbook.learner.quiz_answers import QuizDocument

#: WCAG AA colour pairs (text on background), checked by a test: at least 4.5:1.
PALETTE = {
    "correct": ("#1b5e20", "#e8f5e9"),
    "wrong": ("#8e1b1b", "#fdecea"),
    "partial": ("#5d4300", "#fff4d6"),
    "note": ("#1f3a5f", "#eaf1fb"),
}
VERDICTS = {"correct": "✔ Correct", "wrong": "✘ Not quite", "partial": "◐ Partly right"}


# JupyterLab binds the arrow keys to "select the next cell" whenever the focus is on something
# that is not a text field, such as a radio button or a drop-down, so keyboard users could not
# change a choice. JupyterLab reads shortcuts when the key event bubbles up to the document;
# stopping arrow keys at the quiz lets the control use them. Widgets cannot attach listeners,
# so a small script does it for every quiz and deck as it appears.
_KEYBOARD_JS = """
(function () {
  if (window.workbookKeyboard) { return; }
  window.workbookKeyboard = true;
  const keep = event => {
    if (event.key.startsWith('Arrow') && event.target.matches('input, select')) {
      event.stopPropagation();
    }
  };
  const attach = () => document.querySelectorAll('.workbook-quiz, .workbook-flashcards')
    .forEach(node => {
      if (!node.dataset.workbookKeys) {
        node.dataset.workbookKeys = 'kept';
        node.addEventListener('keydown', keep);
      }
    });
  attach();
  new MutationObserver(attach).observe(document.body, {childList: true, subtree: true});
})();
"""


def let_widgets_keep_keys() -> None:
    """Let arrow keys reach the quiz controls instead of moving between notebook cells."""
    display({"application/javascript": _KEYBOARD_JS, "text/plain": ""}, raw=True)


class Input(Protocol):
    """The part of a question widget that shows and reads the learner's answer."""

    box: widgets.Widget

    def get(self) -> Any: ...
    def set(self, answer: Any) -> None: ...
    def set_disabled(self, disabled: bool) -> None: ...
    def on_change(self, callback: Callable[[], None]) -> None: ...
    def details(self, answer: Any) -> list[str]: ...


def stable_shuffle(items: list, learner: str, question_id: str) -> list:
    """The items in an order that is random but always the same for one learner and question."""
    seed = hashlib.sha256(f"{learner}\0{question_id}".encode()).hexdigest()
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    return shuffled


def note_html(text: str, kind: str = "note", role: str = "status") -> str:
    """A boxed message in an AA colour pair; `role` lets screen readers announce it."""
    fg, bg = PALETTE[kind]
    return (f'<div role="{role}" style="color:{fg};background:{bg};border-left:4px solid {fg};'
            f'padding:4px 8px;margin:4px 0">{text}</div>')


class QuestionWidget(widgets.VBox):
    """A question with its input, buttons and feedback; every change is saved at once."""

    def __init__(self, question: Question, answer_input: Input, document: QuizDocument,
                 number: int = 1, assessment: bool = False,
                 on_saved: Callable[[], None] | None = None):
        self.question = question
        self.input = answer_input
        self.document = document
        self.assessment = assessment
        self._on_saved = on_saved or (lambda: None)
        points = f" ({question.points} points)" if question.points != 1 else ""
        stem = widgets.HTML(f"<h3 id='q-{question.id}'>Question {number}{points}</h3>"
                            f"<p>{html.escape(question.stem)}</p>")
        self.feedback = widgets.HTML()
        self.status = widgets.HTML()
        self.check_button = widgets.Button(description="Check answer", button_style="primary",
                                           tooltip="Check your answer and see feedback")
        self.retry_button = widgets.Button(description="Try again", tooltip="Change your answer")
        self.reveal_button = widgets.Button(description="Show answer",
                                            tooltip="Show the correct answer and why")
        self.check_button.on_click(lambda _: self.check())
        self.retry_button.on_click(lambda _: self.retry())
        self.reveal_button.on_click(lambda _: self.reveal())
        buttons = [] if assessment else [self.check_button, self.retry_button, self.reveal_button]
        super().__init__([stem, answer_input.box, widgets.HBox(buttons), self.status, self.feedback],
                         layout=widgets.Layout(margin="0 0 16px 0"))
        self.add_class("workbook-question")
        entry = document.entry(question.id)
        if entry["answer"] is not None:
            answer_input.set(entry["answer"])
        # a restored, already checked answer comes back with its feedback
        self._checked = entry["attempts"] > 0 and entry["answer"] is not None
        answer_input.on_change(self._changed)
        self._show(entry)

    @property
    def entry(self) -> dict:
        """The saved state of this question."""
        return self.document.entry(self.question.id)

    def check(self) -> None:
        """Count an attempt and show the feedback for the current answer."""
        answer = self.input.get()
        if not grading.is_answered(self.question, answer):
            self.status.value = note_html("Please answer every part before checking.")
            return
        self._checked = True
        self._save(answer=answer, attempts=self.entry["attempts"] + 1)
        self.retry_button.focus()  # the Check button is now disabled: keep keyboard focus nearby

    def retry(self) -> None:
        """Hide the feedback and let the learner change the answer."""
        self._checked = False
        self._show(self.entry)

    def reveal(self) -> None:
        """Show the correct answer and the explanation (only after an attempt)."""
        if self.entry["attempts"] > 0:
            self._save(revealed=True)

    def _changed(self) -> None:
        self._save(answer=self.input.get())

    def _save(self, **fields: Any) -> None:
        self.document.save(self.question.id, **fields)
        self._on_saved()
        self._show(self.entry)

    def _show(self, entry: dict) -> None:
        if self.assessment:
            self.status.value = note_html("✔ Saved") if entry["answer"] is not None else ""
            return
        self.reveal_button.disabled = entry["attempts"] == 0
        self.retry_button.disabled = not self._checked
        self.check_button.disabled = self._checked
        self.input.set_disabled(self._checked)
        self.status.value = ""
        parts = [self._verdict(entry["answer"])] if self._checked else []
        if entry["revealed"]:
            parts.append(self._revealed())
        self.feedback.value = "".join(parts)

    def _verdict(self, answer: Any) -> str:
        score = grading.score(self.question, answer)
        kind = "correct" if score == 1 else "wrong" if score == 0 else "partial"
        text = VERDICTS[kind] + ("" if kind != "partial" else f" ({round(score * 100)}%)")
        details = "".join(f"<li>{line}</li>" for line in self.input.details(answer))
        explain = (f"<p><b>Why:</b> {html.escape(self.question.explanation)}</p>"
                   if kind == "correct" and self.question.explanation else "")
        return note_html(f"<b>{text}</b>" + (f"<ul>{details}</ul>" if details else "") + explain,
                         kind, role="alert")

    def _revealed(self) -> str:
        shown = describe_answer(self.question, grading.correct_answer(self.question))
        why = html.escape(self.question.explanation)
        return note_html(f"<b>Answer:</b> {shown}<p><b>Why:</b> {why}</p>", "note")


def describe_answer(question: Question, answer: Any) -> str:
    """An answer in words (HTML-escaped), for feedback and static summaries."""
    if answer is None:
        return "<i>not answered</i>"
    if question.type in ("single", "truefalse", "multiple"):
        chosen = [answer] if isinstance(answer, str) else answer
        texts = [html.escape(o.text) for o in question.options if o.id in chosen]
        return "; ".join(texts) or "<i>not answered</i>"
    if question.type == "matching":
        return "; ".join(f"{html.escape(k)} → {html.escape(str(v or '?'))}" for k, v in answer.items())
    if question.type == "ordering":
        return " → ".join(html.escape(step) for step in answer)
    return "; ".join(f"{html.escape(p.stem)}: {describe_answer(p, answer.get(p.id))}"
                     for p in question.parts)
