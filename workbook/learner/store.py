"""Per-learner persistence of answers and evidence: JSON documents, atomic, never clobbered.

Each document is `<root>/<name>.json` holding `{"schema": 1, "name": ..., "data": {...}}`.
Writers take a lock, re-read the file and apply their change to what is on disk, so two
widgets or two kernels writing at once lose nothing. A file that cannot be read is moved
aside (kept as `<name>.corrupt-N.json`), a plain warning is recorded, and work goes on.
"""
from __future__ import annotations

import copy
import fcntl
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from workbook.atomic import write_atomic

STORE_ENV = "WORKBOOK_STORE"
STORE_SCHEMA = 1
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def default_root() -> Path:
    """$WORKBOOK_STORE if set, else ~/.workbook (outside the course files)."""
    override = os.environ.get(STORE_ENV)
    return Path(override).expanduser() if override else Path.home() / ".workbook"


class Store:
    """A folder of JSON documents for one learner."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root).expanduser() if root else default_root()
        self.warnings: list[str] = []

    def path(self, name: str) -> Path:
        """The file that holds document `name`."""
        if not _NAME.match(name):
            raise ValueError(f"invalid store document name {name!r}")
        return self.root / f"{name}.json"

    def read(self, name: str) -> dict[str, Any]:
        """The document's data ({} when there is none yet)."""
        with self._locked(name):
            return self._read_unlocked(name)

    def update(self, name: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        """Apply `change` to the data on disk, under the lock, and save atomically."""
        with self._locked(name):
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
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            return self._set_aside(path, f"could not be read ({exc.__class__.__name__})")
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            return self._set_aside(path, f"is not valid JSON (line {exc.lineno})")
        if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
            return self._set_aside(path, "does not hold saved answers")
        if document.get("schema") != STORE_SCHEMA:
            return self._set_aside(path, f"has unknown schema {document.get('schema')!r}")
        return document["data"]

    def _set_aside(self, path: Path, reason: str) -> dict[str, Any]:
        n = 1
        while (aside := path.with_name(f"{path.stem}.corrupt-{n}.json")).exists():
            n += 1
        os.replace(path, aside)
        self.warnings.append(
            f"Your saved file {path.name} {reason}. It was kept as {aside.name} and a new one "
            "was started; your tutor can help recover it."
        )
        return {}

    @contextmanager
    def _locked(self, name: str) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        lock_path = self.root / f".{name}.lock"
        with open(lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
