"""Assessment answers as nbgrader carries them: `.responses/quiz-<assignment>.json` in the
assignment folder, a Store document (`{"schema": 1, "name": ..., "data": {"answers": ...}}`).

Grading reads the file without changing it (the Store would set a corrupt file aside), and
every fault becomes one ResponsesError whose message the autograded notebook shows.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from workbook.errors import WorkbookError
from workbook.learner.bounded import LearnerFileError, parse, read_bytes
from workbook.learner.quiz_answers import answers_of
from workbook.learner.store import STORE_SCHEMA

RESPONSES = Path(".responses")

__all__ = ["RESPONSES", "ResponsesError", "document_name", "read_answers", "responses_path"]


class ResponsesError(WorkbookError):
    """The saved answers cannot be used; the message says why in plain words."""


def document_name(assignment: str) -> str:
    """The Store document that holds an assignment's answers."""
    return f"quiz-{assignment}"


def responses_path(assignment: str, folder: Path | None = None) -> Path:
    """The responses file of an assignment, relative to its folder (the notebook's folder)."""
    return (folder or Path(".")) / RESPONSES / f"{document_name(assignment)}.json"


def read_answers(assignment: str, folder: Path | None = None) -> dict[str, Any]:
    """Question id -> saved answer (ResponsesError when the file is missing or damaged)."""
    path = responses_path(assignment, folder)
    shown = path.relative_to(folder) if folder else path
    try:
        data = read_bytes(path)   # bounded: a regular file, at most the size limit
    except FileNotFoundError:
        raise ResponsesError(f"No saved answers: {shown} was not found. Answer the questions "
                             "above (each shows 'Saved') before you submit.") from None
    except LearnerFileError as exc:
        raise ResponsesError(f"The saved answers in {shown} cannot be used: the file "
                             f"{exc.reason}.") from None
    except OSError as exc:
        raise ResponsesError(f"The saved answers in {shown} cannot be read "
                             f"({exc.__class__.__name__}).") from None
    try:
        document = parse(data, shown)   # bounded: nesting depth, before parsing
    except LearnerFileError as exc:
        if exc.reason == "is not UTF-8 text":
            raise ResponsesError(f"The saved answers in {shown} cannot be read "
                                 "(UnicodeDecodeError).") from None
        if exc.reason.startswith("is not valid JSON"):
            line = exc.reason.rsplit(" ", 1)[-1].rstrip(")")
            raise ResponsesError(f"The saved answers in {shown} are damaged (not valid JSON, "
                                 f"line {line}).") from None
        raise ResponsesError(f"The saved answers in {shown} are damaged (the file "
                             f"{exc.reason}).") from None
    answers = answers_of(document.get("data")) if isinstance(document, dict) else None
    if answers is None or document.get("schema") != STORE_SCHEMA:
        raise ResponsesError(f"The saved answers in {shown} are damaged (not a file of answers).")
    return {qid: entry.get("answer") for qid, entry in answers.items()}
