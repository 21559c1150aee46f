"""Reads what item statistics need: the key's items, the gradebook's marks, the options chosen.

Marks come from nbgrader's gradebook through its API (the same code for SQLite and
PostgreSQL); the options each learner chose come from the saved answers in their autograded
folder (`.responses/quiz-<assignment>.json`, carried there by submit and collect). Only learners
whose marks are final count: a submission held for a tutor's review has provisional zeros.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.assess.keys import load_key
from workbook.assess.preflight import TEST_PREFIX
from workbook.assess.responses import ResponsesError, read_answers
from workbook.errors import WorkbookError
from workbook.learner.ids import id_problem
from workbook.tutor.gradebook import all_grades, open_api
from workbook.tutor.item_stats import Item, ItemReport, Response, item_statistics


@dataclass(frozen=True)
class CohortItems:
    """An assignment's item statistics, which option the key marks correct, and notes."""

    report: ItemReport
    keyed: dict[str, frozenset[str]]
    notes: tuple[str, ...]


def chosen_options(answer: Any) -> tuple[str, ...]:
    """The option ids a saved answer chose (single and true/false: one; multiple: a list)."""
    if isinstance(answer, str) and answer:
        return (answer,)
    if isinstance(answer, list):
        return tuple(a for a in answer if isinstance(a, str))
    return ()


def assignment_items(course_root: Path, assignment: str) -> CohortItems:
    """The statistics of one assignment's automatically marked items over its graded learners."""
    from workbook.tutor.gradebook import configured_keys

    api = open_api(course_root)
    root = Path(api.coursedir.root)
    key = load_key(assignment, configured_keys(api))
    items = [Item(q.id, q.criterion, float(q.points), tuple(o.id for o in q.options),
                  frozenset(o.id for o in q.options if o.correct)) for q in key.values()]
    grades = {who: g for (name, who), g in all_grades(api).items() if name == assignment}
    if not grades and assignment not in _assignments(api):
        raise WorkbookError(f"the gradebook of {root} has no assignment {assignment!r}; "
                            "run `workbook grade` first or check the name")
    notes: list[str] = []
    responses: dict[str, dict[str, Response]] = {}
    for learner, graded in sorted(grades.items()):
        if why := id_problem(learner):
            notes.append(f"learner id {learner!r} left out: {why}")
            continue
        folder = root / "autograded" / learner / assignment
        if not folder.is_dir():
            notes.append(f"{learner}: no autograded folder, left out")
            continue
        tests = {c.name[len(TEST_PREFIX):]: c for c in graded.cells
                 if c.kind == "auto" and c.name.startswith(TEST_PREFIX)}
        if any(c.needs_manual_grade for c in tests.values()):
            notes.append(f"{learner}: held for a tutor's review (marks not final), left out")
            continue
        try:
            answers = read_answers(assignment, folder)
        except ResponsesError as exc:
            notes.append(f"{learner}: options unknown ({str(exc).split('. ')[0]})")
            answers = {}
        responses[learner] = {
            i.id: Response(tests[i.id].score if i.id in tests else 0.0,
                           chosen_options(answers.get(i.id))) for i in items}
    report = item_statistics(assignment, items, responses)
    return CohortItems(report, {i.id: i.correct for i in items}, tuple(notes))


def _assignments(api) -> set[str]:
    with api.gradebook as gradebook:
        return {a.name for a in gradebook.assignments}


def course_items(course_root: Path, assignments: list[str]) -> tuple[list[CohortItems], list[str]]:
    """The statistics of each graded assignment, and one problem line per one that failed."""
    graded = _assignments(open_api(course_root))
    found, problems = [], []
    for assignment in assignments:
        if assignment not in graded:
            continue
        try:
            found.append(assignment_items(course_root, assignment))
        except WorkbookError as exc:   # a missing key spoils one table, not the report
            problems.append(f"{assignment}: no item statistics: {exc}")
    return found, problems
