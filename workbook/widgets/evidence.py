"""The evidence log: add, edit and remove evidence items and map them to assessment criteria.

Shown in each outcome notebook (its list filtered to that outcome) with the unit's criteria x
evidence matrix and the evidence rules not yet met, in plain words with what to do next.
One item can also count towards other units' criteria (holistic assessment): the form offers
them too, and removing an item here only unmaps it from this unit while others still use it.
Witness testimony and observations ask for their details (for testimony, the ground on which it
takes the place of observation and the assessor who agreed to it and when; for an observation,
whether it happened at work or in a simulation), and the description is checked for what looks
like a full name, a date of birth or an NHS number. Editing an item keeps every detail it holds.
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
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

import traitlets

from workbook.course.evidence_rules import load_rules
from workbook.course.loader import load_course
from workbook.learner.coverage import items_for_outcome, unmet_rules
from workbook.learner.evidence import (
    DOCUMENT,
    Draft,
    EvidenceItem,
    Observation,
    Witness,
    add_item,
    edit_item,
    load_all,
    load_items,
    remove_item,
)
from workbook.learner.evidence_item import field_problems
from workbook.learner.portfolio_html import (
    STYLE,
    CourseNames,
    also_text,
    matrix_html,
    portfolio_html,
    unmet_html,
)
from workbook.learner.store import SaveError, Store
from workbook.learner.watch import listen
from workbook.widgets.base import not_saved_html, note_html, read_only_html
from workbook.widgets.guided import CSS as FORMS_CSS
from workbook.widgets.guided import NEEDS_CONFIRMATION, course_words
from workbook.widgets.model import CommWidget
from workbook.widgets.quiz import ASSETS
from workbook.widgets.static import Summarised

if TYPE_CHECKING:
    from workbook.widgets.evidence_form import EvidenceForm


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
    rows: traitlets.List[Any] = traitlets.List().tag(sync=True)
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
        self.form: EvidenceForm | None = None  # made when asked for
        read_only = not self.store.writable()
        # the first state goes out with the model: the page never draws an empty log first
        super().__init__(read_only=read_only, notice=read_only_html(self.store) if read_only else "",
                         **self._shown())
        self.on_msg(self._on_message)
        # a reflection, a plan or another log on the page changes the evidence: redraw at once
        listen(self.store, DOCUMENT, self.refresh)

    def get_state(self) -> dict[str, Any]:
        """The model's state, its style sheet with the form's (labels and criteria wrap)."""
        state = super().get_state()
        state["_css"] = state.get("_css", "") + "\n" + FORMS_CSS.read_text(encoding="utf-8")
        return state

    def open_form(self) -> EvidenceForm:
        """Make the add/edit form, once (the view draws it); later calls give the same form."""
        if self.form is not None:
            return self.form
        # its controls are ipywidgets, imported only now: ~70 ms a notebook need not wait for
        from workbook.widgets.evidence_form import EvidenceForm
        form = self.form = EvidenceForm(self)
        self.form_model = f"IPY_MODEL_{form.box.model_id}"
        form.title.focus()
        return form

    def static_html(self) -> str:
        """The evidence map as saved: matrix, unmet rules and items."""
        return portfolio_html(self.unit, self.rules, self.items(), self.outcome_id,
                              warnings=self.store.warnings, names=self.names)

    def items(self) -> list[EvidenceItem]:
        """Every item of the unit, as saved."""
        return load_items(self.store, self.unit.slug)

    def listed(self) -> list[EvidenceItem]:
        """The items this log lists, each with Edit and Remove: those mapped to its outcome (or
        unit), and those saved from this page though mapped only to another outcome or unit."""
        mine = load_all(self.store)
        shown = []
        for item in mine:
            seen = item.for_unit(self.unit.slug)
            mapped = bool(seen.criteria) and (
                not self.outcome_id or bool(items_for_outcome(self.unit.outcome(self.outcome_id), [seen])))
            saved_here = item.home == self.unit.slug and (item.page or None) == self.outcome_id
            if mapped or (saved_here and not item.source):
                shown.append(seen)
        return shown

    def draft(self) -> Draft:
        """The form's content."""
        form = self.open_form()
        current = {i.id: i for i in self.items()}.get(self.editing or "")
        # mappings the form cannot show (a unit or criterion no longer in the course) are kept
        elsewhere = {u: c for u, c in (current.elsewhere(self.unit.slug) if current else {}).items()}
        for other in self.others:
            known = {c.id for c in other.criteria}
            elsewhere[other.slug] = tuple(
                [c for (u, c), box in form.other_criteria.items() if u == other.slug and box.value]
                + [c for c in elsewhere.get(other.slug, ()) if c not in known])
        # the form's fields over the item's own details: what the form does not show is kept
        witness = replace((current.witness if current else None) or Witness(),
                          **{k: box.value for k, box in form.witness.items()},
                          grounds=form.grounds.value or "", agreed_by=form.agreed_by.value,
                          agreed_on=form.agreed_on_field.iso)
        observation = replace((current.observation if current else None) or Observation(),
                              place=form.place.value, consent=form.consent.value or "",
                              setting=form.setting.value or "")
        return Draft(type=form.type.value, title=form.title.value, date=form.date.value.strip(),
                     description=form.description.value, location=form.location.value,
                     criteria=tuple(c for c, box in form.criteria.items() if box.value),
                     elsewhere=elsewhere,
                     models=current.models if current else (),
                     witness=witness, observation=observation,
                     page=(current.page if current else self.outcome_id) or "")

    def field_problems(self) -> dict[str, list[str]]:
        """What stops the form being saved, by field ({} when it can be saved)."""
        form = self.open_form()
        problems = field_problems(self.draft(), self.unit, self.rules, self.today)
        if form.anonymity.blocks:
            problems["privacy"] = [NEEDS_CONFIRMATION]
        return problems

    def save(self) -> EvidenceItem | None:
        """Validate the form and save it as a new item (or over the one being edited)."""
        self.check_privacy()
        problems = self.field_problems()
        self.open_form().errors.show(problems)
        if problems:
            count = sum(len(p) for p in problems.values())
            listed = "".join(f"<li>{html.escape(p)}</li>" for ps in problems.values() for p in ps)
            self.message = note_html(
                f"<b>⚠ Not saved yet:</b> {count} thing{'s' if count > 1 else ''} to put right, "
                f"shown beside {'each' if count > 1 else 'its'} field:<ul>{listed}</ul>",
                "wrong", "alert")
            return None
        draft = self.draft()
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
        elsewhere = (f" It shows on the pages of {', '.join(self._outcomes_of(item))} and stays "
                     "listed here." if self.outcome_id and not items_for_outcome(
                         self.unit.outcome(self.outcome_id), [item]) else "")
        self.message = note_html(f"✔ Saved {item.id}: {html.escape(item.title)}"
                                 + (f". It also counts towards {html.escape(also)}." if also else "")
                                 + html.escape(elsewhere), "correct")
        return item

    def _outcomes_of(self, item: EvidenceItem) -> list[str]:
        found = [o.id for o in self.unit.outcomes if items_for_outcome(o, [item])]
        return found or ["your other units"]

    def edit(self, item_id: str) -> None:
        """Load an item into the form so that saving replaces it."""
        item = {i.id: i for i in self.listed()}[item_id]
        known = item.type in {t.id for t in self.rules.types}
        if not known and item.home in self.names.units and item.home != self.unit.slug:
            # this form cannot show that type, so saving here would change it
            self.message = note_html(
                f"⚠ {html.escape(item.id)} is a type of evidence that {html.escape(self.unit.title)} "
                f"does not list: edit it in {html.escape(self.names.units[item.home])}. Here you "
                "can remove it from this unit.", "partial", "alert")
            return
        form = self.open_form()
        self.editing = item.id
        if known:
            form.type.value = item.type
        form.title.value = item.title
        form.date_field.set(item.date)
        form.description.value, form.location.value = item.description, item.location
        mapping = item.units()
        for criterion, box in form.criteria.items():
            box.value = criterion in item.criteria
        for (unit_slug, criterion), box in form.other_criteria.items():
            box.value = criterion in mapping.get(unit_slug, ())
        witness, observation = item.witness or Witness(), item.observation or Observation()
        for key, box in form.witness.items():
            box.value = getattr(witness, key)
        form.grounds.value = _choice(form.grounds, witness.grounds)
        form.agreed_by.value = witness.agreed_by
        form.agreed_on_field.set(witness.agreed_on)
        form.setting.value = _choice(form.setting, observation.setting)
        form.place.value = observation.place
        form.consent.value = _choice(form.consent, observation.consent)
        form.save_button.description = f"Save changes to {item.id}"
        self.message = note_html(f"Editing {item.id}. Change the form, then save.")
        form.title.focus()

    def remove(self, item_id: str) -> None:
        """Ask once, then remove the item on the second request."""
        item = {i.id: i for i in self.listed()}.get(item_id)
        if self._confirm != item_id:
            self._confirm = item_id
            also = also_text(item, self.unit.slug, self.names) if item else ""
            what = ("delete it for good (it counts towards no criterion of this unit)"
                    if item and not item.criteria else
                    f"remove it from this unit; it still counts towards {html.escape(also)}"
                    if also else "delete it for good")
            self.message = note_html(
                f"⚠ Press “Confirm remove {item_id}” to {what}.", "partial", "alert")
        else:
            try:
                deleted = remove_item(self.store, self.unit.slug, item_id,
                                      everywhere=bool(item and not item.criteria))
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
        form = self.open_form()
        self.editing = None
        form.title.value = form.description.value = form.location.value = form.place.value = ""
        form.agreed_by.value = ""
        form.agreed_on_field.set("")
        for box in form.witness.values():
            box.value = ""
        form.consent.value = form.grounds.value = form.setting.value = None
        form.date_field.set((self.today or dt.date.today()).isoformat())
        for box in (*form.criteria.values(), *form.other_criteria.values()):
            box.value = False
        form.save_button.description = "Save evidence"
        form.anonymity.reset()
        form.errors.clear()
        self.message = ""

    def refresh(self) -> None:
        """Redraw the list, the matrix and the unmet rules from the store (one message)."""
        with self.hold_sync():
            for name, value in self._shown().items():
                setattr(self, name, value)

    def _shown(self) -> dict[str, Any]:
        """What the view draws of the store: warnings, the items' rows and the coverage."""
        items = self.items()
        shown = self.listed()
        scope = f" for {self.outcome_id}" if self.outcome_id else ""
        wording = {c.id: c.caption for c in self.unit.criteria}
        rows = []
        for item in shown:
            also = also_text(item, self.unit.slug, self.names)
            confirm = self._confirm == item.id
            here = (not self.outcome_id or
                    bool(items_for_outcome(self.unit.outcome(self.outcome_id), [item])))
            where = ("" if here else
                     f"<p class='wb-elsewhere'>Saved on this page; mapped to "
                     f"{html.escape(', '.join(self._outcomes_of(item)))}, not to "
                     f"{html.escape(self.outcome_id or '')}.</p>")
            criteria = "".join(f"<li>{html.escape(wording.get(c, c))}</li>" for c in item.criteria)
            rows.append({
                "id": item.id, "title": item.title, "confirm": confirm,
                "html": f"<b>{html.escape(item.id)}</b> {html.escape(item.title)} · "
                        f"{html.escape(self.rules.type_name(item.type))} · {html.escape(item.date)}"
                        + (f"<ul class='wb-criteria-list'>{criteria}</ul>" if criteria else "")
                        + (f"<p>Also counts towards {html.escape(also)}</p>" if also else "")
                        + where,
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
            # the map scrolls sideways on a phone: a region the keyboard can reach and scroll
            "coverage": (f"{STYLE}<div class='wb-map' role='region' tabindex='0' "
                         f"aria-label='Evidence map of {html.escape(self.unit.title, True)}'>"
                         f"<h3>Coverage of {html.escape(self.unit.title)}</h3>"
                         f"{matrix_html(self.unit, items, rules=self.rules)}{unmet_html(unmet)}"
                         f"{more}</div>"),
        }

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """A button of the view: {"action": "new" | "edit" | "remove", "item"?}."""
        if not isinstance(content, dict) or self.read_only:
            return
        action, item = content.get("action"), content.get("item")
        if action == "new":
            self.open_form()
        elif action in ("edit", "remove") and item in {i.id for i in self.listed()}:
            getattr(self, action)(item)

    @cached_property
    def known_words(self) -> frozenset[str]:
        """The course's own words (never taken for names), gathered when first needed."""
        return course_words(self._course)

    def check_privacy(self) -> list[str]:
        """Warn about what looks like a full name, a date of birth or an NHS number; while
        anything does, saving needs the learner's confirmation (`anonymity.confirm`)."""
        form = self.open_form()
        texts = [form.title.value, form.description.value, form.location.value, form.place.value,
                 form.witness["competence"].value, form.witness["reason"].value]
        found = form.anonymity.update(texts)
        form.errors.recheck()
        return found


def _choice(control: Any, value: str) -> str | None:
    """The saved value if the control offers it, else no choice (the learner chooses again)."""
    return value if value in {key for _, key in control.options} else None
