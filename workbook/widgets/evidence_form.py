"""The evidence log's form, made when the learner asks for it: the controls of one item.

The type of evidence, its title, date, description and where it is kept; the witness's details
(who they are, the ground and reason for testimony in place of observation, and the assessor who
agreed to it and when) or the observation's (real work or a simulation, the place, consent),
each shown only for its type; a check box per criterion of this unit and of every other unit (one item
can count towards several: holistic assessment), and Save / Clear. These are ipywidgets
controls: a notebook imports ipywidgets only once a learner opens the form. The controls become
attributes of the log (`log.title`, `log.criteria`...), which reads and fills them.
"""
from __future__ import annotations

import datetime as dt
import html
from typing import Any

from workbook.course.evidence_rules import SETTINGS, WITNESS_GROUNDS
from workbook.course.model import Criterion, Unit
from workbook.learner.evidence import CONSENT, OBSERVATION_TYPE, WITNESS_TYPE
from workbook.learner.evidence_item import PROBLEM_FIELDS
from workbook.widgets.controls import widgets
from workbook.widgets.guided import AnonymityCheck, DateField, FieldErrors, form_style, wide_button

__all__ = ["GROUND_WORDS", "SETTING_WORDS", "WITNESS_FIELDS", "build_form"]

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


def build_form(log: Any) -> widgets.VBox:
    """The form of an `EvidenceLog`, its controls made attributes of the log."""
    log.type = widgets.Dropdown(description="Type of evidence",
                                options=[(t.name, t.id) for t in log.rules.types],
                                style={"description_width": "initial"})
    log.type_help = widgets.HTML()
    log.title = widgets.Text(description="Title", placeholder="e.g. Observation of team meeting",
                             layout=FULL)
    log.date_field = DateField("Date it was produced",
                               (log.today or dt.date.today()).isoformat())
    log.date = log.date_field.text  # what the learner typed; saved as an ISO date
    log.errors = FieldErrors((*PROBLEM_FIELDS, "privacy"), log.field_problems)
    error = log.errors.label
    log.description = widgets.Textarea(description="Description",
                                       placeholder="What it shows, in a sentence or two",
                                       layout=FULL)
    log.location = widgets.Text(description="Kept where", layout=FULL,
                                placeholder="Where the original is kept, e.g. e-portfolio page 4")
    log.anonymity = AnonymityCheck(lambda: log.known_words)
    log.privacy = log.anonymity.warning
    log.witness = {key: widgets.Textarea(description=label, layout=FULL, placeholder=hint,
                                         style={"description_width": "initial"})
                   for key, label, hint in WITNESS_FIELDS}
    log.place = widgets.Text(description="Place of the observation", layout=FULL,
                             placeholder="e.g. the lounge of the service, during a house meeting",
                             style={"description_width": "initial"})
    log.consent = widgets.RadioButtons(options=[(label, key) for key, label in CONSENT],
                                       value=None, layout=FULL,
                                       description="The people supported",
                                       style={"description_width": "initial"})
    _agreement_controls(log)
    log.witness_box = widgets.VBox([
        widgets.HTML("<b>About the witness</b>"),
        *(log.witness[key] for key in ("name", "role", "relationship", "competence")),
        error("witness"),
        log.witness_help, log.grounds, error("grounds"), log.witness["reason"], error("reason"),
        log.agreed_by, error("agreed_by"), log.agreed_on_field.box, error("agreed_on")])
    log.observation_box = widgets.VBox([
        widgets.HTML("<b>About the observation</b>"), log.setting, log.setting_help,
        error("setting"),
        log.place, log.consent, error("observation")])
    log.witness_box.add_class("wb-witness")
    log.observation_box.add_class("wb-observation")
    log.criteria = {c.id: _criterion_box(c) for c in log.unit.criteria}
    #: (unit slug, criterion id) -> checkbox, for the other units of the course.
    log.other_criteria = {(o.slug, c.id): _criterion_box(c, o.title)
                          for o in log.others for c in o.criteria}
    here = widgets.VBox(_criteria_rows(log, log.unit))
    here.add_class("wb-criteria-here")
    elsewhere = widgets.VBox([
        widgets.HTML("<p><b>Does it also count towards another unit?</b> One piece of "
                     "evidence can show criteria of several units (holistic assessment): "
                     "tick them here too.</p>"),
        *(row for other in log.others for row in _criteria_rows(log, other))])
    elsewhere.add_class("wb-criteria-elsewhere")
    boxes: list[widgets.Widget] = [here, elsewhere] if log.others else [here]
    log.save_button = wide_button("Save evidence", button_style="primary",
                                  tooltip="Save this evidence item")
    log.clear_button = wide_button("Clear form", tooltip="Start a new item")
    log.save_button.on_click(lambda _: log.save())
    log.clear_button.on_click(lambda _: log.clear())
    log.type.observe(lambda _: _show_type_help(log), names="value")
    for text in (log.title, log.description, log.location, *log.witness.values(), log.place):
        text.observe(lambda _: log.check_privacy(), names="value")
    # after a refused save, each message goes as soon as its field is fixed
    for control in (log.type, log.title, log.date, *log.witness.values(), log.grounds,
                    log.agreed_by, log.agreed_on, log.setting, log.place, log.consent,
                    log.anonymity.confirm, *log.criteria.values(), *log.other_criteria.values()):
        control.observe(lambda _: log.errors.recheck(), names="value")
    _show_type_help(log)
    if log.read_only:  # nothing pretends to save
        for control in (log.type, log.title, log.description, log.location,
                        *log.witness.values(), log.grounds, log.agreed_by, log.setting,
                        log.place, log.consent, *log.criteria.values(),
                        *log.other_criteria.values(), log.save_button, log.clear_button):
            control.disabled = True
        log.date_field.disable()
        log.agreed_on_field.disable()
    form = widgets.VBox([
        form_style(), widgets.HTML("<h3>Log evidence</h3>"), log.type, error("type"),
        log.type_help, log.title, error("title"), log.date_field.box, error("date"),
        log.description, log.location, log.witness_box, log.observation_box,
        log.anonymity.box, error("privacy"),
        widgets.HTML("<p><b>Which assessment criteria does it show?</b> Tick each one.</p>"),
        *boxes, error("criteria"), widgets.HBox([log.save_button, log.clear_button]),
    ])
    form.add_class("wb-form-wrap")
    return form


def _agreement_controls(log: Any) -> None:
    """The choices and fields that say where an observation happened and on what ground, and
    with whose agreement, testimony takes its place (the assessment principles)."""
    wide = {"description_width": "initial"}
    log.setting = widgets.RadioButtons(
        options=[(SETTING_WORDS.get(key, label), key) for key, label in SETTINGS], value=None,
        description="Where it happened", layout=FULL, style=wide)
    log.grounds = widgets.RadioButtons(
        options=[(GROUND_WORDS.get(key, label), key) for key, label in WITNESS_GROUNDS],
        value=None, description="The ground", layout=FULL, style=wide)
    log.agreed_by = widgets.Text(description="Assessor who agreed to it", layout=FULL, style=wide,
                                 placeholder="Your assessor's name")
    log.agreed_on_field = DateField("When your assessor agreed it")
    log.agreed_on = log.agreed_on_field.text  # as typed; saved as an ISO date
    log.setting_help = widgets.HTML(f"<p><small>{_setting_help(log.unit)}</small></p>")
    log.witness_help = widgets.HTML(f"<p><b>Why a witness instead of your assessor</b><br>"
                                    f"<small>{WITNESS_HELP}</small></p>")
    log.setting_help.add_class("wb-help")
    log.witness_help.add_class("wb-help")


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


def _criteria_rows(log: Any, unit: Unit) -> list[widgets.Widget]:
    rows: list[widgets.Widget] = []
    if unit.slug != log.unit.slug:
        rows.append(widgets.HTML(f"<b>{html.escape(unit.title)}</b>"))
    for outcome in unit.outcomes:
        rows.append(widgets.HTML(f"<i>{html.escape(outcome.id)} · {html.escape(outcome.title)}</i>"
                                 if unit.slug != log.unit.slug else
                                 f"<b>{html.escape(outcome.id)} · {html.escape(outcome.title)}</b>"))
        rows.extend(log.criteria[c.id] if unit.slug == log.unit.slug
                    else log.other_criteria[(unit.slug, c.id)] for c in outcome.criteria)
    return rows


def _show_type_help(log: Any) -> None:
    chosen = next((t for t in log.rules.types if t.id == log.type.value), None)
    log.type_help.value = f"<p><i>{html.escape(chosen.description)}</i></p>" if chosen else ""
    log.witness_box.layout.display = None if log.type.value == WITNESS_TYPE else "none"
    log.observation_box.layout.display = None if log.type.value == OBSERVATION_TYPE else "none"


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
