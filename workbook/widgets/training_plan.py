"""Training-plan builder for person-centred interactive training, saved as product evidence.

A save the disk refuses is shown beside its field, which keeps the text for a retry; a
read-only store shows the saved plan with every field disabled. The planned date may be in the
future and is typed as the learner likes (saved as an ISO date); what stops the plan becoming
evidence is shown beside its field and goes once fixed; what looks identifying needs the
learner's confirmation; the line under the title follows the evidence document.
"""
from __future__ import annotations

import datetime as dt
import html

from workbook.course.loader import load_course
from workbook.learner.dates import iso_date
from workbook.learner.evidence import DOCUMENT as EVIDENCE
from workbook.learner.evidence import Draft, field_problems, item_for_source
from workbook.learner.store import SaveError, Store
from workbook.learner.training_plans import (
    METHODS,
    PLAN_TYPE,
    SOURCE,
    TEXT_FIELDS,
    load_plan,
    plan_field_problems,
    save_as_evidence,
    save_plan_field,
)
from workbook.learner.watch import listen
from workbook.widgets.base import not_saved_html, note_html
from workbook.widgets.controls import SummarisedBox, hider, widgets
from workbook.widgets.guided import (
    NEEDS_CONFIRMATION,
    AnonymityCheck,
    DateField,
    FieldErrors,
    course_words,
    form_style,
    wide_button,
)
from workbook.widgets.saving import SaveGuard
from workbook.widgets.unit_page import open_unit

WIDE = widgets.Layout(width="95%")
PROMPTS = {
    "title": "e.g. Supporting people to take part in making lunch",
    "session_outcomes": "By the end, staff will be able to ... (specific and observable)",
    "needs": "What observation, supervision and the people you support tell you the team needs",
    "methods_detail": "Who models what, the role-play scenario, when you coach on shift",
    "evaluation": "e.g. observe engagement before and after, staff feedback, people's participation",
}


class TrainingPlanBuilder(SummarisedBox):
    """Build the plan field by field (each saved on leaving it), then save it as evidence."""

    def __init__(self, unit_slug: str, outcome_id: str, store: Store | None = None,
                 today: dt.date | None = None):
        self.unit, self.rules, self.store = open_unit(unit_slug, store)
        self.outcome_id = outcome_id
        self.today = today
        self.guard = SaveGuard(self.store)
        status = self.guard.label
        plan = load_plan(self.store, unit_slug)
        self.fields = {}
        for key, label in TEXT_FIELDS:
            kind = widgets.Text if key == "title" else widgets.Textarea
            box = kind(description=label, placeholder=PROMPTS[key], value=str(plan.get(key, "")),
                       layout=WIDE, continuous_update=False, style={"description_width": "12em"})
            box.observe(lambda c, k=key: self._save(k, c["new"]), names="value")
            self.fields[key] = box
        # a plan is made before the session: its date may be in the future
        self.date_field = DateField("Planned date",
                                    plan.get("date", (today or dt.date.today()).isoformat()),
                                    future=True, continuous_update=False)
        self.date = self.date_field.text  # as typed; saved as an ISO date
        self.date.observe(lambda c: self._save("date", iso_date(c["new"])), names="value")
        self.methods = {m: widgets.Checkbox(description=label, value=m in plan.get("methods", []),
                                            indent=False, layout=widgets.Layout(width="auto"))
                        for m, label in METHODS}
        for box in self.methods.values():
            box.observe(lambda _: self._save("methods", [m for m, b in self.methods.items() if b.value]),
                        names="value")
        self.save_button = wide_button("Save plan as evidence", button_style="primary",
                                       tooltip=f"Add the plan to your evidence for {outcome_id}")
        self.save_button.on_click(lambda _: self.save_evidence())
        self.message = widgets.HTML()
        self.evidence_status = widgets.HTML()
        self.errors = FieldErrors((*self.fields, "date", "methods", "privacy"), self.field_problems)
        error = self.errors.label
        self.anonymity = AnonymityCheck(lambda: course_words(load_course()))
        self.anonymity.confirm.observe(lambda _: self.errors.recheck(), names="value")
        super().__init__([
            hider(), form_style(), self.guard.notice, self.evidence_status,
            self.fields["title"], status("title"), error("title"),
            self.date_field.box, status("date"), error("date"),
            self.fields["session_outcomes"], status("session_outcomes"), error("session_outcomes"),
            self.fields["needs"], status("needs"), error("needs"),
            widgets.HTML("<p><b>Interactive methods</b></p>"), *self.methods.values(),
            status("methods"), error("methods"), self.fields["methods_detail"],
            status("methods_detail"), self.fields["evaluation"], status("evaluation"),
            error("evaluation"), self.anonymity.box, error("privacy"),
            widgets.HBox([self.save_button, self.guard.retry_button]), self.message,
        ])
        self.add_class("workbook-training-plan")
        self.add_class("wb-form-wrap")
        self.guard.lock([*self.fields.values(), self.date, self.date_field.picker,
                         *self.methods.values(), self.save_button])
        if "date" not in plan and not self.guard.read_only:
            self._save("date", iso_date(self.date.value))
        listen(self.store, EVIDENCE, self.show_evidence_status)
        self.show_evidence_status()

    def field_problems(self) -> dict[str, list[str]]:
        """What stops the plan becoming evidence, by field ({} when it can)."""
        plan = load_plan(self.store, self.unit.slug)
        problems = plan_field_problems(plan)
        criteria = tuple(c.id for c in self.unit.outcome(self.outcome_id).criteria)
        draft = Draft(PLAN_TYPE, plan.get("title", "") or "-", plan.get("date", ""),
                      criteria=criteria)
        for field, messages in field_problems(draft, self.unit, self.rules, self.today,
                                              future=True).items():
            problems.setdefault(field, []).extend(messages)
        if self.anonymity.blocks:
            problems["privacy"] = [NEEDS_CONFIRMATION]
        return problems

    def show_evidence_status(self) -> None:
        """Say whether the plan is in the evidence, as the evidence document is now."""
        item = item_for_source(self.store, self.unit.slug, SOURCE)
        self.evidence_status.value = (
            note_html(f"✔ In your evidence as {html.escape(item.id)} (criteria "
                      f"{html.escape(', '.join(item.criteria) or 'none of this unit')}). Save it "
                      "again after a change to update it.", "correct")
            if item else note_html("Not in your evidence yet: save the plan as evidence to add it."))

    def save_evidence(self) -> None:
        """Check the plan and save it as a training-plan evidence item for the outcome."""
        plan = load_plan(self.store, self.unit.slug)
        self._check_anonymity()
        problems = self.field_problems()
        self.errors.show(problems)
        if problems:
            listed = "".join(f"<li>{html.escape(p)}</li>" for ps in problems.values() for p in ps)
            self.message.value = note_html(f"<b>⚠ Not saved as evidence yet</b> (each thing is "
                                           f"also shown beside its field):<ul>{listed}</ul>",
                                           "wrong", "alert")
            return
        try:
            item = save_as_evidence(self.store, self.unit, self.outcome_id, plan)
        except SaveError as exc:
            self.message.value = not_saved_html(exc)
            return
        self.errors.clear()
        self.message.value = note_html(f"✔ Saved as evidence {item.id}, mapped to "
                                       f"{', '.join(item.criteria)}.", "correct")

    def static_html(self) -> str:
        """The plan as saved."""
        plan = load_plan(self.store, self.unit.slug)
        labels = dict(METHODS)
        rows = [f"<dt>{label}</dt><dd>{html.escape(str(plan.get(key, ''))) or '–'}</dd>"
                for key, label in TEXT_FIELDS]
        methods = ", ".join(labels.get(m, m) for m in plan.get("methods", [])) or "–"
        return (f"<h3>Training plan ({html.escape(self.outcome_id)})</h3><dl>{''.join(rows)}"
                f"<dt>Planned date</dt><dd>{html.escape(plan.get('date', '')) or '–'}</dd>"
                f"<dt>Interactive methods</dt><dd>{html.escape(methods)}</dd></dl>")

    def _save(self, key: str, value) -> None:
        self.guard.run(key, lambda: save_plan_field(self.store, self.unit.slug, key, value))
        if hasattr(self, "errors"):  # the first date is saved while the form is being made
            self._check_anonymity()
            self.errors.recheck()

    def _check_anonymity(self) -> None:
        self.anonymity.update([box.value for box in self.fields.values()])
