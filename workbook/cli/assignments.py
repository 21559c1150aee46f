"""`workbook assignments preflight-release|preflight-autograde ASSIGNMENT`: thin wrappers."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from workbook.assess.preflight import preflight_autograde, preflight_release

__all__ = ["add_commands"]


def add_commands(commands) -> None:
    """Register the `assignments` command and its actions on the main parser."""
    cmd = commands.add_parser("assignments", help="safety checks before nbgrader release/autograde")
    actions = cmd.add_subparsers(title="actions", metavar="ACTION")
    for name, run, what in (("preflight-release", _release, "before `nbgrader release_assignment`"),
                            ("preflight-autograde", _autograde, "before `nbgrader autograde`")):
        act = actions.add_parser(name, help=f"refuse unsafe situations {what}")
        act.add_argument("assignment")
        act.add_argument("--course-root", type=Path, default=None,
                         help="nbgrader course folder (default: $WORKBOOK_COURSE_ROOT or assignments)")
        act.set_defaults(run=run)


def _root(args: argparse.Namespace) -> Path:
    return args.course_root or Path(os.environ.get("WORKBOOK_COURSE_ROOT", "assignments"))


def _release(args: argparse.Namespace) -> int:
    return _report(preflight_release(_root(args), args.assignment), "release", args.assignment)


def _autograde(args: argparse.Namespace) -> int:
    keys = Path(os.environ.get("WORKBOOK_KEYS", "keys"))
    return _report(preflight_autograde(_root(args), args.assignment, keys), "autograde",
                   args.assignment)


def _report(problems: list[str], step: str, assignment: str) -> int:
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"refusing to {step} {assignment}", file=sys.stderr)
        return 1
    print(f"ok: {assignment} is safe to {step}")
    return 0
