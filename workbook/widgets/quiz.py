"""A learning outcome's quiz: every question of its bank, a running score, a static summary.

    from workbook.widgets import quiz
    quiz.show("lead-person-centred-practice", "LO1")

`assessment=True` shows no correctness (only "Saved") and is meant with a `root` inside the
assignment folder, so that nbgrader carries the answers along with the submission.
"""
from __future__ import annotations

import getpass
import os
from pathlib import Path

import ipywidgets as widgets
from IPython.display import display

from workbook import scoring as grading
from workbook.course.loader import load_course
from workbook.course.model import Question
from workbook.learner.quiz_answers import QuizDocument, document_name
from workbook.learner.store import Store
from workbook.widgets.base import (
    Input,
    QuestionWidget,
    let_widgets_keep_keys,
    note_html,
)
from workbook.widgets.choice import ChoiceInput
from workbook.widgets.matching import MatchingInput
from workbook.widgets.ordering import OrderingInput
from workbook.widgets.scenario import ScenarioInput
from workbook.widgets.static import HIDE_STATIC_IN_LAB, StaticSummary, quiz_summary

__all__ = ["Quiz", "document_name", "learner_id", "make_input", "show"]

_INPUTS = {"single": ChoiceInput, "truefalse": ChoiceInput, "multiple": ChoiceInput,
           "matching": MatchingInput, "ordering": OrderingInput, "scenario": ScenarioInput}


def learner_id() -> str:
    """Who is learning: the hub user name, else the account name (seeds the option order)."""
    return os.environ.get("JUPYTERHUB_USER") or getpass.getuser()


def make_input(question: Question, learner: str, shuffle: bool = True) -> Input:
    """The answer input that fits the question's type."""
    return _INPUTS[question.type](question, learner, shuffle)


class Quiz(widgets.VBox):
    """The questions of one outcome with their saved answers and the score so far."""

    def __init__(self, title: str, name: str, questions: tuple[Question, ...],
                 store: Store | None = None, learner: str | None = None,
                 assessment: bool = False, shuffle: bool = True):
        self.title = title
        self.questions = questions
        self.assessment = assessment
        self.store = store or Store()
        self.document = QuizDocument(self.store, name)
        self.summary = StaticSummary(self.summary_bundle())
        learner = learner if learner is not None else learner_id()
        self.score_label = widgets.HTML()
        self.warning = widgets.HTML(
            "".join(note_html(f"⚠ {w}", "partial", role="alert") for w in self.store.warnings))
        self.items = [
            QuestionWidget(q, make_input(q, learner, shuffle), self.document, number,
                           assessment=assessment, on_saved=self._saved)
            for number, q in enumerate(questions, 1)
        ]
        intro = ("Your answers are saved automatically." if assessment else
                 "Your answers are saved automatically. Check each answer for feedback, "
                 "try again as often as you like, or show the answer after a try.")
        super().__init__([widgets.HTML(f"<h2>{title}</h2><p>{intro}</p>{HIDE_STATIC_IN_LAB}"),
                          self.warning, self.score_label, *self.items])
        self.add_class("workbook-quiz")
        self._update_score()

    def score(self) -> tuple[float, int]:
        """(points earned by checked answers, points available in the quiz)."""
        earned = sum(grading.points(w.question, w.entry["answer"]) for w in self.items
                     if w.entry["attempts"] > 0)
        return earned, sum(q.points for q in self.questions)

    def summary_bundle(self) -> dict[str, str]:
        """The static rendering of the answers so far (text/html and text/plain)."""
        return quiz_summary(self.title, self.questions, self.document.entries, self.assessment)

    def _saved(self) -> None:
        self._update_score()
        self.summary.update(self.summary_bundle())

    def _update_score(self) -> None:
        if self.assessment:
            saved = sum(1 for w in self.items if w.entry["answer"] is not None)
            text = f"{saved} of {len(self.items)} questions answered and saved."
        else:
            earned, total = self.score()
            checked = sum(1 for w in self.items if w.entry["attempts"] > 0)
            text = (f"Score: {earned:g} of {total} points "
                    f"({checked} of {len(self.items)} questions checked).")
        self.score_label.value = f'<p role="status" aria-live="polite"><b>{text}</b></p>'


def show(unit_slug: str, outcome_id: str, root: Path | str | None = None,
         assessment: bool = False, learner: str | None = None) -> None:
    """Display the quiz of one outcome (answers kept under `root`, default: the learner store)."""
    outcome = load_course().unit(unit_slug).outcome(outcome_id)
    quiz = Quiz(f"Quiz: {outcome.id} · {outcome.title}", document_name(unit_slug, outcome_id),
                outcome.questions, Store(root), learner, assessment)
    display(quiz)
    quiz.summary.display()
    let_widgets_keep_keys()
