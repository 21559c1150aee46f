"""Currency notes: `currency/<unit slug>.yaml`, authored notes shown beside imported revision-page
text that is out of date or does not fit this course (the seed files and the imported unit files
stay as given).

    schema: 1
    notes:
      - match: "Key Lines of Enquiry"     # words of the imported text this note answers
        note: "CQC replaced its key lines of enquiry with ..."

A note is shown beside every imported text that contains its `match` (ignoring case and line
breaks) wherever the notebooks and flashcards show it: synopsis, key concepts, guidance, common
mistakes and misconceptions. A `match` found in no imported
text of the unit is reported: after a re-import the note may answer text that is no longer there.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from workbook.course.model import CurrencyNote, Unit
from workbook.course.yamlfile import Problems, check_fields, read_yaml

__all__ = ["SCHEMA", "attach_currency", "currency_path", "imported_texts"]

SCHEMA = 1


def currency_path(root: Path, unit_slug: str) -> Path:
    """Where a unit's currency notes live in a course folder."""
    return root / "currency" / f"{unit_slug}.yaml"


def imported_texts(unit: Unit) -> list[str]:
    """Every text of the unit that came from its revision page and is shown to learners."""
    return [unit.synopsis, *unit.guidance, *unit.mistakes,
            *(f"{c.name}: {c.explanation}" for c in unit.key_concepts),
            *(f"{m.misconception} {m.correction}" for m in unit.misconceptions)]


def attach_currency(unit: Unit, path: Path, problems: Problems) -> Unit:
    """The unit with the notes of `path` (if the file exists); problems are recorded, not raised."""
    if not path.exists():
        return unit
    data = read_yaml(path, problems)
    if data is None or not check_fields(data, path, problems, "currency notes",
                                        {"schema": int, "notes": list}):
        return unit
    if data["schema"] != SCHEMA:
        problems.add(path, data.lines["schema"],
                     f"schema {data['schema']!r} is not supported (expected {SCHEMA})")
    texts = [" ".join(t.lower().split()) for t in imported_texts(unit)]
    notes = []
    for i, item in enumerate(data["notes"]):
        if not check_fields(item, path, problems, "currency note", {"match": str, "note": str},
                            line=data["notes"].lines[i]):
            continue
        match, note = " ".join(item["match"].split()), " ".join(item["note"].split())
        if not match or not note:
            problems.add(path, item.line, "currency note: 'match' and 'note' must not be empty")
            continue
        if not any(match.lower() in text for text in texts):
            problems.add(path, item.lines["match"],
                         f"currency note: '{match}' is in none of {unit.slug}'s imported texts "
                         "(re-imported? check the note still applies)")
            continue
        notes.append(CurrencyNote(match, note))
    return replace(unit, currency=tuple(notes))
