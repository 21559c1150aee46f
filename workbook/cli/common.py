"""What several commands share: the nbgrader course folder option and refusing with reasons."""
from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from workbook.errors import Refusal
from workbook.settings import settings

__all__ = ["add_course_root", "course_root", "refuse_if_any"]


def add_course_root(cmd: argparse.ArgumentParser) -> None:
    """Add `--course-root`: the folder holding the course's nbgrader_config.py."""
    cmd.add_argument("--course-root", type=Path, default=None,
                     help="folder holding the course's nbgrader_config.py "
                          "(default: $WORKBOOK_COURSE_ROOT or assignments)")


def course_root(args: argparse.Namespace) -> Path:
    """The nbgrader course folder: `--course-root`, else the settings' default."""
    return args.course_root or settings().course_root


def refuse_if_any(problems: Sequence[str], step: str, what: str) -> None:
    """Raise a Refusal (exit 2) listing every problem, then `refusing to STEP WHAT`."""
    if problems:
        raise Refusal("\n".join([*problems, f"refusing to {step} {what}"]))
