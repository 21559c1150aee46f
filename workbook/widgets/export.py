"""Export the portfolio map for the assessor and import an exported copy back, in the notebook.

A write the disk refuses says "not saved: <reason>"; importing into a read-only store is
disabled, with a plain message.
"""
from __future__ import annotations

import html
import tempfile
from pathlib import Path

from workbook.atomic import SaveError, write_atomic
from workbook.course.loader import load_course
from workbook.course.yamlfile import ContentError
from workbook.learner.evidence import load_items
from workbook.learner.portfolio_export import FORMATS, export_text, import_items, read_export
from workbook.learner.portfolio_html import CourseNames
from workbook.learner.store import Store
from workbook.widgets.base import not_saved_html, note_html
from workbook.widgets.controls import widgets
from workbook.widgets.saving import SaveGuard
from workbook.widgets.unit_page import open_unit

LABELS = {"md": "Markdown (.md)", "html": "Web page (.html)", "csv": "Spreadsheet (.csv)",
          "json": "Data (.json)"}


class PortfolioExport(widgets.VBox):
    """Write `portfolio-<unit>.<ext>` next to the notebook; import a .csv or .json export."""

    def __init__(self, unit_slug: str, store: Store | None = None, folder: Path | None = None):
        self.unit, self.rules, self.store = open_unit(unit_slug, store)
        self.folder = Path(folder) if folder else Path.cwd()
        self.format = widgets.Dropdown(description="Format", options=[(LABELS[f], f) for f in FORMATS])
        self.export_button = widgets.Button(description="Export", button_style="primary",
                                            tooltip="Write the portfolio map to a file")
        self.upload = widgets.FileUpload(description="Import file", accept=".csv,.json", multiple=False)
        self.message = widgets.HTML()
        self.guard = SaveGuard(self.store)
        self.export_button.on_click(lambda _: self.export())
        self.upload.observe(lambda _: self._uploaded(), names="value")
        super().__init__([self.guard.notice, widgets.HBox([self.format, self.export_button]),
                          self.upload, self.message])
        self.guard.lock([self.upload])  # exporting only reads the store; importing writes to it

    def export(self) -> Path | None:
        """Write the chosen format; returns the file written (None when the disk refused it)."""
        path = self.folder / f"portfolio-{self.unit.slug}.{self.format.value}"
        try:
            write_atomic(path, export_text(self.format.value, self.unit, self.rules,
                                           load_items(self.store, self.unit.slug),
                                           CourseNames.of(load_course())))
        except SaveError as exc:
            self.message.value = not_saved_html(exc, "Try again once the problem is fixed.")
            return None
        self.message.value = note_html(f"✔ Wrote {html.escape(path.name)} next to this notebook.",
                                       "correct")
        return path

    def import_text(self, name: str, text: str) -> list[str]:
        """Import an exported file's text; messages of what happened."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(name).name
            path.write_text(text, encoding="utf-8")
            try:
                items = read_export(path, self.unit)
            except ContentError as exc:
                problems = [str(p).replace(f"{folder}/", "") for p in exc.problems]
                self.message.value = note_html("⚠ Not imported: " + html.escape("; ".join(problems)),
                                               "wrong", "alert")
                return problems
        try:
            messages = import_items(self.store, self.unit.slug, items)
        except SaveError as exc:
            self.message.value = not_saved_html(exc, "Nothing was imported; try again once the "
                                                "problem is fixed.")
            return [exc.message]
        self.message.value = note_html("✔ " + html.escape("; ".join(messages) or "nothing to import"),
                                       "correct")
        return messages

    def _uploaded(self) -> None:
        for upload in self.upload.value:
            self.import_text(upload["name"], bytes(upload["content"]).decode("utf-8", "replace"))
