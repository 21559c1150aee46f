"""ipywidgets, for the portfolio widgets made of its controls, and what those widgets share.

Import ipywidgets from here: importing it puts up its answer to a reloaded page's request for
every model's state, which knows only ipywidgets' models; this module puts back the one that
answers for the workbook's own models too (`workbook.widgets.model`). The quiz, the flashcards
and the evidence log do not import ipywidgets at all until a learner opens the evidence form.

Plain parts share layout and style models: ipywidgets gives every widget its own Layout model,
and every text or button its own style model, two more models each, and the browser handles
each model's message in turn before the next output appears. Parts whose layout never changes
on their own share these instead; a part hidden or shown by itself keeps its own.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle

from workbook.widgets import model
from workbook.widgets.static import HIDE_STATIC_IN_LAB, Summarised

__all__ = ["SummarisedBox", "get", "hider", "html", "widgets"]

model.serve_states()

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


def html(value: str = "", hidden: bool = False) -> widgets.HTML:
    """An HTML text with the shared layout (or the shared hidden one) and style."""
    return widgets.HTML(value, layout=get("hidden" if hidden else "layout"),
                        style=get("html-style"))


def hider() -> widgets.HTML:
    """The child widget that hides static copies while live widgets are drawn."""
    return html(HIDE_STATIC_IN_LAB, hidden=True)


class SummarisedBox(Summarised, widgets.VBox):
    """A VBox whose display adds a static HTML summary."""
