"""Keys pressed on a portfolio widget's controls stay with those controls.

JupyterLab reads keys as they bubble up to the document and, in command mode, acts on the
notebook: "d d" deletes a cell, Enter starts editing, arrows move between cells. The quiz and
the flashcards stop such keys in their own script; an ipywidgets box (the evidence log) has no
script of its own, so it gets this invisible child, whose script stops them at the box.
"""
from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from workbook.widgets import shared

__all__ = ["KeepKeys"]


class KeepKeys(anywidget.AnyWidget):
    """Put inside a box with the class `scope`: keys pressed in that box stay there."""

    _esm = Path(__file__).parent / "js" / "keep_keys.js"
    scope = traitlets.Unicode("").tag(sync=True)

    def __init__(self, scope: str):
        super().__init__(scope=scope, layout=shared.get("layout"))
