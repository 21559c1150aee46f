"""Tutor-only assessment banks: `assessment/<unit>.yaml` (assignment settings) and
`assessment/<unit>/<outcome id>.yaml` (questions, in the same format as the formative banks).

They live beside the package, never inside it: learners install the package, so anything in it
reaches them. Questions are validated by the formative banks' validator; assessment questions
are limited to choice questions, whose public form (options without `correct`) reveals nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.course import banks
from workbook.course.model import Course, Question, Unit
from workbook.course.yamlfile import Problems, check_fields, read_yaml

SCHEMA = 1
#: types whose learner-facing form can be shown without giving the answer away.
TYPES = ("single", "multiple", "truefalse")

__all__ = ["Assessment", "Written", "load_assessments", "public_question"]


@dataclass(frozen=True)
class Written:
    """A manually marked written answer for one assessment criterion."""

    criterion: str
    points: int
    prompt: str
    guidance: str = ""  # what "met" looks like for the criterion's verb, for the marker


@dataclass(frozen=True)
class Assessment:
    """One unit's nbgrader assignment: auto-marked questions and written answers."""

    assignment: str
    unit: Unit
    questions: tuple[Question, ...]
    written: tuple[Written, ...]

    @property
    def question_points(self) -> int:
        """Points of the auto-marked part."""
        return sum(q.points for q in self.questions)


def load_assessments(course: Course, root: Path) -> list[Assessment]:
    """Every unit's assessment in the folder `root`, in course order ([] when there is none)."""
    root = Path(root)
    if not root.is_dir():
        return []
    problems = Problems()
    # Formative ids count too: an id must name one question across the whole course.
    seen_ids = {q.id: "the formative banks" for u in course.units for o in u.outcomes
                for q in o.questions}
    seen_stems: dict[str, str] = {}
    found = []
    for unit in course.units:
        settings = root / f"{unit.slug}.yaml"
        if not settings.exists():
            continue
        questions = []
        for outcome in unit.outcomes:
            path = root / unit.slug / f"{outcome.id.lower()}.yaml"
            if path.exists():
                # The formative validator, minus its minimum bank size (a test is short).
                questions += banks.read_bank(path, unit, outcome.id, problems, seen_ids, seen_stems)
        for question in questions:
            if question.type not in TYPES:
                problems.add(root / unit.slug, 0, f"question '{question.id}': assessment questions "
                                                  f"must be one of {', '.join(TYPES)}")
        found.append((settings, unit, questions))
    assessments = [a for a in (_assessment(s, u, q, problems) for s, u, q in found) if a]
    ids = [a.assignment for a in assessments]
    for assignment in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(root, 0, f"assignment id '{assignment}' is used by more than one unit")
    problems.raise_if_any()
    return assessments


def assignment_units(course: Course, root: Path) -> dict[str, str]:
    """{assignment id: unit slug} of every unit's assessment in `root`, read from the settings
    files alone (no question is loaded): which assignments need a signed declaration."""
    found = {}
    for unit in course.units:
        path = Path(root) / f"{unit.slug}.yaml"
        problems = Problems()
        data = read_yaml(path, problems) if path.exists() else None
        if isinstance(data, dict) and isinstance(data.get("assignment"), str):
            found[data["assignment"]] = unit.slug
    return found


def _assessment(path: Path, unit: Unit, questions: list[Question],
                problems: Problems) -> Assessment | None:
    data = read_yaml(path, problems)
    if data is None or not check_fields(
        data, path, problems, "assessment",
        {"schema": int, "unit": str, "assignment": str, "written": list},
    ):
        return None
    if data["schema"] != SCHEMA:
        problems.add(path, data.lines["schema"], f"schema {data['schema']!r} is not supported")
    if data["unit"] != unit.slug:
        problems.add(path, data.lines["unit"], f"unit '{data['unit']}' does not match the file name")
    if not banks.ID_PATTERN.match(data["assignment"]):
        problems.add(path, data.lines["assignment"],
                     "assignment must be lower-case letters, digits and '-'")
    criteria = {c.id for c in unit.criteria}
    written = []
    for i, item in enumerate(data["written"]):
        if not check_fields(item, path, problems, "written answer",
                            {"criterion": (str, int, float), "points": int, "prompt": str},
                            {"guidance": str}, line=data["written"].lines[i]):
            continue
        criterion = str(item["criterion"])
        if criterion not in criteria:
            problems.add(path, item.lines["criterion"], f"criterion '{criterion}' is not in {unit.slug}")
        if item["points"] < 1:
            problems.add(path, item.lines["points"], "points must be 1 or more")
        written.append(Written(criterion, item["points"], item["prompt"].strip(),
                               item.get("guidance", "").strip()))
    if not questions:
        problems.add(path, 0, f"{unit.slug} has no assessment questions in {path.with_suffix('')}/")
    return Assessment(data["assignment"], unit, tuple(questions), tuple(written))


def public_question(question: Question) -> dict[str, Any]:
    """What a learner may see of a question: no correct flags, feedback or explanation."""
    return {
        "id": question.id, "type": question.type, "stem": question.stem,
        "points": question.points,
        "options": [{"id": o.id, "text": o.text} for o in question.options],
    }

