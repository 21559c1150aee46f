"""Course YAML -> model, validating types, ids and cross-references with file:line problems.

A course folder holds `course.yaml` (units in teaching order), `units/<slug>.yaml` (imported
from revision pages; never hand-edited), `outcomes/<slug>.yaml` (authored notes per outcome)
and `questions/<slug>/<outcome>.yaml` (question banks, see banks.py). `specs/<slug>.yaml`, where
present, is the awarding body's specification (see specs.py): its criteria replace the revision
page's marking points as what each outcome is assessed against, and the marking points stay on
the outcome as guidance. `currency/<slug>.yaml`, where present, holds notes shown beside imported
text that is out of date (see currency.py).
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from workbook.course.banks import attach_banks
from workbook.course.currency import attach_currency, currency_path
from workbook.course.model import (
    Course,
    Criterion,
    KeyConcept,
    Misconception,
    Outcome,
    Reference,
    Topic,
    Unit,
)
from workbook.course.references import KEY as REFERENCES_KEY
from workbook.course.references import load_references
from workbook.course.slugs import slugify
from workbook.course.specs import load_spec
from workbook.course.yamlfile import (
    ContentError,
    LineDict,
    LineList,
    Problems,
    check_fields,
    read_yaml,
)
from workbook.settings import settings

SCHEMA_VERSION = 1

__all__ = ["ContentError", "SCHEMA_VERSION", "course_data", "load_course"]

_UNIT_FIELDS_REQUIRED = {"schema": int, "slug": str, "title": str, "outcomes": list}
_UNIT_FIELDS_OPTIONAL = {
    "awarding_body": str,
    "qualifications": list,
    "synopsis": str,
    "overview": list,
    "key_concepts": list,
    "unlinked_criteria": list,
    "guidance": list,
    "mistakes": list,
    "misconceptions": list,
    "prerequisites": list,
    "source": str,
}


def course_data() -> Path:
    """The course YAML folder: $WORKBOOK_COURSE if set, else the course shipped in the package."""
    return settings().course


#: the last course loaded, by (folder, digest of its files): one outcome notebook builds a quiz,
#: flashcards and an evidence log, each asking for the course, and parsing it costs 0.1-0.3 s
_loaded: dict[tuple[Path, str], Course] = {}


def load_course(course_data: Path | None = None) -> Course:
    """Load and validate the course; raise ContentError listing every problem.

    Asked again while no file of the course folder changed (same names and bytes), the same
    immutable Course comes back without parsing.
    """
    folder = Path(course_data) if course_data else settings().course
    key = (folder, _digest(folder))
    if key not in _loaded:
        course = _load_course(folder)
        _loaded.clear()
        _loaded[key] = course
    return _loaded[key]


def _digest(course_data: Path) -> str:
    """A digest of every file's name and bytes under the course folder (~1 ms for the course)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in course_data.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(course_data)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _load_course(course_data: Path) -> Course:
    problems = Problems()
    path = course_data / "course.yaml"
    data = read_yaml(path, problems)
    if data is None:
        problems.raise_if_any()
    ok = check_fields(
        data, path, problems, "course",
        required={"schema": int, "id": str, "title": str, "qualification": str, "units": list},
    )
    if not ok:
        problems.raise_if_any()
    _check_schema(data, path, problems)
    units = []
    seen: set[str] = set()
    valid: set[str] = set()  # units whose own files have no problems
    for i, slug in enumerate(data["units"]):
        line = data["units"].lines[i]
        if not isinstance(slug, str):
            problems.add(path, line, "units: each entry must be a unit slug (text)")
            continue
        if slug in seen:
            problems.add(path, line, f"unit '{slug}' is listed twice")
            continue
        seen.add(slug)
        unit_path = course_data / "units" / f"{slug}.yaml"
        if not unit_path.exists():
            problems.add(path, line, f"unit '{slug}' has no file units/{slug}.yaml")
            continue
        known = len(problems)
        unit = _load_unit(unit_path, slug, course_data / "outcomes" / f"{slug}.yaml", problems)
        spec_path = course_data / "specs" / f"{slug}.yaml"
        if unit and spec_path.exists():
            unit = _with_spec(unit, spec_path, problems)
        if unit:
            unit = attach_currency(unit, currency_path(course_data, slug), problems)
        if unit:
            _check_topics(unit, course_data / "outcomes" / f"{slug}.yaml", problems)
        if unit:
            units.append(unit)
            if len(problems) == known:
                valid.add(slug)
    units = attach_banks(course_data, units, problems, valid)
    problems.raise_if_any()
    return Course(id=data["id"], title=data["title"], qualification=data["qualification"],
                  units=tuple(units))


def _with_spec(unit: Unit, path: Path, problems: Problems) -> Unit:
    """The unit with its specification; outcomes it gives criteria for are assessed on them."""
    loaded = load_spec(path, unit.slug, {o.id: o.title for o in unit.outcomes}, problems)
    if loaded is None:
        return unit
    spec, official = loaded
    outcomes = tuple(replace(o, criteria=official[o.id]) if official.get(o.id) else o
                     for o in unit.outcomes)
    return replace(unit, spec=spec, outcomes=outcomes)


def _check_schema(data: LineDict, path: Path, problems: Problems) -> None:
    if data.get("schema") != SCHEMA_VERSION:
        problems.add(path, data.lines.get("schema", data.line),
                     f"schema {data.get('schema')!r} is not supported (expected {SCHEMA_VERSION})")


def _load_unit(path: Path, slug: str, notes_path: Path, problems: Problems) -> Unit | None:
    data = read_yaml(path, problems)
    if data is None:
        return None
    if not check_fields(data, path, problems, "unit", _UNIT_FIELDS_REQUIRED, _UNIT_FIELDS_OPTIONAL):
        return None
    _check_schema(data, path, problems)
    if data["slug"] != slug:
        problems.add(path, data.lines["slug"], f"slug '{data['slug']}' does not match file name '{slug}'")
    texts = {key: _texts(data, key, path, problems) for key in
             ("qualifications", "overview", "guidance", "mistakes", "prerequisites")}
    concepts = _concepts(data.get("key_concepts", []), path, problems, "key concept")
    notes, references = _load_notes(notes_path, problems) if notes_path.exists() else ({}, ())
    criterion_ids: set[str] = set()
    outcomes: list[Outcome] = []
    for i, item in enumerate(data["outcomes"]):
        where = f"outcome {i + 1}"
        if not check_fields(item, path, problems, where, {"id": str, "title": str},
                            {"criteria": list}, line=data["outcomes"].lines[i]):
            continue
        if any(o.id == item["id"] for o in outcomes):
            problems.add(path, item.lines["id"], f"duplicate outcome id '{item['id']}'")
        marking_points = _criteria(item.get("criteria", []), path, problems, criterion_ids)
        note: dict = notes.pop(item["id"], {})
        outcomes.append(Outcome(
            id=item["id"], title=item["title"], slug=slugify(item["title"], 40),
            criteria=marking_points, marking_points=marking_points, summary=note.get("summary", ""),
            models=_concepts(note.get("models", []), notes_path, problems, "model"),
            topics=_topics(note.get("topics", []), notes_path, problems),
            evidence_routes=_routes(note, notes_path, problems),
        ))
    if not data["outcomes"]:
        problems.add(path, data.lines["outcomes"], "a unit needs at least one learning outcome")
    for outcome_id, note in notes.items():
        problems.add(notes_path, note.line, f"notes for '{outcome_id}', which is not an outcome of {slug}")
    misconceptions = []
    for i, item in enumerate(data.get("misconceptions", [])):
        if check_fields(item, path, problems, "misconception", {"misconception": str, "correction": str},
                        line=data["misconceptions"].lines[i]):
            misconceptions.append(Misconception(item["misconception"], item["correction"]))
    return Unit(
        slug=slug, title=data["title"], awarding_body=data.get("awarding_body", ""),
        qualifications=texts["qualifications"], synopsis=data.get("synopsis", ""),
        overview=texts["overview"], key_concepts=concepts, outcomes=tuple(outcomes),
        unlinked_criteria=_criteria(data.get("unlinked_criteria", []), path, problems, criterion_ids),
        guidance=texts["guidance"], mistakes=texts["mistakes"], misconceptions=tuple(misconceptions),
        prerequisites=texts["prerequisites"], source=data.get("source", ""),
        references=references,
    )


def _texts(data: LineDict, key: str, path: Path, problems: Problems) -> tuple[str, ...]:
    items = data.get(key, [])
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            problems.add(path, items.lines[i], f"{key}: each item must be non-empty text")
    return tuple(item for item in items if isinstance(item, str))


def _criteria(items: LineList, path: Path, problems: Problems, seen: set[str]) -> tuple[Criterion, ...]:
    criteria = []
    for i, item in enumerate(items):
        if not check_fields(item, path, problems, "criterion", {"id": (str, int, float), "text": str},
                            line=items.lines[i]):
            continue
        criterion_id = str(item["id"])
        if criterion_id in seen:
            problems.add(path, item.lines["id"], f"duplicate criterion id '{criterion_id}'")
        seen.add(criterion_id)
        criteria.append(Criterion(criterion_id, item["text"]))
    return tuple(criteria)


def _concepts(items: LineList, path: Path, problems: Problems, what: str) -> tuple[KeyConcept, ...]:
    concepts = []
    for i, item in enumerate(items):
        if check_fields(item, path, problems, what, {"name": str, "explanation": str},
                        line=items.lines[i]):
            concepts.append(KeyConcept(item["name"], item["explanation"]))
    return tuple(concepts)


def _topics(items: LineList, path: Path, problems: Problems) -> tuple[Topic, ...]:
    topics = []
    for i, item in enumerate(items):
        if check_fields(item, path, problems, "topic", {"title": str, "text": str},
                        {"criteria": list}, line=items.lines[i]):
            topics.append(Topic(item["title"], item["text"].strip(),
                                tuple(str(c) for c in item.get("criteria", []))))
    return tuple(topics)


def _routes(note: dict, path: Path, problems: Problems) -> tuple[tuple[str, str], ...]:
    routes = note.get("evidence", {})
    lines = getattr(routes, "lines", {})
    for key, text in routes.items():
        if not isinstance(text, str) or not text.strip():
            problems.add(path, lines.get(key, 0), f"evidence for '{key}' must be non-empty text")
    return tuple((str(k), v.strip()) for k, v in routes.items() if isinstance(v, str))


def _check_topics(unit: Unit, notes_path: Path, problems: Problems) -> None:
    """Every criterion a teaching note or evidence route names must be one of its outcome's."""
    for outcome in unit.outcomes:
        ids = {c.id for c in outcome.criteria}
        for criterion, _ in outcome.evidence_routes:
            if criterion not in ids:
                problems.add(notes_path, 0, f"{outcome.id} evidence: '{criterion}' is not a "
                             f"criterion of {outcome.id}")
        for topic in outcome.topics:
            for criterion in topic.criteria:
                if criterion not in ids:
                    problems.add(notes_path, 0, f"{outcome.id} topic '{topic.title}': criterion "
                                 f"'{criterion}' is not a criterion of {outcome.id}")


def _load_notes(path: Path, problems: Problems) -> tuple[dict[str, LineDict], tuple[Reference, ...]]:
    """Authored notes per outcome id ({'LO1': {'summary': ..., 'models': [...]}}) and the unit's
    reference list (the `references` entry, see references.py)."""
    data = read_yaml(path, problems)
    if data is None:
        return {}, ()
    if not isinstance(data, dict):
        problems.add(path, 1, "outcome notes must be a mapping of outcome id to notes")
        return {}, ()
    references: tuple[Reference, ...] = ()
    notes: dict[str, LineDict] = {}
    for outcome_id, note in data.items():
        if outcome_id == REFERENCES_KEY:
            references = load_references(note, path, problems,
                                         getattr(data, "lines", {}).get(outcome_id, 0))
            continue
        if check_fields(note, path, problems, f"notes for {outcome_id}", {"summary": str},
                        {"models": list, "topics": list, "evidence": dict},
                        line=getattr(data, "lines", {}).get(outcome_id, 0)):
            notes[str(outcome_id)] = note
    return notes, references
