"""What the cells of an assessment notebook call: each question drawn by the one-view quiz as an
assessment question (its own class, which marks nothing), and the learner's evidence map copied
in beside the answers.

    from workbook.widgets.assessment import show_evidence, show_question
    show_question("lpcp-assessment", {"id": ..., "type": "single", "stem": ..., "options": [...]},
                  number=1)

A question is a `Quiz` of one question that overrides all its marking: every choice is saved at once
to the assignment's `.responses/` file (nbgrader collects it with the notebook) by the quiz's
writer, `QuizDocument`. Options come in an order of their own for each learner and question,
so no position or neighbour's screen is a cue; answers are option ids, so scoring never sees
the order (at autograde the grader's account sees another order, which changes nothing saved).
Formgrader and feedback pages (nbconvert) do not draw widgets: beside each question is a static
copy listing its options with the learner's choice marked, hidden while the widget is live.
"""
from __future__ import annotations

from html import escape
from typing import Any

import traitlets

from workbook.assess.notebook import show_evidence
from workbook.assess.responses import RESPONSES, ResponsesError, document_name, read_answers
from workbook.course.model import Option, Question
from workbook.learner.quiz_answers import QuizDocument
from workbook.learner.store import Store
from workbook.widgets.base import note_html
from workbook.widgets.quiz import Quiz
from workbook.widgets.static import STATIC_CLASS

__all__ = ["AssessmentQuestion", "Responses", "answer_html", "show_evidence", "show_question"]


class Responses(QuizDocument):
    """The assignment's responses file, read without setting a damaged file aside."""

    def __init__(self, assignment: str):
        # autograde runs these cells again, where a damaged file must stay as it is for the
        # test cell to report it: so it is read here as the test cell reads it, and only a
        # learner's save goes through the store (which sets a damaged file aside)
        self.store, self.name = Store(RESPONSES), document_name(assignment)
        try:
            saved = read_answers(assignment)
        except ResponsesError:
            saved = {}
        self.entries = {qid: {"answer": answer} for qid, answer in saved.items()}


class AssessmentQuestion(Quiz):
    """One assessment question: choices saved at once, nothing about right or wrong shown.

    It marks nothing: Check and Show answer do nothing (the script draws neither button),
    there is no verdict, a saved choice reads "✔ Saved", and the count is of answers saved."""

    assessment = traitlets.Bool(True).tag(sync=True)

    def __init__(self, assignment: str, question: Question, number: int | None = None):
        super().__init__("", document_name(assignment), (question,), Store(RESPONSES),
                         document=Responses(assignment))
        self.intro = ""  # the notebook says once, above the questions, that choices are saved
        # its number in the notebook (0: not given, as in notebooks built before it was)
        self.questions = [{**self.questions[0], "number": number or 0}]

    def check(self, question_id: str) -> None:
        """Nothing: an assessment answer is marked by the tutor's grading, never here."""

    def reveal(self, question_id: str) -> None:
        """Nothing: the answer is never shown during an assessment."""

    def _feedback(self, question: Question, entry: dict, checked: bool) -> str:
        return ""

    def _saved_note(self, entry: dict) -> str:
        return note_html("✔ Saved") if entry["answer"] is not None else ""

    def _score_text(self) -> str:
        saved = sum(1 for q in self.asked if self.entry(q)["answer"] is not None)
        return f"{saved} of {len(self.asked)} questions answered and saved."

    def summary_bundle(self) -> dict[str, str]:
        """The question's options with the learner's saved choice marked (no right or wrong)."""
        question = next(iter(self.asked.values()))
        answer = self.entry(question.id)["answer"]
        text = answer_html(question, answer)
        return {"text/html": f'<div class="{STATIC_CLASS}">{text}</div>',
                "text/plain": f"{question.stem}\n{'Saved' if answer else 'Not answered yet'}"}


def answer_html(question: Question, answer: Any) -> str:
    """The question and the learner's saved choice, as HTML (no right or wrong shown)."""
    chosen = set(answer) if isinstance(answer, list) else {answer}
    items = "".join(
        f"<li>{'<strong>☑ ' if o.id in chosen else '☐ '}{escape(o.text)}"
        f"{' (your answer)</strong>' if o.id in chosen else ''}</li>"
        for o in question.options
    )
    state = "Saved" if answer not in (None, "", []) else "Not answered yet"
    return (f'<div class="wb-assess"><p><strong>{escape(question.stem)}</strong></p>'
            f'<ul aria-label="Options">{items}</ul><p>{state}</p></div>')


def show_question(assignment: str, data: dict[str, Any],
                  number: int | None = None) -> AssessmentQuestion:
    """One assessment question, for the cell to show; its static copy is displayed first."""
    question = Question(id=data["id"], type=data["type"], stem=data["stem"],
                        points=data.get("points", 1),
                        options=tuple(Option(o["id"], o["text"]) for o in data["options"]))
    widget = AssessmentQuestion(assignment, question, number)
    widget.summary.display()
    return widget
