"""`workbook report`: the cohort report from the decisions, the gradebook and the submissions.

Writes `cohort-report.html` (charts inline), `learners.csv` (one row per learner and outcome)
and `criteria.csv` (one row per criterion), `decisions.csv` (one row per learner and criterion:
the assessor's decision, IQA, declaration), `claims.csv` (learners ready to claim a unit) and
`items.csv` (item statistics, `workbook.tutor.item_stats`)
into the output folder, each atomically. Cells are
written safe for spreadsheets (`workbook.spreadsheet`): a learner id or rule text never runs as
a formula.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from workbook.assess.assessment import Assessment, load_assessments
from workbook.atomic import write_atomic
from workbook.course.evidence_rules import load_all_rules
from workbook.course.loader import load_course
from workbook.decisions.claims import claims
from workbook.decisions.record import current
from workbook.decisions.standing import decisions_csv
from workbook.decisions.submissions import odd_id_line, read_submission
from workbook.learner.bounded import LearnerFileError
from workbook.learner.decision_counts import DecisionCounts, count_decisions
from workbook.learner.ids import id_problem
from workbook.settings import settings
from workbook.spreadsheet import csv_text
from workbook.tutor.cohort import CohortReport, criterion_refs, learner_report
from workbook.tutor.decisions_report import (
    CLAIMS_CSV,
    DECISIONS_CSV,
    course_standings,
    decisions_section,
)
from workbook.tutor.gradebook import all_grades, load_config, open_api
from workbook.tutor.item_data import course_items
from workbook.tutor.item_stats_html import items_section
from workbook.tutor.item_table import reports_csv
from workbook.tutor.report_html import render

HTML_NAME, LEARNERS_CSV, CRITERIA_CSV = "cohort-report.html", "learners.csv", "criteria.csv"
ITEMS_CSV = "items.csv"


def build_report(course_root: Path, notes: list[str] | None = None) -> CohortReport:
    """Read the gradebook and the submissions into the cohort's report data. A learner under an
    id that is not a learner id, or whose submitted files cannot be used, is left out with one
    line in `notes` naming the folder or file: one learner never stops the report."""
    notes = [] if notes is None else notes
    api = open_api(course_root)
    course = load_course()
    assessments = load_assessments(course, settings().assessment)
    rules = load_all_rules(course)
    grades = all_grades(api)
    root = Path(api.coursedir.root)
    submitted = root / "submitted"
    learners = {learner for _, learner in grades}
    if submitted.is_dir():
        learners |= {p.name for p in submitted.iterdir() if p.is_dir()}
    with api.gradebook as gradebook:
        learners |= {s.id for s in gradebook.students}
    refused = {learner: why for learner in learners if (why := id_problem(learner))}
    for learner, why in sorted(refused.items()):
        where = submitted / learner if (submitted / learner).exists() else f"gradebook student {learner!r}"
        notes.append(odd_id_line(where, learner, why))
    learners -= set(refused)
    records = settings().records_folder(root)
    decided = {(unit.slug, criterion, who): d.outcome
               for unit in (a.unit for a in assessments)
               for (who, criterion), d in current(records, unit.slug).items()}
    learners |= {who for _, _, who in decided if who not in refused}
    reports = []
    for learner in sorted(learners):
        if problem := unusable_files(root, learner, assessments):
            notes.append(problem)
            continue
        own = {assignment: g for (assignment, who), g in grades.items() if who == learner}
        decisions = {(unit, criterion): outcome for (unit, criterion, who), outcome
                     in decided.items() if who == learner}
        reports.append(learner_report(learner, assessments, rules, root, own, decisions))
    return CohortReport(tuple(criterion_refs([a.unit for a in assessments])), tuple(reports))


def unusable_files(course_root: Path, learner: str, assessments: list[Assessment]) -> str | None:
    """The line that leaves a learner out when a file they submitted cannot be used (too large,
    nested too deeply, not JSON), else None."""
    for assessment in assessments:
        folder = course_root / "submitted" / learner / assessment.assignment
        if folder.is_dir():
            try:
                read_submission(folder, learner, assessment.unit.slug)
            except LearnerFileError as exc:
                return f"{learner} skipped: {exc.message}"
    return None


def learners_csv(report: CohortReport) -> str:
    """One row per learner and outcome: status, evidence, decisions, questions' score, unmet
    rules. Counts are over every criterion of the outcome (and, in "unit decisions", of the
    unit), decided or not: "2 of 10 met, 1 not yet met, 7 awaiting a decision"."""
    rows = []
    for learner in report.learners:
        for status in learner.outcomes:
            refs = [r for r in report.criteria if (r.unit, r.outcome) == (status.unit, status.outcome)]
            cells = [learner.cells[r.label] for r in refs]
            counts = _counts(cells)
            unit = _counts([learner.cells[r.label] for r in report.criteria if r.unit == status.unit])
            rows.append([
                learner.learner, status.unit, status.outcome, status.status,
                f"{sum(1 for c in cells if c.evidence)} of {len(cells)}", counts.text,
                f"{counts.met} of {counts.total}", f"{counts.not_yet_met} of {counts.total}",
                f"{counts.awaiting} of {counts.total}", unit.text,
                "" if status.percent is None else f"{status.percent:g}",
                " | ".join(status.unmet), "yes" if status.assignment in learner.missing else "no"])
    # counts read "n of m": a spreadsheet would take "1/3" for a date
    return csv_text(["learner", "unit", "outcome", "status", "criteria evidenced", "decisions",
                     "criteria met", "criteria not yet met", "criteria awaiting a decision",
                     "unit decisions", "questions percent", "unmet rules", "submission missing"],
                    rows)


def _counts(cells: list) -> DecisionCounts:
    ids = [str(n) for n in range(len(cells))]
    return count_decisions(ids, {n: c.decision for n, c in zip(ids, cells)})


def criteria_csv(report: CohortReport) -> str:
    """One row per criterion: how many learners have evidence for it that meets the unit's
    rules, and how many have been judged to meet it."""
    return csv_text(["unit", "outcome", "criterion", "learners", "evidenced", "met"],
                    [[ref.unit, ref.outcome, ref.id, len(report.learners),
                      report.evidenced(ref.label), report.credited(ref.label)]
                     for ref in report.criteria])


def write_report(course_root: Path, out: Path, warn: Callable[[str], None] | None = None,
                 notes: list[str] | None = None) -> list[Path]:
    """Build the report and write its files; returns their paths (warnings go to `warn`,
    by default standard error). What was left out (learners, records altered) is listed in the
    report and in `notes`, once each."""
    notes = [] if notes is None else notes
    report = build_report(course_root, notes)
    title = f"Cohort report: {load_course().title}"
    root = Path(load_config(course_root).CourseDirectory.root)
    assessments = load_assessments(load_course(), settings().assessment)
    records = settings().records_folder(root)
    standings = course_standings(root, assessments, records, notes)
    notes[:] = dict.fromkeys(notes)
    claimed = claims(standings, records, [a.unit for a in assessments])
    items, item_problems = course_items(course_root, [a.assignment for a in assessments])
    sections = decisions_section(standings, notes) + items_section(items, item_problems)
    files = {out / HTML_NAME: render(report, title, sections),
             out / LEARNERS_CSV: learners_csv(report), out / CRITERIA_CSV: criteria_csv(report),
             out / DECISIONS_CSV: decisions_csv(standings), out / CLAIMS_CSV: claimed.text,
             out / ITEMS_CSV: reports_csv([i.report for i in items])}
    for warning in claimed.warnings:
        (warn or (lambda text: print(f"warning: {text}", file=sys.stderr)))(warning)
    for path, text in files.items():
        write_atomic(path, text)
    return list(files)
