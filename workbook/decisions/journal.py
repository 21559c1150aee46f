"""Append-only journals, one file per writer: one JSON object per line, never rewritten.

Decisions, IQA plans and IQA verdicts are journals: a change is a new line, so history is kept
by construction. Each kind of record is a folder per unit, and in it each writer (the Unix
account that wrote it) has a file of their own, `<account>.jsonl`, mode 0644, that only they
change. On a shared hub the records folder's groups decide who may create a file where (tutors
in `decisions/`, IQAs in `plans/` and `verdicts/`; sticky folders), the hub makes each tutor's
and IQA's file for them, owned by them and append-only (workbook.hub.journals), and the reader
counts a file only when its owner is the account it is named after: a file planted under
another name is reported and ignored. The writer refuses a file of its name that someone else
owns, appends one whole line under a lock on the file, and never rewrites what is there.

Every entry is chained to the one before it (workbook.decisions.chain); the reader verifies
each file and reports a break as `record altered: <file>, entry <n>`, counting nothing from the
break on, and reports entries written before tamper evidence as unchained.
"""
from __future__ import annotations

import fcntl
import json
import os
import pwd
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook.decisions.chain import Verified, seal, verify
from workbook.errors import Refusal, WorkbookError

#: journals are read by every tutor and IQA; only their writer changes them
FILE_MODE = 0o644
#: how long a writer waits for its own journal's lock before giving up
LOCK_SECONDS = 30.0
#: a reader that finds a last line cut short waits this long for its writer to finish it
SETTLE_SECONDS = 0.05


class JournalError(WorkbookError):
    """A journal cannot be read or written; the message names the file (and line)."""


@dataclass(frozen=True)
class Journals:
    """Every counted entry of a unit's journals (oldest first) and the files not counted."""

    entries: list[dict[str, Any]]
    ignored: list[str]   # one message per file or entry left out, naming it
    #: entry id -> (its file, its number in the file), for every counted entry
    located: dict[str, tuple[Path, int]] = field(default_factory=dict)
    #: the files read and counted (whole or up to a break)
    files: tuple[Path, ...] = ()


def writer() -> str:
    """The account this process writes as (its effective user)."""
    return _account(os.geteuid())


def _account(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def owner_of(path: Path) -> str:
    """The account that owns a file itself, not what a link points at (its uid when unnamed)."""
    return _account(path.lstat().st_uid)


def _read_regular(path: Path) -> str:
    """A regular file's text; never follows a link nor waits on a pipe (JournalError)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise JournalError(f"cannot be read ({exc.strerror or exc.__class__.__name__})", path) from None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise JournalError("is not a regular file", path)
        data = file.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise JournalError("cannot be read (not UTF-8 text)", path) from None


def verified(path: Path, account: str | None = None) -> Verified:
    """One journal file's lines, verified (see workbook.decisions.chain); nothing when absent."""
    account = account or path.stem
    kind, unit = path.parent.parent.name, path.parent.name
    try:
        text = _read_regular(path)
    except FileNotFoundError:
        text = ""
    checked = verify(text.splitlines(), kind, unit, account)
    if checked.broken_at == checked.total and text and not text.endswith("\n"):
        # a last line cut short may be a write in progress: look once more before judging
        time.sleep(SETTLE_SECONDS)
        text = _read_regular(path)
        checked = verify(text.splitlines(), kind, unit, account)
    return checked


def break_message(path: Path, checked: Verified) -> str:
    """The line that reports where a file stops being trusted."""
    n, total = checked.broken_at, checked.total
    left_out = "not counted" if n == total else f"entries {n}-{total} not counted"
    if checked.problem.startswith("names account"):  # planted in this file: not this writer's
        return f"{path}: entry {n} {checked.problem}: {left_out}"
    return f"record altered: {path}, entry {n} ({checked.problem}): {left_out}"


def unchained_message(path: Path, checked: Verified) -> str:
    """The line that says which entries were written before tamper evidence."""
    span = "entry 1" if checked.unchained == 1 else f"entries 1-{checked.unchained}"
    return f"{path}: {span} unchained (written before tamper evidence)"


def read_entries(path: Path) -> list[dict[str, Any]]:
    """Every trusted entry of one journal file, oldest first ([] when it does not exist yet)."""
    return verified(path).entries


def read_folder(folder: Path) -> Journals:
    """Every writer's entries in `folder`, merged oldest first, counting only genuine ones."""
    entries: list[dict[str, Any]] = []
    ignored = []
    located: dict[str, tuple[Path, int]] = {}
    files = []
    for path in sorted(folder.glob("*.jsonl")):
        try:
            owner = owner_of(path)
        except FileNotFoundError:
            continue
        if owner != path.stem:
            ignored.append(f"{path}: written by {owner}, not {path.stem}: not counted")
            continue
        try:
            checked = verified(path)
        except JournalError as exc:
            ignored.append(f"{exc}: not counted")
            continue
        if checked.unchained:
            ignored.append(unchained_message(path, checked))
        if checked.broken_at:
            ignored.append(break_message(path, checked))
        files.append(path)
        for number, entry in enumerate(checked.entries, 1):
            entries.append(entry)
            located[entry["id"]] = (path, number)
    # each writer's lines are in their order already; the merge keeps it (stable sort)
    entries.sort(key=lambda e: str(e.get("at", "")))
    return Journals(entries, ignored, located, tuple(files))


def append_entry(folder: Path, prefix: str,
                 make: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """Append `make(next_id)` to this account's journal in `folder`; returns the entry written.

    Ids are `<account>:<prefix><n>` (n: the entry's number in the file), unique across writers.
    The entry gets the account, which the reader checks against the file's owner, and its place
    in the chain. Refusal when the file is someone else's or no longer verifies.
    """
    account = writer()
    path = folder / f"{account}.jsonl"
    fd = _open_own(path, account)
    try:
        _lock(fd, path)
        checked = verified(path, account)
        if checked.broken_at:
            raise Refusal(f"nothing recorded: {break_message(path, checked)}; the centre's "
                          "administrator must restore this journal from a backup first")
        entry = {**make(f"{account}:{prefix}{checked.total + 1}"), "account": account}
        sealed = seal(entry, checked.head)
        size = os.fstat(fd).st_size
        _write_line(fd, path, json.dumps(sealed, sort_keys=True, ensure_ascii=False), size)
        return sealed
    finally:
        os.close(fd)  # closing drops the lock


def _open_own(path: Path, account: str) -> int:
    """This account's journal opened for appending (made if absent); Refusal if not its own."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK,
                     FILE_MODE)
    except PermissionError as exc:
        if path.is_symlink() or (path.exists() and owner_of(path) != account):
            raise Refusal(_not_own(path, account)) from exc
        # on a hub the records folder's groups say who writes where (workbook.hub.permissions)
        raise Refusal(f"the account {account} may not write here ({exc.strerror})", path) from exc
    except OSError as exc:  # a link (ELOOP) or something else in the way
        raise Refusal(f"{path} cannot be opened for appending ({exc.strerror}); "
                      "nothing recorded") from exc
    info = os.fstat(fd)
    if info.st_uid != os.geteuid() or not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise Refusal(_not_own(path, account))
    if stat.S_IMODE(info.st_mode) != FILE_MODE:
        try:
            os.fchmod(fd, FILE_MODE)  # umask; an append-only file keeps the mode the hub gave it
        except OSError:
            pass
    return fd


def _not_own(path: Path, account: str) -> str:
    return (f"{path} is not {account}'s own journal (it belongs to {owner_of(path)} or is not a "
            "plain file): nothing recorded; ask the hub's administrator to remove it")


def _lock(fd: int, path: Path) -> None:
    """Take the journal's own lock, waiting a while for another process of the same writer."""
    deadline = time.monotonic() + LOCK_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise Refusal(f"{path} has been locked by another process for "
                              f"{LOCK_SECONDS:g} s: nothing recorded; try again") from None
            time.sleep(0.02)


def _write_line(fd: int, path: Path, line: str, size: int) -> None:
    """Append one whole line; on failure try to take back a part written (not possible on an
    append-only file, whose reader then reports the cut line)."""
    data = (line + "\n").encode("utf-8")
    try:
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
        os.fsync(fd)
    except OSError as exc:
        try:
            os.ftruncate(fd, size)
        except OSError:
            pass
        raise JournalError(f"nothing recorded: the disk refused the write ({exc.strerror})",
                           path) from exc
