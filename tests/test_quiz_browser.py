"""The quiz in real JupyterLab and Chromium: mouse and keyboard answers, feedback, restore."""
from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from workbook import load_course
from workbook.widgets import flashcards
from workbook.widgets.quiz import document_name, question_sets

UNIT = "lead-person-centred-practice"

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _first_of_each_type() -> dict:
    outcome = load_course().unit(UNIT).outcome("LO1")
    by_type = {}
    for number, question in enumerate(outcome.questions):
        by_type.setdefault(question.type, (number, question))
    return by_type


def _step_texts(question) -> list[str]:
    """The ordering rows' step texts, top to bottom ("1. Plan" -> "Plan")."""
    labels = question.locator(".wb-step").all_inner_texts()
    return [label.split(". ", 1)[1] for label in labels]


def test_lab_server_applies_project_settings(lab_server):
    settings = lab_server.api("lab/api/settings/@jupyterlab/notebook-extension:tracker")
    assert settings["schema"]["properties"]["autoStartDefaultKernel"]["default"] is True
    news = lab_server.api("lab/api/settings/@jupyterlab/apputils-extension:notification")
    assert news["schema"]["properties"]["fetchNews"]["default"] == "false"


def test_answer_by_mouse_and_keyboard_then_restore_after_restart(lab_server, page):
    by_type = _first_of_each_type()
    (mouse_n, mouse_q), (keys_n, keys_q) = by_type["single"], by_type["truefalse"]
    mouse_right = next(o for o in mouse_q.options if o.correct)
    keys_right = next(o for o in keys_q.options if o.correct)
    notebook = next((lab_server.root / UNIT).glob("01-*.ipynb")).relative_to(lab_server.root)
    lab_server.open(page, notebook.as_posix())
    lab_server.run_all(page)

    questions = page.locator(".workbook-question")
    # every control has a name a screen reader reads: the option text, the item to match, ...
    match_n, matching = by_type["matching"]
    for pair in matching.pairs:
        assert questions.nth(match_n).get_by_role("combobox", name=pair.left, exact=True).count() == 1
    order_n, ordering = by_type["ordering"]
    ups = questions.nth(order_n).get_by_role("button", name="Move up")
    assert ups.count() == len(ordering.steps)
    first = questions.nth(mouse_n)
    first.get_by_role("radio", name=mouse_right.text).click()
    first.get_by_role("button", name="Check answer").click()
    feedback = first.get_by_role("alert")
    feedback.get_by_text("✔ Correct").wait_for()
    assert mouse_q.explanation[:60] in feedback.inner_text()

    # keyboard only: Tab from the first question's last button into the true/false question
    second = questions.nth(keys_n)
    first.get_by_role("button", name="Show answer").focus()
    for _ in range(200):
        page.keyboard.press("Tab")
        if second.locator("input[type=radio]:focus").count():
            break
    else:
        pytest.fail("Tab never reached the true/false question")
    wanted = second.get_by_role("radio", name=keys_right.text)
    for _ in range(4):
        if wanted.is_checked():
            break
        page.keyboard.press("ArrowDown")
    assert wanted.is_checked()
    page.keyboard.press("Tab")
    assert second.get_by_role("button", name="Check answer").evaluate(
        "b => b === document.activeElement")
    page.keyboard.press("Enter")
    second.get_by_role("alert").get_by_text("✔ Correct").wait_for()
    # keys pressed in the quiz are not notebook shortcuts: the notebook stayed in command mode
    # on the same cell, and "d d" deleted nothing
    cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").count()
    second.get_by_role("button", name="Try again").focus()
    page.keyboard.press("d")
    page.keyboard.press("d")
    assert page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").count() == cells
    assert page.locator(".jp-Notebook.jp-mod-editMode").count() == 0

    # ordering by keyboard: Enter and Space on "Move down"; the focus follows the moved step
    steps = questions.nth(order_n)
    downs = steps.get_by_role("button", name="Move down")
    start = _step_texts(steps)
    downs.nth(0).focus()
    page.keyboard.press("Enter")
    expect(downs.nth(1)).to_be_focused()
    page.keyboard.press("Space")
    expect(downs.nth(2)).to_be_focused()
    moved = [start[1], start[2], start[0], *start[3:]]
    assert _step_texts(steps) == moved

    store_file = lab_server.store / f"{document_name(UNIT, 'LO1')}.json"
    # the page has moved the step; the kernel saves it a moment later
    answers = _saved_answers(store_file, lambda a: a.get(ordering.id, {}).get("answer") == moved)
    assert answers[mouse_q.id] == {"answer": mouse_right.id, "attempts": 1, "revealed": False}
    assert answers[keys_q.id] == {"answer": keys_right.id, "attempts": 1, "revealed": False}
    assert answers[ordering.id] == {"answer": moved, "attempts": 0, "revealed": False}
    # the static copy for exports is in the page but hidden while the live widget shows
    assert page.locator(".workbook-static-summary").first.is_hidden()
    # a handful of widget models, not one per control: one view per quiz and per deck
    assert page.locator(".workbook-quiz").count() == 1
    assert page.locator(".workbook-flashcards").count() == 1

    lab_server.restart_and_run_all(page)
    questions = page.locator(".workbook-question")
    assert questions.nth(mouse_n).get_by_role("radio", name=mouse_right.text).is_checked()
    assert questions.nth(keys_n).get_by_role("radio", name=keys_right.text).is_checked()
    questions.nth(mouse_n).get_by_role("alert").get_by_text("✔ Correct").wait_for()
    questions.nth(keys_n).get_by_role("alert").get_by_text("✔ Correct").wait_for()
    assert _step_texts(questions.nth(order_n)) == moved
    assert page.get_by_text(f"Score: {mouse_q.points + keys_q.points:g} of").first.is_visible()
    assert json.loads(store_file.read_text())["data"]["answers"] == answers


# Every option's control, with a box of its own, inside the question; its text beside it.
_OPTION_BOXES_JS = """() => [...document.querySelectorAll(
    '.workbook-quiz .workbook-question:not([hidden]) label.wb-option')].map(label => {
    const input = label.querySelector('input').getBoundingClientRect();
    const text = label.querySelector('span').getBoundingClientRect();
    const question = label.closest('.workbook-question').getBoundingClientRect();
    return {text: label.textContent, width: input.width, height: input.height,
            inside: input.left >= question.left && input.right <= question.right,
            before: input.right <= text.left, lines: Math.round(text.height / input.height)};
})"""


def test_long_options_wrap_beside_a_visible_control_and_cards_turn_and_save(lab_server, page):
    outcome = load_course().unit(UNIT).outcome("LO1")
    notebook = next((lab_server.root / UNIT).glob("01-*.ipynb")).relative_to(lab_server.root)
    page.set_viewport_size({"width": 700, "height": 1000})  # a narrow window: texts must wrap
    lab_server.open(page, notebook.as_posix())
    lab_server.run_all(page)
    # the quiz comes in sets of about 10 questions: each set's options, one set after another
    page.locator(".workbook-question").first.wait_for()
    boxes = page.evaluate(_OPTION_BOXES_JS)
    bar = page.locator(".workbook-quiz .wb-sets-bar")
    for number in range(2, len(question_sets([q.id for q in outcome.questions])) + 1):
        bar.get_by_role("button", name="Next set").click()
        bar.get_by_text(f"Set {number} of").wait_for()
        boxes += page.evaluate(_OPTION_BOXES_JS)
    expected = sum(len(q.options) + sum(len(p.options) for p in q.parts) for q in outcome.questions)
    assert len(boxes) == expected
    for box in boxes:
        assert box["width"] > 0 and box["height"] > 0, box
        assert box["inside"] and box["before"], box
    assert any(box["lines"] > 1 for box in boxes)  # some texts did wrap, beside their control
    # one Tab stop per radio group: Tab from its first radio leaves the group
    for _ in range(len(question_sets([q.id for q in outcome.questions]))):
        if bar.get_by_role("button", name="Previous set").is_disabled():
            break
        bar.get_by_role("button", name="Previous set").click()
    number = next(n for n, q in enumerate(outcome.questions) if q.type == "single")
    question = page.locator(".workbook-question").nth(number)
    question.locator("input").first.focus()
    page.keyboard.press("Tab")
    assert question.locator("input:focus").count() == 0
    # the group is named by the question's heading and stem, which screen readers announce
    group = question.get_by_role("radiogroup")
    name = group.evaluate("g => g.getAttribute('aria-labelledby').split(' ')"
                          ".map(id => document.getElementById(id).textContent).join(' ')")
    assert name.endswith(outcome.questions[number].stem)

    # the deck: turning happens in the page, marking is saved by the kernel
    unit = load_course().unit(UNIT)
    first = flashcards.cards_for(unit)[0]
    deck = page.locator(".workbook-flashcards")
    deck.get_by_role("region", name="Flashcard front").get_by_text(first.front).wait_for()
    deck.get_by_role("button", name="Turn card").click()
    deck.get_by_role("region", name="Flashcard back").wait_for()
    deck.get_by_role("button", name="✔ I know this").click()
    deck.get_by_role("status").get_by_text("1 known").wait_for()
    saved = json.loads((lab_server.store / f"{flashcards.document_name(UNIT)}.json").read_text())
    assert saved["data"]["known"] == {first.id: True}


def _saved_answers(store_file, ready, timeout: float = 15.0) -> dict:
    """The store's saved answers once `ready(answers)` holds (or as they are at the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        answers = json.loads(store_file.read_text())["data"]["answers"]
        if ready(answers) or time.monotonic() > deadline:
            return answers
        time.sleep(0.1)
