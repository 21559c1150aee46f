"""`claims.csv`: the learners ready to claim a unit, with what an awarding body asks for.

Each row carries the unit's reference from its specification, the learner's centre id (from
the centre's `centre-ids.csv`; left blank, with a warning, for a learner it does not list), the
date the last criterion was met, the date an IQA plan sampled the learner's decisions on the
unit (blank when none did) and the date of the claim.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from workbook.course.model import Unit
from workbook.decisions.centre_ids import ids_or_empty
from workbook.decisions.iqa import plans
from workbook.decisions.standing import LearnerStanding, claims_csv


@dataclass(frozen=True)
class Claims:
    """The CSV text and what a person should know before sending it."""

    text: str
    warnings: tuple[str, ...]


def sampling_dates(records: Path, unit_slug: str) -> dict[tuple[str, str], str]:
    """(learner, unit) -> the date of the latest plan that sampled the learner's decisions."""
    found: dict[tuple[str, str], str] = {}
    for plan in plans(records, unit_slug):   # oldest first: a later plan's date wins
        for pick in plan.get("sampled", []):
            if isinstance(pick, dict):
                found[(str(pick.get("learner", "")), unit_slug)] = str(plan.get("at", ""))[:10]
    return found


def claims(standings: list[LearnerStanding], records: Path, units: Iterable[Unit],
           ids_file: Path | None = None, today: dt.date | None = None) -> Claims:
    """claims.csv for the standings, and warnings (missing centre ids or unit references)."""
    units = list(units)
    references = {u.slug: u.spec.reference for u in units if u.spec}
    centre_ids, ids_path = ids_or_empty(ids_file, records)
    dates: dict[tuple[str, str], str] = {}
    for unit in units:
        dates.update(sampling_dates(records, unit.slug))
    ready = [s for s in standings if s.ready]
    warnings = [f"{s.learner} ({s.unit}): no centre id in {ids_path}; the column is left blank"
                for s in ready if s.learner not in centre_ids]
    warnings += [f"{slug}: no unit reference (the unit has no specification)"
                 for slug in sorted({s.unit for s in ready} - set(references))]
    return Claims(claims_csv(standings, references, centre_ids, dates, today), tuple(warnings))
