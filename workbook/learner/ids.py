"""Learner ids and stored file names: the one rule for names that become paths.

A learner id is at once a hub user name, a Unix account, an nbgrader student id, and a folder
name in the exchange (`<id>+<assignment>+<time>`), the course's `submitted/`, `autograded/` and
`feedback/` folders. A "/" or ".." in it would put a submission somewhere else, or nowhere that
collect looks; a "+" would split nbgrader's file names in the wrong place; a leading "-" would
read as an option. So ids are checked where they enter, and a bad one is refused with a message
that names it; never dropped. The rule matches what Unix account tools accept.

Store documents (`<name>.json`) follow a looser rule for file names: they are made by the
workbook from unit and assignment slugs, never typed by a person.
"""
from __future__ import annotations

import re

from workbook.errors import Refusal

#: what a learner id may be, in words (shown in every refusal).
ID_RULE = ("a lower-case letter, then lower-case letters, digits, '-' and '_', "
           "at most 32 characters")
_ID = re.compile(r"[a-z][a-z0-9_-]{0,31}")
FILE_NAME_RULE = "letters, digits, '.', '-' and '_', starting with a letter or digit, no '..'"
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


class InvalidId(Refusal, ValueError):
    """A learner id or file name that is not safe to use as a path; the message names it."""


def id_problem(value: object) -> str | None:
    """Why `value` cannot be a learner id (None when it can)."""
    if not isinstance(value, str):
        return f"it is not text ({type(value).__name__})"
    if _ID.fullmatch(value):
        return None
    if why := _why(value, 32):
        return why
    if any(c.isupper() for c in value):
        return "it contains capital letters"
    return "it does not start with a letter"


def check_id(value: object, what: str = "learner id") -> str:
    """`value` when it is a valid learner id; InvalidId naming it otherwise."""
    if (problem := id_problem(value)) is not None:
        raise InvalidId(f"{what} {value!r} refused: {problem}; a learner id is {ID_RULE}")
    return value  # type: ignore[return-value]  # id_problem checked it is a str


def is_id(value: object) -> bool:
    """Whether `value` is a valid learner id."""
    return id_problem(value) is None


def check_file_name(value: object, what: str = "file name") -> str:
    """`value` when it is safe as a stored file's name; InvalidId naming it otherwise."""
    if not isinstance(value, str):
        raise InvalidId(f"{what} {value!r} refused: it is not text")
    if _FILE_NAME.fullmatch(value) and ".." not in value:
        return value
    why = _why(value, 200) or "it does not start with a letter or digit"
    raise InvalidId(f"{what} {value!r} refused: {why}; a file name uses {FILE_NAME_RULE}")


def _why(value: str, longest: int) -> str | None:
    """What is wrong with `value` as a path component, in words (None: only the rule's finer
    points, such as its first character)."""
    if not value:
        return "it is empty"
    if "/" in value or "\\" in value:
        return "it contains a path separator"
    if ".." in value:
        return "it contains '..'"
    if len(value) > longest:
        return f"it is {len(value)} characters long"
    bad = sorted({c for c in value if not (c.isascii() and (c.isalnum() or c in "._-"))})
    if bad:
        return "it contains " + ", ".join(repr(c) for c in bad)
    return None
