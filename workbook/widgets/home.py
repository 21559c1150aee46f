"""The course home: every unit and outcome with where the learner stands, and where to go next.

    from workbook.widgets import home
    home.show()

It is drawn once, as HTML in one widget model, each time the page opens (a page runs on open), from
the learner's store and returned feedback: quiz mastery, evidence coverage, the assessor's
decisions (met / not yet met) and the unit's declaration. Nothing here writes a file. The
pages it links to are named here too (`outcome_page`, `portfolio_page`), and the builder puts
the notebooks where these say, so the links and the files cannot drift apart.
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlparse

import traitlets
from IPython.display import display

from workbook.course.evidence_rules import load_rules
from workbook.course.loader import load_course
from workbook.course.model import Course, Outcome, Unit
from workbook.learner import declaration
from workbook.learner.evidence import load_items
from workbook.learner.progress import MASTERY_TARGET, OutcomeProgress, next_steps, unit_progress
from workbook.learner.quiz_answers import unit_answers
from workbook.learner.returned import ReturnedDecision, returned_decisions
from workbook.learner.store import Store
from workbook.widgets.model import CommWidget

__all__ = ["CourseHome", "OutcomeState", "home_html", "lab_link", "outcome_page", "outcome_state",
           "portfolio_page", "show"]

ASSETS = Path(__file__).parent / "js"
#: state -> (symbol, words); never shown by colour alone
STATES = {
    "not-started": ("○", "Not started"),
    "in-progress": ("◐", "In progress"),
    "ready": ("●", "Ready for your assessor"),
    "not-yet-met": ("✘", "Not yet met: read your assessor's feedback"),
    "met": ("✔", "Met"),
}


def outcome_page(unit: Unit, outcome: Outcome) -> PurePosixPath:
    """An outcome's page, relative to the course home: <unit>/<NN>-<outcome>.ipynb."""
    return PurePosixPath(unit.slug, f"{unit.outcomes.index(outcome) + 1:02d}-{outcome.slug}.ipynb")


def portfolio_page(unit: Unit) -> PurePosixPath:
    """A unit's portfolio page, relative to the course home."""
    return PurePosixPath(unit.slug, "portfolio.ipynb")


@dataclass(frozen=True)
class OutcomeState:
    """Where a learner stands on one outcome."""

    state: str              # a key of STATES
    progress: OutcomeProgress
    criteria: int
    met: int
    not_yet_met: int


def outcome_state(outcome: Outcome, progress: OutcomeProgress,
                  decisions: list[ReturnedDecision]) -> OutcomeState:
    """The outcome's state: the assessor's decisions first, then quiz and evidence."""
    ids = {c.id for c in outcome.criteria}
    said = {d.criterion: d.outcome for d in decisions if d.criterion in ids}
    met = sum(1 for v in said.values() if v == "met")
    not_met = sum(1 for v in said.values() if v != "met")
    mastery = progress.mastery
    if not_met:
        state = "not-yet-met"
    elif ids and met == len(ids):
        state = "met"
    elif progress.coverage >= 1 and (mastery is None or mastery >= MASTERY_TARGET):
        state = "ready"
    elif progress.correct or (progress.coverage > 0 and ids):
        state = "in-progress"
    else:
        state = "not-started"
    return OutcomeState(state, progress, len(ids), met, not_met)


def lab_link(environ: dict[str, str] | None = None) -> str | None:
    """The address of this folder in JupyterLab when the page is shown by Voilà, else None."""
    environ = dict(os.environ) if environ is None else environ
    base, request = environ.get("VOILA_BASE_URL"), environ.get("VOILA_REQUEST_URL")
    if not base or not request:
        return None
    path = urlparse(request).path
    marker = f"{base.rstrip('/')}/voila/render/"
    if marker not in path:
        return None
    folder = PurePosixPath(path.split(marker, 1)[1]).parent
    return f"{base.rstrip('/')}/lab/tree/{quote(folder.as_posix())}".replace("/tree/.", "/tree")


def home_html(course: Course, store: Store, lab: str | None = None) -> str:
    """The home's HTML: where to go next, then each unit's outcomes with their state."""
    units: list[str] = []
    upcoming: list[tuple[Unit, Outcome, OutcomeState]] = []
    steps: list[str] = []
    for number, unit in enumerate(course.units, 1):
        items = load_items(store, unit.slug)
        progress = unit_progress(unit, items, unit_answers(store, unit))
        decisions = returned_decisions(unit.slug) or []
        states = [outcome_state(o, p, decisions) for o, p in zip(unit.outcomes, progress)]
        signed = declaration.load(store, unit.slug)
        units.append(_unit_html(number, unit, states, signed is not None and signed.signed))
        todo = [(unit, o, s) for o, s in zip(unit.outcomes, states)
                if s.state not in ("ready", "met")]
        if todo and not upcoming:  # the next steps come from the first unit with work to do
            steps = next_steps(unit, load_rules(unit), items, progress)
        upcoming += todo
    warnings = "".join(f'<p role="alert">⚠ {html.escape(w)}</p>' for w in store.warnings)
    footer = (f'<p class="wb-lab">Prefer JupyterLab? <a href="{html.escape(lab)}">Open these '
              "pages in JupyterLab</a> (it shows the code behind them).</p>" if lab else "")
    return f'{warnings}{_next_html(upcoming, steps)}{"".join(units)}{footer}'


def _next_html(upcoming: list[tuple[Unit, Outcome, OutcomeState]], steps: list[str]) -> str:
    if not upcoming:
        return ('<section class="wb-next" aria-labelledby="wb-next-h"><h2 id="wb-next-h">'
                "Where to go next</h2><p>✔ Every outcome is ready for your assessor or met. "
                "Check each unit's portfolio and sign its declaration.</p></section>")
    unit, outcome, state = upcoming[0]
    page = html.escape(outcome_page(unit, outcome).as_posix())
    started = state.state != "not-started"
    # a learner who has not started needs one place to begin, not a list of what is missing
    listed = "".join(f"<li>{html.escape(s)}</li>" for s in steps) if started else ""
    return ('<section class="wb-next" aria-labelledby="wb-next-h"><h2 id="wb-next-h">'
            f'Where to go next</h2><p><a class="wb-go" href="{page}">'
            f'{"Continue with" if started else "Start with"} '
            f"{html.escape(outcome.id)} · {html.escape(outcome.title)}</a></p>"
            + (f'<ol class="wb-steps">{listed}</ol>' if listed else "") + "</section>")


def _unit_html(number: int, unit: Unit, states: list[OutcomeState], signed: bool) -> str:
    rows = "".join(_outcome_html(unit, o, s) for o, s in zip(unit.outcomes, states))
    portfolio = html.escape(portfolio_page(unit).as_posix())
    sign = ("✔ Declaration of authenticity signed." if signed else
            "○ Declaration of authenticity not signed yet: sign it on the portfolio page "
            "before you submit.")
    return (f'<section class="wb-unit" aria-labelledby="wb-unit-{number}">'
            f'<h2 id="wb-unit-{number}">Unit {number}: {html.escape(unit.title)}</h2>'
            f'<ul class="wb-outcomes">{rows}</ul>'
            f'<p><a class="wb-portfolio" href="{portfolio}">Portfolio: progress, reflective '
            "accounts, evidence map, export, declaration and your assessment</a></p>"
            f'<p class="wb-declaration">{sign}</p></section>')


def _outcome_html(unit: Unit, outcome: Outcome, state: OutcomeState) -> str:
    symbol, words = STATES[state.state]
    figures = state.progress
    quiz = (f"Quiz: {figures.correct} of {figures.questions} right" if figures.questions
            else "No quiz")
    evidence = f"Evidence: {round(figures.coverage * 100)}% of criteria"
    decided = (f"Assessor: {state.met} met, {state.not_yet_met} not yet met of {state.criteria}"
               if state.met or state.not_yet_met else "")
    parts = " · ".join(p for p in (quiz, evidence, decided) if p)
    page = html.escape(outcome_page(unit, outcome).as_posix())
    return (f'<li class="wb-outcome wb-{state.state}"><a href="{page}">'
            f"{html.escape(outcome.id)} · {html.escape(outcome.title)}</a>"
            f'<span class="wb-state"><span aria-hidden="true">{symbol}</span> {words}</span>'
            f'<span class="wb-figures">{html.escape(parts)}</span></li>')


class CourseHome(CommWidget):
    """The home as one widget model: its script shows `html` (links open in the same tab)."""

    _esm = (ASSETS / "dom.js", ASSETS / "home.js")
    _css = ASSETS / "home.css"
    html = traitlets.Unicode("").tag(sync=True)


def show(store: Store | None = None) -> None:
    """Display the course home for the learner whose store this is."""
    display(CourseHome(html=home_html(load_course(), store or Store(), lab_link())))
