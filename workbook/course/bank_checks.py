"""Checks across question banks for `workbook check`: summative items that echo formative ones,
and answer cues (the key is the longest option, or sits in one position) in any bank.

A summative item fails the check when its stem, or one of its correct answers, closely matches
a formative item's stem or correct answer: learners see the formative banks with their answers,
so such an item marks recall of a published key, not understanding.

Similarity is the Jaccard index of the two texts' word sets (lower case, apostrophes dropped,
digits kept, common function words removed): |A & B| / |A | B|. Measured on the course's real
banks when this check was written:

- the three summative stems that restated a formative question (Regulation 9, the ideas of active
  support, unwise decisions) scored 0.64, 0.55 and 0.55 against it; the most similar pair of
  *different* formative stems scored 0.50 (two "which would be evidence for criterion N"
  questions built on one template), and every other pair 0.38 or less;
- the summative correct answers that repeated a formative key (the Regulation 9 label, the Care
  Act's "control over day-to-day life") scored 1.00; the most similar correct answers of two
  different formative questions scored 0.33.

So stems fail at 0.50 and answers at 0.60: each catches every known echo with room to spare over
what distinct items reach. The scenario-based summative bank that replaced those items reaches
0.22 (stems) and 0.29 (answers) against the formative banks. No word measure sees that two items
test one fact in different words (the old SMART-goal pair scored 0.17); that stays the author's
and the reviewer's job. difflib's ratio on the same texts separated them less well (known
echoes 0.59 to 0.85, distinct formative stems up to 0.79), because it rewards shared
phrasing such as "Which of these ... Select all that apply." True/false answers are not compared
(every such item answers "True" or "False"); their stems are. A one-word answer that equals a
formative one (say "Coaching") fails: a summative item should not share its key with the
practice quiz.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from workbook.course.banks import QUESTIONS
from workbook.course.model import Course
from workbook.course.yamlfile import LineDict, LineList, Problems, read_yaml

__all__ = ["ANSWER_THRESHOLD", "CUE_LIMIT", "STEM_THRESHOLD", "Item", "answer_cues",
           "check_banks", "formative_echoes", "read_items", "similarity"]

#: a summative stem this similar (or more) to a formative stem fails the check.
STEM_THRESHOLD = 0.5
#: a summative correct answer this similar (or more) to a formative correct answer fails.
ANSWER_THRESHOLD = 0.6
#: the largest share of single-choice items whose key may be the longest option, or in one place.
CUE_LIMIT = 0.4
_STOP = frozenset(
    "a an the of to in on for and or is are be as at by it its this that with from which what who "
    "whom their they them his her he she do does did not no".split())


@dataclass(frozen=True)
class Item:
    """A choice question (or scenario part) as written in a bank file, with its line numbers."""

    id: str
    type: str
    stem: str
    stem_line: int
    options: tuple[tuple[str, bool, int], ...]  # (text, correct, line), in authored order

    @property
    def answers(self) -> list[tuple[str, int]]:
        """The correct options' texts and lines."""
        return [(text, line) for text, correct, line in self.options if correct]


def similarity(a: str, b: str) -> float:
    """Jaccard index of the two texts' content words (0 to 1)."""
    left, right = _words(a), _words(b)
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def read_items(path: Path, problems: Problems) -> list[Item]:
    """The choice items of one bank file, scenario parts included (unreadable files: [])."""
    data = read_yaml(path, problems)
    questions = data.get("questions") if isinstance(data, dict) else None
    items: list[Item] = []
    for question in questions if isinstance(questions, list) else []:
        parts = question.get("parts") if isinstance(question, dict) else None
        for entry in [question, *(parts if isinstance(parts, list) else [])]:
            item = _item(entry)
            if item:
                items.append(item)
    return items


def formative_echoes(formative: dict[Path, list[Item]], summative: dict[Path, list[Item]],
                     problems: Problems) -> None:
    """Record a problem for each summative stem or answer too close to a formative one."""
    stems = [(item, path) for path, items in formative.items() for item in items]
    keys = [(text, item, path) for path, items in formative.items() for item in items
            if item.type != "truefalse" for text, _ in item.answers]
    for path, items in summative.items():
        for item in items:
            for other, where in stems:
                score = similarity(item.stem, other.stem)
                if score >= STEM_THRESHOLD:
                    problems.add(path, item.stem_line,
                                 f"'{item.id}': stem is too close to formative question "
                                 f"'{other.id}' ({where.name}; similarity {score:.2f}, "
                                 f"limit {STEM_THRESHOLD})")
            if item.type == "truefalse":
                continue
            for text, line in item.answers:
                for key, other, where in keys:
                    score = similarity(text, key)
                    if score >= ANSWER_THRESHOLD:
                        problems.add(path, line,
                                     f"'{item.id}': correct answer is too close to the key of "
                                     f"formative question '{other.id}' ({where.name}; "
                                     f"similarity {score:.2f}, limit {ANSWER_THRESHOLD})")


def answer_cues(path: Path, items: list[Item]) -> list[str]:
    """Warnings for one bank: keys that are the longest option, or crowd into one position."""
    singles = [i for i in items if i.type == "single" and len(i.answers) == 1]
    if not singles:
        return []
    longest = sum(1 for i in singles if _is_longest(i))
    positions = Counter(next(n for n, (_, c, _) in enumerate(i.options) if c) for i in singles)
    warnings = []
    if longest / len(singles) > CUE_LIMIT:
        warnings.append(f"{path}: the correct option is the longest (or tied) in {longest} of "
                        f"{len(singles)} single-choice questions (limit {CUE_LIMIT:.0%})")
    place, count = max(sorted(positions.items()), key=lambda kv: kv[1])
    if count / len(singles) > CUE_LIMIT:
        warnings.append(f"{path}: option {place + 1} (as written) is correct in {count} of "
                        f"{len(singles)} single-choice questions (limit {CUE_LIMIT:.0%})")
    return warnings


def check_banks(course: Course, course_root: Path, assessment_root: Path | None) -> list[str]:
    """Warnings about answer cues in every bank; ContentError when a summative item echoes one."""
    problems = Problems()
    formative = _read_folder(Path(course_root) / QUESTIONS, course, problems)
    summative = _read_folder(Path(assessment_root), course, problems) if assessment_root else {}
    formative_echoes(formative, summative, problems)
    problems.raise_if_any()
    return [w for banks in (formative, summative) for path, items in banks.items()
            for w in answer_cues(path, items)]


def _read_folder(root: Path, course: Course, problems: Problems) -> dict[Path, list[Item]]:
    """Each unit's `<root>/<unit slug>/*.yaml` bank, read as items (missing folders: none)."""
    found: dict[Path, list[Item]] = {}
    for unit in course.units:
        for path in sorted((root / unit.slug).glob("*.yaml")) if root.is_dir() else []:
            found[path] = read_items(path, problems)
    return found


def _item(entry: object) -> Item | None:
    if not isinstance(entry, LineDict) or not isinstance(entry.get("options"), LineList):
        return None
    options = entry["options"]
    kept = tuple((str(o.get("text", "")), o.get("correct") is True,
                  o.lines.get("text", options.lines[n]))
                 for n, o in enumerate(options) if isinstance(o, LineDict))
    return Item(str(entry.get("id", "?")), str(entry.get("type", "")), str(entry.get("stem", "")),
                entry.lines.get("stem", entry.line), kept)


def _is_longest(item: Item) -> bool:
    lengths = [len(text) for text, _, _ in item.options]
    return len(item.answers[0][0]) == max(lengths)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("’", ""))
            if w not in _STOP}
