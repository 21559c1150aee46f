"""Checks across question banks for `workbook check`: summative items that echo formative ones,
answer cues (the key is the longest option, or sits in one position) in any bank, and how far
test-wise strategies get in each unit's bank (`workbook.course.testwise`): a summative bank they
beat chance on by more than 15 points fails, a formative one is warned about. A summative
multiple-response item with more right options than wrong ones fails on its own.

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

Structural twins: a summative item can test the same point as a formative one, with the same
scenario and the same wrong ideas as distractors, in words close enough that no stem or key
matches. The whole items (stem and every option) are compared instead: content words cut to a
common root ('impressions' -> 'impression'), each weighted by its rarity over all items (inverse
document frequency), cosine of the two weighted sets. Measured when this check was written,
against the formative banks of the time: the summative items an assessor had named as twins of
formative ones (a fair repeat of an observation, Situational Leadership II for a new task, the
democratic vote on a safeguarding concern, role-play feelings, a flustered worker, reviewing a
SMART goal, the ideas of active support) scored 0.21 to 0.26 against their formative pair; the
rewritten summative banks score at most 0.18. Twins fail at 0.20. Pairs of formative items on
one topic reach 0.41, so the measure sees shared topic words, not meaning: near the limit, read
the two items side by side.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from workbook.course import testwise
from workbook.course.banks import QUESTIONS
from workbook.course.model import Course
from workbook.course.yamlfile import LineDict, LineList, Problems, read_yaml

__all__ = ["ANSWER_THRESHOLD", "CUE_LIMIT", "STEM_THRESHOLD", "TWIN_THRESHOLD", "Item",
           "answer_cues", "check_banks", "formative_echoes", "item_similarity", "read_items",
           "rarity", "similarity", "strategy_lines"]

#: a summative stem this similar (or more) to a formative stem fails the check.
STEM_THRESHOLD = 0.5
#: a summative correct answer this similar (or more) to a formative correct answer fails.
ANSWER_THRESHOLD = 0.6
#: a summative item this similar (or more) to a formative one, all its text weighed, is its twin.
TWIN_THRESHOLD = 0.2
#: the largest share of single-choice items whose key may be the longest option, or in one place.
CUE_LIMIT = 0.4
# Words every kind of item uses; left in, they make unrelated items look alike.
_ITEM_STOP = frozenset(
    "was were would could should will can may might has have had been being then than next same "
    "first last after before also only just more most much many some any each every all one two "
    "three you your our she him her hers why how when where there here into out over under about "
    "through what which best most better use used using make made take give get step steps way "
    "say says said week weeks month day days time times now new true false".split())
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


def item_similarity(a: Item, b: Item, weights: dict[str, float]) -> float:
    """Cosine of the two items' whole texts (stem and options), each word weighted."""
    left, right = _item_words(a), _item_words(b)
    shared = sum(weights.get(w, 0.0) ** 2 for w in left & right)
    size = (sum(weights.get(w, 0.0) ** 2 for w in left)
            * sum(weights.get(w, 0.0) ** 2 for w in right)) ** 0.5
    return shared / size if size else 0.0


def rarity(items: list[Item]) -> dict[str, float]:
    """Each word's inverse document frequency over the items: log(items / items using it)."""
    counts = Counter(w for item in items for w in _item_words(item))
    return {w: math.log(len(items) / n) for w, n in counts.items()}


def formative_echoes(formative: dict[Path, list[Item]], summative: dict[Path, list[Item]],
                     problems: Problems) -> None:
    """Record a problem for each summative stem, answer or whole item too close to a formative one."""
    stems = [(item, path) for path, items in formative.items() for item in items]
    weights = rarity([i for banks in (formative, summative) for items in banks.values()
                      for i in items])
    keys = [(text, item, path) for path, items in formative.items() for item in items
            if item.type != "truefalse" for text, _ in item.answers]
    for path, items in summative.items():
        for item in items:
            before = len(problems)
            for other, where in stems:
                score = similarity(item.stem, other.stem)
                if score >= STEM_THRESHOLD:
                    problems.add(path, item.stem_line,
                                 f"'{item.id}': stem is too close to formative question "
                                 f"'{other.id}' ({where.name}; similarity {score:.2f}, "
                                 f"limit {STEM_THRESHOLD})")
            for text, line in item.answers if item.type != "truefalse" else []:
                for key, other, where in keys:
                    score = similarity(text, key)
                    if score >= ANSWER_THRESHOLD:
                        problems.add(path, line,
                                     f"'{item.id}': correct answer is too close to the key of "
                                     f"formative question '{other.id}' ({where.name}; "
                                     f"similarity {score:.2f}, limit {ANSWER_THRESHOLD})")
            # a whole-item twin is worth a line only when no stem or key gave it away
            twin = max(((item_similarity(item, other, weights), other, where)
                        for other, where in stems), key=lambda t: t[0], default=None)
            if twin and twin[0] >= TWIN_THRESHOLD and len(problems) == before:
                problems.add(path, item.stem_line,
                             f"'{item.id}': is a structural twin of formative question "
                             f"'{twin[1].id}' ({twin[2].name}; stem and options similarity "
                             f"{twin[0]:.2f}, limit {TWIN_THRESHOLD})")


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


def check_banks(course: Course, course_data: Path, assessment_root: Path | None) -> list[str]:
    """Warnings about cues in formative banks; ContentError when a summative bank is cued or
    one of its items echoes a formative one."""
    problems = Problems()
    formative = _read_folder(Path(course_data) / QUESTIONS, course, problems)
    summative = _read_folder(Path(assessment_root), course, problems) if assessment_root else {}
    formative_echoes(formative, summative, problems)
    for folder, items in _by_unit(summative).items():
        for message in testwise.cued(testwise.results(items)):
            problems.add(folder, 0, message)
    for path, items in summative.items():
        for item in filter(testwise.outnumbered, items):
            right = len(item.answers)
            problems.add(path, item.stem_line,
                         f"'{item.id}': {right} right options and {len(item.options) - right} "
                         "wrong ones: a multiple-response item needs at least as many wrong")
    problems.raise_if_any()
    warnings = [w for banks in (formative, summative) for path, items in banks.items()
                for w in answer_cues(path, items)]
    return warnings + [f"{folder}: {message}" for folder, items in _by_unit(formative).items()
                       for message in testwise.cued(testwise.results(items))]


def strategy_lines(course: Course, course_data: Path, assessment_root: Path | None) -> list[str]:
    """What each test-wise strategy scores on each unit's formative and summative bank."""
    problems = Problems()
    found = {"formative": _read_folder(Path(course_data) / QUESTIONS, course, problems),
             "summative": (_read_folder(Path(assessment_root), course, problems)
                           if assessment_root else {})}
    problems.raise_if_any()
    return [f"test-wise, {kind} {folder.name}: {line}" for kind, banks in found.items()
            for folder, items in _by_unit(banks).items()
            for line in testwise.summary(testwise.results(items))]


def _by_unit(banks: dict[Path, list[Item]]) -> dict[Path, list[Item]]:
    """A unit's outcome files taken together as one bank, keyed by the unit's folder."""
    units: dict[Path, list[Item]] = {}
    for path, items in banks.items():
        units.setdefault(path.parent, []).extend(items)
    return units


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


def _item_words(item: Item) -> set[str]:
    return {_root(w) for w in _words(" ".join([item.stem, *(t for t, _, _ in item.options)]))
            if len(w) > 2 and w not in _ITEM_STOP}


def _root(word: str) -> str:
    """The word without a plural or verb ending, so 'impressions' meets 'impression'."""
    for ending in ("ing", "ed", "es", "s"):
        if len(word) > 4 and word.endswith(ending):
            return word[:-len(ending)]
    return word


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("’", ""))
            if w not in _STOP}
