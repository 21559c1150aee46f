"""A learner's evidence items: plain data, validation in plain words, and their store document.

Holistic assessment: an item is stored once, in the course-wide store document `evidence`
(`{"items": {item_id: record}, "migrated": [old document names]}`), and each record maps it to
criteria of any number of units (`"criteria": {unit_slug: [criterion ids]}`). A unit sees the
items mapped to it, with `criteria` holding that unit's criteria. This module is the one reader
and the one writer of the document; every change goes through `Store.update`, so a widget never
saves a list it has not first read back.

Stores written before holistic evidence hold one `evidence-<unit>` document per unit. The first
load moves their items into the course-wide document (an id already taken gets the next free
id), records the move, then renames each old file to `evidence-<unit>.before-course-wide.json`.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from workbook.course.evidence_rules import EvidenceRules
from workbook.course.model import Unit
from workbook.learner.store import SaveError, Store

#: the course-wide store document.
DOCUMENT = "evidence"
#: prefix of the per-unit documents that older versions wrote.
LEGACY_PREFIX = "evidence-"
#: suffix given to an old per-unit file once its items are in the course-wide document.
BACKUP_SUFFIX = ".before-course-wide"
#: fields of an item, in the order exports show them (lists joined in one CSV cell).
FIELDS = ("id", "type", "title", "date", "description", "location", "criteria", "models", "source")
#: what an observation item records about the people supported.
CONSENT = (
    ("consented", "The people supported agreed to the observation"),
    ("not-identifiable", "The people supported cannot be identified from this record"),
)
#: the evidence types that carry witness or observation details.
WITNESS_TYPE = "expert-witness"
OBSERVATION_TYPE = "direct-observation"


@dataclass(frozen=True)
class Witness:
    """Who gave expert witness testimony, their expertise, and why the assessor did not observe."""

    name: str = ""
    role: str = ""
    relationship: str = ""
    competence: str = ""
    #: why direct observation would intrude or was not possible.
    reason: str = ""

    def missing(self) -> list[str]:
        """Plain names of the details not yet given (the reason is checked by the rules)."""
        labels = (("name", "the witness's name"), ("role", "their job role"),
                  ("relationship", "how they know you"),
                  ("competence", "a statement of their occupational competence"))
        return [label for key, label in labels if not getattr(self, key).strip()]


@dataclass(frozen=True)
class Observation:
    """Where the assessor observed, and the consent or anonymity of the people supported."""

    place: str = ""
    consent: str = ""

    def missing(self) -> list[str]:
        """Plain names of the details not yet given."""
        found = [] if self.place.strip() else ["the place of the observation"]
        if self.consent not in dict(CONSENT):
            found.append("whether the people supported consented or cannot be identified")
        return found


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of portfolio evidence, as one unit sees it (`criteria` are that unit's)."""

    id: str
    type: str
    title: str
    date: str
    description: str = ""
    location: str = ""
    criteria: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    #: what made it: "" when logged by hand, "reflection:<id>" or "training-plan" of `home`.
    source: str = ""
    #: the unit it was logged in (its source belongs to that unit).
    home: str = ""
    #: every unit's criteria: ((unit_slug, (criterion ids)), ...), sorted.
    mapping: tuple[tuple[str, tuple[str, ...]], ...] = ()
    witness: Witness | None = None
    observation: Observation | None = None

    def units(self) -> dict[str, tuple[str, ...]]:
        """Unit slug -> the criteria the item is mapped to there."""
        return dict(self.mapping)

    def for_unit(self, unit_slug: str) -> EvidenceItem:
        """The item as a unit sees it."""
        return replace(self, criteria=self.units().get(unit_slug, ()))

    def elsewhere(self, unit_slug: str) -> dict[str, tuple[str, ...]]:
        """The other units it counts towards, with their criteria."""
        return {u: c for u, c in self.mapping if u != unit_slug}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data as a unit sees it: `criteria` a list, `mapping` every unit's."""
        data = {key: getattr(self, key) for key in FIELDS}
        data.update(criteria=list(self.criteria), models=list(self.models), home=self.home,
                    mapping={u: list(c) for u, c in self.mapping})
        data.update(_details(self))
        return data

    def record(self) -> dict[str, Any]:
        """The stored form: `criteria` maps every unit to its criteria."""
        data = self.to_dict()
        data["criteria"] = data.pop("mapping")
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], unit_slug: str = "") -> EvidenceItem:
        """An item from a stored record, an old per-unit item or an export; unknown keys ignored.

        `criteria` may map units to criteria (stored form) or list one unit's (`unit_slug`).
        """
        criteria = data.get("criteria", [])
        if isinstance(criteria, Mapping):
            mapping = {str(u): _ids(c) for u, c in criteria.items()}
        else:
            mapping = {str(u): _ids(c) for u, c in (data.get("mapping") or {}).items()}
            if unit_slug:
                mapping[unit_slug] = _ids(criteria)
        witness, observation = data.get("witness"), data.get("observation")
        item = cls(
            id=str(data["id"]), type=str(data.get("type", "")), title=str(data.get("title", "")),
            date=str(data.get("date", "")), description=str(data.get("description", "")),
            location=str(data.get("location", "")),
            models=tuple(str(m) for m in data.get("models", [])),
            source=str(data.get("source", "")), home=str(data.get("home", "") or unit_slug),
            mapping=tuple(sorted((u, c) for u, c in mapping.items() if c)),
            witness=_details_of(Witness, witness), observation=_details_of(Observation, observation),
        )
        return item.for_unit(unit_slug) if unit_slug else item


@dataclass(frozen=True)
class Draft:
    """What the learner typed, before it becomes an item.

    `criteria` are the current unit's; `elsewhere` maps other units to theirs, or is None to
    leave the item's other units as they are (a reflection refreshing its item, say).
    """

    type: str
    title: str
    date: str
    description: str = ""
    location: str = ""
    criteria: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    elsewhere: Mapping[str, tuple[str, ...]] | None = None
    witness: Witness | None = None
    observation: Observation | None = None


def problems_with(draft: Draft, unit: Unit, rules: EvidenceRules,
                  today: dt.date | None = None) -> list[str]:
    """Plain messages for what is wrong with a draft ([] when it can be saved)."""
    today = today or dt.date.today()
    problems = []
    if not draft.title.strip():
        problems.append("Give the evidence a title, so that you and your assessor can find it.")
    if draft.type not in {t.id for t in rules.types}:
        problems.append("Choose the type of evidence.")
    try:
        when = dt.date.fromisoformat(draft.date)
    except ValueError:
        problems.append("Enter the date the evidence was produced, as year-month-day.")
    else:
        if when > today:
            problems.append(f"The date {when.isoformat()} is in the future; "
                            "use the date the evidence was produced.")
    known = {c.id for c in unit.criteria}
    if not draft.criteria and not any((draft.elsewhere or {}).values()):
        problems.append("Tick at least one assessment criterion that this evidence shows.")
    elif unknown := sorted(set(draft.criteria) - known):
        problems.append(f"Criteria {', '.join(unknown)} are not part of this unit.")
    if draft.type == WITNESS_TYPE:
        witness = draft.witness or Witness()
        if missing := witness.missing():
            problems.append(f"Witness testimony must record {_listed(missing)}.")
        if not witness.reason.strip():
            problems.append("Say why your assessor could not observe this: observation would "
                            "intrude on the people supported, or was not possible.")
    if draft.type == OBSERVATION_TYPE and (missing := (draft.observation or Observation()).missing()):
        problems.append(f"An observation must record {_listed(missing)}.")
    return problems


def document_name(unit_slug: str = "") -> str:
    """The store document holding a unit's evidence: the course-wide one, for every unit."""
    return DOCUMENT


def load_all(store: Store) -> list[EvidenceItem]:
    """Every item of the course, whichever units it is mapped to (none, even), oldest first."""
    stored = _document(store).get("items", {})
    items = [EvidenceItem.from_dict({**data, "id": key}) for key, data in stored.items()
             if isinstance(data, dict)]
    return sorted(items, key=_order)


def load_items(store: Store, unit_slug: str) -> list[EvidenceItem]:
    """The items mapped to a unit, as that unit sees them, oldest first."""
    return [i.for_unit(unit_slug) for i in load_all(store) if unit_slug in i.units()]


def items_in_document(data: Mapping[str, Any], unit_slug: str) -> list[EvidenceItem]:
    """A unit's items in a document's data read elsewhere (a submission's copy), either format."""
    stored = data.get("items", {})
    items = [EvidenceItem.from_dict({**entry, "id": key}, unit_slug)
             for key, entry in (stored.items() if isinstance(stored, Mapping) else ())
             if isinstance(entry, Mapping)]
    return sorted((i for i in items if i.criteria), key=_order)


def submitted_items(folder: Path, unit_slug: str) -> list[EvidenceItem]:
    """A unit's items in a copy of the store (a submission's), read only: [] if none or damaged.

    Reads the course-wide document, or the unit's own document when the copy is older.
    """
    for name in (DOCUMENT, f"{LEGACY_PREFIX}{unit_slug}"):
        try:
            document = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
            return items_in_document(document["data"], unit_slug)
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
            return []
    return []


def add_item(store: Store, unit_slug: str, draft: Draft, source: str = "") -> EvidenceItem:
    """Save a new item with the next free id ("e1", "e2", ...); returns it as the unit sees it."""
    created: list[EvidenceItem] = []

    def change(data: dict[str, Any]) -> None:
        items = data.setdefault("items", {})
        item = _item(_next_id(items), draft, unit_slug, source, {})
        items[item.id] = item.record()
        created.append(item)

    migrate(store)
    store.update(DOCUMENT, change)
    return created[0].for_unit(unit_slug)


def edit_item(store: Store, unit_slug: str, item_id: str, draft: Draft) -> EvidenceItem:
    """Replace an item's fields with the draft, keeping its id, home and source."""
    edited: list[EvidenceItem] = []

    def change(data: dict[str, Any]) -> None:
        items = data.setdefault("items", {})
        current = EvidenceItem.from_dict({**items[item_id], "id": item_id})
        item = replace(_item(item_id, draft, unit_slug, current.source, current.units()),
                       home=current.home or unit_slug)
        items[item_id] = item.record()
        edited.append(item)

    migrate(store)
    store.update(DOCUMENT, change)
    return edited[0].for_unit(unit_slug)


def save_item(store: Store, item: EvidenceItem, unit_slug: str = "") -> None:
    """Save an item under its own id, leaving every other item as it is.

    With `unit_slug`, the item's `criteria` are that unit's (its other units are kept).
    """
    if unit_slug:
        mapping = {**item.units(), unit_slug: item.criteria}
        item = replace(item, home=item.home or unit_slug,
                       mapping=tuple(sorted((u, c) for u, c in mapping.items() if c)))
    migrate(store)
    store.update(DOCUMENT, lambda data: data.setdefault("items", {}).__setitem__(item.id, item.record()))


def remove_item(store: Store, unit_slug: str, item_id: str) -> bool:
    """Unmap an item from one unit; it is deleted only when no unit is left. True if deleted."""
    deleted: list[bool] = []

    def change(data: dict[str, Any]) -> None:
        items = data.get("items", {})
        if item_id not in items:
            return
        current = EvidenceItem.from_dict({**items[item_id], "id": item_id})
        rest = current.elsewhere(unit_slug)
        if rest:
            items[item_id] = replace(current, mapping=tuple(sorted(rest.items()))).record()
        else:
            del items[item_id]
        deleted.append(not rest)

    migrate(store)
    store.update(DOCUMENT, change)
    return bool(deleted and deleted[0])


def merge_items(store: Store, unit_slug: str, items: list[EvidenceItem]) -> list[str]:
    """Add imported items without losing any saved one; messages of what happened.

    An item already saved under its id with the same content gains any mapping it lacks; an id
    taken by a different item gets the next free id.
    """
    messages: list[str] = []

    def change(data: dict[str, Any]) -> None:
        saved = data.setdefault("items", {})
        for item in items:
            mapping = {**item.units(), unit_slug: item.criteria}
            incoming = replace(item, home=item.home or unit_slug,
                               mapping=tuple(sorted((u, c) for u, c in mapping.items() if c)))
            current = saved.get(item.id)
            if current is None:
                saved[item.id] = incoming.record()
                messages.append(f"added {item.id}")
                continue
            mine = EvidenceItem.from_dict({**current, "id": item.id})
            if _content(mine) == _content(incoming):
                union = {**incoming.units(), **mine.units()}
                for unit, criteria in incoming.units().items():
                    union[unit] = tuple(sorted(set(union[unit]) | set(criteria)))
                saved[item.id] = replace(mine, mapping=tuple(sorted(union.items()))).record()
                messages.append(f"{item.id} is already there")
            else:
                new_id = _next_id(saved)
                saved[new_id] = replace(incoming, id=new_id).record()
                messages.append(f"{item.id} differs from your saved {item.id}: added as {new_id}")

    migrate(store)
    store.update(DOCUMENT, change)
    return messages


def item_for_source(store: Store, unit_slug: str, source: str) -> EvidenceItem | None:
    """The item a unit's reflective account or training plan became, if it has been made."""
    found = next((i for i in load_all(store) if i.home == unit_slug and i.source == source), None)
    return found.for_unit(unit_slug) if found else None


def upsert_from_source(store: Store, unit_slug: str, source: str, draft: Draft) -> EvidenceItem:
    """Create or refresh the single item that a reflection or training plan turns into."""
    existing = item_for_source(store, unit_slug, source)
    if existing is None:
        return add_item(store, unit_slug, draft, source=source)
    return edit_item(store, unit_slug, existing.id, draft)


def migrate(store: Store) -> list[str]:
    """Move per-unit documents of older versions into the course-wide one; what happened."""
    legacy = _legacy_files(store)
    if not legacy:
        return []
    notes: list[str] = []
    store.update(DOCUMENT, lambda data: notes.extend(_absorb(store, data, legacy)))
    for path in legacy:
        backup = path.with_name(f"{path.stem}{BACKUP_SUFFIX}.json")
        n = 1
        while backup.exists():
            n += 1
            backup = path.with_name(f"{path.stem}{BACKUP_SUFFIX}-{n}.json")
        try:
            os.replace(path, backup)
        except FileNotFoundError:  # another kernel renamed it first
            pass
    store.warnings.extend(notes)
    return notes


def _document(store: Store) -> dict[str, Any]:
    """The course-wide document's data, migrated first; in memory only if it cannot be saved."""
    try:
        migrate(store)
    except SaveError:
        data = store.read(DOCUMENT)
        _absorb(store, data, _legacy_files(store))
        return data
    return store.read(DOCUMENT)


def _legacy_files(store: Store) -> list[Path]:
    return sorted(p for p in store.root.glob(f"{LEGACY_PREFIX}*.json") if "." not in p.stem)


def _absorb(store: Store, data: dict[str, Any], legacy: list[Path]) -> list[str]:
    """Add the items of old per-unit documents to `data`; an id already taken gets a new one."""
    items = data.setdefault("items", {})
    done = data.setdefault("migrated", [])
    notes = []
    for path in legacy:
        name, unit_slug = path.stem, path.stem[len(LEGACY_PREFIX):]
        if name in done:  # moved by another kernel, or before a crash that kept the file
            continue
        old = store.read(name).get("items", {})
        for key, entry in sorted(old.items(), key=lambda kv: _order_key(kv[0])):
            if not isinstance(entry, dict):
                continue
            new_id = key if key not in items else _next_id(items)
            item = EvidenceItem.from_dict({**entry, "id": new_id}, unit_slug)
            items[new_id] = replace(item, home=unit_slug).record()
            if new_id != key:
                notes.append(f"Evidence {key} of {unit_slug} is now {new_id}, because {key} "
                             "was already taken in your course-wide evidence.")
        done.append(name)
    return notes


def _item(item_id: str, draft: Draft, unit_slug: str, source: str,
          current: Mapping[str, tuple[str, ...]]) -> EvidenceItem:
    mapping = dict(current) if draft.elsewhere is None else dict(draft.elsewhere)
    mapping[unit_slug] = tuple(sorted(draft.criteria))
    return EvidenceItem(
        id=item_id, type=draft.type, title=draft.title.strip(), date=draft.date,
        description=draft.description.strip(), location=draft.location.strip(),
        models=tuple(draft.models), source=source, home=unit_slug,
        mapping=tuple(sorted((u, tuple(sorted(c))) for u, c in mapping.items() if c)),
        witness=_stripped(draft.witness) if draft.type == WITNESS_TYPE else None,
        observation=_stripped(draft.observation) if draft.type == OBSERVATION_TYPE else None,
    )


def _content(item: EvidenceItem) -> EvidenceItem:
    """The item without its mapping (what makes two copies the same evidence)."""
    return replace(item, criteria=(), mapping=(), home="")


def _details(item: EvidenceItem) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if item.witness:
        found["witness"] = vars(item.witness).copy()
    if item.observation:
        found["observation"] = vars(item.observation).copy()
    return found


def _details_of(kind, data: Any):
    if not isinstance(data, Mapping):
        return None
    names = kind.__dataclass_fields__
    return kind(**{k: str(v) for k, v in data.items() if k in names})


def _stripped(details):
    return replace(details, **{k: v.strip() for k, v in vars(details).items()}) if details else None


def _ids(criteria: Any) -> tuple[str, ...]:
    return tuple(sorted(str(c) for c in criteria)) if isinstance(criteria, (list, tuple)) else ()


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _next_id(items: Mapping[str, Any]) -> str:
    return f"e{1 + max((int(k[1:]) for k in items if k[1:].isdigit()), default=0)}"


def _order_key(item_id: str) -> tuple:
    digits = item_id[1:]
    return (0, int(digits), "") if digits.isdigit() else (1, 0, item_id)


def _order(item: EvidenceItem) -> tuple:
    return _order_key(item.id)

