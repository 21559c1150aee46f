"""The evidence log: add, edit and remove evidence items and map them to assessment criteria.

Shown in each outcome notebook (its list filtered to that outcome) with the unit's criteria x
evidence matrix and the evidence rules not yet met, in plain words with what to do next.
One item can also count towards other units' criteria (holistic assessment): the form offers
them too, and removing an item here only unmaps it from this unit while others still use it.
Witness testimony and observations ask for their details, and the description is checked for
what looks like a full name, a date of birth or an NHS number.
A save the disk refuses says "not saved: <reason>" under the form, which keeps its content; a
read-only store shows the saved evidence with the form disabled.

The log is one widget model drawn by its own script (`js/evidence.js`): the list, the matrix
and the rules are HTML made here, and its buttons come back as messages. The form (a check box
per criterion of every unit, about 140 ipywidgets models: `evidence_form`) is made only when the
learner presses "Log new evidence" or edits an item, and the log's view draws it in place.
"""
from __future__ import annotations

import datetime as dt
import html
from functools import cached_property
from typing import Any

import traitlets

from workbook.course.evidence_rules import load_all_rules, load_rules
from workbook.course.loader import load_course
from workbook.course.model import Course
from workbook.learner.anonymise import findings, vocabulary
from workbook.learner.coverage import items_for_outcome, unmet_rules
from workbook.learner.evidence import (
    CONSENT,
    Draft,
    EvidenceItem,
    Observation,
    Witness,
    add_item,
    edit_item,
    load_items,
    problems_with,
    remove_item,
)
from workbook.learner.portfolio_html import (
    STYLE,
    CourseNames,
    also_text,
    matrix_html,
    portfolio_html,
    unmet_html,
)
from workbook.learner.store import SaveError, Store
from workbook.widgets.base import not_saved_html, note_html, read_only_html
from workbook.widgets.model import CommWidget
from workbook.widgets.quiz import ASSETS
from workbook.widgets.static import Summarised


class EvidenceLog(Summarised, CommWidget):
    """Evidence items of one unit, optionally filtered to one outcome, with the coverage map."""

    _esm = (ASSETS / "dom.js", ASSETS / "evidence.js")
    _css = ASSETS / "widgets.css"
    #: why nothing can be saved (a read-only store), shown above everything
    notice = traitlets.Unicode("").tag(sync=True)
    #: problems found reading the store
    warnings = traitlets.Unicode("").tag(sync=True)
    #: what the last action did (saved, removed, not saved and why)
    message = traitlets.Unicode("").tag(sync=True)
    #: "Your evidence mapped to LO1 (2)"
    heading = traitlets.Unicode("").tag(sync=True)
    #: one per item shown: id, title, html (its line), edit and remove (button texts), confirm
    rows = traitlets.List().tag(sync=True)
    #: the criteria x evidence matrix and the rules not yet met
    coverage = traitlets.Unicode("").tag(sync=True)
    read_only = traitlets.Bool(False).tag(sync=True)
    #: the add/edit form's model ("IPY_MODEL_<id>"), once the learner has asked for the form
    form_model = traitlets.Unicode("").tag(sync=True)

    def __init__(self, unit_slug: str, outcome_id: str | None = None, store: Store | None = None,
                 today: dt.date | None = None):
        course = load_course()
        self.unit = course.unit(unit_slug)
        self.rules = load_rules(self.unit)
        self.names = CourseNames.of(course)
        self.others = [u for u in course.units if u.slug != unit_slug]
        self._course = course
        self.outcome_id = outcome_id
        self.store = store or Store()
        self.today = today
        self.editing: str | None = None
        self._confirm: str | None = None
        self.form: Any = None  # the form's box, made when asked for
        read_only = not self.store.writable()
        # the first state goes out with the model: the page never draws an empty log first
        super().__init__(read_only=read_only, notice=read_only_html(self.store) if read_only else "",
                         **self._shown())
        self.on_msg(self._on_message)

    def open_form(self) -> None:
        """Make the add/edit form, once (the view draws it); later calls leave it as it is."""
        if self.form is not None:
            return
        # its controls are ipywidgets, imported only now: ~70 ms a notebook need not wait for
        from workbook.widgets.evidence_form import build_form
        self.form = build_form(self)
        self.form_model = f"IPY_MODEL_{self.form.model_id}"
        self.title.focus()

    def static_html(self) -> str:
        """The evidence map as saved: matrix, unmet rules and items."""
        return portfolio_html(self.unit, self.rules, self.items(), self.outcome_id,
                              warnings=self.store.warnings, names=self.names)

    def items(self) -> list[EvidenceItem]:
        """Every item of the unit, as saved."""
        return load_items(self.store, self.unit.slug)

    def draft(self) -> Draft:
        """The form's content."""
        self.open_form()
        current = {i.id: i for i in self.items()}.get(self.editing or "")
        # mappings the form cannot show (a unit or criterion no longer in the course) are kept
        elsewhere = {u: c for u, c in (current.elsewhere(self.unit.slug) if current else {}).items()}
        for other in self.others:
            known = {c.id for c in other.criteria}
            elsewhere[other.slug] = tuple(
                [c for (u, c), box in self.other_criteria.items() if u == other.slug and box.value]
                + [c for c in elsewhere.get(other.slug, ()) if c not in known])
        return Draft(type=self.type.value, title=self.title.value, date=self.date.value.strip(),
                     description=self.description.value, location=self.location.value,
                     criteria=tuple(c for c, box in self.criteria.items() if box.value),
                     elsewhere=elsewhere,
                     models=current.models if current else (),
                     witness=Witness(**{k: box.value for k, box in self.witness.items()}),
                     observation=Observation(self.place.value, self.consent.value or ""))

    def save(self) -> EvidenceItem | None:
        """Validate the form and save it as a new item (or over the one being edited)."""
        draft = self.draft()
        problems = problems_with(draft, self.unit, self.rules, self.today)
        if problems:
            listed = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
            self.message = note_html(f"<b>⚠ Not saved yet:</b><ul>{listed}</ul>", "wrong", "alert")
            return None
        try:
            if self.editing:
                item = edit_item(self.store, self.unit.slug, self.editing, draft)
            else:
                item = add_item(self.store, self.unit.slug, draft)
        except SaveError as exc:
            self.message = not_saved_html(exc)  # the form keeps everything for a retry
            return None
        self.clear()
        also = also_text(item, self.unit.slug, self.names)
        self.message = note_html(f"✔ Saved {item.id}: {html.escape(item.title)}"
                                 + (f". It also counts towards {html.escape(also)}." if also else ""),
                                 "correct")
        self.refresh()
        return item

    def edit(self, item_id: str) -> None:
        """Load an item into the form so that saving replaces it."""
        item = {i.id: i for i in self.items()}[item_id]
        known = item.type in {t.id for t in self.rules.types}
        if not known and item.home in self.names.units and item.home != self.unit.slug:
            # this form cannot show that type, so saving here would change it
            self.message = note_html(
                f"⚠ {html.escape(item.id)} is a type of evidence that {html.escape(self.unit.title)} "
                f"does not list: edit it in {html.escape(self.names.units[item.home])}. Here you "
                "can remove it from this unit.", "partial", "alert")
            return
        self.open_form()
        self.editing = item.id
        if known:
            self.type.value = item.type
        self.title.value, self.date.value = item.title, item.date
        self.description.value, self.location.value = item.description, item.location
        mapping = item.units()
        for criterion, box in self.criteria.items():
            box.value = criterion in item.criteria
        for (unit_slug, criterion), box in self.other_criteria.items():
            box.value = criterion in mapping.get(unit_slug, ())
        witness, observation = item.witness or Witness(), item.observation or Observation()
        for key, box in self.witness.items():
            box.value = getattr(witness, key)
        self.place.value = observation.place
        self.consent.value = observation.consent if observation.consent in dict(CONSENT) else None
        self.save_button.description = f"Save changes to {item.id}"
        self.message = note_html(f"Editing {item.id}. Change the form, then save.")
        self.title.focus()

    def remove(self, item_id: str) -> None:
        """Ask once, then remove the item on the second request."""
        if self._confirm != item_id:
            self._confirm = item_id
            item = {i.id: i for i in self.items()}.get(item_id)
            also = also_text(item, self.unit.slug, self.names) if item else ""
            what = (f"remove it from this unit; it still counts towards {html.escape(also)}"
                    if also else "delete it for good")
            self.message = note_html(
                f"⚠ Press “Confirm remove {item_id}” to {what}.", "partial", "alert")
        else:
            try:
                deleted = remove_item(self.store, self.unit.slug, item_id)
            except SaveError as exc:
                self.message = not_saved_html(exc)
                self.refresh()
                return
            self._confirm = None
            if self.editing == item_id:
                self.clear()
            self.message = note_html(
                f"✔ Removed {item_id}." if deleted else
                f"✔ Removed {item_id} from this unit; it still counts towards your other units.",
                "correct")
        self.refresh()

    def clear(self) -> None:
        """Empty the form for a new item."""
        self.open_form()
        self.editing = None
        self.title.value = self.description.value = self.location.value = self.place.value = ""
        for box in self.witness.values():
            box.value = ""
        self.consent.value = None
        self.date.value = (self.today or dt.date.today()).isoformat()
        for box in (*self.criteria.values(), *self.other_criteria.values()):
            box.value = False
        self.save_button.description = "Save evidence"
        self.message = ""

    def refresh(self) -> None:
        """Redraw the list, the matrix and the unmet rules from the store (one message)."""
        with self.hold_sync():
            for name, value in self._shown().items():
                setattr(self, name, value)

    def _shown(self) -> dict[str, Any]:
        """What the view draws of the store: warnings, the items' rows and the coverage."""
        items = self.items()
        shown = items_for_outcome(self.unit.outcome(self.outcome_id), items) if self.outcome_id else items
        scope = f" mapped to {self.outcome_id}" if self.outcome_id else ""
        rows = []
        for item in shown:
            also = also_text(item, self.unit.slug, self.names)
            confirm = self._confirm == item.id
            rows.append({
                "id": item.id, "title": item.title, "confirm": confirm,
                "html": f"<b>{html.escape(item.id)}</b> {html.escape(item.title)} · "
                        f"{html.escape(self.rules.type_name(item.type))} · {html.escape(item.date)} · "
                        f"criteria {html.escape(', '.join(item.criteria))}"
                        + (f" · also {html.escape(also)}" if also else ""),
                "edit": f"Edit {item.id}",
                "remove": f"Confirm remove {item.id}" if confirm else f"Remove {item.id}"})
        unmet = unmet_rules(self.unit, self.rules, items, self.outcome_id)
        others = len(unmet_rules(self.unit, self.rules, items)) - len(unmet)
        more = (f"<p>{others} more evidence rule(s) concern other outcomes: see the unit's "
                "portfolio notebook.</p>" if others else "")
        return {
            "warnings": "".join(note_html(f"⚠ {html.escape(w)}", "wrong", "alert")
                                for w in self.store.warnings),
            "heading": f"Your evidence{scope} ({len(shown)})",
            "rows": rows,
            "coverage": (f"{STYLE}<div class='wb-map'><h3>Coverage of {html.escape(self.unit.title)}</h3>"
                         f"{matrix_html(self.unit, items)}{unmet_html(unmet)}{more}</div>"),
        }

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """A button of the view: {"action": "new" | "edit" | "remove", "item"?}."""
        if not isinstance(content, dict) or self.read_only:
            return
        action, item = content.get("action"), content.get("item")
        if action == "new":
            self.open_form()
        elif action in ("edit", "remove") and item in {i.id for i in self.items()}:
            getattr(self, action)(item)

    @cached_property
    def known_words(self) -> frozenset[str]:
        """The course's own words (never taken for names), gathered when first needed."""
        return _course_words(self._course)

    def check_privacy(self) -> list[str]:
        """Warn about what looks like a full name, a date of birth or an NHS number."""
        self.open_form()
        texts = [self.title.value, self.description.value, self.location.value, self.place.value,
                 self.witness["competence"].value, self.witness["reason"].value]
        found = [f.message for text in texts for f in findings(text, self.known_words)]
        self.privacy.value = (note_html(
            "<b>⚠ Check this is anonymised:</b><ul>"
            + "".join(f"<li>{html.escape(m)}</li>" for m in found)
            + "</ul>The witness's own name and role are fine.", "partial", "alert") if found else "")
        return found


def _course_words(course: Course) -> frozenset[str]:
    """Words of the course's own titles and terms, never taken for a person's name."""
    rules = load_all_rules(course)
    texts = [t for u in course.units for t in (
        u.title, *(k.name for k in u.key_concepts), *(o.title for o in u.outcomes),
        *(c.text for c in u.criteria), *(k.name for o in u.outcomes for k in o.models))]
    texts += [t for r in rules.values() for t in (*r.models, *(e.name for e in r.types))]
    return vocabulary(texts)
