"""The course's folders in nbgrader's exchange: who must have made them, and with what mode.

The exchange root is writable by everyone (nbgrader's multi-user exchange needs that), so
whoever makes `<root>/<course_id>` first owns it. A learner who made it before the tutor's first
release would decide what the others fetch and could read what they submit. So the course
folders are made before any learner can log in: by root (the hub, as root) or by the owner of
the exchange root itself (a hub run as one user, or a tutor's own exchange). Release, fetch and
collect refuse a course folder made by anyone else, or with a mode that lets others in.
"""
from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from workbook.assess.submission_checks import account_name

#: sub-folder of the course folder -> mode the hub gives it ("" is the course folder itself).
#: outbound: tutors release, everyone reads; inbound: everyone submits, only tutors list (sticky:
#: no learner removes another's submission); feedback: tutors write, learners open by name only.
HUB_MODES = {"": 0o755, "outbound": 0o2775, "inbound": 0o3773, "feedback": 0o2771}
#: permission bits a folder must not have, whoever made it (nbgrader's own modes have none)
FORBIDDEN = {"": 0o022, "outbound": 0o002, "inbound": 0o004, "feedback": 0o006}
#: nbgrader's exchange steps -> the checked class of each, in workbook.assess.checked_exchange
EXCHANGE_STEPS = {"collect": "CheckedCollect", "release_assignment": "CheckedReleaseAssignment",
                  "release_feedback": "CheckedReleaseFeedback",
                  "fetch_assignment": "CheckedFetchAssignment",
                  "fetch_feedback": "CheckedFetchFeedback"}
WHY = {0o022: "others can write in it", 0o002: "everyone can write in it",
       0o004: "everyone can list it", 0o006: "everyone can list or write in it"}


def factory_lines(steps: list[str]) -> list[str]:
    """nbgrader config lines that make ExchangeFactory use the checked classes of `steps`."""
    return ["from workbook.assess import checked_exchange  # noqa: E402",
            *(f"c.ExchangeFactory.{step} = checked_exchange.{EXCHANGE_STEPS[step]}"
              for step in steps)]


def trusted_owners(root: Path) -> set[int]:
    """uids that may own the course folders: root and the owner of the exchange root."""
    try:
        return {0, os.stat(root).st_uid}
    except OSError:
        return {0}


def course_folder_problems(root: Path, course_id: str) -> list[str]:
    """One line per course folder in the exchange not made by a trusted owner or mode unsafe."""
    trusted = trusted_owners(root)
    problems = []
    for name in HUB_MODES:
        path = root / course_id / name if name else root / course_id
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            problems.append(f"{path}: not a folder (a link or a file); the exchange is not used "
                            "until an administrator removes it and restarts the hub")
        elif info.st_uid not in trusted:
            problems.append(f"{path}: made by {account_name(info.st_uid)}, not by the hub; "
                            "the exchange is not used until an administrator removes it and "
                            "restarts the hub")
        elif bits := info.st_mode & FORBIDDEN[name]:
            problems.append(f"{path}: mode {stat.S_IMODE(info.st_mode):04o}, "
                            f"{WHY.get(bits, 'others can get in')}; the exchange is not used "
                            "until an administrator restarts the hub (which sets it right)")
    return problems


def prepare_course_folders(root: Path, course_id: str, group: int | None = None,
                           adopt: frozenset[int] = frozenset()) -> list[str]:
    """Make the course folders (as root or the exchange's owner), owned by this process and
    `group`, with HUB_MODES. One made by an account in `adopt` (a tutor's first release, before
    the hub made them) is taken over; one anyone else made is moved aside. Lines saying what
    moved."""
    moved = []
    trusted = trusted_owners(root) | {os.geteuid()} | adopt
    for name, mode in HUB_MODES.items():
        path = root / course_id / name if name else root / course_id
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            info = None
        if info is not None and (info.st_uid not in trusted or not stat.S_ISDIR(info.st_mode)
                                 or stat.S_ISLNK(info.st_mode)):
            aside = path.with_name(f"{path.name}.refused-{time.strftime('%Y%m%d%H%M%S')}")
            path.rename(aside)
            moved.append(f"{path} was made by {account_name(info.st_uid)}, not by the hub: "
                         f"moved to {aside}, and made afresh")
            info = None
        if info is None:
            path.mkdir()
        if group is not None or info is not None and info.st_uid != os.geteuid():
            os.chown(path, os.geteuid(), -1 if group is None else group)
        os.chmod(path, mode)
    return moved
