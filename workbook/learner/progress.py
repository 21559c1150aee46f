"""Progress per outcome (quiz mastery, evidence coverage) and the next things to do: pure functions.

Quiz mastery reads the quiz store document `quiz-<unit>-<outcome>`: the share of the outcome's
questions whose saved answer earns full credit by `workbook.scoring`. Evidence coverage is the
share of the outcome's criteria with evidence that counts under the unit's rules
(`workbook.learner.coverage.counted`): a reflective account ticked against a "be able to"
criterion does not cover it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbook import scoring
from workbook.course.evidence_rules import EvidenceRules, load_rules
from workbook.course.model import Outcome, Unit
from workbook.learner.coverage import outcome_coverage, unmet_rules
from workbook.learner.evidence import EvidenceItem

#: quiz mastery below this suggests going back to the quiz.
MASTERY_TARGET = 0.8


@dataclass(frozen=True)
class OutcomeProgress:
    """One outcome's figures: mastery is None when the outcome has no quiz questions."""

    outcome: str
    title: str
    correct: int
    questions: int
    coverage: float

    @property
    def mastery(self) -> float | None:
        """Fraction of the quiz answered fully correctly."""
        return self.correct / self.questions if self.questions else None


def correct_count(outcome: Outcome, answers: dict[str, Any]) -> int:
    """How many of the outcome's questions the saved answers get fully right."""
    count = 0
    for question in outcome.questions:
        entry = answers.get(question.id)
        answer = entry.get("answer") if isinstance(entry, dict) else None
        count += scoring.is_correct(question, answer)
    return count


def unit_progress(unit: Unit, items: list[EvidenceItem], quiz_answers: dict[str, dict[str, Any]],
                  rules: EvidenceRules | None = None) -> list[OutcomeProgress]:
    """Figures per outcome from the evidence items and each outcome's saved quiz answers
    (rules: the unit's evidence rules, read from the course when not given)."""
    rules = rules or load_rules(unit)
    return [OutcomeProgress(o.id, o.title, correct_count(o, quiz_answers.get(o.id, {})),
                            len(o.questions), outcome_coverage(unit, rules, items, o.id))
            for o in unit.outcomes]


def next_steps(unit: Unit, rules: EvidenceRules, items: list[EvidenceItem],
               progress: list[OutcomeProgress], limit: int = 3) -> list[str]:
    """The first `limit` things to do, outcome by outcome: quiz first, then evidence rules."""
    unmet = unmet_rules(unit, rules, items)
    steps = []
    for figures in progress:
        if figures.mastery is not None and figures.mastery < MASTERY_TARGET:
            steps.append(f"{figures.outcome}: go back to the quiz ({figures.correct} of "
                         f"{figures.questions} right so far); read the feedback and try again.")
        steps += [f"{u.message} Next: {u.next}" for u in unmet if u.outcome == figures.outcome]
    steps += [f"{u.message} Next: {u.next}" for u in unmet if not u.outcome]
    return steps[:limit]
