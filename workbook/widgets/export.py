"""Download the portfolio, and import an exported copy back, in the notebook.

One button gives the browser a file to save: the whole portfolio as a web page (the learner's
name, the unit, the date, the signed declaration, each criterion with its wording and the
evidence mapped to it, the full reflective accounts and training plan), which prints cleanly
(for a PDF: print it and choose "Save as PDF"). The button is a link holding the file itself
(`download` attribute, data: URL), so it works on a phone and in Voilà with no server route;
it is redrawn whenever the evidence, accounts, plan or declaration change on the page. A copy
as data (CSV or JSON, for importing later) or Markdown downloads the same way. Importing into a
read-only store is disabled, with a plain message.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import tempfile
from pathlib import Path

from workbook.course.loader import load_course
from workbook.course.yamlfile import ContentError
from workbook.learner import declaration, reflections, training_plans
from workbook.learner.evidence import DOCUMENT as EVIDENCE
from workbook.learner.evidence import load_items
from workbook.learner.portfolio_document import file_name, gather, portfolio_page
from workbook.learner.portfolio_export import export_text, import_items, read_export
from workbook.learner.portfolio_html import CourseNames
from workbook.learner.store import SaveError, Store
from workbook.learner.watch import listen
from workbook.widgets.base import not_saved_html, note_html
from workbook.widgets.controls import widgets
from workbook.widgets.guided import form_style
from workbook.widgets.saving import SaveGuard
from workbook.widgets.unit_page import open_unit

#: the copies as data, besides the portfolio page: format -> (label, MIME type)
COPIES = {"json": ("Data (.json), to import later", "application/json"),
          "csv": ("Spreadsheet (.csv)", "text/csv"),
          "md": ("Markdown (.md)", "text/markdown")}
LINK_STYLE = ("display:inline-block;padding:10px 16px;margin:6px 0;min-height:24px;"
              "background:#1f3a5f;color:#ffffff;border-radius:4px;text-decoration:none;"
              "font-weight:bold;max-width:100%;overflow-wrap:anywhere")
PLAIN_LINK_STYLE = ("display:inline-block;padding:8px 12px;margin:6px 0;min-height:24px;"
                    "border:1px solid #1f3a5f;color:#1f3a5f;border-radius:4px;"
                    "max-width:100%;overflow-wrap:anywhere")


def download_link(name: str, text: str, mime: str, label: str, style: str = LINK_STYLE) -> str:
    """A link that makes the browser save `text` as the file `name` (nothing goes to a server)."""
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f'<a download="{html.escape(name)}" href="data:{mime};charset=utf-8;base64,{data}" '
            f'style="{style}" role="button">{html.escape(label)}</a>')


class PortfolioExport(widgets.VBox):
    """The portfolio as a web page to download; copies as data; import a .csv or .json copy."""

    def __init__(self, unit_slug: str, store: Store | None = None, folder: Path | None = None,
                 today: dt.date | None = None):
        self.unit, self.rules, self.store = open_unit(unit_slug, store)
        self.today = today
        self.folder = Path(folder) if folder else None  # kept for callers of older versions
        signed = declaration.load(self.store, unit_slug)
        self.name = widgets.Text(description="Your name on the portfolio",
                                 value=signed.name if signed and signed.signed else "",
                                 placeholder="Your full name", continuous_update=False,
                                 style={"description_width": "initial"},
                                 layout=widgets.Layout(width="auto", max_width="100%"))
        self.link = widgets.HTML()
        self.format = widgets.Dropdown(description="A copy as", options=[
            (label, fmt) for fmt, (label, _) in COPIES.items()],
            style={"description_width": "initial"})
        self.copy_link = widgets.HTML()
        # as wide as its words, not stretched across the form (guided.wide_button)
        self.upload = widgets.FileUpload(description="Import file", accept=".csv,.json",
                                         multiple=False,
                                         layout=widgets.Layout(width="max-content"))
        self.message = widgets.HTML()
        self.guard = SaveGuard(self.store)
        self.upload.observe(lambda _: self._uploaded(), names="value")
        self.name.observe(lambda _: self.refresh(), names="value")
        self.format.observe(lambda _: self.refresh(), names="value")
        super().__init__([
            form_style(), self.guard.notice,
            widgets.HTML("<p>Your portfolio as one web page, for your assessor: open it to read "
                         "it, or print it (choose “Save as PDF” to make a PDF). It is saved "
                         "where your browser keeps downloads.</p>"),
            self.name, self.link,
            widgets.HTML("<p><b>Keep a copy of your evidence</b> (to import it again later, or "
                         "open it in a spreadsheet):</p>"),
            self.format, self.copy_link, self.upload, self.message])
        self.add_class("wb-form-wrap")
        self.guard.lock([self.upload])  # downloading only reads the store; importing writes to it
        self.refresh()
        for name in (EVIDENCE, reflections.document_name(unit_slug),
                     training_plans.document_name(unit_slug), declaration.document_name(unit_slug)):
            listen(self.store, name, self.refresh)

    def page(self) -> tuple[str, str]:
        """(file name, HTML) of the portfolio as it is saved now."""
        data = gather(self.store, load_course(), self.unit, self.rules, self.name.value,
                      self.today)
        return file_name(data), portfolio_page(data)

    def file_text(self, fmt: str) -> tuple[str, str]:
        """(file name, text) of a copy in one of COPIES' formats."""
        text = export_text(fmt, self.unit, self.rules, load_items(self.store, self.unit.slug),
                           CourseNames.of(load_course()))
        return f"portfolio-{self.unit.slug}.{fmt}", text

    def refresh(self) -> None:
        """Remake both links from the store as it is now."""
        name, text = self.page()
        self.link.value = download_link(name, text, "text/html",
                                        "⬇ Download your portfolio (web page)")
        fmt = self.format.value
        copy_name, copy_text = self.file_text(fmt)
        self.copy_link.value = download_link(copy_name, copy_text, COPIES[fmt][1],
                                             f"⬇ Download {copy_name}", PLAIN_LINK_STYLE)

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
