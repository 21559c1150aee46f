"""Quiz and flashcard widgets driven from code (.value, .click()) against a temporary store."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest

from workbook import load_course
from workbook.course.banks import load_bank
from workbook.learner.store import Store
from workbook.widgets import flashcards
from workbook.widgets.base import PALETTE, QuizDocument
from workbook.widgets.quiz import Quiz, document_name

SAMPLE = Path(__file__).parent / "fixtures" / "quiz" / "sample-bank.yaml"
PROJECT = Path(__file__).resolve().parent.parent
NAME = "quiz-sample"


@pytest.fixture(scope="module")
def questions():
    unit = load_course().unit("lead-person-centred-practice")
    return load_bank(SAMPLE, unit, "LO1")


def make_quiz(questions, root: Path, **options) -> Quiz:
    return Quiz("Quiz: sample", NAME, questions, Store(root), learner="ann", **options)


def item(quiz: Quiz, question_id: str):
    return next(w for w in quiz.items if w.question.id == question_id)


def saved(root: Path) -> dict:
    return json.loads((root / f"{NAME}.json").read_text())["data"]["answers"]


def option_id(widget, text_start: str) -> str:
    return next(o.id for o in widget.input.options if o.text.startswith(text_start))


def test_wrong_then_retry_then_correct_with_feedback_and_score(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    w = item(quiz, "t-single-capital")
    assert w.reveal_button.disabled  # nothing to reveal before a try
    w.input.radio.value = option_id(w, "Equality Act")
    assert saved(tmp_path)["t-single-capital"] == {"answer": "c", "attempts": 0, "revealed": False}
    w.check_button.click()
    assert "✘ Not quite" in w.feedback.value
    assert "That act protects against discrimination." in w.feedback.value
    assert "Why:" not in w.feedback.value  # the explanation comes with the right answer
    assert w.input.radio.disabled and w.check_button.disabled and not w.retry_button.disabled
    assert "Score: 0 of 12 points (1 of 11 questions checked)." in quiz.score_label.value
    w.retry_button.click()
    assert w.feedback.value == "" and not w.input.radio.disabled
    w.input.radio.value = option_id(w, "Mental Capacity")
    w.check_button.click()
    assert "✔ Correct" in w.feedback.value
    assert "The Mental Capacity Act 2005 (section 1) gives the five principles." in w.feedback.value
    assert saved(tmp_path)["t-single-capital"] == {"answer": "a", "attempts": 2, "revealed": False}
    assert "Score: 1 of 12 points (1 of 11 questions checked)." in quiz.score_label.value


def test_check_without_answer_counts_no_attempt(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    w = item(quiz, "t-scenario-refusal")
    w.input.parts["first"].radio.value = "a"
    w.check_button.click()
    assert "Please answer every part before checking." in w.status.value
    assert saved(tmp_path)["t-scenario-refusal"]["attempts"] == 0


def test_reveal_after_an_attempt(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    w = item(quiz, "t-truefalse-unwise")
    assert [o.id for o in w.input.options] == ["true", "false"]  # true/false is never shuffled
    w.input.radio.value = "true"
    w.check_button.click()
    w.reveal_button.click()
    assert "<b>Answer:</b> False" in w.feedback.value
    assert "Mental Capacity Act 2005, principle 3." in w.feedback.value
    assert saved(tmp_path)["t-truefalse-unwise"]["revealed"] is True


def test_multiple_choice_partial_feedback(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    w = item(quiz, "t-multiple-principles")
    boxes = {o.id: box for o, box in zip(w.input.options, w.input.boxes)}
    boxes["a"].value = True
    boxes["b"].value = True
    assert saved(tmp_path)["t-multiple-principles"]["answer"] == ["a", "b"]
    w.check_button.click()
    assert "✘ Not quite" in w.feedback.value  # (1 right - 1 wrong) / 3 correct = 0
    assert "An unwise decision does not by itself show a lack of capacity." in w.feedback.value
    assert "At least one more option is correct." in w.feedback.value
    w.retry_button.click()
    boxes["b"].value = False
    boxes["c"].value = True
    w.check_button.click()
    assert "◐ Partly right (67%)" in w.feedback.value


def test_matching_ordering_scenario_answers(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    matching = item(quiz, "t-matching-laws")
    for pair in matching.question.pairs:
        matching.input.dropdowns[pair.left].value = pair.right
    matching.input.dropdowns["Equality Act 2010"].value = "Registration of nurses"
    matching.check_button.click()
    assert "◐ Partly right (67%)" in matching.feedback.value
    assert "✘ Equality Act 2010: not this one" in matching.feedback.value

    ordering = item(quiz, "t-ordering-pdsa")
    inp = ordering.input
    assert inp.order != ["Plan", "Do", "Study", "Act"]  # never starts solved
    for target, step in enumerate(["Plan", "Do", "Study", "Act"]):
        while inp.order.index(step) > target:
            inp.ups[inp.order.index(step)].click()
    assert saved(tmp_path)["t-ordering-pdsa"]["answer"] == ["Plan", "Do", "Study", "Act"]
    assert inp.ups[0].disabled and inp.downs[3].disabled
    ordering.check_button.click()
    assert "✔ Correct" in ordering.feedback.value
    assert inp.downs[1].disabled  # locked after checking

    scenario = item(quiz, "t-scenario-refusal")
    scenario.input.parts["first"].radio.value = "a"
    tell = scenario.input.parts["tell"]
    tell.boxes[[o.id for o in tell.options].index("a")].value = True
    scenario.check_button.click()
    assert "✔ Correct" in scenario.feedback.value
    assert saved(tmp_path)["t-scenario-refusal"]["answer"] == {"first": "a", "tell": ["a"]}


def test_recreated_quiz_restores_answers_and_feedback(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    single = item(quiz, "t-single-dignity")
    single.input.radio.value = "a"
    single.check_button.click()
    order = item(quiz, "t-ordering-kolb")
    order.input.downs[0].click()
    matching = item(quiz, "t-matching-pdsa")
    matching.input.dropdowns["Plan"].value = "Decide the change to test"
    before = (tmp_path / f"{NAME}.json").read_text()

    again = make_quiz(questions, tmp_path)
    assert (tmp_path / f"{NAME}.json").read_text() == before  # creating a widget writes nothing
    assert item(again, "t-single-dignity").input.radio.value == "a"
    assert "✔ Correct" in item(again, "t-single-dignity").feedback.value
    assert item(again, "t-ordering-kolb").input.get() == order.input.get()
    assert item(again, "t-matching-pdsa").input.get() == {"Plan": "Decide the change to test"}
    assert item(again, "t-matching-pdsa").feedback.value == ""  # not checked yet
    assert "Score: 2 of 12 points (1 of 11 questions checked)." in again.score_label.value


def test_saved_answer_that_no_longer_fits_is_kept(questions, tmp_path):
    Store(tmp_path).update(NAME, lambda d: d.setdefault("answers", {}).update(
        {"t-single-capital": {"answer": "z", "attempts": 1, "revealed": False},
         "a-removed-question": {"answer": "b", "attempts": 3, "revealed": True}}))
    quiz = make_quiz(questions, tmp_path)
    item(quiz, "t-truefalse-plan").input.radio.value = "true"
    answers = saved(tmp_path)
    assert answers["a-removed-question"] == {"answer": "b", "attempts": 3, "revealed": True}
    assert answers["t-single-capital"]["answer"] == "z"


def test_shuffle_is_stable_per_learner(questions, tmp_path):
    def orders(learner):
        quiz = Quiz("q", NAME, questions, Store(tmp_path), learner=learner)
        return [w.input.order if w.question.type == "ordering" else [o.id for o in w.input.options]
                for w in quiz.items if w.question.type in ("single", "multiple", "ordering")]

    assert orders("ann") == orders("ann")
    assert orders("ann") != orders("bob")
    expected = [sorted(o.id for o in q.options) if q.options else sorted(q.steps)
                for q in questions if q.type in ("single", "multiple", "ordering")]
    assert [sorted(o) for o in orders("bob")] == expected


def test_corrupt_store_file_shows_a_warning_and_work_goes_on(questions, tmp_path):
    (tmp_path / f"{NAME}.json").write_text("{not json")
    quiz = make_quiz(questions, tmp_path)
    assert "⚠ Your saved file quiz-sample.json is not valid JSON (line 1)." in quiz.warning.value
    assert (tmp_path / "quiz-sample.corrupt-1.json").read_text() == "{not json"
    item(quiz, "t-single-capital").input.radio.value = "a"
    assert saved(tmp_path)["t-single-capital"]["answer"] == "a"


def test_assessment_mode_shows_no_correctness(questions, tmp_path):
    responses = tmp_path / ".responses"
    quiz = make_quiz(questions, responses, assessment=True)
    w = item(quiz, "t-single-capital")
    assert w.check_button not in w.children[2].children  # no Check / Show answer buttons
    w.input.radio.value = "c"
    assert "✔ Saved" in w.status.value and w.feedback.value == ""
    assert "1 of 11 questions answered and saved." in quiz.score_label.value
    summary = quiz.summary.bundle
    assert "Equality Act 2010" in summary["text/html"]
    assert "Correct" not in summary["text/html"] and "Score" not in summary["text/plain"]
    assert json.loads((responses / f"{NAME}.json").read_text())["data"]["answers"]["t-single-capital"]


def test_static_summary_follows_every_save(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    w = item(quiz, "t-single-dignity")
    w.input.radio.value = "a"
    assert "not checked yet" in quiz.summary.bundle["text/plain"]
    w.check_button.click()
    plain = quiz.summary.bundle["text/plain"]
    assert "Answer: Close the door and ask how they like to be helped (✔ Correct)" in plain
    assert plain.endswith("Score: 2 of 12 points.")
    assert 'class="workbook-static-summary"' in quiz.summary.bundle["text/html"]


_WRITER = """
import sys
from workbook.learner.store import Store
from workbook.widgets.base import QuizDocument
doc = QuizDocument(Store(sys.argv[1]), "quiz-sample")
for i in range(25):
    doc.save(f"{sys.argv[2]}-{i}", answer=str(i))
"""


def test_concurrent_writers_lose_nothing(tmp_path):
    processes = [subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), name])
                 for name in ("proc-a", "proc-b")]

    def thread_writer(name):
        doc = QuizDocument(Store(tmp_path), NAME)
        for i in range(25):
            doc.save(f"{name}-{i}", answer=str(i))

    threads = [threading.Thread(target=thread_writer, args=(n,)) for n in ("thr-a", "thr-b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [p.wait(timeout=60) for p in processes] == [0, 0]
    answers = saved(tmp_path)
    assert len(answers) == 100
    assert all(answers[f"{n}-{i}"]["answer"] == str(i)
               for n in ("proc-a", "proc-b", "thr-a", "thr-b") for i in range(25))


def _luminance(colour: str) -> float:
    rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("kind", sorted(PALETTE))
def test_feedback_colours_meet_wcag_aa(kind):
    fg, bg = PALETTE[kind]
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


def test_flashcards_turn_mark_and_restore(tmp_path):
    unit = load_course().unit("lead-person-centred-practice")
    cards = flashcards.cards_for(unit)
    assert len({c.id for c in cards}) == len(cards) >= len([c for c in unit.key_concepts if c.name])
    deck = flashcards.Flashcards("Cards", flashcards.document_name(unit.slug), cards, Store(tmp_path))
    assert cards[0].front in deck.face.value
    deck.turn_button.click()
    assert cards[0].back[:40] in deck.face.value
    deck.known_button.click()
    deck.next_button.click()
    deck.not_yet_button.click()
    assert "1 known" in deck.progress.value
    again = flashcards.Flashcards("Cards", flashcards.document_name(unit.slug), cards, Store(tmp_path))
    assert again.known == {cards[0].id: True, cards[1].id: False}
    assert "✔ known" in again.face.value
    assert f"1 of {len(cards)} cards marked known." in again.summary.bundle["text/plain"]


@pytest.mark.slow
def test_html_export_of_executed_notebook_shows_answers_and_score(tmp_path, monkeypatch):
    """nbclient runs a built outcome notebook; nbconvert's HTML shows the saved answers."""
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    unit = load_course().unit("lead-person-centred-practice")
    first = unit.outcomes[0].questions[0]
    right = next(o for o in first.options if o.correct)
    store = tmp_path / "store"
    QuizDocument(Store(store), document_name(unit.slug, "LO1")).save(first.id, answer=right.id,
                                                                    attempts=1)
    path = next((PROJECT / "notebooks" / unit.slug).glob("01-*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    monkeypatch.setenv("WORKBOOK_STORE", str(store))  # the kernel inherits it
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    page, _ = HTMLExporter().from_notebook_node(nb)
    total = sum(q.points for q in unit.outcomes[0].questions)
    assert f"Score: {first.points} of {total} points." in page
    assert right.text.replace("'", "&#x27;") in page
    assert "✔ Correct" in page
