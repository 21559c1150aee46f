"""A learner's evidence document: the one reader and the one writer of evidence items.

Holistic assessment: an item is stored once, in the course-wide store document `evidence`
(`{"items": {item_id: record}, "next": n, "migrated": [old document names]}`; `next` counts the
ids given, so a removed item's id is never given again), and each record maps it to
criteria of any number of units (`"criteria": {unit_slug: [criterion ids]}`). A unit sees the
items mapped to it, with `criteria` holding that unit's criteria. This module is the one reader
and the one writer of the document; every change goes through `Store.update`, so a widget never
saves a list it has not first read back.

Stores written before holistic evidence are moved into the course-wide document the first time
they are used (`workbook.learner.evidence_migration`); ids are counted by
`workbook.learner.evidence_document`.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from workbook.learner.bounded import LearnerFileError, load
from workbook.learner.dates import iso_date
from workbook.learner.evidence_document import DOCUMENT, count, next_id, order_key
from workbook.learner.evidence_item import (
    CONSENT,
    FIELDS,
    OBSERVATION_TYPE,
    WITNESS_TYPE,
    Draft,
    EvidenceItem,
    Observation,
    Witness,
    field_problems,
    problems_with,
)
from workbook.learner.evidence_migration import (
    LEGACY_PREFIX,
    absorb,
    legacy_files,
    migrate,
    migrate_once,
)
from workbook.learner.store import SaveError, Store
from workbook.learner.watch import changed

#: the item types are defined beside the items; callers import them from here with the document.
__all__ = [
    "CONSENT", "DOCUMENT", "FIELDS", "OBSERVATION_TYPE", "WITNESS_TYPE", "Draft", "EvidenceItem",
    "Observation", "Witness", "add_item", "document_name", "edit_item", "field_problems",
    "item_for_source",
    "items_in_document", "load_all", "load_items", "merge_items", "migrate", "problems_with",
    "remove_item", "save_item", "submitted_items", "upsert_from_source",
]



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
            document = load(folder / f"{name}.json")  # bounded: size and nesting
            return items_in_document(document["data"], unit_slug)
        except FileNotFoundError:
            continue
        except (LearnerFileError, KeyError, TypeError, AttributeError):
            return []
    return []


def add_item(store: Store, unit_slug: str, draft: Draft, source: str = "") -> EvidenceItem:
    """Save a new item with the next free id ("e1", "e2", ...); returns it as the unit sees it."""
    created: list[EvidenceItem] = []

    def change(data: dict[str, Any]) -> None:
        items = data.setdefault("items", {})
        item = _item(next_id(data), draft, unit_slug, source, {})
        items[item.id] = item.record()
        created.append(item)

    migrate_once(store)
    _update(store, change)
    return created[0].for_unit(unit_slug)


def edit_item(store: Store, unit_slug: str, item_id: str, draft: Draft) -> EvidenceItem:
    """Replace an item's fields with the draft, keeping its id, home and source."""
    edited: list[EvidenceItem] = []

    def change(data: dict[str, Any]) -> None:
        items = data.setdefault("items", {})
        current = EvidenceItem.from_dict({**items[item_id], "id": item_id})
        item = replace(_item(item_id, draft, unit_slug, current.source, current.units()),
                       home=current.home or unit_slug, page=draft.page or current.page)
        items[item_id] = item.record()
        edited.append(item)

    migrate_once(store)
    _update(store, change)
    return edited[0].for_unit(unit_slug)


def save_item(store: Store, item: EvidenceItem, unit_slug: str = "") -> None:
    """Save an item under its own id, leaving every other item as it is.

    With `unit_slug`, the item's `criteria` are that unit's (its other units are kept).
    """
    if unit_slug:
        mapping = {**item.units(), unit_slug: item.criteria}
        item = replace(item, home=item.home or unit_slug,
                       mapping=tuple(sorted((u, c) for u, c in mapping.items() if c)))
    migrate_once(store)
    _update(store, lambda data: data.setdefault("items", {}).__setitem__(item.id, item.record()))


def remove_item(store: Store, unit_slug: str, item_id: str, everywhere: bool = False) -> bool:
    """Unmap an item from one unit; it is deleted only when no unit is left (or `everywhere`:
    an item logged in this unit but mapped only to others). True if deleted."""
    deleted: list[bool] = []

    def change(data: dict[str, Any]) -> None:
        items = data.get("items", {})
        if item_id not in items:
            return
        current = EvidenceItem.from_dict({**items[item_id], "id": item_id})
        rest = {} if everywhere else current.elsewhere(unit_slug)
        if rest:
            items[item_id] = replace(current, mapping=tuple(sorted(rest.items()))).record()
        else:
            count(data)  # a document from before the counter: its ids so far are never reused
            del items[item_id]
        deleted.append(not rest)

    migrate_once(store)
    _update(store, change)
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
                new_id = next_id(data)
                saved[new_id] = replace(incoming, id=new_id).record()
                messages.append(f"{item.id} differs from your saved {item.id}: added as {new_id}")

    migrate_once(store)
    _update(store, change)
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


def _update(store: Store, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the document on disk, then tell every view of it on the page."""
    store.update(DOCUMENT, change)
    changed(store, DOCUMENT)


def _document(store: Store) -> dict[str, Any]:
    """The course-wide document's data, migrated first; in memory only if it cannot be saved."""
    try:
        migrate_once(store)
    except SaveError:
        data = store.read(DOCUMENT)
        absorb(store, data, legacy_files(store))
        return data
    return store.read(DOCUMENT)


def _item(item_id: str, draft: Draft, unit_slug: str, source: str,
          current: Mapping[str, tuple[str, ...]]) -> EvidenceItem:
    mapping = dict(current) if draft.elsewhere is None else dict(draft.elsewhere)
    mapping[unit_slug] = tuple(sorted(draft.criteria))
    return EvidenceItem(
        id=item_id, type=draft.type, title=draft.title.strip(), date=iso_date(draft.date),
        description=draft.description.strip(), location=draft.location.strip(),
        models=tuple(draft.models), source=source, home=unit_slug, page=draft.page,
        mapping=tuple(sorted((u, tuple(sorted(c))) for u, c in mapping.items() if c)),
        witness=_stripped(draft.witness) if draft.type == WITNESS_TYPE else None,
        observation=_stripped(draft.observation) if draft.type == OBSERVATION_TYPE else None,
    )


def _stripped(details):
    if not details:
        return None
    details = replace(details, **{k: v.strip() for k, v in vars(details).items()})
    if isinstance(details, Witness):
        # the day the assessor agreed to testimony is stored as ISO, like every date (rules read it)
        details = replace(details, agreed_on=iso_date(details.agreed_on))
    return details


def _content(item: EvidenceItem) -> EvidenceItem:
    """The item without its mapping (what makes two copies the same evidence)."""
    return replace(item, criteria=(), mapping=(), home="", page="")


def _order(item: EvidenceItem) -> tuple:
    return order_key(item.id)

