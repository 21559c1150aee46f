"""What the quiz widgets share: colours, notes, the stable shuffle, feedback and answers in words.

The quiz itself (`workbook.widgets.quiz`) is one widget model drawn by its own script; what it
shows for a question (verdict, per-option feedback, the revealed answer) is made here, in
Python, from `workbook.scoring`, so the browser holds no answer key before a learner asks.
"""
from __future__ import annotations

import hashlib
import html
import random
from typing import Any

from workbook import scoring
from workbook.course.model import Question
from workbook.learner.quiz_answers import QuizDocument
from workbook.learner.store import SaveError, Store

__all__ = ["PALETTE", "VERDICTS", "QuizDocument", "describe_answer", "details", "not_saved_html",
           "note_html", "read_only_html", "revealed_html", "stable_shuffle", "verdict_html"]

#: WCAG AA colour pairs (text on background), checked by a test: at least 4.5:1.
PALETTE = {
    "correct": ("#1b5e20", "#e8f5e9"),
    "wrong": ("#8e1b1b", "#fdecea"),
    "partial": ("#5d4300", "#fff4d6"),
    "note": ("#1f3a5f", "#eaf1fb"),
}
VERDICTS = {"correct": "✔ Correct", "wrong": "✘ Not quite", "partial": "◐ Partly right"}


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


def details(question: Question, answer: Any) -> list[str]:
    """Feedback lines for an answer: each chosen option's feedback, each item right or wrong."""
    if question.type in ("single", "truefalse", "multiple"):
        chosen = set(answer) if isinstance(answer, list) else {answer}
        lines = [f"{'✔' if o.correct else '✘'} <i>{html.escape(o.text)}</i>: "
                 f"{html.escape(o.feedback)}" for o in question.options if o.id in chosen]
        if question.type == "multiple" and any(o.correct and o.id not in chosen
                                               for o in question.options):
            lines.append("✘ At least one more option is correct.")
        return lines
    if question.type == "matching":
        answer = answer if isinstance(answer, dict) else {}
        return [f"{'✔' if answer.get(p.left) == p.right else '✘'} {html.escape(p.left)}: "
                f"{'matched' if answer.get(p.left) == p.right else 'not this one'}"
                for p in question.pairs]
    if question.type == "ordering":
        answer = answer if isinstance(answer, list) else []
        return [f"{'✔' if step == right else '✘'} Step {i}: "
                f"{'in place' if step == right else 'not here'}"
                for i, (step, right) in enumerate(zip(answer, question.steps), 1)]
    answer = answer if isinstance(answer, dict) else {}
    return [f"Part {number}: {line}" for number, part in enumerate(question.parts, 1)
            for line in details(part, answer.get(part.id))]


def verdict_html(question: Question, answer: Any) -> str:
    """The verdict on a checked answer, in words and symbols (never by colour alone)."""
    score = scoring.score(question, answer)
    kind = "correct" if score == 1 else "wrong" if score == 0 else "partial"
    text = VERDICTS[kind] + ("" if kind != "partial" else f" ({round(score * 100)}%)")
    # what cost the marks, in words: "You ticked 2 of the 3 right answers and 1 wrong one."
    lost = scoring.lost_marks(question, answer)
    reason = f" {html.escape(lost)}" if lost and kind != "correct" else ""
    lines = "".join(f"<li>{line}</li>" for line in details(question, answer))
    explain = (f"<p><b>Why:</b> {html.escape(question.explanation)}</p>"
               if kind == "correct" and question.explanation else "")
    return note_html(f"<b>{text}</b>{reason}" + (f"<ul>{lines}</ul>" if lines else "") + explain,
                     kind, role="alert")


def revealed_html(question: Question) -> str:
    """The correct answer and why, shown when the learner asks after a try."""
    shown = describe_answer(question, scoring.correct_answer(question))
    why = html.escape(question.explanation)
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


#: what a failed save says happens next, unless the widget says otherwise
KEPT = "What you wrote is still here: try again once the problem is fixed."


def not_saved_html(exc: SaveError, after: str = KEPT) -> str:
    """The message shown beside a control whose save failed, then what happens next."""
    return note_html(f"⚠ {html.escape(exc.message)}. {html.escape(after)}", "wrong", "alert")


def read_only_html(store: Store) -> str:
    """The message shown above work from a store that cannot be written to."""
    return note_html(
        "This is your saved work, shown read-only: changes cannot be saved because the folder "
        f"{html.escape(str(store.root))} cannot be written to. Ask your tutor if this is unexpected.",
        "partial", "status")
