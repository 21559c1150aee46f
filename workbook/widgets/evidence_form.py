"""The evidence log's form, made when the learner asks for it: the controls of one item.

The type of evidence, its title, date, description and where it is kept; the witness's details
(who they are, the ground and reason for testimony in place of observation, and the assessor who
agreed to it and when) or the observation's (real work or a simulation, the place, consent),
each shown only for its type; a check box per criterion of this unit and of every other unit (one item
can count towards several: holistic assessment), and Save / Clear. These are ipywidgets
controls: a notebook imports ipywidgets only once a learner opens the form. They are attributes
of the `EvidenceForm` (`form.title`, `form.criteria`...), which the log reads and fills.
"""
from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

from workbook.course.evidence_rules import SETTINGS, WITNESS_GROUNDS
from workbook.course.model import Criterion, Unit
from workbook.learner.evidence import CONSENT, OBSERVATION_TYPE, WITNESS_TYPE
from workbook.learner.evidence_item import PROBLEM_FIELDS
from workbook.widgets.controls import widgets
from workbook.widgets.guided import AnonymityCheck, DateField, FieldErrors, form_style, wide_button

if TYPE_CHECKING:
    from workbook.widgets.evidence import EvidenceLog

__all__ = ["GROUND_WORDS", "SETTING_WORDS", "WITNESS_FIELDS", "EvidenceForm"]

FULL = widgets.Layout(width="95%")
#: how the form names each setting of an observation (evidence_rules.SETTINGS), in plain words
SETTING_WORDS = {"real-work": "At work, with the people I support",
                 "simulation": "A simulation or role-play"}
#: how the form names each ground for expert witness testimony (evidence_rules.WITNESS_GROUNDS)
GROUND_WORDS = {
    "specialist": "The witness is an expert in a specialist area of my work",
    "sensitive": "My assessor watching would be particularly sensitive for the people I support "
                 "(for example during personal care)",
}


class EvidenceForm:
    """The form of an `EvidenceLog`: the controls of one item, which the log reads and fills,
    and `box`, which shows them."""

    def __init__(self, log: EvidenceLog):
        self._log = log
        self.type = widgets.Dropdown(description="Type of evidence",
                                     options=[(t.name, t.id) for t in log.rules.types],
                                     style={"description_width": "initial"})
        self.type_help = widgets.HTML()
        self.title = widgets.Text(description="Title",
                                  placeholder="e.g. Observation of team meeting", layout=FULL)
        self.date_field = DateField("Date it was produced",
                                    (log.today or dt.date.today()).isoformat())
        self.date = self.date_field.text  # what the learner typed; saved as an ISO date
        self.errors = FieldErrors((*PROBLEM_FIELDS, "privacy"), log.field_problems)
        error = self.errors.label
        self.description = widgets.Textarea(description="Description",
                                            placeholder="What it shows, in a sentence or two",
                                            layout=FULL)
        self.location = widgets.Text(
            description="Kept where", layout=FULL,
            placeholder="Where the original is kept, e.g. e-portfolio page 4")
        self.anonymity = AnonymityCheck(lambda: log.known_words)
        self.privacy = self.anonymity.warning
        self.witness = {key: widgets.Textarea(description=label, layout=FULL, placeholder=hint,
                                              style={"description_width": "initial"})
                        for key, label, hint in WITNESS_FIELDS}
        self.place = widgets.Text(
            description="Place of the observation", layout=FULL,
            placeholder="e.g. the lounge of the service, during a house meeting",
            style={"description_width": "initial"})
        self.consent = widgets.RadioButtons(options=[(label, key) for key, label in CONSENT],
                                            value=None, layout=FULL,
                                            description="The people supported",
                                            style={"description_width": "initial"})
        self._agreement_controls(log.unit)
        self.witness_box = widgets.VBox([
            widgets.HTML("<b>About the witness</b>"),
            *(self.witness[key] for key in ("name", "role", "relationship", "competence")),
            error("witness"),
            self.witness_help, self.grounds, error("grounds"), self.witness["reason"],
            error("reason"),
            self.agreed_by, error("agreed_by"), self.agreed_on_field.box, error("agreed_on")])
        self.observation_box = widgets.VBox([
            widgets.HTML("<b>About the observation</b>"), self.setting, self.setting_help,
            error("setting"),
            self.place, self.consent, error("observation")])
        self.witness_box.add_class("wb-witness")
        self.observation_box.add_class("wb-observation")
        self.criteria = {c.id: _criterion_box(c) for c in log.unit.criteria}
        #: (unit slug, criterion id) -> checkbox, for the other units of the course.
        self.other_criteria = {(o.slug, c.id): _criterion_box(c, o.title)
                               for o in log.others for c in o.criteria}
        here = widgets.VBox(self._criteria_rows(log.unit))
        here.add_class("wb-criteria-here")
        elsewhere = widgets.VBox([
            widgets.HTML("<p><b>Does it also count towards another unit?</b> One piece of "
                         "evidence can show criteria of several units (holistic assessment): "
                         "tick them here too.</p>"),
            *(row for other in log.others for row in self._criteria_rows(other))])
        elsewhere.add_class("wb-criteria-elsewhere")
        boxes: list[widgets.Widget] = [here, elsewhere] if log.others else [here]
        self.save_button = wide_button("Save evidence", button_style="primary",
                                       tooltip="Save this evidence item")
        self.clear_button = wide_button("Clear form", tooltip="Start a new item")
        self.save_button.on_click(lambda _: log.save())
        self.clear_button.on_click(lambda _: log.clear())
        self.type.observe(lambda _: self._show_type_help(), names="value")
        for text in (self.title, self.description, self.location, *self.witness.values(),
                     self.place):
            text.observe(lambda _: log.check_privacy(), names="value")
        # after a refused save, each message goes as soon as its field is fixed
        for control in (self.type, self.title, self.date, *self.witness.values(), self.grounds,
                        self.agreed_by, self.agreed_on, self.setting, self.place, self.consent,
                        self.anonymity.confirm, *self.criteria.values(),
                        *self.other_criteria.values()):
            control.observe(lambda _: self.errors.recheck(), names="value")
        self._show_type_help()
        if log.read_only:  # nothing pretends to save
            for control in (self.type, self.title, self.description, self.location,
                            *self.witness.values(), self.grounds, self.agreed_by, self.setting,
                            self.place, self.consent, *self.criteria.values(),
                            *self.other_criteria.values(), self.save_button, self.clear_button):
                control.disabled = True
            self.date_field.disable()
            self.agreed_on_field.disable()
        self.box = widgets.VBox([
            form_style(), widgets.HTML("<h3>Log evidence</h3>"), self.type, error("type"),
            self.type_help, self.title, error("title"), self.date_field.box, error("date"),
            self.description, self.location, self.witness_box, self.observation_box,
            self.anonymity.box, error("privacy"),
            widgets.HTML("<p><b>Which assessment criteria does it show?</b> Tick each one.</p>"),
            *boxes, error("criteria"), widgets.HBox([self.save_button, self.clear_button]),
        ])
        self.box.add_class("wb-form-wrap")

    def _agreement_controls(self, unit: Unit) -> None:
        """The choices and fields that say where an observation happened and on what ground,
        and with whose agreement, testimony takes its place (the assessment principles)."""
        wide = {"description_width": "initial"}
        self.setting = widgets.RadioButtons(
            options=[(SETTING_WORDS.get(key, label), key) for key, label in SETTINGS],
            value=None, description="Where it happened", layout=FULL, style=wide)
        self.grounds = widgets.RadioButtons(
            options=[(GROUND_WORDS.get(key, label), key) for key, label in WITNESS_GROUNDS],
            value=None, description="The ground", layout=FULL, style=wide)
        self.agreed_by = widgets.Text(description="Assessor who agreed to it", layout=FULL,
                                      style=wide, placeholder="Your assessor's name")
        self.agreed_on_field = DateField("When your assessor agreed it")
        self.agreed_on = self.agreed_on_field.text  # as typed; saved as an ISO date
        self.setting_help = widgets.HTML(f"<p><small>{_setting_help(unit)}</small></p>")
        self.witness_help = widgets.HTML(f"<p><b>Why a witness instead of your assessor</b><br>"
                                         f"<small>{WITNESS_HELP}</small></p>")
        self.setting_help.add_class("wb-help")
        self.witness_help.add_class("wb-help")

    def _criteria_rows(self, unit: Unit) -> list[widgets.Widget]:
        own = unit.slug == self._log.unit.slug
        rows: list[widgets.Widget] = []
        if not own:
            rows.append(widgets.HTML(f"<b>{html.escape(unit.title)}</b>"))
        for outcome in unit.outcomes:
            rows.append(widgets.HTML(
                f"<i>{html.escape(outcome.id)} · {html.escape(outcome.title)}</i>" if not own else
                f"<b>{html.escape(outcome.id)} · {html.escape(outcome.title)}</b>"))
            rows.extend(self.criteria[c.id] if own else self.other_criteria[(unit.slug, c.id)]
                        for c in outcome.criteria)
        return rows

    def _show_type_help(self) -> None:
        chosen = next((t for t in self._log.rules.types if t.id == self.type.value), None)
        self.type_help.value = f"<p><i>{html.escape(chosen.description)}</i></p>" if chosen else ""
        self.witness_box.layout.display = None if self.type.value == WITNESS_TYPE else "none"
        self.observation_box.layout.display = (None if self.type.value == OBSERVATION_TYPE
                                               else "none")


#: why the assessor needs the witness's ground and the agreement
WITNESS_HELP = ("Your assessor normally watches you at work. A witness's account can take its "
                "place only on one of these grounds, and only if your assessor agreed to it "
                "before: without them it does not count for a “be able to” criterion.")


def _setting_help(unit: Unit) -> str:
    """Why the assessor needs to know where the observation happened, for this unit."""
    allowed = unit.spec.simulation_allowed if unit.spec else ()
    where = (f"a simulation or role-play counts only for {html.escape(', '.join(allowed))}"
             if allowed else "a simulation or role-play does not count in this unit")
    return ("Your assessor needs this: a “be able to” criterion is shown by doing it in your real "
            f"work, and {where}.")


#: the witness details a testimony records: key, label, hint.
WITNESS_FIELDS = (
    ("name", "Witness's name", "The witness's full name (a colleague, not a person supported)"),
    ("role", "Their job role", "e.g. Registered manager"),
    ("relationship", "How they know you", "e.g. my line manager for three years"),
    ("competence", "Their occupational competence",
     "Why they can judge this work: their experience and qualifications"),
    ("reason", "The reason, in your words",
     "e.g. watching personal care would intrude on the dignity of the person I support"),
)


def _criterion_box(criterion: Criterion, unit_title: str = "") -> widgets.Checkbox:
    # a marking point never shows a number that could pass for an awarding body's criterion;
    # the whole wording is shown, wrapped (forms.css), never cut
    name = f"{criterion.id} {criterion.text}" if criterion.official else f"Marking point: {criterion.text}"
    label = name + (f" ({unit_title})" if unit_title else "")
    return widgets.Checkbox(description=label, indent=False, layout=widgets.Layout(width="auto"),
                            tooltip=label)
