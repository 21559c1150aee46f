"""Internal quality assurance: sampling plans over assessors' decisions, and verdicts on them.

Kept apart from the decisions, in the records folder, one file per IQA's account:
`<records>/plans/<unit>/<account>.jsonl` (each plan with who drew it, when, the rate and the
seed) and `<records>/verdicts/<unit>/<account>.jsonl` (agree or disagree, with a comment, on one
decision entry, with that entry's hash, so a decision changed afterwards is caught: see
workbook.decisions.record). Nothing here writes a decision, and recording decisions needs the
assessor's role; on a hub the records folder's permissions enforce the same (an IQA cannot write in
`decisions/`, a tutor cannot write in `plans/` or `verdicts/`).

A plan samples current decisions: every assessor at least once, then as many learners,
criteria and evidence types as the rate allows, drawn in a weighted random order (seeded, so
the same seed on the same decisions draws the same plan). New assessors and "met" decisions on
competence ("Be able to") outcomes weigh more.
"""
from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workbook.course.model import Unit
from workbook.decisions.journal import append_entry, read_folder
from workbook.decisions.record import PLANS, VERDICTS, Decision, current, history
from workbook.decisions.submissions import Submission
from workbook.errors import Refusal, WorkbookError

IQA_ROLE = "iqa"
#: an assessor with fewer decisions than this in the whole course counts as new.
NEW_ASSESSOR_DECISIONS = 20
#: how much more a new assessor's decision, or a "met" on a competence outcome, weighs.
EXTRA_WEIGHT = 2.0
DEFAULT_RATE = 0.25


@dataclass(frozen=True)
class Verdict:
    """An IQA's agreement or disagreement with one decision entry."""

    id: str
    learner: str
    criterion: str
    decision: str   # the decision entry's id
    agree: bool
    comment: str
    iqa: str
    at: str


def plans_folder(records: Path, unit_slug: str) -> Path:
    """The unit's journals of sampling plans (one file per IQA's account)."""
    return records / PLANS / unit_slug


def verdicts_folder(records: Path, unit_slug: str) -> Path:
    """The unit's journals of IQA verdicts (one file per IQA's account)."""
    return records / VERDICTS / unit_slug


def ignored(records: Path, unit_slug: str) -> list[str]:
    """Files and entries of the unit's plans and verdicts not counted (wrong owner or account)."""
    return [*read_folder(plans_folder(records, unit_slug)).ignored,
            *read_folder(verdicts_folder(records, unit_slug)).ignored]


def new_assessors(records: Path) -> set[str]:
    """Assessors with fewer than NEW_ASSESSOR_DECISIONS decisions across the course."""
    counts: dict[str, int] = {}
    for folder in sorted((records / "decisions").glob("*/")):
        for decision in history(records, folder.name):
            counts[decision.assessor] = counts.get(decision.assessor, 0) + 1
    return {name for name, n in counts.items() if n < NEW_ASSESSOR_DECISIONS}


def draw(decisions: list[Decision], unit: Unit, evidence_types: Callable[[Decision], set[str]],
         new: set[str], rate: float, seed: int) -> list[Decision]:
    """The decisions to sample, in the order drawn (see the module docstring)."""
    if not 0 < rate <= 1:
        raise WorkbookError(f"the sampling rate is a fraction above 0 and at most 1, not {rate:g}")
    competence = {c.id for o in unit.outcomes if o.kind == "competence" for c in o.criteria}
    rng = random.Random(seed)
    ordered = sorted(decisions, key=lambda d: (d.learner, d.criterion))

    def weight(d: Decision) -> float:
        extra = (d.assessor in new) + (d.met and d.criterion in competence)
        return 1.0 + (EXTRA_WEIGHT - 1.0) * extra

    # weighted order without replacement: each key is u ** (1 / weight), largest first
    keys = {d.id: rng.random() ** (1.0 / weight(d)) for d in ordered}
    ordered.sort(key=lambda d: -keys[d.id])
    assessors = {d.assessor for d in ordered}
    target = min(len(ordered), max(math.ceil(rate * len(ordered)), len(assessors)))
    chosen: list[Decision] = []
    for assessor in sorted(assessors):
        chosen.append(next(d for d in ordered if d.assessor == assessor))
    dimensions = (lambda d: {d.learner}, lambda d: {d.criterion}, evidence_types)
    for dimension in dimensions:
        covered = set().union(*(dimension(d) for d in chosen)) if chosen else set()
        for d in ordered:
            if len(chosen) >= target:
                break
            if d not in chosen and dimension(d) - covered:
                chosen.append(d)
                covered |= dimension(d)
    chosen.extend([d for d in ordered if d not in chosen][: max(0, target - len(chosen))])
    return chosen


def sample(records: Path, unit: Unit, found: dict[str, Submission], iqa: str, role: str,
           rate: float = DEFAULT_RATE, seed: int | None = None,
           now: dt.datetime | None = None) -> dict:
    """Draw a plan over the unit's current decisions and save it with who drew it and when."""
    _require_iqa(role, iqa)
    decisions = list(current(records, unit.slug).values())
    if not decisions:
        raise WorkbookError(f"no decisions on {unit.slug} to sample yet")
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    seed = int(when.timestamp()) if seed is None else seed

    def types(d: Decision) -> set[str]:
        submission = found.get(d.learner)
        if submission is None:  # an IQA reads what the decision recorded of its evidence
            return d.evidence_types()
        items = [submission.item(e) for e in d.evidence]
        return {i.type for i in items if i is not None}

    chosen = draw(decisions, unit, types, new_assessors(records), rate, seed)
    return append_entry(plans_folder(records, unit.slug), "p", lambda next_id: {
        "id": next_id, "unit": unit.slug, "drawn_by": iqa.strip(), "at": when.isoformat(),
        "rate": rate, "seed": seed, "of": len(decisions),
        "sampled": [{"learner": d.learner, "criterion": d.criterion, "decision": d.id,
                     "assessor": d.assessor, "outcome": d.outcome, "decision_hash": d.hash,
                     "evidence_types": sorted(types(d))} for d in chosen]})


def plans(records: Path, unit_slug: str) -> list[dict]:
    """Every sampling plan drawn for the unit, oldest first."""
    return read_folder(plans_folder(records, unit_slug)).entries


def sampled(records: Path, unit_slug: str) -> set[tuple[str, str]]:
    """(learner, criterion) of every decision any plan has sampled."""
    return {(s["learner"], s["criterion"]) for p in plans(records, unit_slug)
            for s in p.get("sampled", [])}


def verdicts(records: Path, unit_slug: str) -> list[Verdict]:
    """Every verdict recorded on the unit, oldest first."""
    return [_verdict(e) for e in read_folder(verdicts_folder(records, unit_slug)).entries]


def _verdict(entry: dict) -> Verdict:
    return Verdict(entry["id"], str(entry.get("learner", "")), str(entry.get("criterion", "")),
                   str(entry.get("decision", "")), entry.get("agree") is True,
                   str(entry.get("comment", "")), str(entry.get("iqa", "")), str(entry.get("at", "")))


def record_verdict(records: Path, unit_slug: str, learner: str, criterion: str, agree: bool,
                   comment: str, iqa: str, role: str, now: dt.datetime | None = None) -> Verdict:
    """Record agree/disagree on the current decision of a sampled learner's criterion."""
    _require_iqa(role, iqa)
    decision = current(records, unit_slug).get((learner, criterion))
    if decision is None:
        raise WorkbookError(f"no decision on {learner}'s criterion {criterion} of {unit_slug}")
    if (learner, criterion) not in sampled(records, unit_slug):
        raise WorkbookError(f"{learner}'s criterion {criterion} is not in a sampling plan of "
                            f"{unit_slug}; draw one with `workbook iqa sample {unit_slug}`")
    if decision.assessor == iqa.strip():
        raise Refusal(f"{iqa} made this decision and cannot quality-assure it")
    if not agree and not comment.strip():
        raise WorkbookError("say in the comment why you disagree, so the assessor can act on it")
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    entry = append_entry(verdicts_folder(records, unit_slug), "v", lambda next_id: {
        "id": next_id, "learner": learner, "criterion": criterion, "decision": decision.id,
        "decision_hash": decision.hash, "agree": agree, "comment": comment.strip(),
        "iqa": iqa.strip(), "at": when})
    return _verdict(entry)


def _require_iqa(role: str, name: str) -> None:
    if role != IQA_ROLE:
        raise Refusal(f"only an internal quality assurer (role {IQA_ROLE!r}) samples and "
                      f"records verdicts; this session's role is {role!r}")
    if not name.strip():
        raise WorkbookError("the IQA's name is missing")
