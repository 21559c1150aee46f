"""Answer keys of the assessments: `keys/<assignment>.json`, kept by tutors, outside every
assignment folder, so neither a released notebook nor nbgrader's feedback can contain them.

Only tutors' processes read them: autograde scores saved answers against them outside the
kernel that runs submissions (`workbook.tutor.autograde`, set up by the course's
nbgrader_config.py from $WORKBOOK_KEYS or `keys/` beside the course folder); that kernel never
gets $WORKBOOK_KEYS.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbook.assess.assessment import Assessment
from workbook.course.model import Option, Pair, Question
from workbook.errors import WorkbookError
from workbook.settings import settings

KEYS = Path("keys")
#: marks a key file by its content, so a copy under any name is still recognised.
KIND = "workbook-answer-keys"

__all__ = ["KEYS", "KIND", "AnswerKeyError", "key_path", "key_text", "keys_root", "load_key"]


class AnswerKeyError(WorkbookError):
    """The answer key of an assignment is missing or unreadable."""


def keys_root() -> Path:
    """The folder of key files: $WORKBOOK_KEYS (AnswerKeyError when it is not set)."""
    current = settings()
    if not current.keys_set:
        raise AnswerKeyError("WORKBOOK_KEYS is not set, so the answer keys cannot be found; "
                             "run nbgrader from the course folder so its nbgrader_config.py sets it")
    return current.keys


def key_path(assignment: str, root: Path | None = None) -> Path:
    """Where the key of one assignment lives."""
    return (root or keys_root()) / f"{assignment}.json"


def key_text(assessment: Assessment) -> str:
    """The key file of an assessment: every question in full, with points (stable bytes)."""
    document = {
        "kind": KIND, "schema": 1, "assignment": assessment.assignment,
        "unit": assessment.unit.slug,
        "questions": [asdict(q) for q in assessment.questions],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def load_key(assignment: str, root: Path | None = None) -> dict[str, Question]:
    """The questions of an assignment's key, by id (AnswerKeyError naming the file on failure)."""
    path = key_path(assignment, root)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnswerKeyError(f"no answer key for {assignment}: {path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnswerKeyError(f"the answer key {path} cannot be read ({exc})") from None
    if not isinstance(document, dict) or document.get("kind") != KIND \
            or document.get("assignment") != assignment:
        raise AnswerKeyError(f"{path} is not the answer key of {assignment}")
    try:
        return {q["id"]: _question(q) for q in document["questions"]}
    except (KeyError, TypeError) as exc:
        raise AnswerKeyError(f"the answer key {path} is damaged ({exc!r})") from None


def _question(data: dict[str, Any]) -> Question:
    return Question(**{
        **data,
        "models": tuple(data["models"]),
        "options": tuple(Option(**o) for o in data["options"]),
        "pairs": tuple(Pair(**p) for p in data["pairs"]),
        "distractors": tuple(data["distractors"]),
        "steps": tuple(data["steps"]),
        "parts": tuple(_question(p) for p in data["parts"]),
    })
