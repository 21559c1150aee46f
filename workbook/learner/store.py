"""Per-learner persistence of answers and evidence: JSON documents, atomic, never clobbered.

Each document is `<root>/<name>.json` holding `{"schema": 1, "name": ..., "data": {...}}`.
Writers take a lock, re-read the file and apply their change to what is on disk, so two
widgets or two kernels writing at once lose nothing. A file that cannot be read is moved
aside (kept as `<name>.corrupt-N.json`), a plain warning is recorded, and work goes on.

When the disk refuses a write (full, no permission, read-only) `update` raises `SaveError`
("not saved: <reason>") and the file on disk is unchanged. A store the learner cannot write
to (`writable()` is False) can still be read, so saved work is shown read-only.
"""
from __future__ import annotations

import copy
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from workbook.atomic import SaveError, plain_reason, write_atomic
from workbook.learner.bounded import LearnerFileError, parse, size_limit
from workbook.learner.ids import check_file_name
from workbook.settings import settings

__all__ = ["STORE_SCHEMA", "SaveError", "Store", "default_root"]

STORE_SCHEMA = 1


def default_root() -> Path:
    """$WORKBOOK_STORE if set, else ~/.workbook (outside the course files)."""
    return settings().store


class Store:
    """A folder of JSON documents for one learner."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root).expanduser() if root else default_root()
        self.warnings: list[str] = []

    def path(self, name: str) -> Path:
        """The file that holds document `name` (InvalidId, a ValueError, for an unsafe name)."""
        return self.root / f"{check_file_name(name, 'store document name')}.json"

    def writable(self) -> bool:
        """Whether saves can succeed here: the folder (or the nearest one that exists) is writable."""
        folder = self.root
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        # os.access honours read-only mounts even for root, and ownership for everyone else.
        return os.access(folder, os.W_OK | os.X_OK)

    def read(self, name: str) -> dict[str, Any]:
        """The document's data ({} when there is none yet); works on a read-only store too."""
        with self._locked(name):
            return self._read_unlocked(name)

    def update(self, name: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        """Apply `change` to the data on disk, under the lock, and save atomically.

        Raises SaveError, with the file unchanged, when the disk refuses the write.
        """
        with self._locked(name, for_writing=True):
            data = self._read_unlocked(name)
            before = copy.deepcopy(data)
            change(data)
            if data != before or not self.path(name).exists():
                document = {"schema": STORE_SCHEMA, "name": name, "data": data}
                write_atomic(self.path(name), json.dumps(document, indent=1, sort_keys=True) + "\n")
            return data

    def _read_unlocked(self, name: str) -> dict[str, Any]:
        path = self.path(name)
        try:
            if path.stat().st_size > (limit := size_limit()):
                return self._set_aside(path, f"is larger than the {limit / (1024 * 1024):g} MB a "
                                             "saved file may be")
            data = path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            return self._set_aside(path, f"could not be read ({exc.__class__.__name__})")
        try:
            # bounded: a file nested thousands deep would otherwise stop the page (RecursionError)
            document = parse(data, path)
        except LearnerFileError as exc:
            reason = "could not be read (UnicodeDecodeError)" if "UTF-8" in exc.reason else exc.reason
            return self._set_aside(path, reason)
        if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
            return self._set_aside(path, "does not hold saved answers")
        if document.get("schema") != STORE_SCHEMA:
            return self._set_aside(path, f"has unknown schema {document.get('schema')!r}")
        return document["data"]

    def _set_aside(self, path: Path, reason: str) -> dict[str, Any]:
        n = 1
        while (aside := path.with_name(f"{path.stem}.corrupt-{n}.json")).exists():
            n += 1
        try:
            os.replace(path, aside)
        except OSError:
            self.warnings.append(
                f"Your saved file {path.name} {reason}, and this folder cannot be written to, "
                "so it was left as it is; your tutor can help recover it.")
            return {}
        self.warnings.append(
            f"Your saved file {path.name} {reason}. It was kept as {aside.name} and a new one "
            "was started; your tutor can help recover it."
        )
        return {}

    @contextmanager
    def _locked(self, name: str, for_writing: bool = False) -> Iterator[None]:
        lock_path = self.root / f".{name}.lock"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            lock = open(lock_path, "a")
        except OSError as exc:
            if for_writing:
                raise SaveError(plain_reason(exc), self.path(name)) from exc
            # A folder nobody can lock (read-only) is one nobody can write either, and
            # writers replace files atomically: reading without the lock is safe.
            yield
            return
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
