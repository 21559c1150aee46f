"""Layout and style models that the plain parts of a notebook's widgets share.

ipywidgets gives every widget its own Layout model, and every text or button its own style
model: two more models each, and the browser handles each model's message in turn before the
next output appears. Parts whose layout never changes on its own share these instead (the quiz,
the deck, the evidence log, plain texts); a part hidden or shown by itself keeps its own.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle

#: name -> how to make the model
_MAKERS: dict[str, Callable[[], widgets.Widget]] = {
    "layout": widgets.Layout,
    "hidden": lambda: widgets.Layout(display="none"),
    "html-style": HTMLStyle,
    "button-style": widgets.ButtonStyle,
}
_models: dict[str, widgets.Widget] = {}


def get(name: str) -> Any:
    """The shared model of that name (a new one if it was closed, e.g. by `Widget.close_all`)."""
    model = _models.get(name)
    if model is None or model.comm is None:
        model = _models[name] = _MAKERS[name]()
    return model


def is_shared(model: widgets.Widget) -> bool:
    """Whether the model is one of the shared ones (never closed with a part that uses it)."""
    return any(model is m for m in _models.values())


def html(value: str = "", hidden: bool = False) -> widgets.HTML:
    """An HTML text with the shared layout (or the shared hidden one) and style."""
    return widgets.HTML(value, layout=get("hidden" if hidden else "layout"),
                        style=get("html-style"))
