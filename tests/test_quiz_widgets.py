"""Quiz and flashcard widgets driven from code against a temporary store, no browser.

Each quiz and deck is one widget model: the tests send the messages its script sends
("answer", "check", "retry", "reveal") and read the traits the script draws from (`state`,
`score_text`, `known`, ...), so they exercise what the browser exercises.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.disks import read_only_folder, remount, tmpfs
from workbook import load_course
from workbook.assess.responses import RESPONSES
from workbook.course.banks import load_bank
from workbook.learner.store import Store
from workbook.widgets import flashcards
from workbook.widgets.assessment import AssessmentQuestion
from workbook.widgets.base import PALETTE, QuizDocument
from workbook.widgets.evidence import EvidenceLog
from workbook.widgets.model import MODELS
from workbook.widgets.quiz import Quiz, document_name

from .executed import execute

SAMPLE = Path(__file__).parent / "fixtures" / "quiz" / "sample-bank.yaml"
PROJECT = Path(__file__).resolve().parent.parent
NAME = "quiz-sample"


@pytest.fixture(scope="module")
def questions():
    unit = load_course().unit("lead-person-centred-practice")
    return load_bank(SAMPLE, unit, "LO1")


def make_quiz(questions, root: Path, **options) -> Quiz:
    return Quiz("Quiz: sample", NAME, questions, Store(root), learner="ann", **options)


def send(quiz: Quiz, action: str, question: str, **extra) -> dict:
    """What the script sends when the learner acts; the question's state that comes back."""
    quiz._on_message(quiz, {"action": action, "question": question, **extra}, [])
    return quiz.state[question]


def shown(quiz: Quiz, question: str) -> dict:
    """The question as the script is told to draw it (texts, options in order)."""
    return next(q for q in quiz.questions if q["id"] == question)


def saved(root: Path) -> dict:
    return json.loads((root / f"{NAME}.json").read_text())["data"]["answers"]


def option_id(quiz: Quiz, question: str, text_start: str) -> str:
    return next(o["id"] for o in shown(quiz, question)["options"] if o["text"].startswith(text_start))


def test_one_widget_model_per_quiz_and_no_answer_key_in_the_browser(questions, tmp_path):
    before = set(MODELS)
    quiz = make_quiz(questions, tmp_path)
    # one model, whatever the number of questions, and no ipywidgets model with it
    assert [type(MODELS[m]).__name__ for m in set(MODELS) - before] == ["Quiz"]
    sent = json.dumps(quiz.get_state())
    assert len(quiz.questions) == len(questions) == len(quiz.state)
    # what would tell the answer never reaches the browser before the learner asks
    assert '"correct"' not in sent and "feedback" not in json.dumps(quiz.questions)
    assert "principles start with assuming capacity" not in sent
    quiz.close()


def test_wrong_then_retry_then_correct_with_feedback_and_score(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    q = "t-single-capital"
    assert quiz.state[q]["attempts"] == 0  # the script disables Show answer before a try
    state = send(quiz, "answer", q, answer=option_id(quiz, q, "Equality Act"), seq=1)
    assert state["answer"] == "c" and state["seq"] == 1
    assert saved(tmp_path)[q] == {"answer": "c", "attempts": 0, "revealed": False}
    state = send(quiz, "check", q, seq=2)
    assert "✘ Not quite" in state["feedback"]
    assert "That act protects against discrimination." in state["feedback"]
    assert "Why:" not in state["feedback"]  # the explanation comes with the right answer
    assert state["checked"]  # controls locked, Check disabled, Try again enabled
    assert quiz.score_text == "Score: 0 of 12 points (1 of 11 questions checked)."
    # a checked answer cannot be changed until Try again
    assert send(quiz, "answer", q, answer="a")["answer"] == "c"
    state = send(quiz, "retry", q)
    assert state["feedback"] == "" and not state["checked"]
    send(quiz, "answer", q, answer=option_id(quiz, q, "Mental Capacity"))
    state = send(quiz, "check", q)
    assert "✔ Correct" in state["feedback"]
    assert "The Mental Capacity Act 2005 (section 1) gives the five principles." in state["feedback"]
    assert saved(tmp_path)[q] == {"answer": "a", "attempts": 2, "revealed": False}
    assert quiz.score_text == "Score: 1 of 12 points (1 of 11 questions checked)."


def test_check_without_answer_counts_no_attempt(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    send(quiz, "answer", "t-scenario-refusal", answer={"first": "a"})
    state = send(quiz, "check", "t-scenario-refusal")
    assert "Please answer every part before checking." in state["status"]
    assert saved(tmp_path)["t-scenario-refusal"]["attempts"] == 0


def test_reveal_only_after_an_attempt(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    q = "t-truefalse-unwise"
    assert [o["id"] for o in shown(quiz, q)["options"]] == ["true", "false"]  # never shuffled
    assert send(quiz, "reveal", q)["feedback"] == ""  # nothing to reveal before a try
    send(quiz, "answer", q, answer="true")
    send(quiz, "check", q)
    state = send(quiz, "reveal", q)
    assert "<b>Answer:</b> False" in state["feedback"]
    assert "Mental Capacity Act 2005, principle 3." in state["feedback"]
    assert saved(tmp_path)[q]["revealed"] is True


def test_multiple_choice_partial_feedback(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    q = "t-multiple-principles"
    send(quiz, "answer", q, answer=["b", "a", "zz"])  # unknown ids are dropped, order kept sorted
    assert saved(tmp_path)[q]["answer"] == ["a", "b"]
    state = send(quiz, "check", q)
    assert "✘ Not quite" in state["feedback"]  # (1 right - 1 wrong) / 3 correct = 0
    assert "An unwise decision does not by itself show a lack of capacity." in state["feedback"]
    assert "At least one more option is correct." in state["feedback"]
    send(quiz, "retry", q)
    send(quiz, "answer", q, answer=["a", "c"])
    assert "◐ Partly right (67%)" in send(quiz, "check", q)["feedback"]


def test_matching_ordering_scenario_answers(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    matching = next(q for q in questions if q.id == "t-matching-laws")
    drawn = shown(quiz, matching.id)
    assert drawn["items"] == [p.left for p in matching.pairs]
    assert sorted(drawn["choices"]) == sorted([p.right for p in matching.pairs] + list(matching.distractors))
    answer = {p.left: p.right for p in matching.pairs}
    answer["Equality Act 2010"] = "Registration of nurses"
    send(quiz, "answer", matching.id, answer={**answer, "Not an item": "x"})
    state = send(quiz, "check", matching.id)
    assert "◐ Partly right (67%)" in state["feedback"]
    assert "✘ Equality Act 2010: not this one" in state["feedback"]
    assert "Not an item" not in saved(tmp_path)[matching.id]["answer"]

    start = shown(quiz, "t-ordering-pdsa")["steps"]
    assert start != ["Plan", "Do", "Study", "Act"] and sorted(start) == sorted(["Plan", "Do", "Study", "Act"])
    send(quiz, "answer", "t-ordering-pdsa", answer=["Plan", "Do", "Plan", "Act"])  # not the steps
    assert saved(tmp_path)["t-ordering-pdsa"]["answer"] is None
    send(quiz, "answer", "t-ordering-pdsa", answer=["Plan", "Do", "Study", "Act"])
    assert saved(tmp_path)["t-ordering-pdsa"]["answer"] == ["Plan", "Do", "Study", "Act"]
    assert "✔ Correct" in send(quiz, "check", "t-ordering-pdsa")["feedback"]

    scenario = shown(quiz, "t-scenario-refusal")
    assert [p["id"] for p in scenario["parts"]] == ["first", "tell"]
    send(quiz, "answer", "t-scenario-refusal", answer={"first": "a", "tell": ["a"]})
    assert "✔ Correct" in send(quiz, "check", "t-scenario-refusal")["feedback"]
    assert saved(tmp_path)["t-scenario-refusal"]["answer"] == {"first": "a", "tell": ["a"]}


def test_recreated_quiz_restores_answers_and_feedback(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    send(quiz, "answer", "t-single-dignity", answer="a")
    send(quiz, "check", "t-single-dignity")
    order = shown(quiz, "t-ordering-kolb")["steps"]
    moved = [order[1], order[0], *order[2:]]
    send(quiz, "answer", "t-ordering-kolb", answer=moved)
    send(quiz, "answer", "t-matching-pdsa", answer={"Plan": "Decide the change to test"})
    before = (tmp_path / f"{NAME}.json").read_text()

    again = make_quiz(questions, tmp_path)
    assert (tmp_path / f"{NAME}.json").read_text() == before  # creating a widget writes nothing
    assert again.state["t-single-dignity"]["answer"] == "a"
    assert "✔ Correct" in again.state["t-single-dignity"]["feedback"]
    assert again.state["t-ordering-kolb"]["answer"] == moved
    assert again.state["t-matching-pdsa"]["answer"] == {"Plan": "Decide the change to test"}
    assert again.state["t-matching-pdsa"]["feedback"] == ""  # not checked yet
    assert again.score_text == "Score: 2 of 12 points (1 of 11 questions checked)."


def test_saved_answer_that_no_longer_fits_is_kept(questions, tmp_path):
    Store(tmp_path).update(NAME, lambda d: d.setdefault("answers", {}).update(
        {"t-single-capital": {"answer": "z", "attempts": 1, "revealed": False},
         "a-removed-question": {"answer": "b", "attempts": 3, "revealed": True}}))
    quiz = make_quiz(questions, tmp_path)
    assert quiz.state["t-single-capital"]["answer"] is None  # no option to show it on
    send(quiz, "answer", "t-truefalse-plan", answer="true")
    answers = saved(tmp_path)
    assert answers["a-removed-question"] == {"answer": "b", "attempts": 3, "revealed": True}
    assert answers["t-single-capital"]["answer"] == "z"


def test_stale_message_and_unknown_question_change_nothing(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    send(quiz, "answer", "t-single-capital", answer="b", seq=3)
    assert quiz.state["t-single-capital"]["seq"] == 3  # the script keeps newer local choices
    quiz._on_message(quiz, {"action": "answer", "question": "no-such-question", "answer": "a"}, [])
    quiz._on_message(quiz, "not a message", [])
    assert list(saved(tmp_path)) == ["t-single-capital"]


def test_shuffle_is_stable_per_learner(questions, tmp_path):
    def orders(learner):
        quiz = Quiz("q", NAME, questions, Store(tmp_path), learner=learner)
        return [q.get("steps") or [o["id"] for o in q["options"]] for q in quiz.questions
                if q["type"] in ("single", "multiple", "ordering")]

    assert orders("ann") == orders("ann")
    assert orders("ann") != orders("bob")
    expected = [sorted(o.id for o in q.options) if q.options else sorted(q.steps)
                for q in questions if q.type in ("single", "multiple", "ordering")]
    assert [sorted(o) for o in orders("bob")] == expected


def test_corrupt_store_file_shows_a_warning_and_work_goes_on(questions, tmp_path):
    (tmp_path / f"{NAME}.json").write_text("{not json")
    quiz = make_quiz(questions, tmp_path)
    assert "⚠ Your saved file quiz-sample.json is not valid JSON (line 1)." in quiz.notice
    assert (tmp_path / "quiz-sample.corrupt-1.json").read_text() == "{not json"
    send(quiz, "answer", "t-single-capital", answer="a")
    assert saved(tmp_path)["t-single-capital"]["answer"] == "a"


def test_an_assessment_question_marks_nothing(questions, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the responses file sits beside the assessment notebook
    question = next(q for q in questions if q.id == "t-single-capital")
    widget = AssessmentQuestion("demo-assessment", question, number=3)
    assert widget.assessment  # the script draws no Check / Show answer buttons
    assert widget.questions[0]["number"] == 3 and widget.intro == ""
    state = send(widget, "answer", "t-single-capital", answer="c")
    assert "✔ Saved" in state["status"] and state["feedback"] == ""
    assert send(widget, "check", "t-single-capital")["attempts"] == 0  # checking does nothing
    assert send(widget, "reveal", "t-single-capital")["feedback"] == ""
    assert widget.score_text == "1 of 1 questions answered and saved."
    summary = widget.summary.bundle
    assert "(your answer)" in summary["text/html"]
    assert "Correct" not in summary["text/html"] and "Score" not in summary["text/plain"]
    saved = json.loads((tmp_path / RESPONSES / "quiz-demo-assessment.json").read_text())
    assert saved["data"]["answers"]["t-single-capital"]["answer"] == "c"


def test_a_practice_quiz_marks_what_an_assessment_question_does_not(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    assert not quiz.assessment
    send(quiz, "answer", "t-single-capital", answer="c")
    state = send(quiz, "check", "t-single-capital")
    assert state["attempts"] == 1 and state["feedback"] and "Saved" not in state["status"]
    assert quiz.score_text.startswith("Score:")


def test_static_summary_follows_every_save(questions, tmp_path):
    quiz = make_quiz(questions, tmp_path)
    send(quiz, "answer", "t-single-dignity", answer="a")
    assert "not checked yet" in quiz.summary.bundle["text/plain"]
    send(quiz, "check", "t-single-dignity")
    plain = quiz.summary.bundle["text/plain"]
    assert "Answer: Close the door and ask how they like to be helped (✔ Correct)" in plain
    assert plain.endswith("Score: 2 of 12 points.")
    assert 'class="workbook-static-summary"' in quiz.summary.bundle["text/html"]


def test_hidden_copies_add_no_table_of_contents_entries(questions, tmp_path):
    """JupyterLab lists output headings in its table of contents unless they are `tocSkip`; the
    static copies are hidden in the lab, so none of their headings may count (and redrawing them
    must not make the table of contents renumber every heading of the notebook)."""
    quiz = make_quiz(questions, tmp_path)
    send(quiz, "check", "t-single-dignity")
    log = EvidenceLog("lead-person-centred-practice", "LO1", store=Store(tmp_path))
    for html in (quiz.summary.bundle["text/html"], log.static_copy()):
        headings = re.findall(r"<h[1-6][^>]*>", html)
        assert headings and all(h.endswith(' class="tocSkip">') for h in headings), headings


def test_full_disk_says_not_saved_keeps_the_answer_and_saves_it_again(questions, tmp_path):
    with tmpfs(tmp_path / "store", "64k") as folder:
        quiz = make_quiz(questions, folder)
        (folder / "filler").write_bytes(b"x" * (64 << 10))  # the disk is now full
        state = send(quiz, "answer", "t-single-capital", answer="a")
        assert "not saved: the disk is full" in state["status"] and state["unsaved"]
        assert state["answer"] == "a"  # the controls keep the learner's choice
        state = send(quiz, "check", "t-single-capital")
        assert "✔ Correct" in state["feedback"] and state["unsaved"]
        assert not (folder / f"{NAME}.json").exists()
        remount(folder, "size=2m")
        quiz._on_message(quiz, {"action": "save-again"}, [])
        state = quiz.state["t-single-capital"]
        assert state["status"] == "" and not state["unsaved"]
        assert saved(folder)["t-single-capital"] == {"answer": "a", "attempts": 1, "revealed": False}
        assert "(✔ Correct)" in quiz.summary.bundle["text/plain"]


def test_read_only_store_shows_saved_answers_read_only(questions, tmp_path):
    def fill(folder):
        QuizDocument(Store(folder), NAME).save("t-single-dignity", answer="a", attempts=1)

    with read_only_folder(tmp_path / "store", fill) as folder:
        quiz = make_quiz(questions, folder)
        assert quiz.read_only  # the script disables every control and button
        assert "shown read-only: changes cannot be saved" in quiz.notice
        assert quiz.state["t-single-dignity"]["answer"] == "a"
        assert "✔ Correct" in quiz.state["t-single-dignity"]["feedback"]
        state = send(quiz, "answer", "t-single-capital", answer="a")
        assert state["answer"] is None and state["status"] == ""  # nothing pretends to save
        deck = flashcards.Flashcards("Cards", "flashcards-x", [flashcards.Card("a", "A", "B")],
                                     Store(folder))
        assert deck.read_only and "shown read-only" in deck.notice
        deck.mark(True)
        assert deck.known == {}


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
    assert deck.cards[0] == {"id": cards[0].id, "front": cards[0].front, "back": cards[0].back}
    deck.turn()
    assert deck.back_shown and deck.position == 0
    deck._on_message(deck, {"action": "mark", "known": True, "position": 0}, [])
    deck.go(+1)
    assert deck.position == 1 and not deck.back_shown  # a new card shows its front
    deck._on_message(deck, {"action": "mark", "known": False, "position": 1}, [])
    deck.go(-2)
    assert deck.position == len(cards) - 1  # wraps round
    assert deck.known == {cards[0].id: True, cards[1].id: False}
    again = flashcards.Flashcards("Cards", flashcards.document_name(unit.slug), cards, Store(tmp_path))
    assert again.known == {cards[0].id: True, cards[1].id: False}
    assert f"1 of {len(cards)} cards marked known." in again.summary.bundle["text/plain"]


@pytest.mark.slow
def test_html_export_of_executed_notebook_shows_answers_and_score(tmp_path, monkeypatch):
    """nbclient runs a built outcome notebook; nbconvert's HTML shows the saved answers."""
    from nbconvert import HTMLExporter

    unit = load_course().unit("lead-person-centred-practice")
    first = unit.outcomes[0].questions[0]
    right = next(o for o in first.options if o.correct)
    store = tmp_path / "store"
    QuizDocument(Store(store), document_name(unit.slug, "LO1")).save(first.id, answer=right.id,
                                                                    attempts=1)
    path = next((PROJECT / "notebooks" / unit.slug).glob("01-*.ipynb"))
    monkeypatch.setenv("WORKBOOK_STORE", str(store))  # the kernel inherits it
    nb = execute(path, tmp_path)
    page, _ = HTMLExporter().from_notebook_node(nb)
    total = sum(q.points for q in unit.outcomes[0].questions)
    assert f"Score: {first.points} of {total} points." in page
    assert right.text.replace("'", "&#x27;") in page
    assert "✔ Correct" in page
