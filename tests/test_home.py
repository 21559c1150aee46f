"""The course home and the learner pages as built: links, outcome states, nothing to edit."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from workbook import load_course
from workbook.build import build_plan
from workbook.build.notebooks import INDEX, NOTEBOOKS
from workbook.course.loader import course_data
from workbook.learner import declaration
from workbook.learner.evidence import Draft, add_item
from workbook.learner.progress import OutcomeProgress
from workbook.learner.quiz_answers import QuizDocument, document_name
from workbook.learner.returned import ReturnedDecision
from workbook.learner.store import Store
from workbook.scoring import correct_answer
from workbook.widgets.home import home_html, lab_link, outcome_state

from .helpers import ROOT

UNIT = "lead-person-centred-practice"


@pytest.fixture(scope="module")
def plan():
    return build_plan(load_course(), ROOT / "assessment", course_data())


def _hrefs(text: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', text)


def test_every_link_of_the_home_is_a_built_page_and_every_page_is_linked(plan, tmp_path):
    text = home_html(load_course(), Store(tmp_path / "store"))
    linked = {NOTEBOOKS / href for href in _hrefs(text)}
    pages = {path for path in plan if path.suffix == ".ipynb" and path.parts[0] == "notebooks"}
    assert linked <= pages
    assert linked == pages - {INDEX}


def test_learner_pages_have_nothing_to_edit_or_run(plan):
    for path, text in plan.items():
        if path.parts[0] != "notebooks":
            continue
        nb = nbformat.reads(text, as_version=4)
        for cell in nb.cells:
            assert cell.metadata["editable"] is False and cell.metadata["deletable"] is False
            if cell.cell_type == "markdown":
                assert "Run All" not in cell.source and "Run the cell" not in cell.source, path


def test_states_follow_quiz_evidence_and_decisions(tmp_path):
    store = Store(tmp_path / "store")
    unit = load_course().unit(UNIT)
    outcome = unit.outcome("LO1")
    assert "○ Not started" in _outcome_item(home_html(load_course(), store), outcome.id)
    assert "Start with LO1" in home_html(load_course(), store)

    quiz = QuizDocument(store, document_name(UNIT, "LO1"))
    first = outcome.questions[0]
    quiz.save(first.id, answer=correct_answer(first), attempts=1)
    item = _outcome_item(home_html(load_course(), store), "LO1")
    assert "◐ In progress" in item and f"Quiz: 1 of {len(outcome.questions)} right" in item
    assert "Continue with LO1" in home_html(load_course(), store)

    for question in outcome.questions:
        quiz.save(question.id, answer=correct_answer(question), attempts=1)
    add_item(store, UNIT, Draft("reflective-account", "My account", "2026-11-01",
                                criteria=tuple(c.id for c in outcome.criteria)))
    text = home_html(load_course(), store)
    assert "● Ready for your assessor" in _outcome_item(text, "LO1")
    assert "Continue with LO2" in text or "Start with LO2" in text

    progress = OutcomeProgress("LO1", outcome.title, 1, 1, 1.0)
    ids = [c.id for c in outcome.criteria]
    met = [ReturnedDecision(i, "met", "", "tess", "2026-11-02") for i in ids]
    assert outcome_state(outcome, progress, met).state == "met"
    one_not = [*met[1:], ReturnedDecision(ids[0], "not yet met", "More detail", "tess", "")]
    assert outcome_state(outcome, progress, one_not).state == "not-yet-met"
    other_unit = [ReturnedDecision("9.9", "not yet met", "", "tess", "")]
    assert outcome_state(outcome, progress, other_unit).state == "ready"


def test_declaration_state_is_shown_per_unit(tmp_path):
    store = Store(tmp_path / "store")
    assert home_html(load_course(), store).count("Declaration of authenticity not signed") == 2
    declaration.sign(store, UNIT, "Amy Example", dict.fromkeys(declaration.STATEMENTS, True),
                     ai_used=False, ai_help="")
    text = home_html(load_course(), store)
    assert text.count("✔ Declaration of authenticity signed.") == 1


def test_jupyterlab_link_only_where_voila_shows_the_page():
    assert lab_link({}) is None
    assert lab_link({"VOILA_BASE_URL": "/user/amy/", "VOILA_REQUEST_URL":
                     "http://h/user/amy/voila/render/notebooks/index.ipynb?x=1"}) \
        == "/user/amy/lab/tree/notebooks"
    assert lab_link({"VOILA_BASE_URL": "/", "VOILA_REQUEST_URL":
                     "http://h/voila/render/index.ipynb"}) == "/lab/tree"
    assert "Open these pages in JupyterLab" not in home_html(load_course(), Store(Path("/nowhere")))


def _outcome_item(text: str, outcome_id: str) -> str:
    """The words of the home's list item of one outcome (of the first unit that has it)."""
    item = re.search(rf'<li class="wb-outcome[^"]*"><a href="[^"]+">{outcome_id} ·.*?</li>', text)
    return re.sub(r"<[^>]+>", "", item.group(0))
