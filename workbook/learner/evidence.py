"""A learner's evidence items: plain data, validation in plain words, and their store document.

The store document `evidence-<unit>` holds `{"items": {item_id: item}}`; every change goes
through `Store.update`, so a widget never saves a list it has not first read back.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from workbook.course.evidence_rules import EvidenceRules
from workbook.course.model import Unit
from workbook.learner.store import Store

#: fields of an item, in the order exports show them.
FIELDS = ("id", "type", "title", "date", "description", "location", "criteria", "models", "source")


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of portfolio evidence mapped to assessment criteria."""

    id: str
    type: str
    title: str
    date: str
    description: str = ""
    location: str = ""
    criteria: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    #: what made it: "" when logged by hand, "reflection:<id>" or "training-plan".
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (lists, not tuples)."""
        data = asdict(self)
        data["criteria"] = list(self.criteria)
        data["models"] = list(self.models)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvidenceItem:
        """An item from stored or imported data; unknown keys are ignored."""
        return cls(
            id=str(data["id"]), type=str(data.get("type", "")), title=str(data.get("title", "")),
            date=str(data.get("date", "")), description=str(data.get("description", "")),
            location=str(data.get("location", "")),
            criteria=tuple(sorted(str(c) for c in data.get("criteria", []))),
            models=tuple(str(m) for m in data.get("models", [])),
            source=str(data.get("source", "")),
        )


@dataclass(frozen=True)
class Draft:
    """What the learner typed, before it becomes an item."""

    type: str
    title: str
    date: str
    description: str = ""
    location: str = ""
    criteria: tuple[str, ...] = ()
    models: tuple[str, ...] = ()


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
    if not draft.criteria:
        problems.append("Tick at least one assessment criterion that this evidence shows.")
    elif unknown := sorted(set(draft.criteria) - known):
        problems.append(f"Criteria {', '.join(unknown)} are not part of this unit.")
    return problems


def document_name(unit_slug: str) -> str:
    """The store document holding a unit's evidence."""
    return f"evidence-{unit_slug}"


def load_items(store: Store, unit_slug: str) -> list[EvidenceItem]:
    """The unit's evidence items, oldest first."""
    stored = store.read(document_name(unit_slug)).get("items", {})
    items = [EvidenceItem.from_dict({**data, "id": key}) for key, data in stored.items()
             if isinstance(data, dict)]
    return sorted(items, key=_order)


def add_item(store: Store, unit_slug: str, draft: Draft, source: str = "") -> EvidenceItem:
    """Save a new item with the next free id ("e1", "e2", ...); returns it."""
    created: list[EvidenceItem] = []

    def change(data: dict[str, Any]) -> None:
        items = data.setdefault("items", {})
        number = 1 + max((int(k[1:]) for k in items if k[1:].isdigit()), default=0)
        item = _item(f"e{number}", draft, source)
        items[item.id] = item.to_dict()
        created.append(item)

    store.update(document_name(unit_slug), change)
    return created[0]


def save_item(store: Store, unit_slug: str, item: EvidenceItem) -> None:
    """Save an item under its own id (edit, or import), leaving every other item as it is."""
    store.update(document_name(unit_slug),
                 lambda data: data.setdefault("items", {}).__setitem__(item.id, item.to_dict()))


def edit_item(store: Store, unit_slug: str, item_id: str, draft: Draft) -> EvidenceItem:
    """Replace an item's fields with the draft, keeping its id and source."""
    current = {i.id: i for i in load_items(store, unit_slug)}[item_id]
    item = _item(item_id, draft, current.source)
    save_item(store, unit_slug, item)
    return item


def remove_item(store: Store, unit_slug: str, item_id: str) -> None:
    """Delete one item (nothing happens if it is already gone)."""
    store.update(document_name(unit_slug), lambda data: data.get("items", {}).pop(item_id, None))


def item_for_source(store: Store, unit_slug: str, source: str) -> EvidenceItem | None:
    """The item made from a reflective account or training plan, if it has been made."""
    return next((i for i in load_items(store, unit_slug) if i.source == source), None)


def upsert_from_source(store: Store, unit_slug: str, source: str, draft: Draft) -> EvidenceItem:
    """Create or refresh the single item that a reflection or training plan turns into."""
    existing = item_for_source(store, unit_slug, source)
    if existing is None:
        return add_item(store, unit_slug, draft, source=source)
    item = _item(existing.id, draft, source)
    save_item(store, unit_slug, item)
    return item


def _item(item_id: str, draft: Draft, source: str) -> EvidenceItem:
    return EvidenceItem(
        id=item_id, type=draft.type, title=draft.title.strip(), date=draft.date,
        description=draft.description.strip(), location=draft.location.strip(),
        criteria=tuple(sorted(draft.criteria)), models=tuple(draft.models), source=source,
    )


def _order(item: EvidenceItem) -> tuple:
    digits = item.id[1:]
    return (0, int(digits), "") if digits.isdigit() else (1, 0, item.id)
