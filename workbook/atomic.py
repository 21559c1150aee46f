"""Atomic file writes: readers see the old file or the new one, never half of one.

A write goes to a temporary file beside the target, named `.<name>.<pid>.<random>.tmp`, and
is then renamed over the target. A process killed mid-write leaves its temporary file behind;
the next write in that folder removes it once its process is gone (or it is over a minute
old, in case the process id was reused). When the disk refuses a write (full, no permission,
read-only) the target is left as it was and `SaveError` says why in plain words.
"""
from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from pathlib import Path

from workbook.errors import Failure

# A save takes milliseconds; a temporary file this old belongs to no save still running.
STALE_AFTER_SECONDS = 60.0
# `.<name>.<pid>.<random>.tmp` from this module; `.<name>.<random>.tmp` from older versions.
_TEMP = re.compile(r"^\..+?(?:\.(?P<pid>\d+))?\.[a-z0-9_]{8}\.tmp$")

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EROFS: "the folder is read-only",
    errno.EACCES: "no permission to write there",
    errno.EPERM: "no permission to write there",
}


class SaveError(Failure):
    """The disk refused a write; nothing was half-written. The message reads `not saved: <reason>`."""

    def __init__(self, reason: str, path: Path | str | None = None):
        super().__init__(f"not saved: {reason}", path)
        self.reason = reason


def plain_reason(exc: OSError) -> str:
    """Why an OS error stopped a save, in words a learner can act on."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return (exc.strerror or exc.__class__.__name__).lower()


def _umask() -> int:
    """The process's umask, read without changing it (changing it races other threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def write_atomic(path: Path, text: str | bytes, mode: int | None = None) -> None:
    """Write text (or bytes) to path so that readers see the old or the new file, never half.

    The file gets `mode` when given; otherwise it keeps the mode it had, and a new file gets
    what `open()` would give it (0666 less the umask), not the temporary file's 0600: course
    files written here are read by other accounts on a shared hub.
    Raises SaveError (the target unchanged, no temporary file left) when the disk refuses.
    """
    path = Path(path)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temp_files(path.parent)
        if mode is None:
            try:
                mode = path.stat().st_mode & 0o7777
            except FileNotFoundError:
                mode = 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                                   dir=path.parent)
        os.fchmod(fd, mode)
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        raise SaveError(plain_reason(exc), path) from exc
    except BaseException:
        _discard(tmp)
        raise


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Remove temporary files that a killed save left in folder; returns those removed."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue  # another writer finished or removed it meanwhile
        pid = match["pid"]
        if age > STALE_AFTER_SECONDS or (pid is not None and not _alive(int(pid))):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass  # gone already, or not ours to remove: the save itself goes on
    return removed


def _alive(pid: int) -> bool:
    """Whether a process with this id exists (it may belong to another user)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _discard(tmp: str | None) -> None:
    if tmp is not None:
        try:
            os.unlink(tmp)
        except OSError:
            pass  # never created, or the folder refuses even this: nothing more to do
