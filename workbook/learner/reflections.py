"""Reflective accounts on Gibbs' cycle: stages, word counts, the store document, and the evidence
item a finished account becomes.

Store document `reflections-<unit>`: `{"accounts": {"r1": {"title", "date", "parts": {stage:
text}, "criteria": [...], "models": [...], "finished": bool}}}`. Each change is one read-modify-
write of one field, so autosave never drops what another widget saved.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from workbook.learner.evidence import Draft, EvidenceItem, upsert_from_source
from workbook.learner.store import Store
from workbook.learner.watch import changed

#: Gibbs' reflective cycle (1988): stage id, heading, prompt.
GIBBS = (
    ("description", "Description", "What happened? Who was involved, where and when?"),
    ("feelings", "Feelings", "What were you thinking and feeling at the time?"),
    ("evaluation", "Evaluation", "What went well, and what did not?"),
    ("analysis", "Analysis", "Why did it go that way? Use models, theory and law to make sense of it."),
    ("conclusion", "Conclusion", "What did you learn? What else could you have done?"),
    ("action_plan", "Action plan", "What will you do differently next time, and by when?"),
)
REFLECTIVE_TYPE = "reflective-account"
_WORD = re.compile(r"\b[\w'’-]+\b")


def word_count(text: str) -> int:
    """Words in a text (hyphenated and apostrophe words count once)."""
    return len(_WORD.findall(text))


def word_counts(parts: dict[str, str]) -> dict[str, int]:
    """Words per Gibbs stage and in total (key "total")."""
    counts = {stage: word_count(parts.get(stage, "")) for stage, _, _ in GIBBS}
    counts["total"] = sum(counts.values())
    return counts


def document_name(unit_slug: str) -> str:
    """The store document holding a unit's reflective accounts."""
    return f"reflections-{unit_slug}"


def load_accounts(store: Store, unit_slug: str) -> dict[str, dict[str, Any]]:
    """Account id -> saved account, oldest first."""
    accounts = store.read(document_name(unit_slug)).get("accounts", {})
    valid = {k: v for k, v in accounts.items() if isinstance(v, dict)}
    return dict(sorted(valid.items(), key=lambda kv: int(kv[0][1:]) if kv[0][1:].isdigit() else 0))


def new_account(store: Store, unit_slug: str) -> str:
    """Start an empty account; its id ("r1", "r2", ...)."""
    made: list[str] = []

    def change(data: dict[str, Any]) -> None:
        accounts = data.setdefault("accounts", {})
        number = 1 + max((int(k[1:]) for k in accounts if k[1:].isdigit()), default=0)
        made.append(f"r{number}")
        accounts[made[0]] = {"title": "", "date": "", "parts": {}, "criteria": [], "models": [],
                             "finished": False}

    store.update(document_name(unit_slug), change)
    changed(store, document_name(unit_slug))
    return made[0]


def save_field(store: Store, unit_slug: str, account_id: str, key: str, value: Any) -> None:
    """Save one field of an account (a Gibbs stage is saved as `parts.<stage>`)."""
    def change(data: dict[str, Any]) -> None:
        account = data.setdefault("accounts", {}).setdefault(account_id, {"parts": {}})
        if key.startswith("parts."):
            account.setdefault("parts", {})[key[len("parts."):]] = value
        else:
            account[key] = value

    store.update(document_name(unit_slug), change)
    changed(store, document_name(unit_slug))


def finish(store: Store, unit_slug: str, account_id: str) -> EvidenceItem:
    """Mark the account finished and create (or refresh) its reflective-account evidence item."""
    account = load_accounts(store, unit_slug)[account_id]
    counts = word_counts(account.get("parts", {}))
    opening = " ".join(account.get("parts", {}).get("description", "").split()[:30])
    draft = replace(as_draft(account),
                    description=f"Reflective account (Gibbs' cycle, {counts['total']} words). {opening}",
                    location=f"Workbook portfolio: reflective account {account_id}")
    item = upsert_from_source(store, unit_slug, f"reflection:{account_id}", draft)
    save_field(store, unit_slug, account_id, "finished", True)
    return item


def as_draft(account: dict[str, Any]) -> Draft:
    """The account's fields as an evidence draft (for validation before finishing)."""
    return Draft(type=REFLECTIVE_TYPE, title=account.get("title", ""), date=account.get("date", ""),
                 criteria=tuple(account.get("criteria", [])), models=tuple(account.get("models", [])))
