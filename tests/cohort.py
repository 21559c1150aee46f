"""A fixture cohort made by the real pipeline: build, generate, release, fetch and submit.

`build_cohort(tmp_path)` writes the course's nbgrader folder and answer keys with the project's
builder, then runs nbgrader (its Python API, in one child process: one start-up, not one per
step) to generate and release an assignment; each fixture learner fetches it from the exchange,
saves answers and evidence the way the notebook's widgets do (a Store document in `.responses/`),
writes the written answers into the notebook, and submits. Nothing is graded yet.

Learners, named for what their submission is like:
- `good`: every question right, every written answer, evidence for every criterion;
- `partial`: half the questions answered, one written answer, evidence for one criterion;
- `empty`: submits the assignment as fetched (no saved answers, no evidence);
- `broken-answers`: its saved-answers file is damaged (not JSON);
- `broken-notebook`: its notebook is not a notebook any more (autograde cannot read it).
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from workbook.build.assignments import assignment_files
from workbook.course.loader import load_course

PROJECT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "lpcp-assessment"
UNIT = "lead-person-centred-practice"
LEARNERS = ("good", "partial", "empty", "broken-answers", "broken-notebook")


@dataclass(frozen=True)
class Cohort:
    """Where the fixture course lives and how to run commands against it."""

    root: Path          # the project-like folder: assignments/ and keys/
    course: Path        # the nbgrader course folder (holds nbgrader_config.py)
    homes: Path         # one folder per learner
    assignment: str
    env: dict[str, str]


def course_env(root: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for nbgrader and `workbook` over the fixture course, nothing inherited from
    a tutor's own settings (course folder, keys, gradebook)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBOOK_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["WORKBOOK_KEYS"] = str(root / "keys")
    return {**env, **(extra or {})}


def build_cohort(tmp_path: Path, env: dict[str, str] | None = None,
                 learners: tuple[str, ...] = LEARNERS) -> Cohort:
    """Write the course, release the assignment and submit as each fixture learner."""
    root = tmp_path / "course-project"
    for rel, text in assignment_files(load_course(), PROJECT / "assessment").items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    homes = tmp_path / "homes"
    cohort = Cohort(root=root, course=root / "assignments", homes=homes, assignment=ASSIGNMENT,
                    env=course_env(root, env))
    done = subprocess.run([sys.executable, "-m", "tests.cohort_learners", str(cohort.course),
                           str(homes), ASSIGNMENT, UNIT, *learners],
                          cwd=PROJECT, env=cohort.env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"building the cohort failed:\n{done.stdout}\n{done.stderr}")
    return cohort


def mark_written(db_url: str, course_id: str, assignment: str, learner: str,
                 marks: dict[str, float], notebook: str = "assessment") -> None:
    """Give written answers a tutor's marks, as formgrader's grade handler does."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gradebook:
        for grade_id, score in marks.items():
            grade = gradebook.find_grade(grade_id, notebook, assignment, learner)
            grade.manual_score = score
            grade.needs_manual_grade = False
        gradebook.db.commit()


def fetch_feedback(cohort: Cohort, learners: tuple[str, ...]) -> None:
    """Each learner fetches released feedback with nbgrader, as the Assignments tab does."""
    done = subprocess.run([sys.executable, "-m", "tests.cohort_learners", "--fetch-feedback",
                           str(cohort.course), str(cohort.homes), cohort.assignment, *learners],
                          cwd=PROJECT, env=cohort.env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"fetching feedback failed:\n{done.stdout}\n{done.stderr}")
