"""Scores in whole or half points, partial credit that says what cost the marks, and long
quizzes in short sets with a progress line (driven from code, no browser)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbook import load_course, scoring
from workbook.course.banks import load_bank
from workbook.learner.store import Store
from workbook.widgets.base import verdict_html
from workbook.widgets.quiz import Quiz, question_sets
from workbook.widgets.static import quiz_summary

SAMPLE = Path(__file__).parent / "fixtures" / "quiz" / "sample-bank.yaml"
LPCP = "lead-person-centred-practice"


@pytest.fixture(scope="module")
def sample():
    return load_bank(SAMPLE, load_course().unit(LPCP), "LO1")


@pytest.mark.parametrize("value, shown", [(0, "0"), (0.2, "0"), (0.25, "0.5"), (1 / 3, "0.5"),
                                          (4 / 3, "1.5"), (1.75, "2"), (2, "2"), (29.99, "30")])
def test_points_are_shown_as_whole_or_half_points(value, shown):
    assert scoring.shown_points(value) == shown


def test_partial_credit_says_what_cost_the_marks(sample):
    multiple = next(q for q in sample if q.type == "multiple")
    right = [o.id for o in multiple.options if o.correct]
    wrong = [o.id for o in multiple.options if not o.correct]
    answer = right[:-1] + wrong[:1]
    assert scoring.lost_marks(multiple, answer) == (
        f"You ticked {len(right) - 1} of the {len(right)} right answers and 1 wrong one "
        "(each wrong tick takes away one right one).")
    assert scoring.lost_marks(multiple, right) == ""
    shown = verdict_html(multiple, answer)
    assert f"You ticked {len(right) - 1} of the {len(right)} right answers" in shown
    matching = next(q for q in sample if q.type == "matching")
    answer = {p.left: p.right for p in matching.pairs}
    answer[matching.pairs[0].left] = "something else"
    assert (f"You matched {len(matching.pairs) - 1} of the {len(matching.pairs)} items correctly"
            in verdict_html(matching, answer))
    ordering = next(q for q in sample if q.type == "ordering")
    steps = list(ordering.steps)
    steps[0], steps[1] = steps[1], steps[0]
    assert "pairs of neighbouring steps are in the right order" in verdict_html(ordering, steps)


def test_the_score_line_never_shows_thirds(sample, tmp_path):
    multiple = next(q for q in sample if q.type == "multiple")
    right = sorted(o.id for o in multiple.options if o.correct)
    wrong = sorted(o.id for o in multiple.options if not o.correct)
    quiz = Quiz("Quiz", "quiz-thirds", sample, Store(tmp_path), learner="ann")
    quiz._on_message(quiz, {"action": "answer", "question": multiple.id,
                            "answer": right[:-1] + wrong[:1]}, [])
    quiz._on_message(quiz, {"action": "check", "question": multiple.id}, [])
    earned = scoring.points(multiple, right[:-1] + wrong[:1])
    assert 0 < earned * 2 % 1, "the fixture earns a fraction that is not a half"
    total = sum(q.points for q in sample)
    assert quiz.score_text.startswith(f"Score: {scoring.shown_points(earned)} of {total} points")
    assert "333" not in quiz.score_text
    entries = json.loads((tmp_path / "quiz-thirds.json").read_text())["data"]["answers"]
    html = quiz_summary("Quiz", tuple(sample), entries)["text/html"]
    assert f"Score: {scoring.shown_points(earned)} of {total} points." in html
    quiz.close()


def test_question_sets_are_short_and_even():
    ids = [f"q{n}" for n in range(29)]
    assert [len(s) for s in question_sets(ids)] == [10, 10, 9]
    assert sum(question_sets(ids), []) == ids
    assert question_sets(ids[:10]) == [] and [len(s) for s in question_sets(ids[:11])] == [6, 5]


def test_a_long_quiz_comes_in_sets_with_a_progress_line(tmp_path):
    outcome = load_course().unit(LPCP).outcome("LO1")
    assert len(outcome.questions) > 20
    quiz = Quiz("Quiz", "quiz-long", outcome.questions, Store(tmp_path), learner="ann")
    count = len(outcome.questions)
    assert len(quiz.sets) == -(-count // 10) and all(len(s) <= 10 for s in quiz.sets)
    assert quiz.progress_text == f"Set 1 of {len(quiz.sets)} · 0 of {count} answered"
    first = outcome.questions[0]
    answer = scoring.correct_answer(first)
    quiz._on_message(quiz, {"action": "answer", "question": first.id, "answer": answer}, [])
    assert quiz.progress_text == f"Set 1 of {len(quiz.sets)} · 1 of {count} answered"
    quiz._update_from_page({"current_set": 1})  # the page's Next set
    assert quiz.progress_text == f"Set 2 of {len(quiz.sets)} · 1 of {count} answered"
    quiz.show_set(99)
    assert quiz.current_set == len(quiz.sets) - 1
    # the sets' style keeps the progress line in view
    assert "position: sticky" in quiz.get_state()["_css"]
    again = Quiz("Quiz", "quiz-long", outcome.questions, Store(tmp_path), learner="ann")
    assert again.progress_text.endswith(f"1 of {count} answered"), "restored answers count"
    short = Quiz("Quiz", "quiz-short", outcome.questions[:10], Store(tmp_path), learner="ann")
    assert short.sets == [] and short.progress_text == ""
    for widget in (quiz, again, short):
        widget.close()
