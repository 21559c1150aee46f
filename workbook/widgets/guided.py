"""What the portfolio forms share so that they guide rather than reject.

- `DateField`: a text box that reads dates as people in England type them (14/11/2026,
  14 Nov 2026...) beside a date picker (the phone's own on a phone), and reads the date back
  in words; what is saved is the ISO date.
- `FieldErrors`: one message under each field; after a save was refused, every change checks
  the form again, so a message goes as soon as its field is fixed.
- `AnonymityCheck`: what looks like a full name, a date of birth or an NHS number is listed, and
  nothing is added to the portfolio until the learner ticks "I have removed names and
  identifying details".
- `form_style()`: the style that lets labels, criteria and buttons wrap instead of being cut,
  with touch targets of at least 24 px.

ipywidgets comes in through `controls` only when a form is made: the evidence log imports this
module for its style sheet and messages, and an outcome page must not import ipywidgets before
the learner opens the evidence form (see `controls`).
"""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.course.evidence_rules import load_all_rules
from workbook.course.model import Course
from workbook.learner.anonymise import findings, vocabulary
from workbook.learner.dates import HINT, iso_date, long_date, parse_date
from workbook.widgets.base import note_html

if TYPE_CHECKING:
    import ipywidgets as widgets

__all__ = ["CSS", "AnonymityCheck", "DateField", "FieldErrors", "course_words", "form_style",
           "wide_button"]

#: the forms' style sheet (also sent with the evidence log's model)
CSS = Path(__file__).parent / "js" / "forms.css"
CONFIRM = "I have removed names and identifying details"


def form_style() -> widgets.HTML:
    """A hidden part that carries the forms' style sheet onto the page."""
    from workbook.widgets.controls import widgets
    return widgets.HTML(f"<style>{CSS.read_text(encoding='utf-8')}</style>",
                        layout=widgets.Layout(display="none"))


def wide_button(description: str, **kwargs: object) -> widgets.Button:
    """A button as wide as its words, never cut to "Save plan as evid…" (ipywidgets' fixed
    width) nor stretched across the form ("auto" in a column); on a phone its words wrap."""
    from workbook.widgets.controls import widgets
    return widgets.Button(description=description, layout=widgets.Layout(width="max-content"),
                          **kwargs)  # type: ignore[arg-type]


class DateField:
    """A date typed as the learner likes, or picked; `value` is what they typed."""

    def __init__(self, description: str, value: str = "", future: bool = False,
                 continuous_update: bool = True):
        from workbook.widgets.controls import widgets
        self.future = future
        self.text = widgets.Text(description=description, placeholder=HINT, value=value,
                                 continuous_update=continuous_update,
                                 style={"description_width": "initial"})
        self.picker = widgets.DatePicker(description="or pick a date", value=parse_date(value),
                                         style={"description_width": "initial"})
        self.reading = widgets.HTML()
        self.box = widgets.VBox([widgets.HBox([self.text, self.picker]), self.reading])
        self.box.add_class("wb-date")
        self._syncing = False
        self.text.observe(lambda _: self._from_text(), names="value")
        self.picker.observe(lambda _: self._from_picker(), names="value")
        self._read_back()

    @property
    def iso(self) -> str:
        """The ISO date to save (the text as typed when it is not a date)."""
        return iso_date(self.text.value)

    def set(self, value: str) -> None:
        """Show a saved date."""
        self.text.value = value

    def disable(self) -> None:
        """Nothing to change (a read-only store)."""
        self.text.disabled = self.picker.disabled = True

    def _from_text(self) -> None:
        if not self._syncing:
            when = parse_date(self.text.value)
            if when is not None and when != self.picker.value:
                self._syncing = True
                try:
                    self.picker.value = when
                finally:
                    self._syncing = False
        self._read_back()

    def _from_picker(self) -> None:
        if self._syncing or self.picker.value is None:
            return
        if parse_date(self.text.value) != self.picker.value:
            self._syncing = True
            try:
                self.text.value = self.picker.value.isoformat()
            finally:
                self._syncing = False
            self._read_back()

    def _read_back(self) -> None:
        when = parse_date(self.text.value)
        self.reading.value = (f"<small>Read as <b>{html.escape(long_date(when))}</b></small>"
                              if when else "")


class FieldErrors:
    """A message under each field, shown when a save is refused and gone once the field is fixed."""

    def __init__(self, fields: Iterable[str], check: Callable[[], Mapping[str, list[str]]]):
        from workbook.widgets.controls import widgets
        self.labels = {field: widgets.HTML() for field in fields}
        self.check = check
        self.active = False  # nothing is shown before the learner first tries to save

    def label(self, field: str) -> widgets.HTML:
        """The place of a field's message."""
        from workbook.widgets.controls import widgets
        return self.labels.setdefault(field, widgets.HTML())

    def show(self, problems: Mapping[str, list[str]]) -> None:
        """Show each field's problems under it (from now on, every change checks again)."""
        self.active = True
        for field, label in self.labels.items():
            messages = problems.get(field, [])
            label.value = (note_html("<br>".join(f"⚠ {html.escape(m)}" for m in messages),
                                     "wrong", "alert") if messages else "")

    def recheck(self) -> None:
        """After a refused save, show what is still wrong as the learner changes the form."""
        if self.active:
            self.show(self.check())

    def clear(self) -> None:
        """No messages (a new item, or saved)."""
        self.active = False
        for label in self.labels.values():
            label.value = ""

    @property
    def shown(self) -> dict[str, str]:
        """Field -> the message shown under it (only fields with one)."""
        return {field: label.value for field, label in self.labels.items() if label.value}


class AnonymityCheck:
    """What looks identifying in the form, and the confirmation a save needs while it does."""

    def __init__(self, known: Callable[[], frozenset[str]]):
        from workbook.widgets.controls import widgets
        self.known = known
        self.warning = widgets.HTML()
        self.confirm = widgets.Checkbox(description=CONFIRM, indent=False, value=False,
                                        layout=widgets.Layout(width="auto"))
        self.box = widgets.VBox([self.warning, self.confirm],
                                layout=widgets.Layout(display="none"))
        self.box.add_class("wb-anonymity")
        self.found: list[str] = []
        self._confirmed_for: tuple[str, ...] = ()
        self.confirm.observe(lambda _: self._remember(), names="value")

    def update(self, texts: Iterable[str]) -> list[str]:
        """Look again at the texts; list what was found (a new finding needs a new tick)."""
        known = self.known()
        self.found = list(dict.fromkeys(f.message for text in texts for f in findings(text, known)))
        if self.confirm.value and tuple(self.found) != self._confirmed_for:
            if set(self.found) - set(self._confirmed_for):
                self.confirm.value = False
            else:
                self._confirmed_for = tuple(self.found)
        self.warning.value = (note_html(
            "<b>⚠ Check this is anonymised:</b><ul>"
            + "".join(f"<li>{html.escape(m)}</li>" for m in self.found)
            + "</ul>Change it, or tick the box below if what is listed is not a real person's "
              "details. The witness's own name and role are fine.", "partial", "alert")
            if self.found else "")
        self.box.layout.display = None if self.found else "none"
        return self.found

    @property
    def blocks(self) -> bool:
        """Whether saving must wait for the learner's confirmation."""
        return bool(self.found) and not self.confirm.value

    def reset(self) -> None:
        """A new item: nothing found, nothing confirmed."""
        self.found, self._confirmed_for = [], ()
        self.confirm.value = False
        self.warning.value = ""
        self.box.layout.display = "none"

    def _remember(self) -> None:
        self._confirmed_for = tuple(self.found) if self.confirm.value else ()


#: the message under the anonymity check when a save waits for the confirmation
NEEDS_CONFIRMATION = (f"Remove the names and identifying details listed above, or tick “{CONFIRM}” "
                      "if they are not a real person's.")


#: id(course) -> (the course, its words): one course per kernel, gathered once
_WORDS: dict[int, tuple[Course, frozenset[str]]] = {}


def course_words(course: Course) -> frozenset[str]:
    """Words of the course's own titles and terms, never taken for a person's name."""
    if id(course) not in _WORDS or _WORDS[id(course)][0] is not course:
        rules = load_all_rules(course)
        texts = [t for u in course.units for t in (
            u.title, *(k.name for k in u.key_concepts), *(o.title for o in u.outcomes),
            *(c.text for c in u.criteria), *(k.name for o in u.outcomes for k in o.models))]
        texts += [t for r in rules.values() for t in (*r.models, *(e.name for e in r.types))]
        _WORDS[id(course)] = (course, vocabulary(texts))
    return _WORDS[id(course)][1]


def today_or(today: dt.date | None) -> dt.date:
    """The day a widget takes for today (tests fix it)."""
    return today or dt.date.today()
