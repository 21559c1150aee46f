"""`workbook grade`: preflights, collect, autograde every submission, then one table.

Grading runs through nbgrader's NbGraderAPI in this one process (one nbgrader start-up for the
whole cohort, not one per learner), one learner at a time, so one broken submission is
reported and the rest are still graded. A submission under an unsafe learner id (a "/" or
"..", say) is not graded: it gets a row of its own that names the id and says why.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import nbformat
from sqlalchemy.exc import SAWarning

from workbook.assess.preflight import TEST_PREFIX, preflight_autograde, preflight_release
from workbook.assess.responses import ResponsesError, read_answers
from workbook.learner.ids import ID_RULE, id_problem
from workbook.tutor.autograde import record
from workbook.tutor.gradebook import configured_keys, open_api, submission_grades
from workbook.tutor.own_gradebook import generate_if_missing
from workbook.tutor.run_progress import Progress
from workbook.tutor.submission_ids import exchange_course, refused_submissions

MESSAGE_CHARS = 200


@dataclass(frozen=True)
class GradeRow:
    """One learner's line in the grading table."""

    learner: str
    ok: bool
    auto_score: float = 0.0
    auto_max: float = 0.0
    to_mark: int = 0
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class GradeRun:
    """What `workbook grade` did: refusal reasons, collect notes and one row per learner."""

    assignment: str
    refused: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    rows: tuple[GradeRow, ...] = ()

    @property
    def failed(self) -> bool:
        """True when grading was refused or any submission could not be autograded."""
        return bool(self.refused) or any(not r.ok for r in self.rows)


def grade_assignment(course_root: Path, assignment: str, collect: bool = True,
                     stream: TextIO | None = None, tty: bool | None = None) -> GradeRun:
    """Preflight, collect and autograde every submission of the assignment."""
    api = open_api(course_root)
    root = Path(api.coursedir.root)
    refused = preflight_release(root, assignment) + preflight_autograde(root, assignment,
                                                                        configured_keys(api))
    if refused:
        return GradeRun(assignment, refused=tuple(refused))
    notes = generate_if_missing(api, assignment)  # released by another tutor, say
    refused_ids: dict[str, str] = {}
    if collect:
        notes.extend(_collect(api, assignment))
        refused_ids.update(refused_submissions(exchange_course(api), assignment))
    learners = sorted(api.get_submitted_students(assignment))
    refused_ids.update({learner: why for learner in learners if (why := id_problem(learner))})
    learners = [learner for learner in learners if learner not in refused_ids]
    refused_rows = tuple(GradeRow(learner, ok=False, problems=(
        f"not graded: learner id {learner!r} refused: {why}; a learner id is {ID_RULE}; "
        "ask the learner to submit again from their own account",))
        for learner, why in sorted(refused_ids.items()))
    if not learners:
        return GradeRun(assignment, notes=(*notes, f"no submissions of {assignment} to grade"),
                        rows=refused_rows)
    progress = Progress(len(learners), stream=stream, tty=tty)
    rows = []
    for learner in learners:
        progress.start(learner)
        row = _grade_one(api, root, assignment, learner)
        progress.finish(learner, "autograded" if row.ok else "FAILED")
        rows.append(row)
    progress.close()
    return GradeRun(assignment, notes=tuple(notes), rows=(*rows, *refused_rows))


def _collect(api, assignment: str) -> list[str]:
    """Collect from the exchange; a line per refused submission; when collect fails, grade what
    is already collected."""
    from nbgrader.exchange.default import ExchangeCollect

    from workbook.assess.checked_exchange import CheckedCollect, refusals

    if api.exchange.collect is ExchangeCollect:  # a course config older than the checks
        api.exchange.collect = CheckedCollect
    result = api.collect(assignment)
    if result is None:
        return []
    refused = refusals(result.get("log") or "")
    if result.get("success"):
        return refused
    last = failure_reason(result.get("log") or "", result.get("error") or "")
    return [*refused, f"collect did not finish ({last}); grading the submissions already collected"]


def _grade_one(api, root: Path, assignment: str, learner: str) -> GradeRow:
    with warnings.catch_warnings():
        # nbgrader's own session handling warns on every new submission; nothing to act on
        warnings.simplefilter("ignore", SAWarning)
        result = api.autograde(assignment, learner)
    if not result.get("success"):
        reason = failure_reason(result.get("log") or "", result.get("error") or "")
        return GradeRow(learner, ok=False, problems=(f"autograde failed: {reason}",))
    grades = submission_grades(api, assignment, learner)
    if grades is None:
        return GradeRow(learner, ok=False, problems=("autograde left no grades in the gradebook",))
    score, maximum = grades.total("auto")
    folder = root / "autograded" / learner / assignment
    questions = [c.name[len(TEST_PREFIX):] for c in grades.cells
                 if c.kind == "auto" and c.name.startswith(TEST_PREFIX)]
    return GradeRow(learner, ok=True, auto_score=score, auto_max=maximum, to_mark=grades.to_mark,
                    problems=tuple(held_for_review(folder) + answer_problems(folder, assignment, questions)
                                   + test_errors(folder)))


def held_for_review(folder: Path) -> list[str]:
    """What the learner changed in the code of the notebook (autograde gave its tests 0)."""
    changes = [change for path in sorted(folder.glob("*.ipynb"))
               for change in record(nbformat.read(path, as_version=4)).get("changes", [])]
    if not changes:
        return []
    return [f"CHANGED, held for manual review with 0 auto points: {'; '.join(changes)}"]


def answer_problems(folder: Path, assignment: str, questions: list[str]) -> list[str]:
    """What is wrong with the learner's saved answers: damaged, missing, or some unanswered."""
    try:
        answers = read_answers(assignment, folder)
    except ResponsesError as exc:
        return [str(exc)]
    unanswered = [q for q in questions if answers.get(q) in (None, "", [], {})]
    if not unanswered:
        return []
    return [f"no saved answer to {len(unanswered)} of {len(questions)} questions"]


def test_errors(folder: Path) -> list[str]:
    """Distinct errors of autograded test cells, other than those about saved answers."""
    messages: dict[str, int] = {}
    for path in sorted(folder.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if not cell.metadata.get("nbgrader", {}).get("grade") or cell.cell_type != "code":
                continue
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and output.get("ename") != "ResponsesError":
                    text = f"{output.get('ename')}: {output.get('evalue')}"
                    messages[text] = messages.get(text, 0) + 1
    return [f"{text} ({n} test{'s' if n > 1 else ''})" for text, n in messages.items()]


_EXCEPTION = re.compile(r"^\s*([A-Za-z_][\w.]*(?:Error|Exception)):\s*(.*)$")


def failure_reason(log: str, error: str) -> str:
    """The underlying exception of a failed nbgrader step, from its captured log."""
    found = [m for line in f"{log}\n{error}".splitlines() if (m := _EXCEPTION.match(line))
             and not m.group(1).endswith("NbGraderException")]
    if not found:
        lines = [line.strip() for line in (error or log).splitlines() if line.strip()]
        return lines[-1][:MESSAGE_CHARS] if lines else "no message from nbgrader"
    name, message = found[-1].group(1).rsplit(".", 1)[-1], found[-1].group(2)
    return f"{name}: {message}"[:MESSAGE_CHARS]


def table(run: GradeRun) -> str:
    """The closing table: learner, auto score, needs manual marking, problems."""
    header = ("learner", "auto score", "needs manual marking", "problems")
    body = []
    for row in run.rows:
        score = f"{row.auto_score:g} / {row.auto_max:g}" if row.ok else "-"
        manual = "-" if not row.ok else f"yes ({row.to_mark})" if row.to_mark else "no"
        body.append((row.learner, score, manual, "; ".join(row.problems) or "none"))
    widths = [max(len(str(r[i])) for r in [header, *body]) for i in range(3)]
    lines = ["  ".join(str(r[i]).ljust(widths[i]) for i in range(3)) + "  " + r[3]
             for r in [header, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * len(header[3]))
    return "\n".join(lines)

