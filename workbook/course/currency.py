"""Currency notes: `currency/<unit slug>.yaml`, authored notes shown beside imported revision-page
text that is out of date or does not fit this course (the seed files and the imported unit files
stay as given).

    schema: 1
    notes:
      - match: "Key Lines of Enquiry"     # words of the imported text this note answers
        note: "CQC replaced its key lines of enquiry with ..."
        checked: 2026-12-06               # the day the note was last checked (ISO date)
        source: "CQC, draft adult social care assessment framework, 24 March 2026"

A note is shown beside every imported text that contains its `match` (ignoring case and line
breaks) wherever the notebooks and flashcards show it: synopsis, key concepts, guidance, common
mistakes and misconceptions. A `match` found in no imported
text of the unit is reported: after a re-import the note may answer text that is no longer there.
Every note names its source and the day it was checked; `workbook check` warns about notes last
checked more than STALE_AFTER_MONTHS months ago, because law and regulation move on.
"""
from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date
from pathlib import Path

from workbook.course.model import Course, CurrencyNote, Unit
from workbook.course.yamlfile import FieldType, Problems, check_fields, read_yaml

__all__ = ["SCHEMA", "STALE_AFTER_MONTHS", "attach_currency", "currency_path", "imported_texts",
           "stale_notes"]

SCHEMA = 1
#: a note last checked longer ago than this is reported by `workbook check` (not an error)
STALE_AFTER_MONTHS = 12
_NOTE_FIELDS: dict[str, FieldType] = {"match": str, "note": str, "checked": (date, str), "source": str}


def currency_path(course_data: Path, unit_slug: str) -> Path:
    """Where a unit's currency notes live in a course folder."""
    return course_data / "currency" / f"{unit_slug}.yaml"


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
        if not check_fields(item, path, problems, "currency note", _NOTE_FIELDS,
                            line=data["notes"].lines[i]):
            continue
        match, note = " ".join(item["match"].split()), " ".join(item["note"].split())
        source = " ".join(item["source"].split())
        if not match or not note or not source:
            problems.add(path, item.line,
                         "currency note: 'match', 'note' and 'source' must not be empty")
            continue
        checked = _iso_date(item["checked"])
        if checked is None:
            problems.add(path, item.lines["checked"], "currency note: 'checked' must be an ISO "
                         f"date such as 2026-12-06, not {item['checked']!r}")
            continue
        if not any(match.lower() in text for text in texts):
            problems.add(path, item.lines["match"],
                         f"currency note: '{match}' is in none of {unit.slug}'s imported texts "
                         "(re-imported? check the note still applies)")
            continue
        notes.append(CurrencyNote(match, note, checked, source, item.line))
    return replace(unit, currency=tuple(notes))


def _iso_date(value: date | str) -> date | None:
    """A YAML date (unquoted 2026-12-06) or ISO text as a date; None when it is neither."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def stale_notes(course: Course, course_data: Path, today: date | None = None) -> list[str]:
    """One line per currency note last checked more than STALE_AFTER_MONTHS months before today."""
    limit = _months_before(today or date.today(), STALE_AFTER_MONTHS)
    lines = []
    for unit in course.units:
        for note in unit.currency:
            if note.checked is not None and note.checked < limit:
                lines.append(f"{currency_path(course_data, unit.slug)}:{note.line}: currency note "
                             f"'{note.match}' was last checked on {note.checked.isoformat()}, "
                             f"more than {STALE_AFTER_MONTHS} months ago: check it against "
                             "its source again")
    return lines


def _months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day where it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
