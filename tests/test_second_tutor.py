"""A second tutor grades an assignment another tutor generated and released.

Each tutor grades into their own course folder and gradebook; only the releasing tutor's
gradebook knows the assignment, and nbgrader's autograde refuses one it does not know. `workbook
grade` (and so the assessor's page) generates it into the second tutor's gradebook first, from
the same source. Real nbgrader, real submissions (tests/cohort.py); grading in a child process.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .cohort import PROJECT, build_cohort

NOTE = "was not in this gradebook (another tutor released it)"


def grade(course: Path, env: dict[str, str], assignment: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "workbook"), "grade", assignment,
                           "--course-root", str(course)], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_second_tutor_grades_what_another_released(tmp_path):
    cohort = build_cohort(tmp_path, learners=("good", "partial"))
    # the second tutor's course folder: the course's config and sources, no gradebook, nothing
    # released from it; the same exchange
    second = tmp_path / "second-tutor" / "course"
    shutil.copytree(cohort.course / "source", second / "source")
    shutil.copyfile(cohort.course / "nbgrader_config.py", second / "nbgrader_config.py")
    env = {**cohort.env, "WORKBOOK_EXCHANGE": str(cohort.course / "exchange")}

    done = grade(second, env, cohort.assignment)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"note: lpcp-assessment {NOTE}" in done.stderr
    assert "2 of 2 learners processed" in done.stdout + done.stderr
    assert sorted(p.name for p in (second / "submitted").iterdir()) == ["good", "partial"]
    assert (second / "gradebook.db").is_file()
    assert not (cohort.course / "submitted").exists()   # nothing taken from the first tutor
    # the next run finds it there
    again = grade(second, env, cohort.assignment)
    assert again.returncode == 0, again.stdout + again.stderr
    assert NOTE not in again.stdout + again.stderr
