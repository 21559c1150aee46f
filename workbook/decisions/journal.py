"""Append-only journals, one file per writer: one JSON object per line, never rewritten.

Decisions, IQA plans and IQA verdicts are journals: a change is a new line, so history is kept
by construction. Each kind of record is a folder per unit, and in it each writer (the Unix
account that wrote it) has a file of their own, `<account>.jsonl`, mode 0644, that only they
change. On a shared hub the records folder's groups decide who may create a file where (tutors
in `decisions/`, IQAs in `plans/` and `verdicts/`; sticky folders, so nobody replaces another's
file), and the reader counts a file only when its owner is the account it is named after: a
file planted under another name is reported and ignored. Two writers never share a file, and an
append takes a lock beside the writer's own file and replaces it atomically, so a reader never
sees half a line.
"""
from __future__ import annotations

import fcntl
import json
import os
import pwd
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.atomic import write_atomic
from workbook.errors import Refusal, WorkbookError

#: journals are read by every tutor and IQA; only their writer changes them
FILE_MODE = 0o644


class JournalError(WorkbookError):
    """A journal line cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Journals:
    """Every counted entry of a unit's journals (oldest first) and the files not counted."""

    entries: list[dict[str, Any]]
    ignored: list[str]   # one message per file or entry left out, naming it


def writer() -> str:
    """The account this process writes as (its effective user)."""
    uid = os.geteuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def owner_of(path: Path) -> str:
    """The account that owns a file (its uid when the account has no name)."""
    uid = path.stat().st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def read_entries(path: Path) -> list[dict[str, Any]]:
    """Every entry of one journal file, oldest first ([] when it does not exist yet)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise JournalError(f"cannot be read ({exc.__class__.__name__})", path) from None
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise JournalError(f"not valid JSON ({exc.msg})", path, number) from None
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise JournalError("an entry must be a JSON object with an id", path, number)
        entries.append(entry)
    return entries


def read_folder(folder: Path) -> Journals:
    """Every writer's entries in `folder`, merged oldest first, counting only genuine ones."""
    entries: list[dict[str, Any]] = []
    ignored = []
    for path in sorted(folder.glob("*.jsonl")):
        owner = owner_of(path)
        if owner != path.stem:
            ignored.append(f"{path}: written by {owner}, not {path.stem}: not counted")
            continue
        for number, entry in enumerate(read_entries(path), 1):
            if entry.get("account") != path.stem:
                ignored.append(f"{path}: entry {number} names account "
                               f"{entry.get('account')!r}, not {path.stem}: not counted")
                continue
            entries.append(entry)
    # each writer's lines are in their order already; the merge keeps it (stable sort)
    entries.sort(key=lambda e: str(e.get("at", "")))
    return Journals(entries, ignored)


def append_entry(folder: Path, prefix: str,
                 make: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """Append `make(next_id)` to this account's journal in `folder`; returns the entry written.

    Ids are `<account>:<prefix><n>`, unique across writers. The entry gets the account too,
    which the reader checks against the file's owner.
    """
    account = writer()
    path = folder / f"{account}.jsonl"
    try:
        with _locked(path):
            return _append(path, account, prefix, make)
    except PermissionError as exc:
        # on a hub the records folder's groups say who writes where (workbook.hub.permissions)
        raise Refusal(f"the account {account} may not write here ({exc.strerror})",
                      path) from exc


def _append(path: Path, account: str, prefix: str,
            make: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """Append one entry to the writer's file (the lock is held)."""
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    count = len(read_entries(path))
    entry = {**make(f"{account}:{prefix}{count + 1}"), "account": account}
    # the lines already there are kept byte for byte; only the new one is added
    if before and not before.endswith("\n"):
        before += "\n"
    write_atomic(path, before + json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n",
                 mode=FILE_MODE)
    return entry


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    # the lock file is the writer's own too: nobody else can hold their journal's lock
    fd = os.open(path.with_name(f".{path.name}.lock"), os.O_WRONLY | os.O_CREAT | os.O_APPEND,
                 FILE_MODE)
    with os.fdopen(fd, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
