"""Where a learner stands on a unit's decisions, counted over every criterion of the unit.

One wording everywhere (the learner's progress view, the cohort report, the CSV files):
"2 of 10 met, 1 not yet met, 7 awaiting a decision", where 10 is every criterion or marking
point of the unit (or of the outcome a row is about), decided or not, so a count never reads as
if the undecided criteria did not exist.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: the two outcomes of an assessor's decision (as workbook.decisions.record writes them).
MET, NOT_YET_MET = "met", "not yet met"


@dataclass(frozen=True)
class DecisionCounts:
    """How many of `total` criteria are met, not yet met, and awaiting a decision."""

    met: int
    not_yet_met: int
    total: int

    @property
    def awaiting(self) -> int:
        """Criteria with no decision in force (never decided, or reopened for the assessor)."""
        return self.total - self.met - self.not_yet_met

    @property
    def text(self) -> str:
        """'2 of 10 met, 1 not yet met, 7 awaiting a decision'."""
        return (f"{self.met} of {self.total} met, {self.not_yet_met} not yet met, "
                f"{self.awaiting} awaiting a decision")


def count_decisions(criteria: Iterable[str], outcomes: Mapping[str, str]) -> DecisionCounts:
    """Counts over `criteria` (every criterion id of the unit or outcome) from `outcomes`
    (criterion id -> "met", "not yet met", or anything else for no decision in force);
    decisions on criteria outside `criteria` are not counted."""
    ids = list(dict.fromkeys(criteria))
    said = [outcomes.get(c, "") for c in ids]
    return DecisionCounts(said.count(MET), said.count(NOT_YET_MET), len(ids))
