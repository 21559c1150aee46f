#!/usr/bin/env python
"""`workbook-seed-home`: deliver the course baked into the image into a user's home volume.

Runs as the pod's init container, before JupyterLab starts, with the same rule as the local
hub (workbook.hub.delivery): files the user changed are kept, untouched course files are
updated, new ones arrive. Each profile passes its role, and each role gets what the local hub
gives it (workbook.hub.homes): everyone the learner notebooks; tutors their pages in course/
(the assessor's page they land on, the decisions notebooks); IQAs theirs in decisions/.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook.build.tutor_notebooks import ASSESSOR_PAGE, IQA_PAGE, TUTOR
from workbook.hub.delivery import course_files, deliver
from workbook.hub.homes import IQA_FOLDER, IQA_PATTERNS, TUTOR_COURSE_PATTERNS
from workbook.hub.userconfig import COURSE_FOLDER

ROLES = ("learner", "tutor", "iqa")
#: the page each role but the learner lands on, in the image's course folder
ROLE_PAGES = {"tutor": TUTOR / ASSESSOR_PAGE, "iqa": TUTOR / IQA_PAGE}


def role_files(course: Path, role: str) -> dict[str, Path]:
    """The files of `course` (notebooks/, assignments/) that `role` gets, keyed by their path
    in the home, as the local hub picks them (workbook.hub.homes.delivered_files)."""
    files = course_files(course / "notebooks", "notebooks")
    if role == "tutor":
        files.update(course_files(course / "assignments", COURSE_FOLDER, TUTOR_COURSE_PATTERNS))
    elif role == "iqa":
        files.update(course_files(course / TUTOR, IQA_FOLDER, IQA_PATTERNS))
    return files


def seed(course: Path, home: Path, role: str) -> str:
    """Deliver `role`'s files of `course` into `home`; return the one-line summary."""
    return deliver(role_files(course, role), home).summary()


def missing(course: Path, role: str) -> str | None:
    """What the image lacks to seed `role`'s home (None when nothing)."""
    if not (course / "notebooks").is_dir():
        return f"{course / 'notebooks'}: no course notebooks in the image"
    page = course / ROLE_PAGES[role] if role in ROLE_PAGES else None
    if page is not None and not page.is_file():
        return f"{page}: no {role} page in the image (deploy/image/install-files writes it)"
    return None


def main(argv: list[str] | None = None) -> int:
    """Command line: COURSE HOME [--role learner|tutor|iqa]; exit 2 when the image lacks what
    the role needs."""
    parser = argparse.ArgumentParser(prog="workbook-seed-home", description=__doc__.split("\n")[0])
    parser.add_argument("course", type=Path, help="folder with notebooks/ (and assignments/)")
    parser.add_argument("home", type=Path, help="the user's home folder")
    parser.add_argument("--role", choices=ROLES, default="learner")
    args = parser.parse_args(argv)
    problem = missing(args.course, args.role)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    print(f"course delivery ({args.role}): {seed(args.course, args.home, args.role)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
