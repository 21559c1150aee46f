"""Reflective account widget: Gibbs' six stages with word counts, criteria, models, autosave.

Each box saves when the learner leaves it; a finished account becomes an evidence item of
type reflective account, mapped to the criteria it covers. A save the disk refuses is shown
beside its box, which keeps the text for a retry; a read-only store is shown read-only.
"""
from __future__ import annotations

import datetime as dt
import html

from workbook.learner.evidence import problems_with
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
from workbook.widgets.base import not_saved_html, note_html
from workbook.widgets.controls import SummarisedBox, hider, widgets
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
        self.new_button = widgets.Button(description="New account", tooltip="Start a new reflective account")
        self.title = widgets.Text(description="Title", layout=WIDE, continuous_update=False)
        self.date = widgets.Text(description="Date", placeholder="YYYY-MM-DD", continuous_update=False)
        self.parts = {stage: widgets.Textarea(description=name, placeholder=prompt, layout=WIDE,
                                              rows=4, continuous_update=False)
                      for stage, name, prompt in GIBBS}
        self.counts = {stage: widgets.HTML() for stage, _, _ in GIBBS}
        self.total = widgets.HTML()
        self.criteria = {c.id: widgets.Checkbox(description=c.caption, indent=False,
                                                layout=WIDE, tooltip=c.text) for c in self.unit.criteria}
        self.models = {m: widgets.Checkbox(description=m, indent=False) for m in self.rules.models}
        self.finish_button = widgets.Button(description="Finish and add to evidence",
                                            button_style="primary",
                                            tooltip="Save this account as a reflective-account evidence item")
        self.message = widgets.HTML()
        self.warnings = widgets.HTML()
        stages = []
        for stage, name, prompt in GIBBS:
            stages += [widgets.HTML(f"<h4>{html.escape(name)}</h4><p><i>{html.escape(prompt)}</i></p>"),
                       self.parts[stage], self.counts[stage], label(f"parts.{stage}")]
        super().__init__([
            hider(), self.guard.notice, self.warnings, widgets.HBox([self.chooser, self.new_button]),
            self.title, label("title"), self.date, label("date"),
            *stages, self.total,
            widgets.HTML("<p><b>Criteria this account covers</b></p>"), *self.criteria.values(),
            label("criteria"),
            widgets.HTML("<p><b>Models and theories it links to</b></p>"),
            widgets.GridBox(list(self.models.values()),
                            layout=widgets.Layout(grid_template_columns="repeat(2, 1fr)")),
            label("models"), widgets.HBox([self.finish_button, self.guard.retry_button]), self.message,
        ])
        self.add_class("workbook-reflection")
        self.new_button.on_click(lambda _: self.start_new())
        self.finish_button.on_click(lambda _: self.finish())
        self.chooser.observe(lambda change: self._loading or self.open_account(change["new"]),
                             names="value")
        self.title.observe(lambda c: self._save("title", c["new"]), names="value")
        self.date.observe(lambda c: self._save("date", c["new"].strip()), names="value")
        for stage, box in self.parts.items():
            box.observe(lambda c, s=stage: self._save(f"parts.{s}", c["new"]), names="value")
        for box in [*self.criteria.values(), *self.models.values()]:
            box.observe(lambda _: self._save_ticks(), names="value")
        accounts = load_accounts(self.store, self.unit.slug)
        self._fill_chooser(next(reversed(accounts), None) if accounts else None)
        self._show_warnings()
        self.guard.lock([self.new_button, self.title, self.date, *self.parts.values(),
                         *self.criteria.values(), *self.models.values(), self.finish_button])

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
        self.message.value = ""

    def finish(self) -> None:
        """Check the account and turn it into a reflective-account evidence item."""
        if self.account_id is None:
            self.message.value = note_html("⚠ Write an account first.", "wrong", "alert")
            return
        account = load_accounts(self.store, self.unit.slug)[self.account_id]
        problems = problems_with(as_draft(account), self.unit, self.rules, self.today)
        empty = [name for stage, name, _ in GIBBS if not account.get("parts", {}).get(stage, "").strip()]
        if empty:
            problems.append(f"Write something for each stage of the cycle: {', '.join(empty)}.")
        if problems:
            listed = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
            self.message.value = note_html(f"<b>⚠ Not finished yet:</b><ul>{listed}</ul>", "wrong", "alert")
            return
        try:
            item = finish(self.store, self.unit.slug, self.account_id)
        except SaveError as exc:
            self.message.value = not_saved_html(exc)
            return
        self.message.value = note_html(
            f"✔ Added to your evidence as {item.id} (criteria {', '.join(item.criteria)}).", "correct")

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
