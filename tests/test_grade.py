"""Grading helpers that need no nbgrader run: progress lines, failure reasons, the table."""
from __future__ import annotations

import io

from workbook.tutor.grade import GradeRow, GradeRun, failure_reason, table
from workbook.tutor.run_progress import Progress, format_duration


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_when_not_a_terminal_with_time_left_after_the_first():
    clock, out = Clock(), io.StringIO()
    progress = Progress(3, stream=out, tty=False, clock=clock)
    progress.start("ann")
    clock.now += 10
    progress.finish("ann", "autograded")
    progress.start("bo")
    clock.now += 20
    progress.finish("bo", "FAILED")
    progress.start("cy")
    progress.finish("cy", "autograded")
    progress.close()
    assert out.getvalue().splitlines() == [
        "learner 1 of 3: ann",
        "  ann: autograded",
        "learner 2 of 3: bo, about 20s left",
        "  bo: FAILED",
        "learner 3 of 3: cy, about 15s left",
        "  cy: autograded",
        "3 of 3 learners processed in 30s",
    ]
    assert "\r" not in out.getvalue()


def test_terminal_shows_a_redrawn_bar():
    clock, out = Clock(), io.StringIO()
    progress = Progress(4, stream=out, tty=True, clock=clock)
    progress.start("ann")
    clock.now += 8
    progress.finish("ann", "autograded")
    progress.start("bo")
    text = out.getvalue()
    assert "\r\x1b[K[" + "-" * 24 + "] learner 1 of 4: ann" in text
    assert "[" + "#" * 6 + "-" * 18 + "] learner 2 of 4: bo, about 24s left" in text


def test_durations_read_naturally():
    assert [format_duration(s) for s in (0, 42.4, 185, 3720)] == ["0s", "42s", "3m 05s", "1h 02m"]


def test_failure_reason_is_the_underlying_exception_not_nbgraders_wrapper():
    log = """[ERROR] Traceback (most recent call last):
      File "x.py", line 1, in read
    nbformat.reader.NotJSONError: Notebook does not appear to be JSON: 'oops'
[ERROR] There was an error processing assignment
"""
    error = "nbgrader.converters.base.NbGraderException: Please see the the above traceback"
    assert failure_reason(log, error) == "NotJSONError: Notebook does not appear to be JSON: 'oops'"
    assert failure_reason("", "") == "no message from nbgrader"


def test_table_lists_every_learner_and_failure_flag():
    run = GradeRun("a1", rows=(
        GradeRow("ann", ok=True, auto_score=5, auto_max=6, to_mark=3),
        GradeRow("bo", ok=False, problems=("autograde failed: NotJSONError: x",)),
    ))
    lines = table(run).splitlines()
    assert lines[0].split() == ["learner", "auto", "score", "needs", "manual", "marking", "problems"]
    assert lines[2].split() == ["ann", "5", "/", "6", "yes", "(3)", "none"]
    assert lines[3].split()[:3] == ["bo", "-", "-"]
    assert lines[3].endswith("autograde failed: NotJSONError: x")
    assert run.failed
    assert not GradeRun("a1", rows=run.rows[:1]).failed


def test_a_page_that_is_not_nbgrader_feedback_gives_no_marks(tmp_path):
    from workbook.learner.returned import parse_feedback, returned_marks
    from workbook.learner.returned_html import marks_html

    page = tmp_path / "a1" / "feedback" / "2026-01-01 10:00:00 UTC" / "assessment.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html><h4>Not a score</h4></html>", encoding="utf-8")
    assert parse_feedback(page, "a1") is None
    assert returned_marks("lead-person-centred-practice", tmp_path) is None
    assert "No marked assessment returned yet" in marks_html(None)
