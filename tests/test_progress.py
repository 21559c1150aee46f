"""Progress figures and next steps as pure functions over the model, items and quiz answers."""
from __future__ import annotations

from workbook import load_course, scoring
from workbook.course.evidence_rules import load_rules
from workbook.learner.decision_counts import MET, NOT_YET_MET, count_decisions
from workbook.learner.evidence import EvidenceItem, Observation
from workbook.learner.progress import MASTERY_TARGET, correct_count, next_steps, unit_progress
from workbook.learner.returned import ReturnedDecision
from workbook.learner.returned_html import decisions_html
from workbook.widgets.progress import chart_html

AS = "active-support-lead-interactive-training"


def test_mastery_counts_only_fully_correct_answers():
    unit = load_course().unit(AS)
    lo1 = unit.outcome("LO1")
    right, wrong = lo1.questions[0], lo1.questions[1]
    answers = {right.id: {"answer": scoring.correct_answer(right), "attempts": 1},
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
    assert steps[2].startswith("LO2, marking point: Every assessment criterion")
    assert MASTERY_TARGET == 0.8


def test_nothing_to_do_when_quizzes_mastered_and_rules_met():
    unit = load_course().unit(AS)
    answers = {o.id: {q.id: {"answer": scoring.correct_answer(q)} for q in o.questions}
               for o in unit.outcomes}
    items = [EvidenceItem("e1", "training-plan", "Plan", "2026-01-01", criteria=("2.1",)),
             EvidenceItem("e2", "direct-observation", "Obs", "2026-01-02",
                          criteria=("1.1", "2.1", "3.1", "4.1"),
                          observation=Observation("Training room", "consented", "real-work")),
             EvidenceItem("e3", "written-answer", "Answer", "2026-01-03", criteria=("1.1",))]
    figures = unit_progress(unit, items, answers)
    assert all(f.mastery == 1.0 and f.coverage == 1.0 for f in figures)
    assert next_steps(unit, load_rules(unit), items, figures) == []


LPCP = "lead-person-centred-practice"


def test_a_reflection_ticked_against_every_criterion_covers_only_the_knowledge_outcome():
    unit = load_course().unit(LPCP)
    reflection = [EvidenceItem("e1", "reflective-account", "Reflection", "2026-01-01",
                               criteria=tuple(c.id for c in unit.criteria),
                               models=("VIPS framework",))]
    figures = unit_progress(unit, reflection, {})
    assert [(f.outcome, f.coverage) for f in figures] == [("LO1", 1.0), ("LO2", 0.0), ("LO3", 0.0)]
    # the view's bar and its next steps now agree: no 100% beside "needs observation"
    html = chart_html(figures)
    assert "Criteria evidenced 0%" in html and "Evidence coverage" not in html
    assert "a criterion is covered when its evidence meets the unit's rules" in html


def test_decisions_are_counted_over_every_criterion_of_the_unit():
    unit = load_course().unit(LPCP)
    assert len(unit.criteria) == 10
    counts = count_decisions([c.id for c in unit.criteria],
                             {"1.1": MET, "1.2": MET, "2.1": NOT_YET_MET, "9.9": MET})
    assert (counts.met, counts.not_yet_met, counts.awaiting, counts.total) == (2, 1, 7, 10)
    assert counts.text == "2 of 10 met, 1 not yet met, 7 awaiting a decision"
    returned = [ReturnedDecision("1.1", MET, "", "Jo", "2026-02-01"),
                ReturnedDecision("1.2", MET, "", "Jo", "2026-02-01"),
                ReturnedDecision("1.3", MET, "", "Jo", "2026-02-01", under_review=True),
                ReturnedDecision("2.1", NOT_YET_MET, "Add an observation", "Jo", "2026-02-01")]
    # a decision under review after quality assurance is not in force: it awaits the assessor
    assert "<p>2 of 10 met, 1 not yet met, 7 awaiting a decision.</p>" in decisions_html(returned, unit)


def test_decision_words_match_the_decision_records():
    from workbook.decisions import record
    assert (MET, NOT_YET_MET) == (record.MET, record.NOT_YET_MET)
