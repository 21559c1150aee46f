"""`workbook report` and `workbook release-feedback` over a cohort submitted through the real
nbgrader pipeline, with one learner's fault each: every other learner is still reported and
gets their feedback, and each learner at fault is named in one line."""
from __future__ import annotations

import csv
import io
import shutil

import pytest

from .cohort import ASSIGNMENT, build_cohort, fetch_feedback
from .helpers import run_workbook
from .test_learner_files import deep


@pytest.mark.slow
def test_report_and_release_feedback_leave_out_only_the_learner_at_fault(tmp_path):
    cohort = build_cohort(tmp_path, learners=("good", "partial", "empty"))
    run = dict(cwd=cohort.root, env=cohort.env)
    graded = run_workbook("grade", cohort.assignment, "--course-root", cohort.course, **run)
    assert "3 of 3 submissions autograded" in graded.stdout, graded.stdout + graded.stderr
    course = cohort.course
    (course / "submitted" / "partial" / ASSIGNMENT / ".responses" / "evidence.json").write_text(deep())
    for stage in ("submitted", "autograded"):  # a submission that did not come through submit
        (course / stage / "empty" / ASSIGNMENT / "submission_secret.txt").unlink(missing_ok=True)
    shutil.copytree(course / "submitted" / "good", course / "submitted" / "odd one")

    report = run_workbook("report", "--course-root", course, "--out", tmp_path / "report", **run)
    assert report.returncode == 1, report.stderr
    warnings = [line for line in report.stderr.splitlines() if line.startswith("warning: ")]
    assert f"warning: {course / 'submitted' / 'odd one'}: left out: learner id 'odd one' refused: " \
           "it contains ' '" in report.stderr
    assert any(w.startswith("warning: partial skipped: partial's ") and
               "is nested too deeply (more than 64 levels)" in w for w in warnings)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "report" / "learners.csv").read_text())))
    assert sorted({r["learner"] for r in rows}) == ["empty", "good"]
    assert "partial skipped" in (tmp_path / "report" / "cohort-report.html").read_text()

    released = run_workbook("release-feedback", cohort.assignment, "--course-root", course, **run)
    assert released.returncode == 1
    errors = released.stderr.splitlines()
    feedback = course / "feedback"
    assert f"error: {feedback / 'empty' / ASSIGNMENT}: feedback not released: it has no " \
           "submission_secret.txt (the submission did not come through nbgrader's submit); ask " \
           "the learner to submit again" in errors
    assert any(e.startswith(f"error: {feedback / 'partial' / ASSIGNMENT}: feedback not released: "
                            "partial's ") for e in errors)
    assert errors[-1] == f"error: feedback on {ASSIGNMENT} released to 1 other learner"
    fetch_feedback(cohort, ("good",))
    assert list((cohort.homes / "good" / ASSIGNMENT / "feedback").rglob("*.html"))
