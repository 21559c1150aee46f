"""Progress view: quiz mastery and evidence coverage per outcome as a bar chart with text values.

The chart is an HTML table (caption, headers) whose bars carry their value as text, so it reads
the same to a screen reader and never relies on colour; the next three things to do follow.
It listens to the evidence and the unit's quiz answers: a change anywhere on the page redraws it.
"""
from __future__ import annotations

import html

from workbook.learner.evidence import DOCUMENT as EVIDENCE
from workbook.learner.evidence import load_items
from workbook.learner.progress import OutcomeProgress, next_steps, unit_progress
from workbook.learner.quiz_answers import document_name as quiz_document
from workbook.learner.quiz_answers import unit_answers
from workbook.learner.returned import returned_decisions, returned_marks
from workbook.learner.returned_html import decisions_html, marks_html
from workbook.learner.store import Store
from workbook.learner.watch import listen
from workbook.widgets.controls import SummarisedBox, hider, widgets
from workbook.widgets.unit_page import open_unit

BAR_COLOURS = {"quiz": "#1f3a5f", "evidence": "#1b5e20"}


def bar(label: str, fraction: float | None, kind: str) -> str:
    """One labelled bar; the percentage is written out beside it."""
    if fraction is None:
        return f"<td>{html.escape(label)}: no quiz yet</td>"
    percent = round(fraction * 100)
    return (f'<td><div role="img" aria-label="{html.escape(label)} {percent}%" '
            f'style="display:flex;align-items:center;gap:6px">'
            f'<span style="display:inline-block;width:160px;height:14px;border:1px solid #333">'
            f'<span style="display:block;height:100%;width:{percent}%;background:{BAR_COLOURS[kind]}">'
            f"</span></span><span>{percent}%</span></div></td>")


def chart_html(progress: list[OutcomeProgress]) -> str:
    """The progress table: one row per outcome, a bar and a value for quiz and evidence."""
    rows = "".join(
        f'<tr><th scope="row">{html.escape(p.outcome)} · {html.escape(p.title)}</th>'
        f"{bar('Quiz mastery', p.mastery, 'quiz')}{bar('Criteria evidenced', p.coverage, 'evidence')}</tr>"
        for p in progress)
    # a criterion counts as evidenced only when its evidence meets the unit's rules (a "be able
    # to" criterion needs observation), so the bar never says 100% beside an unmet rule
    return ('<table class="wb-progress"><caption>Quiz mastery and evidence coverage by outcome '
            '(a criterion is covered when its evidence meets the unit\'s rules)</caption><thead><tr>'
            '<th scope="col">Outcome</th><th scope="col">Quiz mastery</th>'
            f'<th scope="col">Criteria evidenced</th></tr></thead><tbody>{rows}</tbody></table>')


def steps_html(steps: list[str]) -> str:
    """The next things to do as a numbered list."""
    if not steps:
        return "<p><span aria-hidden='true'>✔</span> Nothing left to do for this unit. Well done.</p>"
    listed = "".join(f"<li>{html.escape(s)}</li>" for s in steps)
    return f"<h4>Your next {len(steps)} step(s)</h4><ol class='wb-next'>{listed}</ol>"


class ProgressView(SummarisedBox):
    """A unit's progress chart, next steps and returned tutor marks; Refresh re-reads them."""

    def __init__(self, unit_slug: str, store: Store | None = None):
        self.unit, self.rules, self.store = open_unit(unit_slug, store)
        self.view = widgets.HTML()
        self.refresh_button = widgets.Button(description="Refresh progress",
                                             tooltip="Read your latest quiz answers and evidence")
        self.refresh_button.on_click(lambda _: self.refresh())
        super().__init__([hider(), self.view, self.refresh_button])
        self.add_class("workbook-progress")
        self.refresh()
        for name in (EVIDENCE, *(quiz_document(self.unit.slug, o.id) for o in self.unit.outcomes)):
            listen(self.store, name, self.refresh)

    def progress(self) -> list[OutcomeProgress]:
        """Figures per outcome, as saved now."""
        items = load_items(self.store, self.unit.slug)
        return unit_progress(self.unit, items, unit_answers(self.store, self.unit), self.rules)

    def static_html(self) -> str:
        """Chart and next steps as HTML."""
        items = load_items(self.store, self.unit.slug)
        progress = self.progress()
        warnings = "".join(f"<p role='alert'>⚠ {html.escape(w)}</p>" for w in self.store.warnings)
        # once decisions are returned they say where the learner stands: met or not yet met
        # with feedback, never points on a written task
        decisions = returned_decisions(self.unit.slug)
        returned = (decisions_html(decisions, self.unit) if decisions
                    else marks_html(returned_marks(self.unit.slug), self.unit))
        return (f"{warnings}<h3>Progress: {html.escape(self.unit.title)}</h3>{chart_html(progress)}"
                f"{steps_html(next_steps(self.unit, self.rules, items, progress))}{returned}")

    def refresh(self) -> None:
        """Redraw from the store."""
        self.view.value = self.static_html()
