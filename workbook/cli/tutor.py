"""`workbook grade|release-feedback ASSIGNMENT` and `workbook report`: thin wrappers."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook.cli.common import add_course_root, course_root, refuse_if_any
from workbook.errors import Failure

__all__ = ["add_commands"]


def add_commands(commands) -> None:
    """Register `grade`, `release-feedback` and `report` on the main parser."""
    cmd = commands.add_parser("grade", help="collect and autograde every submission of an assignment")
    cmd.add_argument("assignment")
    add_course_root(cmd)
    cmd.add_argument("--no-collect", action="store_true",
                     help="grade what is already in submitted/ without collecting from the exchange")
    cmd.set_defaults(run=_grade)

    cmd = commands.add_parser("release-feedback",
                              help="generate feedback pages and release them to learners")
    cmd.add_argument("assignment")
    add_course_root(cmd)
    cmd.set_defaults(run=_release_feedback)

    cmd = commands.add_parser("report", help="cohort report (HTML with charts, and CSV)")
    add_course_root(cmd)
    cmd.add_argument("--out", type=Path, default=Path("report"),
                     help="folder for cohort-report.html and the CSV files (default: report)")
    cmd.set_defaults(run=_report)


def _grade(args: argparse.Namespace) -> int:
    from workbook.tutor.grade import grade_assignment, table

    run = grade_assignment(course_root(args), args.assignment, collect=not args.no_collect)
    refuse_if_any(run.refused, "grade", args.assignment)
    for note in run.notes:
        print(f"note: {note}", file=sys.stderr)
    if run.rows:
        print(table(run))
    failed = sum(1 for row in run.rows if not row.ok)
    print(f"{len(run.rows) - failed} of {len(run.rows)} submissions autograded"
          + (f"; {failed} FAILED" if failed else ""))
    return 1 if run.failed else 0


def _release_feedback(args: argparse.Namespace) -> int:
    from workbook.tutor.feedback_release import release_feedback

    problems = release_feedback(course_root(args), args.assignment)
    if problems:
        raise Failure("\n".join(problems))
    print(f"ok: feedback on {args.assignment} released; learners fetch it in the Assignments tab")
    return 0


def _report(args: argparse.Namespace) -> int:
    from workbook.tutor.decisions_report import needs_attention
    from workbook.tutor.report import write_report

    notes: list[str] = []
    written = write_report(course_root(args), args.out, notes=notes)
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    for path in written:
        print(f"wrote {path}")
    # written all the same; the exit status says something was left out
    return 1 if any(needs_attention(note) for note in notes) else 0
