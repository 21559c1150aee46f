"""Tamper evidence for journals: every entry carries the hash of the one before it, and its own.

An entry's hash is the SHA-256 of its canonical JSON (keys sorted, no spaces, UTF-8) without
the `hash` field; `prev` is the hash of the entry before it. The first entry follows a genesis
value made from the journal's kind, unit and account, so a whole file copied from another
writer, unit or kind does not verify. Changing, removing or reordering an entry breaks the
chain at that entry or the one after it; the entries from the break on are not trusted.

Journals written before tamper evidence have entries without `prev`/`hash`. They are read as
*unchained* and reported as such, never as verified. The first hashed entry written after them
follows a running hash of them (`fold`), so from then on they cannot change unnoticed either.

A writer who controls their file could recompute every hash after an edit; what catches that
is outside the file: each IQA plan and verdict records the hash of the decision it is about
(workbook.decisions.record checks them), and on a hub the file is append-only (`chattr +a`).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

VERSION = "workbook journal 1"


def canonical(entry: dict[str, Any]) -> str:
    """The entry as canonical JSON, the text its hash is taken over."""
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest(entry: dict[str, Any]) -> str:
    """The SHA-256 of an entry's canonical JSON without its own `hash` field."""
    return _sha256(canonical({k: v for k, v in entry.items() if k != "hash"}))


def genesis(kind: str, unit: str, account: str) -> str:
    """What the first entry of `<kind>/<unit>/<account>.jsonl` follows."""
    return _sha256(f"{VERSION}\n{kind}\n{unit}\n{account}\n")


def fold(link: str, entry: dict[str, Any]) -> str:
    """The running hash after an unchained (older) entry."""
    return _sha256(f"{link}\n{canonical(entry)}")


def seal(entry: dict[str, Any], prev: str) -> dict[str, Any]:
    """The entry with `prev` (what it follows) and its own `hash`."""
    linked = {**{k: v for k, v in entry.items() if k not in ("prev", "hash")}, "prev": prev}
    return {**linked, "hash": digest(linked)}


@dataclass
class Verified:
    """What a journal's lines verify to: the entries trusted, and what was not."""

    entries: list[dict[str, Any]] = field(default_factory=list)  # trusted, in file order
    unchained: int = 0          # leading entries written before tamper evidence
    head: str = ""              # what the next entry must follow
    problem: str = ""           # why entry `broken_at` and those after it are not trusted
    broken_at: int = 0          # the first entry not trusted (0: none)
    total: int = 0              # entries (non-blank lines) in the file

    @property
    def intact(self) -> bool:
        """True when every entry verified (or was unchained before the first hashed one)."""
        return not self.broken_at


def verify(lines: list[str], kind: str, unit: str, account: str) -> Verified:
    """Check each line in order: valid JSON, this account's, the next id, chained; stop at the
    first that is not (its number and why in `broken_at` and `problem`)."""
    lines = [line for line in lines if line.strip()]
    result = Verified(head=genesis(kind, unit, account), total=len(lines))
    chained = False
    own_id = re.compile(rf"{re.escape(account)}:[a-z]+(\d+)")
    for number, line in enumerate(lines, 1):
        problem = ""
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            entry, problem = None, "not valid JSON (cut short or edited)"
        if not problem and (not isinstance(entry, dict) or not isinstance(entry.get("id"), str)):
            problem = "an entry must be a JSON object with an id"
        if problem or entry is None:
            return _broken(result, number, problem)
        if entry.get("account") != account:
            return _broken(result, number, f"names account {entry.get('account')!r}, not {account}")
        match = own_id.fullmatch(entry["id"])
        if not match or int(match.group(1)) != number:
            return _broken(result, number, f"its id {entry['id']!r} is not entry {number}'s "
                                           "(an entry before it was removed or moved)")
        if "hash" in entry or "prev" in entry:
            if entry.get("prev") != result.head:
                return _broken(result, number, "it does not follow the entry before it "
                                               "(an entry was changed, removed or moved)")
            if entry.get("hash") != digest(entry):
                return _broken(result, number, "its content does not match its hash (it was changed)")
            chained, result.head = True, entry["hash"]
        elif chained:
            return _broken(result, number, "it has no hash, after entries that have one")
        else:
            result.unchained, result.head = result.unchained + 1, fold(result.head, entry)
        result.entries.append(entry)
    return result


def _broken(result: Verified, number: int, problem: str) -> Verified:
    result.broken_at, result.problem = number, problem
    return result
