"""The course-wide evidence document's name and its id counter.

`next` in the document counts the ids given, so a removed item's id is never given again (an
assessor's note about e3 always means the same item).
"""
from __future__ import annotations

from typing import Any

__all__ = ["DOCUMENT", "count", "next_id", "order_key"]

#: the course-wide store document.
DOCUMENT = "evidence"


def count(data: dict[str, Any]) -> int:
    """The number of the next id never given before, recorded in the document ("next")."""
    items = data.setdefault("items", {})
    counted = data.get("next")
    number = max(counted if isinstance(counted, int) and not isinstance(counted, bool) else 1,
                 1 + max((int(k[1:]) for k in items if k[1:].isdigit()), default=0))
    data["next"] = number
    return number


def next_id(data: dict[str, Any]) -> str:
    """The next id never given before ("e1", "e2", ...), counted in the document."""
    number = count(data)
    data["next"] = number + 1
    return f"e{number}"


def order_key(item_id: str) -> tuple:
    """Sort key of an item id: e2 before e10, odd ids last."""
    digits = item_id[1:]
    return (0, int(digits), "") if digits.isdigit() else (1, 0, item_id)
