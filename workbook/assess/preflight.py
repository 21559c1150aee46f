"""Checks a tutor runs before nbgrader steps that could leak answers or lose learners' work.

- before release: no responses file and no answer key inside source/ or release/ (a responses
  file there is handed to every learner and, at autograde, replaces every learner's answers);
- before autograde: the assignment's key exists and holds exactly its test cells' questions,
  with the same points.
"""
from __future__ import annotations

import json
from pathlib import Path

import nbformat

from workbook.assess.keys import KIND, AnswerKeyError, load_key
from workbook.assess.responses import RESPONSES

__all__ = ["preflight_autograde", "preflight_release"]

TEST_PREFIX = "test-"


def preflight_release(course_root: Path, assignment: str) -> list[str]:
    """Problems that make releasing the assignment unsafe ([] when it is safe)."""
    problems = []
    for folder in ("source", "release"):
        base = course_root / folder / assignment
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            rel = path.relative_to(course_root)
            if RESPONSES.name in path.relative_to(base).parts:
                problems.append(f"{rel}: a responses file would reach every learner and "
                                "replace their answers at autograde; delete it")
            elif path.is_file() and _is_key(path):
                problems.append(f"{rel}: an answer key must never be inside an assignment folder; "
                                "delete it")
    return problems


def preflight_autograde(course_root: Path, assignment: str, keys: Path | None = None) -> list[str]:
    """Problems that make autograding the assignment wrong ([] when it can go ahead)."""
    source = course_root / "source" / assignment
    notebooks = sorted(source.glob("*.ipynb"))
    if not notebooks:
        return [f"{source}: no source notebook for {assignment}"]
    try:
        key = load_key(assignment, keys)
    except AnswerKeyError as exc:
        return [str(exc)]
    tests = {}
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            grade_id = meta.get("grade_id", "")
            if meta.get("grade") and not meta.get("solution") and grade_id.startswith(TEST_PREFIX):
                tests[grade_id[len(TEST_PREFIX):]] = meta.get("points")
    problems = [f"question {qid} is in the notebook but not in the answer key"
                for qid in sorted(set(tests) - set(key))]
    problems += [f"question {qid} is in the answer key but not in the notebook"
                 for qid in sorted(set(key) - set(tests))]
    problems += [f"question {qid} is worth {tests[qid]} points in the notebook but "
                 f"{key[qid].points} in the answer key"
                 for qid in sorted(set(tests) & set(key)) if tests[qid] != key[qid].points]
    if problems:
        problems.append("run `workbook build` so that notebooks and keys agree")
    return problems


def _is_key(path: Path) -> bool:
    """True for an answer key file, whatever its name."""
    if path.suffix != ".json" or path.stat().st_size > 5_000_000:
        return False
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("kind") == KIND
    except (ValueError, UnicodeDecodeError, AttributeError):
        return False
