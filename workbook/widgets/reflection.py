"""Reflective account widget: Gibbs' six stages with word counts, criteria, models, autosave.

Each box saves when the learner leaves it; a finished account becomes an evidence item of
type reflective account, mapped to the criteria it covers. A save the disk refuses is shown
beside its box, which keeps the text for a retry; a read-only store is shown read-only.
What stops an account being finished is shown beside its field and goes once fixed; what looks
like a name, a date of birth or an NHS number needs the learner's confirmation first. The line
under the account says whether it is in the evidence, and follows the evidence document.
"""
from __future__ import annotations

import datetime as dt
import html

from workbook.course.loader import load_course
from workbook.learner.dates import iso_date
from workbook.learner.evidence import DOCUMENT as EVIDENCE
from workbook.learner.evidence import field_problems, item_for_source
from workbook.learner.reflections import (
    GIBBS,
    as_draft,
    finish,
    load_accounts,
    new_account,
    save_field,
    word_counts,
)
from workbook.learner.store import SaveError, Store
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


class ReflectiveAccounts(SummarisedBox):
    """Write, reopen and finish reflective accounts for one unit."""

    def __init__(self, unit_slug: str, store: Store | None = None, today: dt.date | None = None):
        self.unit, self.rules, self.store = open_unit(unit_slug, store)
        self.today = today
        self.account_id: str | None = None
        self._loading = False
        self.guard = SaveGuard(self.store)
        label = self.guard.label
        self.chooser = widgets.Dropdown(description="Account", style={"description_width": "initial"})
        self.new_button = wide_button("New account", tooltip="Start a new reflective account")
        self.title = widgets.Text(description="Title", layout=WIDE, continuous_update=False)
        self.date_field = DateField("Date", continuous_update=False)
        self.date = self.date_field.text  # as typed; saved as an ISO date
        self.errors = FieldErrors(("title", "date", "parts", "criteria", "privacy"),
                                  self.field_problems)
        error = self.errors.label
        self.anonymity = AnonymityCheck(lambda: course_words(load_course()))
        self.evidence_status = widgets.HTML()
        self.parts = {stage: widgets.Textarea(description=name, placeholder=prompt, layout=WIDE,
                                              rows=4, continuous_update=False)
                      for stage, name, prompt in GIBBS}
        self.counts = {stage: widgets.HTML() for stage, _, _ in GIBBS}
        self.total = widgets.HTML()
        # the criterion's whole wording, wrapped (forms.css), never cut to "2.1 Support oth…"
        self.criteria = {c.id: widgets.Checkbox(description=c.caption, indent=False,
                                                layout=widgets.Layout(width="auto"), tooltip=c.text)
                         for c in self.unit.criteria}
        self.models = {m: widgets.Checkbox(description=m, indent=False,
                                           layout=widgets.Layout(width="auto"))
                       for m in self.rules.models}
        self.finish_button = wide_button("Finish and add to evidence", button_style="primary",
                                         tooltip="Save this account as a reflective-account "
                                                 "evidence item")
        self.message = widgets.HTML()
        self.warnings = widgets.HTML()
        stages = []
        for stage, name, prompt in GIBBS:
            stages += [widgets.HTML(f"<h4>{html.escape(name)}</h4><p><i>{html.escape(prompt)}</i></p>"),
                       self.parts[stage], self.counts[stage], label(f"parts.{stage}")]
        stages.append(error("parts"))
        super().__init__([
            hider(), form_style(), self.guard.notice, self.warnings,
            widgets.HBox([self.chooser, self.new_button]), self.evidence_status,
            self.title, label("title"), error("title"), self.date_field.box, label("date"),
            error("date"), *stages, self.total,
            widgets.HTML("<p><b>Criteria this account covers</b></p>"), *self.criteria.values(),
            label("criteria"), error("criteria"),
            widgets.HTML("<p><b>Models and theories it links to</b></p>"),
            widgets.HBox(list(self.models.values())),
            label("models"), self.anonymity.box, error("privacy"),
            widgets.HBox([self.finish_button, self.guard.retry_button]), self.message,
        ])
        self.add_class("workbook-reflection")
        self.add_class("wb-form-wrap")
        self.new_button.on_click(lambda _: self.start_new())
        self.finish_button.on_click(lambda _: self.finish())
        self.chooser.observe(lambda change: None if self._loading else self.open_account(change["new"]),
                             names="value")
        self.title.observe(lambda c: self._save("title", c["new"]), names="value")
        self.date.observe(lambda c: self._save("date", iso_date(c["new"])), names="value")
        self.anonymity.confirm.observe(lambda _: self.errors.recheck(), names="value")
        for stage, box in self.parts.items():
            box.observe(lambda c, s=stage: self._save(f"parts.{s}", c["new"]), names="value")
        for box in [*self.criteria.values(), *self.models.values()]:
            box.observe(lambda _: self._save_ticks(), names="value")
        accounts = load_accounts(self.store, self.unit.slug)
        self._fill_chooser(next(reversed(accounts), None) if accounts else None)
        self._show_warnings()
        self.guard.lock([self.new_button, self.title, self.date, self.date_field.picker,
                         *self.parts.values(), *self.criteria.values(), *self.models.values(),
                         self.finish_button])
        # the evidence changes elsewhere on the page (the log removes this account's item)
        listen(self.store, EVIDENCE, self.show_evidence_status)
        self.show_evidence_status()

    def start_new(self) -> str | None:
        """Start a new, empty account and open it (None when it could not be saved)."""
        try:
            account_id = self._create_account()
        except SaveError as exc:
            self.message.value = not_saved_html(exc)
            return None
        self._fill_chooser(account_id)
        return account_id

    def open_account(self, account_id: str | None) -> None:
        """Show a saved account in the form (restore before any save)."""
        if account_id is None:
            self.account_id = None
            return
        account = load_accounts(self.store, self.unit.slug).get(account_id, {})
        self._loading = True
        try:
            self.account_id = account_id
            self.title.value = account.get("title", "")
            self.date.value = account.get("date", "")
            for stage, box in self.parts.items():
                box.value = account.get("parts", {}).get(stage, "")
            for criterion, box in self.criteria.items():
                box.value = criterion in account.get("criteria", [])
            for model, box in self.models.items():
                box.value = model in account.get("models", [])
        finally:
            self._loading = False
        self._show_counts()
        self.errors.clear()
        self._check_anonymity()
        self.show_evidence_status()
        self.message.value = ""

    def field_problems(self) -> dict[str, list[str]]:
        """What stops the open account being finished, by field ({} when it can be)."""
        account = load_accounts(self.store, self.unit.slug).get(self.account_id or "", {})
        problems = {field: messages for field, messages in field_problems(
            as_draft(account), self.unit, self.rules, self.today).items()
            if field in ("title", "date", "criteria")}
        empty = [name for stage, name, _ in GIBBS if not account.get("parts", {}).get(stage, "").strip()]
        if empty:
            problems["parts"] = [f"Write something for each stage of the cycle: {', '.join(empty)}."]
        if self.anonymity.blocks:
            problems["privacy"] = [NEEDS_CONFIRMATION]
        return problems

    def finish(self) -> None:
        """Check the account and turn it into a reflective-account evidence item."""
        if self.account_id is None:
            self.message.value = note_html("⚠ Write an account first.", "wrong", "alert")
            return
        self._check_anonymity()
        problems = self.field_problems()
        self.errors.show(problems)
        if problems:
            listed = "".join(f"<li>{html.escape(p)}</li>" for ps in problems.values() for p in ps)
            self.message.value = note_html(f"<b>⚠ Not finished yet</b> (each thing is also shown "
                                           f"beside its field):<ul>{listed}</ul>", "wrong", "alert")
            return
        try:
            item = finish(self.store, self.unit.slug, self.account_id)
        except SaveError as exc:
            self.message.value = not_saved_html(exc)
            return
        self.errors.clear()
        self.message.value = note_html(
            f"✔ Added to your evidence as {item.id} (criteria {', '.join(item.criteria)}).", "correct")

    def show_evidence_status(self) -> None:
        """Say whether the open account is in the evidence, as the evidence document is now."""
        if self.account_id is None:
            self.evidence_status.value = ""
            return
        item = item_for_source(self.store, self.unit.slug, f"reflection:{self.account_id}")
        self.evidence_status.value = (
            note_html(f"✔ In your evidence as {html.escape(item.id)} (criteria "
                      f"{html.escape(', '.join(item.criteria) or 'none of this unit')}). Finish "
                      "it again after a change to update it.", "correct")
            if item else note_html("Not in your evidence yet: finish the account to add it."))

    def static_html(self) -> str:
        """Every account with its stages and word counts."""
        parts = [f"<h3>Reflective accounts: {html.escape(self.unit.title)}</h3>"]
        accounts = load_accounts(self.store, self.unit.slug)
        if not accounts:
            parts.append("<p>No reflective accounts yet.</p>")
        for account_id, account in accounts.items():
            counts = word_counts(account.get("parts", {}))
            state = "finished" if account.get("finished") else "draft"
            parts.append(f"<h4>{html.escape(account_id)}: {html.escape(account.get('title', '') or 'Untitled')}"
                         f" ({state}, {counts['total']} words)</h4><dl>")
            for stage, name, _ in GIBBS:
                text = account.get("parts", {}).get(stage, "")
                parts.append(f"<dt>{name} ({counts[stage]} words)</dt><dd>{html.escape(text) or '–'}</dd>")
            parts.append(f"</dl><p>Criteria: {html.escape(', '.join(account.get('criteria', [])) or '–')}. "
                         f"Models: {html.escape(', '.join(account.get('models', [])) or '–')}.</p>")
        return "".join(parts)

    def _fill_chooser(self, selected: str | None, reopen: bool = True) -> None:
        accounts = load_accounts(self.store, self.unit.slug)
        loading, self._loading = self._loading, True
        try:
            self.chooser.options = [(f"{k}: {v.get('title') or 'Untitled'}", k)
                                    for k, v in accounts.items()]
            self.chooser.value = selected
        finally:
            self._loading = loading
        if reopen:
            self.open_account(selected)

    def _create_account(self) -> str:
        """Save a new account dated today; the form is left as it is."""
        account_id = new_account(self.store, self.unit.slug)
        self.account_id = account_id
        today = (self.today or dt.date.today()).isoformat()
        save_field(self.store, self.unit.slug, account_id, "date", today)
        if not self.date.value:
            self._loading = True
            try:
                self.date.value = today
            finally:
                self._loading = False
        return account_id

    def _save(self, key: str, value) -> None:
        if self._loading:
            return
        target = self.account_id

        def write() -> None:
            nonlocal target
            if target is None:
                # The first thing typed starts an account; what else is in the form stays.
                target = self.account_id or self._create_account()
            save_field(self.store, self.unit.slug, target, key, value)

        fresh = target is None
        if self.guard.run(key, write) and fresh:
            self._fill_chooser(self.account_id, reopen=False)
        self._show_counts()
        self._show_warnings()
        self._check_anonymity()
        self.errors.recheck()

    def _check_anonymity(self) -> None:
        self.anonymity.update([self.title.value, *(box.value for box in self.parts.values())])

    def _save_ticks(self) -> None:
        if self._loading:
            return
        self._save("criteria", sorted(c for c, box in self.criteria.items() if box.value))
        self._save("models", [m for m, box in self.models.items() if box.value])

    def _show_counts(self) -> None:
        counts = word_counts({stage: box.value for stage, box in self.parts.items()})
        for stage, label in self.counts.items():
            label.value = f"<small>{counts[stage]} words</small>"
        self.total.value = f"<p><b>Total: {counts['total']} words</b> · saved automatically</p>"

    def _show_warnings(self) -> None:
        self.warnings.value = "".join(note_html(f"⚠ {html.escape(w)}", "wrong", "alert")
                                      for w in self.store.warnings)
