"""A learning outcome's quiz: every question of its bank, a running score, a static summary.

    from workbook.widgets import quiz
    quiz.show("lead-person-centred-practice", "LO1")

The whole quiz is one widget model (`model.CommWidget`, drawn by anywidget's front end): its
script (`js/quiz.js`) draws every question
as plain HTML controls, so a notebook makes a handful of models instead of hundreds. The script
sends what the learner does as messages ("answer", "check", "retry", "reveal", "save-again");
the kernel checks and saves each through `QuizDocument`, scores with `workbook.scoring` and
answers with the `state` trait: per question what the controls hold, the feedback HTML and a
status. Tests drive the same methods and read the same traits, with no browser.

An assessment question is its own class (`workbook.widgets.assessment.AssessmentQuestion`):
it overrides what this quiz marks (`check`, `reveal`, `_feedback`, `_saved_note`,
`_score_text`) so that nothing about right or wrong is ever shown; the synced `assessment`
trait tells the script to draw no Check or Show answer buttons.

A quiz of more than SET_SIZE questions comes in short sets of about that many (`sets`), one
shown at a time (`current_set`), under a progress line that stays in view while the learner
scrolls ("Set 2 of 3 · 12 of 29 answered"); a phone never shows one endless list.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import traitlets
from IPython.display import display

from workbook import scoring
from workbook.course.loader import load_course
from workbook.course.model import Question
from workbook.learner.quiz_answers import QuizDocument, document_name
from workbook.learner.store import SaveError, Store
from workbook.learner.watch import changed
from workbook.settings import acting_user
from workbook.widgets.base import (
    not_saved_html,
    note_html,
    read_only_html,
    revealed_html,
    verdict_html,
)
from workbook.widgets.model import CommWidget
from workbook.widgets.questions import clean_answer, payload
from workbook.widgets.static import StaticSummary, quiz_summary

__all__ = ["Quiz", "document_name", "learner_id", "show"]

#: the scripts and style sheet shipped with the package (package-data)
ASSETS = Path(__file__).parent / "js"
#: a quiz longer than this comes in sets of about this many questions
SET_SIZE = 10
KEPT = "Your answer is still here: use Try saving again once the problem is fixed."
INTRO = ("Your answers are saved automatically. Check each answer for feedback, try again as "
         "often as you like, or show the answer after a try.")


def learner_id() -> str:
    """Who is learning: the hub user name, else the account name (seeds the option order)."""
    return acting_user()


class Quiz(CommWidget):
    """The questions of one outcome with their saved answers and the score so far."""

    _esm = (ASSETS / "dom.js", ASSETS / "quiz.js")
    _css = ASSETS / "widgets.css"
    heading = traitlets.Unicode("").tag(sync=True)
    intro = traitlets.Unicode("").tag(sync=True)
    notice = traitlets.Unicode("").tag(sync=True)
    score_text = traitlets.Unicode("").tag(sync=True)
    #: True only in an assessment question: the script draws no Check or Show answer buttons
    assessment = traitlets.Bool(False).tag(sync=True)
    read_only = traitlets.Bool(False).tag(sync=True)
    questions: traitlets.List[Any] = traitlets.List().tag(sync=True)
    state = traitlets.Dict().tag(sync=True)
    #: the question ids of each set ([] when the quiz is short enough to show whole)
    sets: traitlets.List[Any] = traitlets.List().tag(sync=True)
    #: the set shown (0-based); the page changes it with Previous and Next
    current_set = traitlets.Int(0).tag(sync=True)
    #: "Set 2 of 3 · 12 of 29 answered" ("" without sets)
    progress_text = traitlets.Unicode("").tag(sync=True)

    def __init__(self, title: str, name: str, questions: tuple[Question, ...],
                 store: Store | None = None, learner: str | None = None,
                 shuffle: bool = True, document: QuizDocument | None = None):
        self.title = title
        self.asked = {q.id: q for q in questions}
        self.store = store or Store()
        # the assessment notebook passes its responses file, read as its test cells read it
        self.document = document or QuizDocument(self.store, name)
        learner = learner if learner is not None else learner_id()
        read_only = not self.store.writable()
        notes = [note_html(f"⚠ {html.escape(w)}", "partial", role="alert")
                 for w in self.store.warnings]
        # what the controls hold: the saved answer, if the question can still hold it
        self._shown = {q.id: clean_answer(q, self.document.entry(q.id)["answer"])
                       for q in questions}
        # a restored, already checked answer comes back with its feedback
        self._checked = {q.id: self.document.entry(q.id)["attempts"] > 0
                         and self.document.entry(q.id)["answer"] is not None for q in questions}
        self._pending: dict[str, dict] = {}   # fields of saves the disk refused
        self._status: dict[str, str] = {}
        self._seq: dict[str, int] = {}
        # the first state goes out with the model itself: the page never draws a question
        # without its saved answer and feedback
        super().__init__(heading=title, intro="" if read_only else INTRO,
                         notice="".join(notes + ([read_only_html(self.store)] if read_only else [])),
                         read_only=read_only,
                         questions=[payload(q, n, learner, shuffle)
                                    for n, q in enumerate(questions, 1)],
                         state={qid: self._view(qid) for qid in self.asked},
                         score_text=self._score_text(), sets=question_sets(list(self.asked)))
        self.progress_text = self._progress_text()
        self.observe(lambda _: self._show_progress(), names="current_set")
        self.summary = StaticSummary(self.summary_bundle())
        self.on_msg(self._on_message)

    def get_state(self) -> dict[str, Any]:
        """The model's state, with the style of the sets' progress line."""
        state = super().get_state()
        state["_css"] = state.get("_css", "") + "\n" + (ASSETS / "quiz-sets.css").read_text(
            encoding="utf-8")
        return state

    def show_set(self, number: int) -> None:
        """Show set `number` (0-based; kept within the sets there are)."""
        self.current_set = max(0, min(number, len(self.sets) - 1)) if self.sets else 0

    # what the learner does: the script's messages call these, and so can tests

    def answer(self, question_id: str, answer: Any) -> None:
        """The learner changed a question's answer: save it at once."""
        question = self.asked[question_id]
        if self.read_only or self._checked[question_id]:
            self._refresh(question_id)  # the controls go back to what is shown
            return
        self._shown[question_id] = clean_answer(question, answer)
        self._status.pop(question_id, None)
        self._write(question_id, answer=self._shown[question_id])

    def check(self, question_id: str) -> None:
        """Count an attempt and show the feedback for the current answer."""
        question, answer = self.asked[question_id], self._shown[question_id]
        if self.read_only:
            return
        if not scoring.is_answered(question, answer):
            self._status[question_id] = note_html("Please answer every part before checking.")
            self._refresh(question_id)
            return
        self._checked[question_id] = True
        self._write(question_id, answer=answer, attempts=self.entry(question_id)["attempts"] + 1)

    def retry(self, question_id: str) -> None:
        """Hide the feedback and let the learner change the answer."""
        self._checked[question_id] = False
        self._refresh(question_id)

    def reveal(self, question_id: str) -> None:
        """Show the correct answer and the explanation (only after an attempt)."""
        if self.entry(question_id)["attempts"] > 0:
            self._write(question_id, revealed=True)

    def save_again(self) -> bool:
        """Repeat every save the disk refused; whether all of them worked now."""
        for question_id in list(self._pending):
            self._write(question_id)
        return not self._pending

    # what the quiz shows

    def entry(self, question_id: str) -> dict:
        """The question's state: as saved, with any save the disk refused laid over it."""
        return {**self.document.entry(question_id), **self._pending.get(question_id, {})}

    def score(self) -> tuple[float, int]:
        """(points earned by checked answers, points available in the quiz)."""
        earned = sum(scoring.points(q, self.entry(q.id)["answer"]) for q in self.asked.values()
                     if self.entry(q.id)["attempts"] > 0)
        return earned, sum(q.points for q in self.asked.values())

    def summary_bundle(self) -> dict[str, str]:
        """The static rendering of the saved answers (text/html and text/plain)."""
        return quiz_summary(self.title, tuple(self.asked.values()), self.document.entries)

    def _write(self, question_id: str, **fields: Any) -> None:
        fields = {**self._pending.pop(question_id, {}), **fields}
        try:
            self.document.save(question_id, **fields)
        except SaveError as exc:
            self._pending[question_id] = fields
            self._status[question_id] = not_saved_html(exc, KEPT)
        else:
            self._status.pop(question_id, None)
            self.summary.update(self.summary_bundle())
            changed(self.store, self.document.name)  # the page's progress view redraws
        self._refresh(question_id)

    def _refresh(self, *question_ids: str) -> None:
        """Send the shown state of some questions, and the score."""
        state = dict(self.state)
        for qid in question_ids:
            state[qid] = self._view(qid)
        with self.hold_sync():
            self.state = state
            self.score_text = self._score_text()
            self.progress_text = self._progress_text()

    def _view(self, question_id: str) -> dict:
        question, entry = self.asked[question_id], self.entry(question_id)
        checked = self._checked[question_id]
        status = self._status.get(question_id, "") or self._saved_note(entry)
        return {"answer": self._shown[question_id], "checked": checked,
                "attempts": entry["attempts"], "revealed": entry["revealed"],
                "feedback": self._feedback(question, entry, checked), "status": status,
                "unsaved": question_id in self._pending, "seq": self._seq.get(question_id, 0)}

    def _feedback(self, question: Question, entry: dict, checked: bool) -> str:
        """The verdict on a checked answer, and the answer itself once revealed."""
        return ((verdict_html(question, self._shown[question.id]) if checked else "")
                + (revealed_html(question) if entry["revealed"] else ""))

    def _saved_note(self, entry: dict) -> str:
        """A note under a question whose save went through (none here: feedback says enough)."""
        return ""

    def _score_text(self) -> str:
        total = len(self.asked)
        earned, points = self.score()
        checked = sum(1 for q in self.asked if self.entry(q)["attempts"] > 0)
        return (f"Score: {scoring.shown_points(earned)} of {scoring.shown_points(points)} points "
                f"({checked} of {total} questions checked).")

    def _progress_text(self) -> str:
        if not self.sets:
            return ""
        answered = sum(1 for qid in self.asked if self._shown[qid] is not None)
        where = max(0, min(self.current_set, len(self.sets) - 1))
        return f"Set {where + 1} of {len(self.sets)} · {answered} of {len(self.asked)} answered"

    def _show_progress(self) -> None:
        if self.sets and not 0 <= self.current_set < len(self.sets):
            self.current_set = max(0, min(self.current_set, len(self.sets) - 1))
            return
        self.progress_text = self._progress_text()

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """One action from the script: {"action", "question", "answer"?, "seq"?}."""
        if not isinstance(content, dict):
            return
        action, question_id = content.get("action"), content.get("question")
        if action == "save-again":
            self.save_again()
            return
        if question_id not in self.asked:
            return
        if isinstance(content.get("seq"), int):
            self._seq[question_id] = content["seq"]
        if action == "answer":
            self.answer(question_id, content.get("answer"))
        elif action in ("check", "retry", "reveal"):
            getattr(self, action)(question_id)


def question_sets(ids: list[str], size: int = SET_SIZE) -> list[list[str]]:
    """The ids in sets of about `size`, as even as can be (29 -> 10, 10, 9); [] when they fit
    in one."""
    if len(ids) <= size:
        return []
    count = -(-len(ids) // size)
    base, extra = divmod(len(ids), count)
    sets, start = [], 0
    for n in range(count):
        end = start + base + (1 if n < extra else 0)
        sets.append(ids[start:end])
        start = end
    return sets


def show(unit_slug: str, outcome_id: str, root: Path | str | None = None,
         learner: str | None = None) -> None:
    """Display the quiz of one outcome (answers kept under `root`, default: the learner store)."""
    outcome = load_course().unit(unit_slug).outcome(outcome_id)
    quiz = Quiz(f"Quiz: {outcome.id} · {outcome.title}", document_name(unit_slug, outcome_id),
                outcome.questions, Store(root), learner)
    display(quiz)
    quiz.summary.display()
