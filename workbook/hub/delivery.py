"""Course files into a learner's home on every spawn, never overwriting the learner's changes.

The rule is nbgitpuller's: keep a record of what was delivered (a SHA-256 per file). On a later
delivery a file is replaced only when it is still exactly what we delivered last time; a file the
learner changed is kept as it is, and new course files arrive. A file the learner deleted comes
back (nothing of theirs is lost by that). The record is written last and atomically, so an
interrupted delivery is simply repeated at the next spawn.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from workbook.atomic import write_atomic

RECORD_NAME = ".workbook-delivered.json"
RECORD_SCHEMA = 1


@dataclass
class Delivery:
    """What one delivery did, file by file (paths relative to the home folder)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the hub log."""
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.kept)} kept (changed by the learner), {len(self.unchanged)} unchanged"
        )


def sha256(data: bytes) -> str:
    """The hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def course_files(source: Path, prefix: str, patterns: Iterable[str] = ("**/*",)) -> dict[str, Path]:
    """Files under `source` (skipping hidden ones and checkpoints), keyed `<prefix>/<relative>`."""
    found: dict[str, Path] = {}
    for pattern in patterns:
        for path in sorted(source.glob(pattern)):
            relative = path.relative_to(source)
            if not path.is_file() or any(part.startswith(".") for part in relative.parts):
                continue
            found[str(PurePosixPath(prefix, *relative.parts))] = path
    return found


def read_record(home: Path) -> dict[str, str]:
    """The hashes of what was delivered last time ({} on the first spawn or an unreadable record)."""
    try:
        document = json.loads((home / RECORD_NAME).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        # An unreadable record only makes us more careful: with no record, every existing
        # file that differs from the course's copy is treated as the learner's.
        return {}
    files = document.get("files") if isinstance(document, dict) else None
    return {k: v for k, v in files.items() if isinstance(v, str)} if isinstance(files, dict) else {}


def deliver(files: dict[str, Path], home: Path) -> Delivery:
    """Copy course `files` ({relative path: source file}) into `home` by the rule above."""
    record = read_record(home)
    result = Delivery()
    for relative, source in sorted(files.items()):
        data = source.read_bytes()
        new_hash = sha256(data)
        target = home / relative
        if not target.exists():
            write_atomic(target, data)
            result.added.append(relative)
            record[relative] = new_hash
            continue
        if not target.is_file():
            result.kept.append(relative)  # the learner put something else there: theirs
            continue
        current = sha256(target.read_bytes())
        if current == new_hash:
            result.unchanged.append(relative)
            record[relative] = new_hash
        elif current == record.get(relative):
            write_atomic(target, data)
            result.updated.append(relative)
            record[relative] = new_hash
        else:
            # The learner's version: keep it, and keep the old hash so that it stays theirs.
            result.kept.append(relative)
    document = {"schema": RECORD_SCHEMA, "files": dict(sorted(record.items()))}
    write_atomic(home / RECORD_NAME, json.dumps(document, indent=1) + "\n")
    return result

