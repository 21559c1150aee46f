"""Stores written before holistic evidence: one `evidence-<unit>` document per unit.

The first time a store is used in a process, their items move into the course-wide document
(an id already taken gets the next free id), the move is recorded in the document
(`"migrated"`), and each old file is renamed `evidence-<unit>.before-course-wide.json`. Later
uses of the same store skip the look for old files: nothing writes the old format any more.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from workbook.learner.evidence_document import DOCUMENT, next_id, order_key
from workbook.learner.evidence_item import EvidenceItem
from workbook.learner.store import Store
from workbook.learner.watch import changed

__all__ = ["BACKUP_SUFFIX", "LEGACY_PREFIX", "absorb", "legacy_files", "migrate", "migrate_once"]

#: prefix of the per-unit documents that older versions wrote.
LEGACY_PREFIX = "evidence-"
#: suffix given to an old per-unit file once its items are in the course-wide document.
BACKUP_SUFFIX = ".before-course-wide"
#: store folders already migrated (or found to need nothing) in this process
_done: set[Path] = set()


def migrate_once(store: Store) -> None:
    """`migrate` the first time this store's folder is used in this process."""
    root = store.root.resolve()
    if root not in _done:
        migrate(store)
        _done.add(root)


def migrate(store: Store) -> list[str]:
    """Move per-unit documents of older versions into the course-wide one; what happened."""
    legacy = legacy_files(store)
    if not legacy:
        return []
    notes: list[str] = []
    # the views hear of it once the old files are gone: a view that redraws reads no old file
    store.update(DOCUMENT, lambda data: notes.extend(absorb(store, data, legacy)))
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
    changed(store, DOCUMENT)
    return notes


def legacy_files(store: Store) -> list[Path]:
    """The old per-unit documents still in the store's folder."""
    return sorted(p for p in store.root.glob(f"{LEGACY_PREFIX}*.json") if "." not in p.stem)


def absorb(store: Store, data: dict[str, Any], legacy: list[Path]) -> list[str]:
    """Add the items of old per-unit documents to `data`; an id already taken gets a new one."""
    items = data.setdefault("items", {})
    done = data.setdefault("migrated", [])
    notes = []
    for path in legacy:
        name, unit_slug = path.stem, path.stem[len(LEGACY_PREFIX):]
        if name in done:  # moved by another kernel, or before a crash that kept the file
            continue
        old = store.read(name).get("items", {})
        for key, entry in sorted(old.items(), key=lambda kv: order_key(kv[0])):
            if not isinstance(entry, dict):
                continue
            new_id = key if key not in items else next_id(data)
            item = EvidenceItem.from_dict({**entry, "id": new_id}, unit_slug)
            items[new_id] = replace(item, home=unit_slug).record()
            if new_id != key:
                notes.append(f"Evidence {key} of {unit_slug} is now {new_id}, because {key} "
                             "was already taken in your course-wide evidence.")
        done.append(name)
    return notes
