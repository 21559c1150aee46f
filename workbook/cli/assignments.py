"""`workbook assignments preflight-release|preflight-autograde ASSIGNMENT`: thin wrappers."""
from __future__ import annotations

import argparse

from workbook.assess.preflight import preflight_autograde, preflight_release
from workbook.cli.common import add_course_root, course_root, refuse_if_any
from workbook.settings import settings

__all__ = ["add_commands"]


def add_commands(commands) -> None:
    """Register the `assignments` command and its actions on the main parser."""
    cmd = commands.add_parser("assignments", help="safety checks before nbgrader release/autograde")
    actions = cmd.add_subparsers(title="actions", metavar="ACTION")
    for name, run, what in (("preflight-release", _release, "before `nbgrader release_assignment`"),
                            ("preflight-autograde", _autograde, "before `nbgrader autograde`")):
        act = actions.add_parser(name, help=f"refuse unsafe situations {what}")
        act.add_argument("assignment")
        add_course_root(act)
        act.set_defaults(run=run)


def _release(args: argparse.Namespace) -> int:
    return _report(preflight_release(course_root(args), args.assignment), "release",
                   args.assignment)


def _autograde(args: argparse.Namespace) -> int:
    problems = preflight_autograde(course_root(args), args.assignment, settings().keys)
    return _report(problems, "autograde", args.assignment)


def _report(problems: list[str], step: str, assignment: str) -> int:
    refuse_if_any(problems, step, assignment)
    print(f"ok: {assignment} is safe to {step}")
    return 0
