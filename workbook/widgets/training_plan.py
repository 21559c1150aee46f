"""Training-plan builder for person-centred interactive training, saved as product evidence.

A save the disk refuses is shown beside its field, which keeps the text for a retry; a
read-only store shows the saved plan with every field disabled.
"""
from __future__ import annotations

import datetime as dt
import html

from workbook.learner.evidence import Draft, problems_with
from workbook.learner.store import SaveError, Store
from workbook.learner.training_plans import (
    METHODS,
    PLAN_TYPE,
    TEXT_FIELDS,
    load_plan,
    plan_problems,
    save_as_evidence,
    save_plan_field,
)
from workbook.widgets.base import not_saved_html, note_html
from workbook.widgets.controls import SummarisedBox, hider, widgets
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
        self.date = widgets.Text(description="Planned date", placeholder="YYYY-MM-DD",
                                 value=plan.get("date", (today or dt.date.today()).isoformat()),
                                 continuous_update=False, style={"description_width": "12em"})
        self.date.observe(lambda c: self._save("date", c["new"].strip()), names="value")
        self.methods = {m: widgets.Checkbox(description=label, value=m in plan.get("methods", []),
                                            indent=False, layout=WIDE) for m, label in METHODS}
        for box in self.methods.values():
            box.observe(lambda _: self._save("methods", [m for m, b in self.methods.items() if b.value]),
                        names="value")
        self.save_button = widgets.Button(description="Save plan as evidence", button_style="primary",
                                          tooltip=f"Add the plan to your evidence for {outcome_id}")
        self.save_button.on_click(lambda _: self.save_evidence())
        self.message = widgets.HTML()
        super().__init__([
            hider(), self.guard.notice, self.fields["title"], status("title"), self.date, status("date"),
            self.fields["session_outcomes"], status("session_outcomes"), self.fields["needs"],
            status("needs"), widgets.HTML("<p><b>Interactive methods</b></p>"), *self.methods.values(),
            status("methods"), self.fields["methods_detail"], status("methods_detail"),
            self.fields["evaluation"], status("evaluation"),
            widgets.HBox([self.save_button, self.guard.retry_button]), self.message,
        ])
        self.add_class("workbook-training-plan")
        self.guard.lock([*self.fields.values(), self.date, *self.methods.values(), self.save_button])
        if "date" not in plan and not self.guard.read_only:
            self._save("date", self.date.value)

    def save_evidence(self) -> None:
        """Check the plan and save it as a training-plan evidence item for the outcome."""
        plan = load_plan(self.store, self.unit.slug)
        criteria = tuple(c.id for c in self.unit.outcome(self.outcome_id).criteria)
        draft = Draft(PLAN_TYPE, plan.get("title", ""), plan.get("date", ""), criteria=criteria)
        problems = plan_problems(plan) + [
            p for p in problems_with(draft, self.unit, self.rules, self.today)
            if not p.startswith("Give the evidence a title")]
        if problems:
            listed = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
            self.message.value = note_html(f"<b>⚠ Not saved as evidence yet:</b><ul>{listed}</ul>",
                                           "wrong", "alert")
            return
        try:
            item = save_as_evidence(self.store, self.unit, self.outcome_id, plan)
        except SaveError as exc:
            self.message.value = not_saved_html(exc)
            return
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
