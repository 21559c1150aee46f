"""Learner-written content shown to tutors, IQAs and EQAs is inert: text to read, never code to run.

A learner controls the Markdown of their written answers and, through added cells, outputs too.
nbgrader's formgrader and feedback pages render both with nbconvert on the tutor's own server
origin, and its formgrade template renders Markdown cells raw (it ignores nbconvert's
`sanitize_html`), so `<img onerror=...>` there would run with the tutor's session. `inert_html`
is the one sanitiser for learner text (nh3, the binding of the Rust `ammonia` crate): an allowlist
of tags and attributes, no scripts, event handlers, styles, forms, frames or `javascript:` URLs.
`InertLearnerContent` applies it to every cell before nbconvert's templates see the notebook.
"""
from __future__ import annotations

from typing import Any

import nh3
from nbconvert.filters.markdown import markdown2html
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode

__all__ = ["InertLearnerContent", "SAFE_OUTPUTS", "configure", "inert_html", "inert_markdown"]

#: attributes kept besides nh3's defaults: classes style nothing by themselves; ARIA keeps meaning
_EXTRA_ATTRIBUTES = {"class", "role", "aria-label", "aria-hidden", "scope"}
#: no images: a learner's <img src> would make the tutor's browser request any URL, cookies sent
_TAGS = set(nh3.ALLOWED_TAGS) - {"img", "area", "map"}
_ATTRIBUTES = {tag: set(nh3.ALLOWED_ATTRIBUTES.get(tag, set())) | _EXTRA_ATTRIBUTES
               for tag in _TAGS}
#: output types shown as they are (no markup in them); text/html and text/markdown are cleaned;
#: anything else (scripts, SVG, widget views, custom renderers) is dropped
SAFE_OUTPUTS = {"text/plain", "text/latex", "image/png", "image/jpeg", "application/json"}


def inert_html(html: str) -> str:
    """`html` with only harmless tags, attributes and URL schemes left (links open no script)."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")


def inert_markdown(markdown: str) -> str:
    """Markdown rendered as nbconvert renders it, then made inert (one line, one HTML block).

    Newlines become character references so that the result, handed back to a Markdown
    renderer, stays a single raw HTML block and is passed through unchanged."""
    cleaned = inert_html(markdown2html(markdown))
    return '<div class="workbook-learner-text">' + cleaned.replace("\n", "&#10;") + "</div>"


class InertLearnerContent(Preprocessor):
    """Markdown and raw cells rendered and cleaned; outputs cleaned or dropped (see module)."""

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int
                        ) -> tuple[NotebookNode, dict]:
        """Make one cell inert."""
        if cell.cell_type in ("markdown", "raw"):
            cell.source = inert_markdown(cell.source) if cell.source.strip() else ""
            cell.pop("attachments", None)
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if "data" in output:
                    output["data"] = _inert_data(output["data"])
        return cell, resources


def _inert_data(data: dict[str, Any]) -> dict[str, Any]:
    kept = {kind: value for kind, value in data.items() if kind in SAFE_OUTPUTS}
    if "text/html" in data:
        kept["text/html"] = inert_html(_text(data["text/html"]))
    if "text/markdown" in data:
        kept["text/html"] = inert_markdown(_text(data["text/markdown"]))
    return kept


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def configure(c: Any) -> None:
    """Make every HTML page nbgrader renders (formgrader, feedback) show learner content inert."""
    c.HTMLExporter.preprocessors = [InertLearnerContent]
    c.HTMLExporter.sanitize_html = True
