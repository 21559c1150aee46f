"""The course's YAML, already parsed: a JSON snapshot that saves a kernel ~50 ms per notebook.

Parsing the course's YAML (with line numbers) takes ~45 ms and importing PyYAML ~13 ms, in every
kernel that draws a quiz. `workbook build` writes every YAML file of the course, parsed, to
`parsed_yaml.json` beside this module; `read_yaml` then decodes a file whose bytes it finds there
(~5 ms for the whole course) and parses any other file as before. Entries are keyed by a digest
of the file's bytes, so a stale snapshot is only slower, never wrong, and the same line numbers
come back for error messages.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from workbook.course.lines import LineDict, LineList

#: where the snapshot is shipped (written by `workbook build`)
SNAPSHOT = Path(__file__).with_name("parsed_yaml.json")


class Unsupported(TypeError):
    """A value the snapshot cannot hold (the file is then parsed from YAML every time)."""


def digest(text: str) -> str:
    """The key of a file's text in the snapshot."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def cached(text: str) -> Any | None:
    """The parsed content of a file with this text, if the snapshot has it; else None."""
    entry = _entries().get(digest(text))
    return None if entry is None else _decode(entry)


def snapshot_text(parsed: dict[str, Any]) -> str:
    """The snapshot of {file text: its parsed content}; values it cannot hold are left out."""
    entries = {}
    for text, data in sorted(parsed.items()):
        try:
            entries[digest(text)] = _encode(data)
        except Unsupported:
            continue
    return json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


@cache
def _entries() -> dict[str, Any]:
    try:
        entries = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _encode(value: Any) -> Any:
    if isinstance(value, LineDict):
        if not all(k is None or isinstance(k, (str, bool, int, float)) for k in value):
            raise Unsupported("a key that is not text or a number")
        return {"m": [[k, _encode(v), value.lines.get(k, 0)] for k, v in value.items()],
                "l": value.line}
    if isinstance(value, LineList):
        return {"s": [_encode(v) for v in value], "l": value.line, "ls": value.lines}
    if isinstance(value, dt.datetime):
        raise Unsupported("a timestamp")
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise Unsupported(type(value).__name__)


def _decode(value: Any) -> Any:
    if type(value) is not dict:
        return value
    if "m" in value:
        mapping, lines = LineDict(), {}
        for key, item, line in value["m"]:
            mapping[key] = _decode(item)
            lines[key] = line
        mapping.line, mapping.lines = value["l"], lines
        return mapping
    if "s" in value:
        items = LineList(_decode(v) for v in value["s"])
        items.line, items.lines = value["l"], value["ls"]
        return items
    return dt.date.fromisoformat(value["d"])
