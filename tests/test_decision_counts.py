"""Decision counts read the same everywhere: over every criterion of the unit, decided or not."""
from __future__ import annotations

from workbook import load_course
from workbook.decisions import record
from workbook.decisions.iqa import Verdict
from workbook.decisions.standing import (
    AGREED,
    AWAITING,
    DISAGREED,
    NOT_SAMPLED,
    LearnerStanding,
    Standing,
)
from workbook.tutor.decisions_report import decisions_section

LPCP = "lead-person-centred-practice"


def _decision(n: int, criterion: str, outcome: str) -> record.Decision:
    return record.Decision(f"d{n}", LPCP, "amy", criterion, outcome, ("e1",),
                           "" if outcome == record.MET else "Add an observation", "asha",
                           "2026-04-01T10:00:00+00:00")


def test_a_learner_standing_counts_every_criterion_of_a_ten_criterion_unit():
    unit = load_course().unit(LPCP)
    assert len(unit.criteria) == 10
    decided = {"1.1": (record.MET, NOT_SAMPLED), "1.2": (record.MET, AGREED),
               "1.3": (record.MET, DISAGREED), "2.1": (record.NOT_YET_MET, AWAITING)}
    standings = []
    for n, criterion in enumerate(c.id for c in unit.criteria):
        outcome, iqa = decided.get(criterion, ("", NOT_SAMPLED))
        decision = _decision(n, criterion, outcome) if outcome else None
        verdict = (Verdict(f"v{n}", "amy", criterion, decision.id, iqa == AGREED, "Evidence thin",
                           "iqa1", "2026-04-02T10:00:00+00:00")
                   if decision and iqa in (AGREED, DISAGREED) else None)
        standings.append(Standing(criterion, decision, iqa, verdict))
    learner = LearnerStanding("amy", LPCP, "signed by Amy on 2026-03-30", True, tuple(standings))
    # 1.3 was met but the IQA disagreed: reopened, so it awaits the assessor's new decision
    assert learner.counts.text == "2 of 10 met, 1 not yet met, 7 awaiting a decision"
    section = decisions_section([learner])
    assert "not ready<br>2 of 10 met, 1 not yet met, 7 awaiting a decision</th>" in section
