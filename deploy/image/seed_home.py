#!/usr/bin/env python
"""`workbook-seed-home`: deliver the course baked into the image into a user's home volume.

Runs as the pod's init container, before JupyterLab starts, with the same rule as the local
hub (workbook.hub.delivery): files the user changed are kept, untouched course files are
updated, new ones arrive.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook.hub.delivery import course_files, deliver
from workbook.hub.homes import TUTOR_COURSE_PATTERNS
from workbook.hub.userconfig import COURSE_FOLDER


def seed(course: Path, home: Path, role: str) -> str:
    """Deliver `course` (notebooks/, assignments/) into `home`; return the one-line summary."""
    files = course_files(course / "notebooks", "notebooks")
    if role == "tutor":
        files.update(course_files(course / "assignments", COURSE_FOLDER, TUTOR_COURSE_PATTERNS))
    return deliver(files, home).summary()


def main(argv: list[str] | None = None) -> int:
    """Command line: COURSE HOME [--role learner|tutor]; exit 2 when COURSE is missing."""
    parser = argparse.ArgumentParser(prog="workbook-seed-home", description=__doc__.split("\n")[0])
    parser.add_argument("course", type=Path, help="folder with notebooks/ (and assignments/)")
    parser.add_argument("home", type=Path, help="the user's home folder")
    parser.add_argument("--role", choices=("learner", "tutor"), default="learner")
    args = parser.parse_args(argv)
    if not (args.course / "notebooks").is_dir():
        print(f"error: {args.course / 'notebooks'}: no course notebooks in the image",
              file=sys.stderr)
        return 2
    print(f"course delivery ({args.role}): {seed(args.course, args.home, args.role)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
