"""What a submission in the exchange inbox must be before anything is copied from it.

A learner writes their submission folder into the inbox themselves, so it can hold anything their
account can make: a symbolic link into a tutor's course folder or to an answer key, a hard link
to someone else's file, a pipe that blocks a reader, a file too big to copy, a time stamp in the
future (it would always count as the latest), or another learner's name. `submission_problem`
checks the folder without reading any file; `snapshot` then copies it, checking each entry again
on the open file, so a folder changed between the check and the copy is still refused.
"""
from __future__ import annotations

import os
import pwd
import shutil
import stat
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

#: owner check modes (WORKBOOK_OWNER_CHECK): see `owner_problem`.
OWNER_CHECKS = ("auto", "on", "off")
#: at most this many files and folders in one submission (a real one holds a handful).
MAX_ENTRIES = 2000
#: clocks of the machines involved may differ by this much before a time stamp is "future".
CLOCK_SLACK = timedelta(minutes=2)
TIMESTAMP_FILE = "timestamp.txt"
CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """How a submission is checked: the owner check mode and the size limit in bytes."""

    owner_check: str = "auto"
    max_bytes: int = 50 * 1000 * 1000
    max_entries: int = MAX_ENTRIES


def account_name(uid: int) -> str:
    """The user name of a uid ('uid <n>' when no account has it)."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def owner_problem(owner_uid: int, learner: str, mode: str) -> str | None:
    """Why a submission owned by `owner_uid` does not count as `learner`'s (None when it does).

    `on`: the folder's owner must be the learner's account. `off`: not checked (every account is
    one uid, as in containers). `auto`: as `on`, except that a folder owned by the account that
    collects is taken as named: that is a single-user set-up, where only the tutor submits.
    """
    if mode == "off" or (mode == "auto" and owner_uid == os.geteuid()):
        return None
    owner = account_name(owner_uid)
    if owner != learner:
        return f"it was made by {owner}, not by {learner}"
    return None


def entry_problem(rel: str, info: os.stat_result, owner_uid: int) -> str | None:
    """Why one file or folder in a submission is refused (None when it is a plain, own one)."""
    if stat.S_ISLNK(info.st_mode):
        return f"it holds a symbolic link ({rel})"
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        return f"it holds a device, pipe or socket ({rel})"
    if info.st_uid != owner_uid:
        what = "a hard link to a file" if info.st_nlink > 1 and stat.S_ISREG(info.st_mode) else "a file"
        return f"it holds {what} of {account_name(info.st_uid)} ({rel})"
    return None


def _parse_time(text: str) -> datetime | None:
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(text.strip()) if text.strip() else None
    except (ValueError, OverflowError, TypeError):
        return None


def timestamp_problem(stamp: str, where: str) -> str | None:
    """Why a submission time stamp is refused: unreadable, or later than now."""
    when = _parse_time(stamp)
    if when is None:
        return f"its time stamp {stamp.strip()[:40]!r} ({where}) cannot be read"
    now = datetime.now(UTC).replace(tzinfo=None)
    if when > now + CLOCK_SLACK:
        return f"its time stamp {stamp.strip()[:40]} ({where}) is in the future"
    return None


def _walk(folder: Path):
    """(relative path, lstat) of every entry below `folder`, never following a link."""
    pending = [Path()]
    while pending:
        rel = pending.pop()
        with os.scandir(folder / rel) as entries:
            for entry in entries:
                info = entry.stat(follow_symlinks=False)
                yield rel / entry.name, info
                if stat.S_ISDIR(info.st_mode):
                    pending.append(rel / entry.name)


def submission_problem(folder: Path, learner: str, stamp: str, limits: Limits) -> str | None:
    """Why the submission `folder` (named for `learner`, time `stamp`) is refused; None if not."""
    try:
        top = os.lstat(folder)
        if stat.S_ISLNK(top.st_mode) or not stat.S_ISDIR(top.st_mode):
            return "it is not a folder (a symbolic link or a file)"
        if problem := owner_problem(top.st_uid, learner, limits.owner_check):
            return problem
        if problem := timestamp_problem(stamp, "in its name"):
            return problem
        size = count = 0
        for rel, info in _walk(folder):
            count += 1
            if problem := entry_problem(rel.as_posix(), info, top.st_uid):
                return problem
            if not os.access(folder / rel, os.R_OK | (os.X_OK if stat.S_ISDIR(info.st_mode) else 0)):
                return f"it holds {rel.as_posix()}, which cannot be read"
            size += info.st_size if stat.S_ISREG(info.st_mode) else 0
            if problem := _over(size, count, limits):
                return problem
        if (folder / TIMESTAMP_FILE).is_file():
            text = (folder / TIMESTAMP_FILE).read_text(encoding="utf-8", errors="replace")[:200]
            return timestamp_problem(text, TIMESTAMP_FILE)
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    return None


def _over(size: int, count: int, limits: Limits) -> str | None:
    if size > limits.max_bytes:
        return (f"it is larger than the limit of {limits.max_bytes / 1e6:g} MB "
                "(WORKBOOK_SUBMISSION_LIMIT_MB)")
    if count > limits.max_entries:
        return f"it holds more than {limits.max_entries} files and folders"
    return None


def snapshot(src: Path, dest: Path, limits: Limits) -> str | None:
    """Copy the checked submission `src` to a new folder `dest`, checking every entry again as
    it is opened; on a problem nothing is left at `dest` and the problem is returned."""
    try:
        owner = os.lstat(src).st_uid
        budget = [limits.max_bytes, limits.max_entries]
        problem = _copy_folder(src, dest, Path(), owner, limits, budget)
    except OSError as exc:
        problem = f"it changed or cannot be read while it was copied ({exc.strerror or exc})"
    if problem:
        shutil.rmtree(dest, ignore_errors=True)
    return problem


def _copy_folder(src: Path, dest: Path, rel: Path, owner: int, limits: Limits,
                 budget: list[int]) -> str | None:
    dest.mkdir()
    fd = os.open(src / rel, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        if problem := entry_problem(rel.as_posix() or ".", os.fstat(fd), owner):
            return problem
        names = sorted(os.listdir(fd))
    finally:
        os.close(fd)
    for name in names:
        budget[1] -= 1
        if budget[1] < 0:
            return _over(0, limits.max_entries + 1, limits)
        path = src / rel / name
        info = os.lstat(path)
        if problem := entry_problem((rel / name).as_posix(), info, owner):
            return problem
        if stat.S_ISDIR(info.st_mode):
            problem = _copy_folder(src, dest / name, rel / name, owner, limits, budget)
        else:
            problem = _copy_file(path, dest / name, (rel / name).as_posix(), owner, limits, budget)
        if problem:
            return problem
    return None


def _copy_file(path: Path, dest: Path, rel: str, owner: int, limits: Limits,
               budget: list[int]) -> str | None:
    # O_NONBLOCK: a pipe put in place after the check must not block the copy (it is refused)
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if problem := entry_problem(rel, info, owner):
            return problem
        with open(dest, "wb") as out:
            while chunk := os.read(fd, CHUNK):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    return _over(limits.max_bytes + 1, 0, limits)
                out.write(chunk)
        os.utime(dest, ns=(info.st_atime_ns, info.st_mtime_ns))
    finally:
        os.close(fd)
    return None
