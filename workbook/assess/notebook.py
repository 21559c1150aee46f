"""What the cells of an assessment notebook call: a question that saves its answer to the
assignment's `.responses/` folder, and the learner's evidence map copied in beside it.

Each shows a static HTML rendering as well, because formgrader and feedback pages (nbconvert)
do not display widgets: the tutor sees the saved answer and the evidence as plain HTML.
"""
from __future__ import annotations

import getpass
import hashlib
import os
import random
import shutil
from html import escape
from typing import Any

from workbook.assess.responses import RESPONSES, ResponsesError, document_name, read_answers
from workbook.course.model import Option, Question
from workbook.learner.evidence import document_name as evidence_document
from workbook.learner.evidence import migrate as migrate_evidence
from workbook.learner.store import Store

__all__ = ["answer_html", "show_evidence", "show_question", "shuffled"]


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


def shuffled(options: list[Option], learner: str, question_id: str) -> list[Option]:
    """The options in an order that is random but always the same for one learner and question."""
    # the rule of the quiz widgets' stable_shuffle, which this stage may not import
    order = list(options)
    random.Random(hashlib.sha256(f"{learner}\0{question_id}".encode()).hexdigest()).shuffle(order)
    return order


def show_question(assignment: str, data: dict[str, Any]):
    """Display one assessment question; every choice is saved at once, no marking shown."""
    import ipywidgets as widgets
    from IPython.display import HTML, display

    from workbook.learner.quiz_answers import QuizDocument

    question = Question(id=data["id"], type=data["type"], stem=data["stem"],
                        points=data.get("points", 1),
                        options=tuple(Option(o["id"], o["text"]) for o in data["options"]))
    store, name = Store(RESPONSES), document_name(assignment)
    try:
        saved = read_answers(assignment).get(question.id)
    except ResponsesError:
        saved = None
    # Options in an order of their own for each learner and question, so no position or
    # neighbour's screen is a cue; answers are option ids, so scoring never sees the order.
    # At autograde the grader's account sees another order, which changes nothing saved.
    options = list(question.options)
    if question.type != "truefalse":
        options = shuffled(options, os.environ.get("JUPYTERHUB_USER") or getpass.getuser(),
                           question.id)
    labels = [(o.text, o.id) for o in options]
    if question.type == "multiple":
        boxes = [widgets.Checkbox(value=o.id in (saved or []), description=o.text, indent=False,
                                  layout=widgets.Layout(width="auto")) for o in options]
        control = widgets.VBox(boxes)
        control.add_class("wb-options")
        value = lambda: sorted(o.id for o, b in zip(options, boxes) if b.value)  # noqa: E731
        sources = boxes
    else:
        control = widgets.RadioButtons(options=labels, value=saved if saved in dict(labels).values()
                                       else None, description="Your answer",
                                       layout=widgets.Layout(width="auto"))
        value = lambda: control.value  # noqa: E731
        sources = [control]
    status = widgets.HTML(value="✔ Saved" if saved else "Not answered yet")

    def save(_change) -> None:
        answer = value()
        # the quiz widgets' writer, so both keep one format; opened per save, never at display,
        # because reading through the Store sets a damaged file aside, and autograde re-runs
        # this cell where the damaged file must stay for the test cell to report it
        document = QuizDocument(store, name)
        document.save(question.id, answer=answer, revealed=False,
                      attempts=document.entry(question.id)["attempts"] + 1)
        status.value = "✔ Saved" if answer else "Not answered yet"

    for source in sources:
        source.observe(save, names="value")
    display(HTML(answer_html(question, saved)))
    return widgets.VBox([widgets.HTML(f"<p><strong>{escape(question.stem)}</strong></p>"),
                         control, status])


def show_evidence(assignment: str, unit_slug: str):
    """Copy the learner's evidence map into the assignment and show it as static HTML."""
    from IPython.display import HTML

    from workbook.learner.declaration import document_name as declaration_document
    from workbook.learner.declaration import read_submitted
    from workbook.learner.portfolio_html import evidence_map_html

    # At autograde the grader's own store must not replace the learner's submitted copy.
    if os.environ.get("NBGRADER_EXECUTION") != "autograde":
        migrate_evidence(Store())  # a store not opened since evidence became course-wide
        for name in (evidence_document(unit_slug), declaration_document(unit_slug)):
            learner = Store().path(name)
            if learner.exists():
                RESPONSES.mkdir(exist_ok=True)
                shutil.copyfile(learner, Store(RESPONSES).path(name))
    declaration = read_submitted(RESPONSES.parent, unit_slug)
    signed = declaration is not None and declaration.signed
    status = (f"<p><strong>Declaration of authenticity:</strong> {escape(declaration.summary())}</p>"
              if signed else
              '<p role="alert"><strong>⚠ Declaration of authenticity not signed.</strong> Sign it '
              "at the end of this unit's portfolio notebook, then run this cell again before you "
              "submit: your assessor cannot judge any criterion met without it.</p>")
    return HTML(status + evidence_map_html(unit_slug, Store(RESPONSES)))
