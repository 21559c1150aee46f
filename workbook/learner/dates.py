"""Dates as people in England type them, read into one date and stored as ISO (2026-11-14).

Accepted: 14/11/2026, 14-11-2026, 14.11.2026, 14/11/26, 14 Nov 2026, 14th November 2026,
Saturday 14 November 2026, 14 Nov, 2026 and the ISO form. Day first, always: this course is
for England, where 03/04/2026 is the 3rd of April. No I/O.
"""
from __future__ import annotations

import datetime as dt
import re

__all__ = ["HINT", "date_problem", "iso_date", "long_date", "parse_date"]

#: what a date field's placeholder says
HINT = "e.g. 14/11/2026 or 14 Nov 2026"
MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), 1) for name in names}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_WORDS = re.compile(r"(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{4})")


def parse_date(text: str) -> dt.date | None:
    """The date `text` names, or None when it is not a date written in a known way."""
    text = " ".join(str(text).strip().lower().split())
    try:
        if match := _ISO.fullmatch(text):
            year, month, day = (int(g) for g in match.groups())
        elif match := _NUMERIC.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
            if len(match.group(3)) == 2:
                year += 2000
        elif (match := _WORDS.fullmatch(text)) and match.group(2) in MONTHS:
            day, month, year = int(match.group(1)), MONTHS[match.group(2)], int(match.group(3))
        else:
            return None
        return dt.date(year, month, day)
    except ValueError:  # 31/02/2026, month 13
        return None


def iso_date(text: str) -> str:
    """The ISO form of the date `text` names; the text unchanged when it names none."""
    when = parse_date(text)
    return when.isoformat() if when else text.strip()


def long_date(when: dt.date) -> str:
    """'Saturday 14 November 2026': how a date is read back to the learner."""
    return f"{when:%A} {when.day} {when:%B %Y}"


def date_problem(text: str, today: dt.date, future: bool = False, what: str = "the date") -> str:
    """Why `text` cannot be used as a date ("" when it can); `future` allows dates after today."""
    if not text.strip():
        return f"Enter {what}, for example 14/11/2026."
    when = parse_date(text)
    if when is None:
        return (f"“{text.strip()}” is not a date this form can read: type it as day, month, "
                "year, for example 14/11/2026 or 14 Nov 2026.")
    if not future and when > today:
        return (f"{long_date(when)} is in the future: use the date the evidence was produced "
                "(today or earlier).")
    return ""
