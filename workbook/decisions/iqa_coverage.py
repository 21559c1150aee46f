"""What a sampling plan covers: every assessor, every outcome, every assessment method.

An IQA's sample should reach each assessor, each learning outcome and each method of assessment
(observation, witness testimony, reflective account, ...) that the unit's decisions rest on. The
coverage compares the latest plan with the decisions in force: what the plan sampled of each,
and the gaps (an assessor, an outcome or a method with decisions but none sampled).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbook.course.model import Unit
from workbook.decisions.iqa import plans
from workbook.decisions.record import current

__all__ = ["Coverage", "Share", "plan_coverage"]


@dataclass(frozen=True)
class Share:
    """One assessor, outcome or method: decisions in force on it, and how many were sampled."""

    name: str
    decisions: int
    sampled: int

    @property
    def gap(self) -> bool:
        """True when it has decisions and the plan sampled none of them."""
        return self.decisions > 0 and self.sampled == 0


@dataclass(frozen=True)
class Coverage:
    """The latest plan against the decisions in force on the unit."""

    plan: dict | None
    assessors: tuple[Share, ...]
    outcomes: tuple[Share, ...]
    methods: tuple[Share, ...]

    def gaps(self) -> list[str]:
        """One plain line per assessor, outcome or method with decisions and no sample."""
        return [f"{kind} {share.name}: {share.decisions} decision(s), none sampled"
                for kind, shares in (("assessor", self.assessors), ("outcome", self.outcomes),
                                     ("method", self.methods))
                for share in shares if share.gap]


def _share(names: list[str], decided: list[str], picked: list[str]) -> tuple[Share, ...]:
    return tuple(Share(n, decided.count(n), picked.count(n)) for n in names)


def plan_coverage(records: Path, unit: Unit) -> Coverage:
    """The coverage of the unit's latest sampling plan (plan None when none was drawn)."""
    drawn = plans(records, unit.slug)
    plan = drawn[-1] if drawn else None
    decisions = list(current(records, unit.slug).values())
    outcome_of = {c.id: f"{o.id} {o.title}" for o in unit.outcomes for c in o.criteria}
    sampled = [s for s in (plan or {}).get("sampled", []) if isinstance(s, dict)]
    assessors = sorted({d.assessor for d in decisions} | {str(s.get("assessor")) for s in sampled})
    methods = sorted({t for d in decisions for t in d.evidence_types()}
                     | {str(t) for s in sampled for t in s.get("evidence_types", [])})
    return Coverage(
        plan,
        _share(assessors, [d.assessor for d in decisions], [str(s.get("assessor")) for s in sampled]),
        _share([f"{o.id} {o.title}" for o in unit.outcomes],
               [outcome_of.get(d.criterion, "") for d in decisions],
               [outcome_of.get(str(s.get("criterion")), "") for s in sampled]),
        _share(methods, [t for d in decisions for t in d.evidence_types()],
               [str(t) for s in sampled for t in s.get("evidence_types", [])]))
