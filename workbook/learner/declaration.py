"""The learner's declaration of authenticity for a unit: one reader and one writer of its format.

The store document `declaration-<unit>` holds `{"declaration": {...}}`: the learner's name, the
three statements they confirmed (own work, people anonymised, AI help declared), what AI help
they had (or that they had none) and when they signed. The assessment notebook copies the
document into the assignment's `.responses/` folder, so it travels to the tutor with the
submission; `read_submitted` reads that copy without changing it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from workbook.learner import bounded
from workbook.learner.bounded import LearnerFileError
from workbook.learner.store import STORE_SCHEMA, Store
from workbook.learner.watch import changed

#: the statements a learner confirms, in the order the widget shows them.
STATEMENTS = {
    "own_work": "The evidence in this portfolio is my own work.",
    "anonymised": "The people I support, their families and colleagues cannot be identified "
                  "from it: I have used no names, dates of birth or NHS numbers.",
    "ai_declared": "I have declared below any help I had from AI tools (or that I had none).",
}


@dataclass(frozen=True)
class Declaration:
    """A signed declaration of authenticity."""

    unit: str
    name: str
    own_work: bool
    anonymised: bool
    ai_declared: bool
    ai_used: bool
    ai_help: str
    signed_at: str  # ISO date and time, UTC

    @property
    def signed(self) -> bool:
        """True when every statement is confirmed and the learner typed their name."""
        return bool(self.name.strip() and self.own_work and self.anonymised and self.ai_declared
                    and self.signed_at and (self.ai_help.strip() or not self.ai_used))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Declaration:
        """A declaration from stored data; missing statements count as not confirmed."""
        return cls(unit=str(data.get("unit", "")), name=str(data.get("name", "")),
                   own_work=data.get("own_work") is True, anonymised=data.get("anonymised") is True,
                   ai_declared=data.get("ai_declared") is True, ai_used=data.get("ai_used") is True,
                   ai_help=str(data.get("ai_help", "")), signed_at=str(data.get("signed_at", "")))

    def summary(self) -> str:
        """One line for the tutor: who signed, when, and the AI help declared."""
        if not self.signed:
            return "not signed"
        ai = f"AI help declared: {self.ai_help.strip()}" if self.ai_used else "no AI help"
        return f"signed by {self.name.strip()} on {self.signed_at[:10]}; {ai}"


def document_name(unit_slug: str) -> str:
    """The store document holding a unit's declaration."""
    return f"declaration-{unit_slug}"


def problems_with(name: str, confirmed: dict[str, bool], ai_used: bool, ai_help: str) -> list[str]:
    """Plain messages for what stops the declaration being signed ([] when it can be)."""
    problems = [f"Confirm: {text}" for key, text in STATEMENTS.items() if not confirmed.get(key)]
    if ai_used and not ai_help.strip():
        problems.append("Say which AI tools helped and how, or untick that you used AI help.")
    if not name.strip():
        problems.append("Type your full name to sign.")
    return problems


def sign(store: Store, unit_slug: str, name: str, confirmed: dict[str, bool], ai_used: bool,
         ai_help: str, now: dt.datetime | None = None) -> Declaration:
    """Save a signed declaration (ValueError listing the problems when it cannot be signed)."""
    if problems := problems_with(name, confirmed, ai_used, ai_help):
        raise ValueError(" ".join(problems))
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    declaration = Declaration(unit_slug, name.strip(), True, True, True, ai_used,
                              ai_help.strip() if ai_used else "", when.isoformat())
    store.update(document_name(unit_slug),
                 lambda data: data.__setitem__("declaration", declaration.to_dict()))
    changed(store, document_name(unit_slug))
    return declaration


def load(store: Store, unit_slug: str) -> Declaration | None:
    """The learner's declaration for the unit (None when they have not signed one)."""
    data = store.read(document_name(unit_slug)).get("declaration")
    return Declaration.from_dict(data) if isinstance(data, dict) else None


def read_submitted(folder: Path, unit_slug: str) -> Declaration | None:
    """The declaration carried in a submission's `.responses/` folder, read without changes
    (None when there is none or it is damaged: either way it is not signed)."""
    try:
        return submitted_declaration(folder, unit_slug)
    except LearnerFileError:
        return None


def submitted_declaration(folder: Path, unit_slug: str) -> Declaration | None:
    """The declaration a submission carries (None when there is none); LearnerFileError, naming
    the file, when the file is unusable (too large, nested too deeply, not JSON)."""
    path = folder / ".responses" / f"{document_name(unit_slug)}.json"
    try:
        document = bounded.load(path)
    except FileNotFoundError:
        return None
    if not isinstance(document, dict) or document.get("schema") != STORE_SCHEMA:
        return None
    data = (document.get("data") or {}).get("declaration") if isinstance(document.get("data"), dict) else None
    return Declaration.from_dict(data) if isinstance(data, dict) else None
