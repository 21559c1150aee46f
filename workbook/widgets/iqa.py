"""The internal quality assurer's page: sample, judge, check coverage, make the EQA pack.

Pick a unit; draw a sampling plan (`workbook.decisions.iqa.sample`); see what it covers (every
assessor, every outcome, every assessment method, `workbook.decisions.iqa_coverage`) and which
decisions it sampled; record agree or disagree with a comment on each (`DecisionsView` in the
IQA's role, which never changes a decision); make the unit's EQA pack
(`workbook.decisions.eqa_pack.write_pack`) and download it. An IQA works from the records
alone: they cannot read the tutors' course folders. Refusals are one plain sentence.
"""
from __future__ import annotations

import datetime as dt
import html
import logging
from pathlib import Path

from workbook.course.loader import load_course
from workbook.course.model import Unit
from workbook.decisions import iqa
from workbook.decisions.eqa_pack import write_pack
from workbook.decisions.iqa_coverage import Coverage, Share, plan_coverage
from workbook.decisions.standing import unit_standing
from workbook.settings import settings
from workbook.widgets.assessor import FIT, heading, lab_footer, one_sentence
from workbook.widgets.base import note_html
from workbook.widgets.controls import widgets
from workbook.widgets.decisions import GRID_CSS, DecisionsView, who
from workbook.widgets.links import file_links

__all__ = ["IQAPage", "coverage_html"]

log = logging.getLogger(__name__)
LABEL = {"description_width": "initial"}


def _table(caption: str, shares: tuple[Share, ...]) -> str:
    rows = "".join(
        f'<tr><th scope="row">{html.escape(s.name)}</th><td>{s.decisions}</td><td>{s.sampled}'
        f'{" ⚠ none sampled" if s.gap else ""}</td></tr>' for s in shares) \
        or '<tr><td colspan="3">none yet</td></tr>'
    return (f'<table class="wb-decisions-grid"><caption>{html.escape(caption)}</caption><thead><tr>'
            '<th scope="col">name</th><th scope="col">decisions in force</th>'
            f'<th scope="col">sampled</th></tr></thead><tbody>{rows}</tbody></table>')


def coverage_html(coverage: Coverage, states: dict[tuple[str, str], str]) -> str:
    """The plan (who drew it, when, what it sampled, each one's IQA state) and its coverage."""
    plan = coverage.plan
    if plan is None:
        return "<p>No sampling plan for this unit yet: draw one above.</p>"
    sampled = "".join(
        f"<li>{html.escape(str(s.get('learner')))} {html.escape(str(s.get('criterion')))}: "
        f"{html.escape(str(s.get('outcome')))} by {html.escape(str(s.get('assessor')))} "
        f"({html.escape(', '.join(map(str, s.get('evidence_types', []))) or 'no evidence')}) · "
        f"<strong>{html.escape(states.get((str(s.get('learner')), str(s.get('criterion'))), '?'))}"
        "</strong></li>" for s in plan.get("sampled", []) if isinstance(s, dict))
    gaps = coverage.gaps()
    said = (note_html("⚠ Not covered: " + html.escape("; ".join(gaps)), "partial", "status") if gaps
            else note_html("✔ Every assessor, outcome and method with decisions is sampled.",
                           "correct"))
    return (f"<style>{GRID_CSS}</style>"
            f"<p>Plan {html.escape(str(plan.get('id')))} drawn by "
            f"{html.escape(str(plan.get('drawn_by')))} at {html.escape(str(plan.get('at')))}: "
            f"{len(plan.get('sampled', []))} of {html.escape(str(plan.get('of')))} decisions "
            f"(rate {html.escape(str(plan.get('rate')))}, seed {html.escape(str(plan.get('seed')))}).</p>"
            f"{said}<ol>{sampled}</ol>"
            + _table("Assessors", coverage.assessors) + _table("Outcomes", coverage.outcomes)
            + _table("Assessment methods (evidence types)", coverage.methods))


class IQAPage(widgets.VBox):
    """Sampling, verdicts, coverage and the EQA pack for one unit at a time."""

    def __init__(self, records: Path | str | None = None, out: Path | str | None = None,
                 course_root: Path | str | None = None):
        # the records folder (the hub's); without one, the course folder's records
        fallback = Path(course_root) if course_root else settings().course_root
        self.records = Path(records) if records else settings().records_folder(fallback)
        self.out = Path(out) if out else Path.cwd()
        self.course = load_course()
        self.unit_choice = widgets.Dropdown(
            description="Unit", style=LABEL, value=None, layout=widgets.Layout(width="40em"),
            options=[(u.title, u.slug) for u in self.course.units])
        self.rate = widgets.BoundedFloatText(value=iqa.DEFAULT_RATE, min=0.01, max=1.0, step=0.05,
                                             description="Sampling rate (0-1)", style=LABEL)
        self.name = widgets.Text(value=who(), description="Your name", style=LABEL,
                                 continuous_update=False)
        self.sample_button = widgets.Button(description="Draw a sample", button_style="primary",
                                            layout=FIT)
        self.sampled = widgets.HTML()
        self.coverage = widgets.HTML()
        self.judging = widgets.VBox()
        self.pack_button = widgets.Button(description="Make the EQA pack", layout=FIT)
        self.pack = widgets.HTML()
        self.view: DecisionsView | None = None
        self.unit_choice.observe(lambda _: self.choose(), names="value")
        self.sample_button.on_click(lambda _: self.sample())
        self.pack_button.on_click(lambda _: self.make_pack())
        super().__init__([
            widgets.HTML("<p>You judge assessors' decisions from what each recorded; you never "
                         "change a decision.</p>"),
            self.unit_choice,
            heading("1. Draw a sample"), self.rate, self.name, self.sample_button, self.sampled,
            heading("2. The plan and what it covers"), self.coverage,
            heading("3. Agree or disagree"), self.judging,
            heading("4. External quality assurance"), self.pack_button, self.pack,
            lab_footer("The decisions notebooks, your files and a terminal")])
        self.add_class("workbook-iqa")
        self.choose()

    @property
    def unit(self) -> Unit | None:
        """The chosen unit."""
        return self.course.unit(self.unit_choice.value) if self.unit_choice.value else None

    def _say(self, target: widgets.HTML, text: str, kind: str = "wrong") -> bool:
        target.value = note_html(("⚠ " if kind == "wrong" else "✔ ") + text, kind,
                                 "alert" if kind == "wrong" else "status")
        return kind != "wrong"

    def choose(self) -> None:
        """Show the chosen unit's plan, coverage and verdicts view."""
        self.sampled.value = self.pack.value = ""
        if self.unit is None:
            self.view, self.judging.children = None, ()
            self.coverage.value = "<p>Choose a unit.</p>"
            return
        try:
            self.view = DecisionsView(self.unit.slug, records=self.records)
        except Exception as exc:  # a page shows a sentence, never a traceback
            log.exception("verdicts view")
            self.view, self.judging.children = None, ()
            self._say(self.sampled, html.escape(one_sentence(exc, "Reading the decisions")))
        else:
            # one name on the page: who draws the sample is who records the verdicts
            self.view.name.value = self.name.value
            widgets.link((self.name, "value"), (self.view.name, "value"))
            self.judging.children = (self.view,)
        self.show_coverage()

    def show_coverage(self) -> None:
        """The latest plan and its coverage, each sampled decision's IQA state."""
        unit = self.unit
        if unit is None:
            return
        try:
            states = {(s.learner, c.criterion): c.iqa for s in unit_standing(self.records, unit, {})
                      for c in s.criteria}
            self.coverage.value = coverage_html(plan_coverage(self.records, unit), states)
        except Exception as exc:
            log.exception("coverage")
            self._say(self.coverage, html.escape(one_sentence(exc, "Reading the plans")))

    def sample(self) -> bool:
        """Draw and save a sampling plan over the unit's decisions in force."""
        if self.unit is None:
            return self._say(self.sampled, "Choose a unit first.")
        try:
            plan = iqa.sample(self.records, self.unit, {}, self.name.value, settings().role,
                              rate=float(self.rate.value))
        except Exception as exc:
            log.exception("sample")
            return self._say(self.sampled, "Not drawn: " + html.escape(one_sentence(exc, "Sampling")))
        if self.view is not None:
            self.view.reload()
        self.show_coverage()
        return self._say(self.sampled, f"Plan {html.escape(plan['id'])} drawn: "
                         f"{len(plan['sampled'])} of {plan['of']} decisions sampled.", "correct")

    def make_pack(self) -> Path | None:
        """Write the unit's EQA pack and offer it as a download, with its manifest's hash."""
        if self.unit is None:
            self._say(self.pack, "Choose a unit first.")
            return None
        day = dt.datetime.now(dt.UTC).date().isoformat()
        out = self.out / f"eqa-pack-{self.unit.slug}-{day}.zip"
        try:
            result = write_pack(self.records, self.unit, out)
        except Exception as exc:
            log.exception("EQA pack")
            self._say(self.pack, "No pack made: " + html.escape(one_sentence(exc, "Making the pack")))
            return None
        warnings = "".join(f"<li>{html.escape(w)}</li>" for w in result.warnings)
        self.pack.value = note_html(
            f"✔ Pack made ({result.learners} learner(s), {result.files} files): "
            f"{file_links(out, 'application/zip')}<br>Send the EQA this fingerprint separately "
            f"(not with the pack): <code>{result.manifest_sha256}</code>"
            + (f"<ul>{warnings}</ul>" if warnings else ""), "correct")
        return out
