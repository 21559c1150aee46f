"""Append-only journals: one JSON object per line, appended under a lock, never rewritten.

Decisions and IQA verdicts are journals: a change is a new line, so history is kept by
construction. An append takes an exclusive lock beside the file, reads what is there, gives the
new entry the next id and replaces the file atomically: two tutors saving at once both land,
and a reader never sees half a line.
"""
from __future__ import annotations

import fcntl
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from workbook.atomic import write_atomic
from workbook.errors import WorkbookError


class JournalError(WorkbookError):
    """A journal line cannot be read; the message names the file and line."""


def read_entries(path: Path) -> list[dict[str, Any]]:
    """Every entry of the journal, oldest first ([] when it does not exist yet)."""
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


def append_entry(path: Path, prefix: str,
                 make: Callable[[str, list[dict[str, Any]]], dict[str, Any]]) -> dict[str, Any]:
    """Append `make(next_id, entries_so_far)` under the lock; returns the entry written.

    `make` sees the journal as it is on disk while the lock is held, so checks it makes (for
    instance that a decision exists) cannot be overtaken by another writer.
    """
    with _locked(path):
        entries = read_entries(path)
        entry = make(f"{prefix}{len(entries) + 1}", entries)
        # the lines already there are kept byte for byte; only the new one is added
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        if before and not before.endswith("\n"):
            before += "\n"
        write_atomic(path, before + json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n")
        return entry


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
