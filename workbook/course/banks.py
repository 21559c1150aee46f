"""Question banks: `questions/<unit-slug>/<outcome id>.yaml` -> Question objects on each Outcome.

Validation reports every problem as `file:line: message`: fields and types per question type,
ids (unique across the course) and stems (unique, ignoring case and spacing), answers that a
question can actually have (exactly one correct option for single and true/false, ...),
criteria of the unit, one bank per outcome with at least MIN_QUESTIONS questions, and every
criterion asked about by at least one question.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from workbook.course.model import QUESTION_TYPES, Option, Pair, Question, Unit
from workbook.course.yamlfile import FieldType, LineDict, Problems, check_fields, read_yaml

__all__ = ["BANK_SCHEMA", "ID_PATTERN", "MIN_QUESTIONS", "attach_banks", "bank_path",
           "count_lines", "load_bank", "question_counts", "read_bank"]

BANK_SCHEMA = 1
#: fewest questions an outcome's bank may hold.
MIN_QUESTIONS = 10
QUESTIONS = "questions"
#: what an id (question, assignment) may look like: lower-case letters, digits and "-".
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CHOICE_TYPES = ("single", "multiple", "truefalse")
_COMMON: dict[str, FieldType] = {"id": str, "type": str, "stem": str}
_OPTIONAL: dict[str, FieldType] = {"points": int, "models": list, "from_misconception": bool}
_BY_TYPE: dict[str, dict[str, FieldType]] = {
    "single": {"options": list},
    "multiple": {"options": list},
    "truefalse": {"options": list},
    "matching": {"pairs": list},
    "ordering": {"steps": list},
    "scenario": {"scenario": str, "parts": list},
}


def bank_path(course_data: Path, unit_slug: str, outcome_id: str) -> Path:
    """Where the bank of one outcome lives in a course folder."""
    return course_data / QUESTIONS / unit_slug / f"{outcome_id.lower()}.yaml"


def attach_banks(course_data: Path, units: list[Unit], problems: Problems,
                 valid: set[str] | None = None) -> list[Unit]:
    """The units with each outcome's questions loaded and validated (problems recorded).

    Only units whose slug is in `valid` (default: all) get their banks checked: checking banks
    against a unit file that has problems of its own would only repeat those problems.
    """
    # stray files are only worth reporting once the units themselves are valid: a unit that
    # failed to load would make its banks look stray
    report_strays = not problems
    seen_ids: dict[str, str] = {}
    seen_stems: dict[str, str] = {}
    result = []
    for unit in units:
        if valid is not None and unit.slug not in valid:
            result.append(unit)
            continue
        outcomes = []
        for outcome in unit.outcomes:
            path = bank_path(course_data, unit.slug, outcome.id)
            if not path.exists():
                problems.add(path, 0, f"missing: every outcome needs a question bank "
                                      f"({unit.slug} {outcome.id} has none)")
                outcomes.append(outcome)
                continue
            questions = read_bank(path, unit, outcome.id, problems, seen_ids, seen_stems)
            _check_coverage(path, outcome.id, [c.id for c in outcome.criteria], questions, problems)
            outcomes.append(replace(outcome, questions=tuple(questions)))
        result.append(replace(unit, outcomes=tuple(outcomes)))
    if report_strays:
        _check_strays(course_data, units, problems)
    return result


def load_bank(path: Path, unit: Unit, outcome_id: str) -> tuple[Question, ...]:
    """One bank file's questions, validated on their own (ContentError lists every problem)."""
    problems = Problems()
    questions = read_bank(path, unit, outcome_id, problems)
    problems.raise_if_any()
    return tuple(questions)


def question_counts(unit: Unit) -> dict[str, Counter]:
    """Per outcome id, how many questions of each type its bank holds."""
    return {o.id: Counter(q.type for q in o.questions) for o in unit.outcomes}


def count_lines(units) -> list[str]:
    """Readable question counts per outcome and type, for `workbook check`."""
    lines = [f"questions per outcome (at least {MIN_QUESTIONS} each):"]
    for unit in units:
        for outcome_id, counts in question_counts(unit).items():
            kinds = ", ".join(f"{kind} {counts[kind]}" for kind in QUESTION_TYPES if counts[kind])
            lines.append(f"  {unit.slug} {outcome_id}: {sum(counts.values())} ({kinds})")
    return lines


def read_bank(path: Path, unit: Unit, outcome_id: str, problems: Problems,
              seen_ids: dict[str, str] | None = None,
              seen_stems: dict[str, str] | None = None) -> list[Question]:
    """One bank file's valid questions; its problems go to `problems`, not raised.

    `seen_ids` and `seen_stems` (id or normalised stem -> "file:line") are shared across files
    to report an id or stem used twice in the course; they are filled in as questions are read.
    """
    seen_ids = {} if seen_ids is None else seen_ids
    seen_stems = {} if seen_stems is None else seen_stems
    data = read_yaml(path, problems)
    if data is None:
        return []
    if not check_fields(data, path, problems, "question bank",
                        {"schema": int, "unit": str, "outcome": str, "questions": list}):
        return []
    if data["schema"] != BANK_SCHEMA:
        problems.add(path, data.lines["schema"],
                     f"schema {data['schema']!r} is not supported (expected {BANK_SCHEMA})")
    for key, expected in (("unit", unit.slug), ("outcome", outcome_id)):
        if data[key] != expected:
            problems.add(path, data.lines[key], f"{key} '{data[key]}' does not match the file's place "
                                                f"(expected '{expected}')")
    criteria = {c.id for c in unit.criteria}
    questions = []
    for i, item in enumerate(data["questions"]):
        question = _question(item, path, problems, data["questions"].lines[i], criteria, part=False)
        if question is None:
            continue
        where = f"{path.name}:{item.lines['id']}"
        if question.id in seen_ids:
            problems.add(path, item.lines["id"], f"duplicate question id '{question.id}' "
                                                 f"(first at {seen_ids[question.id]})")
        seen_ids.setdefault(question.id, where)
        stem = " ".join(question.stem.lower().split())
        if stem in seen_stems:
            problems.add(path, item.lines["stem"], f"question '{question.id}' repeats the stem "
                                                   f"of the question at {seen_stems[stem]}")
        seen_stems.setdefault(stem, where)
        questions.append(question)
    return questions


def _question(item: LineDict, path: Path, problems: Problems, line: int,
              criteria: set[str], part: bool) -> Question | None:
    what = "scenario part" if part else "question"
    if not isinstance(item, dict):
        problems.add(path, line, f"each {what} must be a mapping")
        return None
    kind = item.get("type")
    allowed = _CHOICE_TYPES if part else QUESTION_TYPES
    if not isinstance(kind, str) or kind not in allowed:
        at = item.lines.get("type", item.line)
        problems.add(path, at, f"{what} type must be one of {', '.join(allowed)} (got {kind!r})")
        return None
    optional: dict[str, FieldType]
    if part:
        required = {**_COMMON, **_BY_TYPE[kind]}
        optional = {"explanation": str}
    else:
        required = {**_COMMON, **_BY_TYPE[kind], "criterion": (str, int, float), "explanation": str}
        optional = {**_OPTIONAL, **({"distractors": list} if kind == "matching" else {})}
    name = f"{what} '{item.get('id')}'"
    if not check_fields(item, path, problems, name, required, optional, line=line):
        return None
    lines = item.lines
    ok = _check_text(item, ("id", "stem", "explanation", "scenario"), path, problems, name)
    if not ID_PATTERN.match(item["id"]):
        problems.add(path, lines["id"], f"{name}: id must be lower-case letters, digits and '-'")
        ok = False
    criterion = str(item.get("criterion", ""))
    if not part and criterion not in criteria:
        problems.add(path, lines["criterion"],
                     f"{name}: criterion '{criterion}' is not a criterion of this unit")
        ok = False
    if item.get("points", 1) < 1:
        problems.add(path, lines["points"], f"{name}: points must be 1 or more")
        ok = False
    options = _options(item, kind, path, problems, name) if kind in _CHOICE_TYPES else ()
    pairs = _pairs(item, path, problems, name) if kind == "matching" else ()
    steps = _strings(item, "steps", path, problems, name) if kind == "ordering" else ()
    if kind == "ordering" and steps is not None and len(steps) < 2:
        problems.add(path, lines["steps"], f"{name}: an ordering question needs at least 2 steps")
    parts = _parts(item, path, problems, name) if kind == "scenario" else ()
    if options is None or pairs is None or steps is None or parts is None or not ok:
        return None
    return Question(
        id=item["id"], type=kind, stem=item["stem"], criterion=criterion,
        points=item.get("points", 1), explanation=item.get("explanation", ""),
        models=_strings(item, "models", path, problems, name) or (),
        from_misconception=item.get("from_misconception", False), options=options, pairs=pairs,
        distractors=_strings(item, "distractors", path, problems, name) or (),
        steps=steps, scenario=item.get("scenario", ""), parts=parts,
    )


def _check_text(item: LineDict, keys, path: Path, problems: Problems, name: str) -> bool:
    ok = True
    for key in keys:
        if key in item and isinstance(item[key], str) and not item[key].strip():
            problems.add(path, item.lines[key], f"{name}: '{key}' must not be empty")
            ok = False
    return ok


def _options(item: LineDict, kind: str, path: Path, problems: Problems, name: str):
    options, ids = [], set()
    items = item["options"]
    for i, raw in enumerate(items):
        if not check_fields(raw, path, problems, f"{name} option", {"id": (str, bool), "text": str,
                            "feedback": str}, {"correct": bool}, line=items.lines[i]):
            return None
        option_id = str(raw["id"]).lower() if isinstance(raw["id"], bool) else raw["id"]
        if option_id in ids:
            problems.add(path, raw.lines["id"], f"{name}: duplicate option id '{option_id}'")
            return None
        ids.add(option_id)
        options.append(Option(option_id, raw["text"], raw.get("correct", False), raw["feedback"]))
    correct = sum(o.correct for o in options)
    if kind == "truefalse" and sorted(ids) != ["false", "true"]:
        problems.add(path, items.line, f"{name}: true/false options must have ids 'true' and 'false'")
        return None
    if len(options) < 2:
        problems.add(path, items.line, f"{name}: needs at least 2 options")
        return None
    if kind in ("single", "truefalse") and correct != 1:
        problems.add(path, items.line, f"{name}: exactly one option must be correct (found {correct})")
        return None
    if kind == "multiple" and correct < 1:
        problems.add(path, items.line, f"{name}: at least one option must be correct")
        return None
    return tuple(options)


def _pairs(item: LineDict, path: Path, problems: Problems, name: str):
    pairs = []
    items = item["pairs"]
    for i, raw in enumerate(items):
        if not check_fields(raw, path, problems, f"{name} pair", {"left": str, "right": str},
                            line=items.lines[i]):
            return None
        pairs.append(Pair(raw["left"], raw["right"]))
    rights = [p.right for p in pairs] + list(item.get("distractors", []))
    if len(pairs) < 2:
        problems.add(path, items.line, f"{name}: a matching question needs at least 2 pairs")
        return None
    for label, values in (("left", [p.left for p in pairs]), ("right-hand", rights)):
        repeated = sorted(v for v, n in Counter(values).items() if n > 1)
        if repeated:
            problems.add(path, items.line, f"{name}: {label} texts repeat: {repeated[0]!r}")
            return None
    return tuple(pairs)


def _strings(item: LineDict, key: str, path: Path, problems: Problems, name: str):
    values = item.get(key, [])
    for i, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            problems.add(path, values.lines[i], f"{name}: each of '{key}' must be non-empty text")
            return None
    if len(set(values)) != len(values):
        problems.add(path, values.line, f"{name}: '{key}' has repeated entries")
        return None
    return tuple(values)


def _parts(item: LineDict, path: Path, problems: Problems, name: str):
    parts: list[Question] = []
    items = item["parts"]
    for i, raw in enumerate(items):
        part = _question(raw, path, problems, items.lines[i], set(), part=True)
        if part is None:
            return None
        if any(p.id == part.id for p in parts):
            problems.add(path, raw.lines["id"], f"{name}: duplicate part id '{part.id}'")
            return None
        parts.append(part)
    if not parts:
        problems.add(path, items.line, f"{name}: a scenario needs at least one part")
        return None
    return tuple(parts)


def _check_coverage(path: Path, outcome_id: str, criteria: list[str], questions: list[Question],
                    problems: Problems) -> None:
    if len(questions) < MIN_QUESTIONS:
        problems.add(path, 1, f"{outcome_id} has {len(questions)} valid questions; "
                              f"at least {MIN_QUESTIONS} are needed")
    asked = {q.criterion for q in questions}
    for criterion in criteria:
        if criterion not in asked:
            problems.add(path, 1, f"criterion {criterion} of {outcome_id} has no question")


def _check_strays(course_data: Path, units: list[Unit], problems: Problems) -> None:
    """Bank files that belong to no outcome would silently never be shown: report them."""
    folder = course_data / QUESTIONS
    expected = {bank_path(course_data, u.slug, o.id) for u in units for o in u.outcomes}
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file() and path not in expected:
            problems.add(path, 0, "not the question bank of any outcome "
                                  "(expected questions/<unit-slug>/<outcome id>.yaml)")
