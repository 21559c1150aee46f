"""Reading JSON a learner made, within limits: one bad file is one error that names it.

A learner's files (their store, and the copies a submission carries to the tutor) can hold
anything. Parsing a file nested 200,000 deep raises RecursionError, and a huge one takes the
memory of whoever reads it, so every reader of such a file checks it: a regular file (not a
link, nor a pipe that never ends), at most `size_limit()` bytes (WORKBOOK_MAX_LEARNER_FILE_MB,
default 5 MB) before it is read, and at most MAX_DEPTH arrays and objects deep: Python's parser
stops a deeper file with RecursionError a few hundred levels down, which is caught, and what it
returns is measured without recursion. Anything else is a LearnerFileError naming the file and
saying why in plain words.
"""
from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from workbook.errors import WorkbookError
from workbook.settings import Settings

#: named in the messages about a file that is too large
SIZE_SETTING = "WORKBOOK_MAX_LEARNER_FILE_MB"
#: deeper than any document the workbook writes (evidence nests four levels), far below the
#: depth at which parsing or copying the data would exhaust Python's stack
MAX_DEPTH = 64

class LearnerFileError(WorkbookError):
    """A learner's JSON file cannot be used; the message names the file and says why."""

    def __init__(self, reason: str, path: Path | str | None = None):
        super().__init__(reason, path)
        self.reason = reason


def size_limit(env: Mapping[str, str] | None = None) -> int:
    """The most bytes a learner's JSON file may hold (WORKBOOK_MAX_LEARNER_FILE_MB, else 5 MB)."""
    return int(Settings.from_env(env).max_learner_file_mb * 1024 * 1024)


def deeper_than(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether parsed JSON nests more than `limit` arrays and objects deep (level by level, no
    recursion)."""
    level = [value] if isinstance(value, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        inner = []
        for item in level:
            for child in (item.values() if isinstance(item, dict) else item):
                if isinstance(child, (dict, list)):
                    inner.append(child)
        level = inner
    return False


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """A learner's file's bytes, refused when it is not a regular file or is too large.

    FileNotFoundError passes through (callers say what a missing file means).
    """
    limit = size_limit() if max_bytes is None else max_bytes
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise
    except OSError as exc:
        why = "is a link" if path.is_symlink() else f"cannot be read ({exc.strerror})"
        raise LearnerFileError(why, path) from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LearnerFileError("is not a plain file", path)
        if info.st_size > limit:
            raise LearnerFileError(f"is too large ({_size(info.st_size)}; the limit is "
                                   f"{_size(limit)}, set by {SIZE_SETTING})", path)
        data = file.read(limit + 1)  # the file may grow while it is read
    if len(data) > limit:
        raise LearnerFileError(f"is too large (over the {_size(limit)} limit, set by {SIZE_SETTING})",
                               path)
    return data


def parse(data: bytes, path: Path | str, max_depth: int = MAX_DEPTH) -> Any:
    """JSON data from a learner's file's bytes (LearnerFileError naming `path` when unusable)."""
    too_deep = LearnerFileError(f"is nested too deeply (more than {max_depth} levels)", path)
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise LearnerFileError("is not UTF-8 text", path) from None
    except json.JSONDecodeError as exc:
        raise LearnerFileError(f"is not valid JSON (line {exc.lineno})", path) from None
    except RecursionError:
        # the parser gives up a few hundred levels down, long before the stack is at risk
        raise too_deep from None
    if deeper_than(value, max_depth):
        raise too_deep
    return value


def load(path: Path, max_bytes: int | None = None, max_depth: int = MAX_DEPTH) -> Any:
    """A learner's JSON file, read within the limits (LearnerFileError naming the file)."""
    return parse(read_bytes(path, max_bytes), path, max_depth)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"
