"""The cohort as plain data: per learner and criterion, evidence and the assessor's decision;
per outcome, status.

Read from the assessors' decisions (workbook.decisions), nbgrader's gradebook (the marks of the
automatically marked questions) and the learners' submission folders (the evidence map snapshot
each assessment carries in `.responses/`). Submitted files are only read: never locked, moved
or rewritten. Written tasks are judged met or not yet met by the assessor: their nbgrader
points are never read here, so the report shows the decision, never "3/4".

A criterion is *evidenced* when an evidence item that counts for it under the unit's rules is
mapped to it (`workbook.learner.coverage.counted`: a "be able to" criterion needs observation),
and *credited* when the assessor's decision in force on it is met. An outcome is *complete* when every criterion is
evidenced and credited and no sufficiency rule about it is unmet; *not started* when nothing
is evidenced, answered or decided; otherwise it has *gaps*.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from workbook.assess.assessment import Assessment
from workbook.assess.preflight import TEST_PREFIX
from workbook.assess.responses import RESPONSES
from workbook.course.evidence_rules import EvidenceRules
from workbook.course.model import Unit
from workbook.decisions.record import MET
from workbook.learner.coverage import counted, unmet_rules
from workbook.learner.evidence import EvidenceItem, submitted_items
from workbook.tutor.gradebook import SubmissionGrades

COMPLETE, GAPS, NOT_STARTED = "complete", "gaps", "not started"


@dataclass(frozen=True)
class CriterionRef:
    """A criterion of the course, named so it is unique across units."""

    unit: str
    outcome: str
    id: str
    text: str
    label: str  # e.g. "LPCP 1.1"


@dataclass(frozen=True)
class Cell:
    """One learner's standing on one criterion."""

    evidence: int             # items mapped to it that count for it under the unit's rules
    score: float              # marks of its automatically marked questions
    max_score: float          # the points those questions are out of
    credited: bool            # the assessor's decision in force is met
    pending: bool             # evidence is mapped to it but no decision is recorded yet
    decision: str = ""        # "met", "not yet met", or "" (no decision yet)


@dataclass(frozen=True)
class UnmetRule:
    """A sufficiency rule a learner's evidence does not meet yet."""

    unit: str
    outcome: str              # "" when it is about one item rather than an outcome
    message: str
    item: str = ""            # the evidence item it is about, if any


@dataclass(frozen=True)
class OutcomeStatus:
    """One learner's standing on one outcome."""

    unit: str
    outcome: str
    status: str
    percent: float | None     # share of the automatic questions' marks (None: nothing marked)
    assignment: str           # the assessment that covers it
    unmet: tuple[str, ...] = ()  # messages of the sufficiency rules it does not meet


@dataclass(frozen=True)
class LearnerReport:
    """Everything the report says about one learner."""

    learner: str
    cells: dict[str, Cell]                   # CriterionRef.label -> Cell
    outcomes: tuple[OutcomeStatus, ...]
    unmet: tuple[UnmetRule, ...]
    missing: tuple[str, ...]                 # assignments not submitted
    broken: tuple[str, ...]                  # assignments submitted but not autograded


@dataclass(frozen=True)
class CohortReport:
    """The whole cohort, ready to render."""

    criteria: tuple[CriterionRef, ...]
    learners: tuple[LearnerReport, ...]

    def evidenced(self, label: str) -> int:
        """How many learners have evidence mapped to the criterion."""
        return sum(1 for r in self.learners if r.cells[label].evidence)

    def credited(self, label: str) -> int:
        """How many learners have been credited for the criterion."""
        return sum(1 for r in self.learners if r.cells[label].credited)


def criterion_refs(units: list[Unit]) -> list[CriterionRef]:
    """Every criterion of the assessed units, labelled with the unit's initials."""
    refs = []
    for unit in units:
        initials = "".join(word[0] for word in unit.slug.split("-") if word).upper()
        for outcome in unit.outcomes:
            for criterion in outcome.criteria:
                # a marking point is named for its outcome, never by a criterion-like number
                name = criterion.id if criterion.official else f"{outcome.id} marking point"
                refs.append(CriterionRef(unit.slug, outcome.id, criterion.id, criterion.text,
                                         f"{initials} {name}"))
    return refs


def read_evidence(submission: Path, unit_slug: str) -> list[EvidenceItem]:
    """The evidence items in a submission's snapshot ([] when it has none or it is damaged)."""
    return submitted_items(submission / RESPONSES, unit_slug)


def learner_report(learner: str, assessments: list[Assessment], rules: dict[str, EvidenceRules],
                   root: Path, grades: dict[str, SubmissionGrades],
                   decisions: Mapping[tuple[str, str], str] | None = None) -> LearnerReport:
    """One learner's cells, outcome statuses, unmet rules and missing submissions.

    `root` is the nbgrader course folder; marks count only for submissions whose autograded
    copy exists (nbgrader removes it when autograding fails). `decisions`: (unit, criterion) ->
    the outcome of the learner's decision in force.
    """
    decisions = decisions or {}
    cells: dict[str, Cell] = {}
    outcomes, missing, broken = [], [], []
    unmet: list[UnmetRule] = []
    for assessment in assessments:
        unit, name = assessment.unit, assessment.assignment
        folder = root / "submitted" / learner / name
        graded = grades.get(name) if (root / "autograded" / learner / name).is_dir() else None
        if not folder.is_dir():
            missing.append(name)
        elif graded is None:
            broken.append(name)
        items = read_evidence(folder, unit.slug) if folder.is_dir() else []
        refs = {r.id: r for r in criterion_refs([unit])}
        counts = counted(unit, rules[unit.slug], items) if unit.slug in rules else {}
        for criterion_id, ref in refs.items():
            cells[ref.label] = _cell(assessment, criterion_id, len(counts.get(criterion_id, ())),
                                     graded, decisions.get((unit.slug, criterion_id), ""))
        # with no submission there is no evidence to judge: "missing" already says so
        found = unmet_rules(unit, rules[unit.slug], items) if folder.is_dir() and unit.slug in rules else []
        unmet.extend(UnmetRule(unit.slug, u.outcome, u.message, u.item) for u in found)
        for outcome in unit.outcomes:
            own = [cells[refs[c.id].label] for c in outcome.criteria]
            criteria = {c.id for c in outcome.criteria}
            # an item rule counts against every outcome the item is mapped to
            weak = {i.id for i in items if criteria & set(i.criteria)}
            outcome_unmet = [u for u in found if u.outcome == outcome.id or u.item in weak]
            outcomes.append(OutcomeStatus(unit.slug, outcome.id, _status(own, outcome_unmet),
                                          _percent(own), name,
                                          tuple(u.message for u in outcome_unmet)))
    return LearnerReport(learner, cells, tuple(outcomes), tuple(unmet), tuple(missing),
                         tuple(broken))


def _cell(assessment: Assessment, criterion_id: str, evidence: int,
          graded: SubmissionGrades | None, decision: str) -> Cell:
    questions = {f"{TEST_PREFIX}{q.id}" for q in assessment.questions if q.criterion == criterion_id}
    # only the automatically marked questions: a written task is judged by the decision
    marked = [c for c in (graded.cells if graded else ())
              if c.name in questions and not c.needs_manual_grade]
    return Cell(evidence, sum(c.score for c in marked), sum(c.max_score for c in marked),
                decision == MET, bool(evidence) and not decision, decision)


def _status(cells: list[Cell], outcome_unmet: list) -> str:
    if all(not c.evidence and not c.score and not c.decision for c in cells):
        return NOT_STARTED
    if all(c.evidence and c.credited for c in cells) and not outcome_unmet:
        return COMPLETE
    return GAPS


def _percent(cells: list[Cell]) -> float | None:
    maximum = sum(c.max_score for c in cells)
    return round(100 * sum(c.score for c in cells) / maximum, 1) if maximum else None
