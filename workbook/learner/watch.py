"""Who is showing which store document in this kernel, so one change shows everywhere at once.

Every view of a learner document (the evidence log and its map, progress, reflections, the
training plan, the portfolio download) calls `listen(store, name, callback)`; each writer of a
document calls `changed(store, name)` after a save. Views on one page live in one kernel, so a
reflection added to the evidence redraws the evidence map two cells further down without the
learner running anything again. Stores are matched by folder, so two `Store()` objects of the
same learner are one store. Listeners are held weakly: a view that is gone is not kept alive.
"""
from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbook.learner.store import Store

__all__ = ["changed", "listen"]

_log = logging.getLogger(__name__)
_Ref = Callable[[], Callable[[], Any] | None]
_listeners: dict[tuple[str, str], list[_Ref]] = {}


def _key(store: Store, name: str) -> tuple[str, str]:
    try:
        root = str(Path(store.root).resolve())
    except OSError:  # a folder that cannot be resolved is still one folder
        root = str(store.root)
    return root, name


def listen(store: Store, name: str, callback: Callable[[], Any]) -> None:
    """Call `callback()` after every change to document `name` of `store` made in this kernel."""
    ref: _Ref
    if hasattr(callback, "__self__"):
        ref = weakref.WeakMethod(callback)  # type: ignore[arg-type]
    else:
        ref = lambda: callback  # noqa: E731 - a plain function lives as long as its module
    _listeners.setdefault(_key(store, name), []).append(ref)


def changed(store: Store, name: str) -> None:
    """Tell every view of document `name` of `store` that it changed."""
    key = _key(store, name)
    for ref in list(_listeners.get(key, [])):  # a view made meanwhile hears the next change
        callback = ref()
        if callback is None:
            continue
        try:
            callback()
        except Exception:  # one broken view must not stop the others, nor the save that was made
            _log.exception("a view of %s could not be redrawn", name)
    _listeners[key] = [ref for ref in _listeners.get(key, []) if ref() is not None]
