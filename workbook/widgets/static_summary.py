"""Portfolio widgets shown together with a static HTML summary for nbconvert and formgrader.

nbconvert does not draw widgets, so each portfolio widget is displayed followed by a plain HTML
output of what the learner saved. In live JupyterLab the widget draws the same content itself,
so a style rule inside the widget hides the static copy; where the widget is not drawn (an
HTML export, a reloaded page without a kernel) the rule is absent and the summary shows.
"""
from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML, display

STATIC_CLASS = "wb-static-summary"
HIDE_STATIC = f"<style>.{STATIC_CLASS}{{display:none}}</style>"


class SummarisedBox(widgets.VBox):
    """A VBox whose display adds a static HTML summary (override `static_html`)."""

    def static_html(self) -> str:
        """The summary nbconvert shows in place of the widget."""
        raise NotImplementedError

    def _ipython_display_(self) -> None:
        display(self._repr_mimebundle_(), raw=True)
        display(HTML(f'<div class="{STATIC_CLASS}">{self.static_html()}</div>'))


def hider() -> widgets.HTML:
    """The child widget that hides static summaries while live widgets are drawn."""
    return widgets.HTML(HIDE_STATIC, layout=widgets.Layout(display="none"))
