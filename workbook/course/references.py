"""A unit's reference list: the `references` entry of its outcome notes, shown on every outcome page.

    references:
      - author: Care Quality Commission
        year: 2020
        title: "Right support, right care, right culture"
        publisher: CQC                       # optional
        url: https://www.cqc.org.uk/...      # optional; must be an https address

Each reference needs an author (a person or a body), a year (or a fuller date) and a title;
problems are reported with file and line like every other content problem.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from workbook.course.model import Reference
from workbook.course.yamlfile import FieldType, Problems, check_fields

__all__ = ["KEY", "load_references"]

#: the key of the outcome-notes file that holds the unit's reference list, not an outcome's notes
KEY = "references"

_REQUIRED: dict[str, FieldType] = {"author": str, "year": (str, int, date), "title": str}
_OPTIONAL: dict[str, FieldType] = {"publisher": str, "url": str}


def load_references(items: Any, path: Path, problems: Problems, line: int = 0) -> tuple[Reference, ...]:
    """The references of a notes file's `references` list; problems are recorded, not raised."""
    if not isinstance(items, list):
        problems.add(path, line, "references must be a list of sources")
        return ()
    references = []
    for i, item in enumerate(items):
        at = items.lines[i] if hasattr(items, "lines") else line
        if not check_fields(item, path, problems, "reference", _REQUIRED, _OPTIONAL, line=at):
            continue
        fields = {key: str(value).strip() for key, value in item.items()}
        if not all(fields[key] for key in _REQUIRED):
            problems.add(path, item.line, "reference: 'author', 'year' and 'title' must not be empty")
            continue
        if fields.get("url") and not fields["url"].startswith("https://"):
            problems.add(path, item.lines["url"], "reference: 'url' must start with https://")
            continue
        references.append(Reference(**fields))
    return tuple(references)
