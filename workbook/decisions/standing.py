"""Where every learner stands on a unit: each criterion's decision and IQA state, ready to claim.

A learner's unit is *ready to claim* when every criterion of the unit (as loaded from the
course) has a current decision of met, the submission carries a signed declaration, and every
sampled decision has the IQA's agreement on its current entry. A disagreement reopens the
decision: it stays reopened until the assessor records a new one (which the IQA then checks
again, since it was sampled).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from workbook.course.model import Unit
from workbook.decisions.iqa import Verdict, sampled, verdicts
from workbook.decisions.iqa import ignored as iqa_ignored
from workbook.decisions.record import Decision, current, journals
from workbook.decisions.submissions import Submission
from workbook.learner.decision_counts import DecisionCounts, count_decisions
from workbook.spreadsheet import csv_text

NOT_SAMPLED, AWAITING, AGREED, DISAGREED = "not sampled", "awaiting IQA", "agreed", "disagreed"


@dataclass(frozen=True)
class Standing:
    """One learner's criterion: the decision in force and what the IQA made of it."""

    criterion: str
    decision: Decision | None
    iqa: str                    # NOT_SAMPLED, AWAITING, AGREED or DISAGREED
    verdict: Verdict | None     # the IQA's verdict on the current decision, if any

    @property
    def reopened(self) -> bool:
        """True when the IQA disagreed with the decision in force."""
        return self.iqa == DISAGREED

    @property
    def settled_met(self) -> bool:
        """Met, and not waiting for or overturned by the IQA."""
        return bool(self.decision and self.decision.met and self.iqa in (NOT_SAMPLED, AGREED))


@dataclass(frozen=True)
class LearnerStanding:
    """One learner's unit: declaration and every criterion's standing, in the unit's order."""

    learner: str
    unit: str
    declaration: str            # "signed by ... on ...", or "not signed"
    signed: bool
    criteria: tuple[Standing, ...]

    @property
    def ready(self) -> bool:
        """Every criterion met and settled, declaration signed."""
        return self.signed and all(s.settled_met for s in self.criteria)

    @property
    def counts(self) -> DecisionCounts:
        """Met, not yet met and awaiting a decision over every criterion of the unit; a decision
        the IQA disagreed with is reopened, so it awaits the assessor's new decision."""
        return count_decisions([s.criterion for s in self.criteria], {
            s.criterion: s.decision.outcome for s in self.criteria if s.decision and not s.reopened})


def unit_standing(records: Path, unit: Unit,
                  found: dict[str, Submission]) -> list[LearnerStanding]:
    """Every learner who submitted or has a decision on the unit, by name (records: the
    folder of decisions and IQA journals; found: the submissions, {} for an IQA, who cannot
    read them and sees the declaration the latest decision relied on)."""
    decisions = current(records, unit.slug)
    picked = sampled(records, unit.slug)
    latest: dict[str, Verdict] = {v.decision: v for v in verdicts(records, unit.slug)}
    learners = sorted(set(found) | {learner for learner, _ in decisions})
    result = []
    for learner in learners:
        standings = []
        for criterion in unit.criteria:
            decision = decisions.get((learner, criterion.id))
            verdict = latest.get(decision.id) if decision else None
            if (learner, criterion.id) not in picked or decision is None:
                state = NOT_SAMPLED
            elif verdict is None:
                state = AWAITING
            else:
                state = AGREED if verdict.agree else DISAGREED
            standings.append(Standing(criterion.id, decision, state, verdict))
        submission = found.get(learner)
        if submission is not None:
            declaration = submission.declaration
            said = declaration.summary() if declaration else "not signed"
            signed = submission.signed
        else:  # what the latest decision relied on; nothing counts as signed without the file
            relied = max((s.decision for s in standings if s.decision), key=lambda d: d.at,
                         default=None)
            said, signed = (relied.declaration if relied else "") or "not signed", False
        result.append(LearnerStanding(learner, unit.slug, said, signed, tuple(standings)))
    return result


def ignored_records(records: Path, unit_slug: str) -> list[str]:
    """The unit's journal files and entries not counted (a file not owned by the account it is
    named after, or an entry naming another account), one message each."""
    return [*journals(records, unit_slug).ignored, *iqa_ignored(records, unit_slug)]


def decisions_csv(standings: list[LearnerStanding]) -> str:
    """One row per learner and criterion: decision, who, when, IQA state, declaration."""
    rows = []
    for learner in standings:
        for s in learner.criteria:
            d = s.decision
            rows.append([
                learner.learner, learner.unit, s.criterion, d.outcome if d else "no decision",
                d.assessor if d else "", d.at if d else "", " ".join(d.evidence) if d else "",
                d.feedback if d else "", s.iqa, s.verdict.comment if s.verdict else "",
                learner.declaration])
    # free text (feedback, names) never runs as a spreadsheet formula: csv_text quotes it
    return csv_text(["learner", "unit", "criterion", "decision", "assessor", "decided at",
                     "evidence", "feedback", "iqa", "iqa comment", "declaration"], rows)


def claims_csv(standings: list[LearnerStanding], references: Mapping[str, str] | None = None,
               centre_ids: Mapping[str, str] | None = None,
               sampled_on: Mapping[tuple[str, str], str] | None = None,
               today: dt.date | None = None) -> str:
    """The learners whose units are ready to claim, one row per learner and unit, with what an
    awarding body asks for: unit reference (unit -> reference), the learner's centre id, the date
    the last criterion was met, the date of IQA sampling ((learner, unit) -> date) and the date
    of the claim."""
    references, centre_ids, sampled_on = references or {}, centre_ids or {}, sampled_on or {}
    claimed = (today or dt.datetime.now(dt.UTC).date()).isoformat()
    rows = []
    for learner in standings:
        if not learner.ready:
            continue
        decisions = [s.decision for s in learner.criteria if s.decision]
        rows.append([
            learner.learner, learner.unit, str(len(decisions)),
            " ".join(sorted({d.assessor for d in decisions})), references.get(learner.unit, ""),
            centre_ids.get(learner.learner, ""), max(d.at for d in decisions)[:10],
            sampled_on.get((learner.learner, learner.unit), ""), claimed,
            str(sum(1 for s in learner.criteria if s.iqa != NOT_SAMPLED)), learner.declaration])
    # dates are YYYY-MM-DD: every spreadsheet reads them the same way
    return csv_text(["learner", "unit", "criteria met", "assessors", "unit reference",
                     "centre id", "date last criterion met", "date of IQA sampling",
                     "date of claim", "decisions sampled by IQA", "declaration"], rows)
