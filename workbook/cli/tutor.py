"""`workbook grade|release-feedback ASSIGNMENT` and `workbook report`: thin wrappers."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from workbook.tutor.gradebook import CourseSetupError

__all__ = ["add_commands"]


def add_commands(commands) -> None:
    """Register `grade`, `release-feedback` and `report` on the main parser."""
    cmd = commands.add_parser("grade", help="collect and autograde every submission of an assignment")
    cmd.add_argument("assignment")
    _course_root(cmd)
    cmd.add_argument("--no-collect", action="store_true",
                     help="grade what is already in submitted/ without collecting from the exchange")
    cmd.set_defaults(run=_grade)

    cmd = commands.add_parser("release-feedback",
                              help="generate feedback pages and release them to learners")
    cmd.add_argument("assignment")
    _course_root(cmd)
    cmd.set_defaults(run=_release_feedback)

    cmd = commands.add_parser("report", help="cohort report (HTML with charts, and CSV)")
    _course_root(cmd)
    cmd.add_argument("--out", type=Path, default=Path("report"),
                     help="folder for cohort-report.html and the CSV files (default: report)")
    cmd.set_defaults(run=_report)


def _course_root(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--course-root", type=Path, default=None,
                     help="folder holding the course's nbgrader_config.py "
                          "(default: $WORKBOOK_COURSE_ROOT or assignments)")


def _root(args: argparse.Namespace) -> Path:
    return args.course_root or Path(os.environ.get("WORKBOOK_COURSE_ROOT", "assignments"))


def _grade(args: argparse.Namespace) -> int:
    from workbook.tutor.grade import grade_assignment, table

    try:
        run = grade_assignment(_root(args), args.assignment, collect=not args.no_collect)
    except CourseSetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in run.refused:
        print(f"error: {problem}", file=sys.stderr)
    if run.refused:
        print(f"refusing to grade {args.assignment}", file=sys.stderr)
        return 2
    for note in run.notes:
        print(f"note: {note}", file=sys.stderr)
    if run.rows:
        print(table(run))
    failed = sum(1 for row in run.rows if not row.ok)
    print(f"{len(run.rows) - failed} of {len(run.rows)} submissions autograded"
          + (f"; {failed} FAILED" if failed else ""))
    return 1 if run.failed else 0


def _release_feedback(args: argparse.Namespace) -> int:
    from workbook.tutor.grade import release_feedback

    try:
        problems = release_feedback(_root(args), args.assignment)
    except CourseSetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"ok: feedback on {args.assignment} released; learners fetch it in the Assignments tab")
    return 0


def _report(args: argparse.Namespace) -> int:
    from workbook.tutor.report import write_report

    try:
        written = write_report(_root(args), args.out)
    except CourseSetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0
