"""Progress figures and next steps as pure functions over the model, items and quiz answers."""
from __future__ import annotations

from workbook import load_course
from workbook import scoring as grading
from workbook.course.evidence_rules import load_rules
from workbook.learner.evidence import EvidenceItem, Observation
from workbook.learner.progress import MASTERY_TARGET, correct_count, next_steps, unit_progress

AS = "active-support-lead-interactive-training"


def test_mastery_counts_only_fully_correct_answers():
    unit = load_course().unit(AS)
    lo1 = unit.outcome("LO1")
    right, wrong = lo1.questions[0], lo1.questions[1]
    answers = {right.id: {"answer": grading.correct_answer(right), "attempts": 1},
               wrong.id: {"answer": None, "attempts": 0}, "unknown-id": {"answer": "a"}}
    assert correct_count(lo1, answers) == 1
    figures = unit_progress(unit, [], {"LO1": answers})
    assert figures[0].mastery == 1 / len(lo1.questions)
    assert [f.coverage for f in figures] == [0.0, 0.0, 0.0, 0.0]


def test_next_steps_go_outcome_by_outcome_quiz_first_and_stop_at_three():
    unit = load_course().unit(AS)
    rules = load_rules(unit)
    items = [EvidenceItem("e1", "professional-discussion", "Discussion", "2026-01-01", criteria=("1.1",))]
    figures = unit_progress(unit, items, {})
    steps = next_steps(unit, rules, items, figures)
    assert len(steps) == 3
    assert steps[0].startswith("LO1: go back to the quiz (0 of")
    assert steps[1].startswith("LO2: go back to the quiz")
    assert steps[2].startswith("LO2, marking point from the revision page: Every assessment criterion")
    assert MASTERY_TARGET == 0.8


def test_nothing_to_do_when_quizzes_mastered_and_rules_met():
    unit = load_course().unit(AS)
    answers = {o.id: {q.id: {"answer": grading.correct_answer(q)} for q in o.questions}
               for o in unit.outcomes}
    items = [EvidenceItem("e1", "training-plan", "Plan", "2026-01-01", criteria=("2.1",)),
             EvidenceItem("e2", "direct-observation", "Obs", "2026-01-02",
                          criteria=("1.1", "2.1", "3.1", "4.1"),
                          observation=Observation("Training room", "consented")),
             EvidenceItem("e3", "written-answer", "Answer", "2026-01-03", criteria=("1.1",))]
    figures = unit_progress(unit, items, answers)
    assert all(f.mastery == 1.0 and f.coverage == 1.0 for f in figures)
    assert next_steps(unit, load_rules(unit), items, figures) == []
