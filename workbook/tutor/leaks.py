"""Answer-key text in pages that learners receive: found before they are released.

A feedback page shows the autograded notebook: every cell's code and output. The autograde
steps keep learners' code out of it, but whatever else puts key text there (a changed test, a
tutor's note pasted from the key), the page must not reach learners. Every page is searched for
the key's explanations and option feedback, for the key file's marker, and for anything that
says an option is correct the way a key does (`"correct": true`, `correct=True`).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from workbook.assess.keys import KIND
from workbook.course.model import Question

__all__ = ["MIN_CHARS", "find_leaks", "key_texts"]

#: shorter feedback ("Yes.") is common words, not the key
MIN_CHARS = 20
_CORRECT_FLAG = re.compile(r"""["']?correct["']?\s*[:=]\s*(true|True)\b""")


def key_texts(key: dict[str, Question]) -> list[str]:
    """The texts only the answer key holds: explanations and option feedback, parts included."""
    found = {KIND}
    stack = list(key.values())
    while stack:
        question = stack.pop()
        found.add(question.explanation)
        found.update(option.feedback for option in question.options)
        stack.extend(question.parts)
    return sorted(text.strip() for text in found if len(text.strip()) >= MIN_CHARS or text == KIND)


def find_leaks(folder: Path, texts: list[str], suffixes: tuple[str, ...] = (".html", ".ipynb")) -> list[str]:
    """One line per page under `folder` that holds key text ([] when none does)."""
    problems = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if not path.is_file() or path.suffix not in suffixes:
            continue
        # pages escape quotes and markup; notebooks escape quotes inside JSON strings
        page = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8", errors="replace"))
        page = html.unescape(page).replace('\\"', '"')
        hit = next((t for t in texts if t in page), None)
        if hit is None and (flag := _CORRECT_FLAG.search(page)):
            hit = flag.group(0)
        if hit is not None:
            problems.append(f"{path.relative_to(folder)}: holds answer-key text "
                            f"({hit[:60]}{'...' if len(hit) > 60 else ''})")
    return problems
