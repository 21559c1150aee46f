"""Learner pages: the course home, one page per learning outcome, a portfolio per unit."""
from __future__ import annotations

from pathlib import Path

from workbook.build.cells import (
    bullets,
    code,
    locked,
    markdown,
    notebook,
    notebook_text,
    with_notes,
)
from workbook.build.criteria_text import outcome_criteria_text
from workbook.build.home_notebook import INDEX, home_notebook
from workbook.build.portfolio_notebook import portfolio_notebook, portfolio_path
from workbook.course.model import Course, Outcome, Unit
from workbook.widgets.home import outcome_page

NOTEBOOKS = Path("notebooks")
#: the course home, by its older name
index_notebook = home_notebook

KIND_TEXT = {
    "knowledge": (
        "This is a **knowledge** outcome: you show that you understand it, usually through "
        "written answers, a reflective account or a professional discussion with your assessor."
    ),
    "competence": (
        "This is a **competence** outcome: you show it in your real work. Your assessor will "
        "want direct observation or expert witness testimony, backed by work products and "
        "your own reflection."
    ),
}


def outcome_path(unit: Unit, outcome: Outcome) -> Path:
    """Where an outcome's notebook lives: notebooks/<unit>/<NN>-<outcome>.ipynb."""
    return NOTEBOOKS / outcome_page(unit, outcome)


def notebook_files(course: Course) -> dict[Path, str]:
    """The course home, every outcome page and every portfolio page, as file texts (locked)."""
    pages = {INDEX: home_notebook(course)}
    for unit in course.units:
        for outcome in unit.outcomes:
            pages[outcome_path(unit, outcome)] = outcome_notebook(course, unit, outcome)
        pages[portfolio_path(unit)] = portfolio_notebook(unit)
    return {path: notebook_text(locked(nb)) for path, nb in pages.items()}


def outcome_notebook(course: Course, unit: Unit, outcome: Outcome):
    """One learning outcome: meaning, criteria, models, guidance, mistakes, quiz and evidence."""
    position = unit.outcomes.index(outcome)
    nav = ["[◀ Course home](../index.ipynb)"]
    if position > 0:
        previous = unit.outcomes[position - 1]
        nav.append(f"[◀ {previous.id}]({outcome_path(unit, previous).name})")
    if position + 1 < len(unit.outcomes):
        following = unit.outcomes[position + 1]
        nav.append(f"[{following.id} ▶]({outcome_path(unit, following).name})")
    cells = [
        markdown("title", f"""
# {outcome.id} · {outcome.title}

*Unit: {unit.title}* · {" · ".join(nav)}
"""),
        markdown("meaning", f"""
## What this outcome means

{outcome.summary or outcome.title + "."}

{KIND_TEXT[outcome.kind]}
"""),
        *([markdown("teaching", _teaching_text(outcome))] if outcome.topics else []),
        markdown("criteria", outcome_criteria_text(unit, outcome)),
        markdown("models", _models_text(unit, outcome)),
        markdown("guidance", "## Guidance for a strong portfolio\n\n" + bullets(
            with_notes(unit, g) for g in unit.guidance)),
        markdown("mistakes", _mistakes_text(unit)),
        *([markdown("references", _references_text(unit))] if unit.references else []),
        *_activity_cells(unit, outcome),
    ]
    return notebook(cells, workbook={"kind": "outcome", "unit": unit.slug, "outcome": outcome.id})


def _teaching_text(outcome: Outcome) -> str:
    parts = ["## What you need to know"]
    for topic in outcome.topics:
        prepares = f"*Prepares you for: {', '.join(topic.criteria)}*\n\n" if topic.criteria else ""
        parts.append(f"### {topic.title}\n\n{prepares}{topic.text}")
    return "\n\n".join(parts)


def _references_text(unit: Unit) -> str:
    return (f"## Sources for {unit.title}\n\nThe teaching on these pages draws on these "
            "sources; laws and guidance change, so check a source's current version before "
            "you rely on it.\n\n" + bullets(r.citation for r in unit.references))


def _models_text(unit: Unit, outcome: Outcome) -> str:
    parts = ["## Models and ideas that matter here"]
    if outcome.models:
        parts.append(bullets(f"**{m.name}**: {m.explanation}" for m in outcome.models))
    if unit.key_concepts:
        parts.append("### Key concepts of the unit\n\n" + bullets(
            with_notes(unit, f"**{c.name}**: {c.explanation}" if c.name else c.explanation)
            for c in unit.key_concepts
        ))
    return "\n\n".join(parts)


def _mistakes_text(unit: Unit) -> str:
    parts = ["## Common mistakes", bullets(with_notes(unit, m) for m in unit.mistakes)]
    if unit.misconceptions:
        parts.append("### Misconceptions, corrected\n\n" + bullets(
            with_notes(unit, f"❌ *{m.misconception}* ✅ {m.correction}") for m in unit.misconceptions
        ))
    return "\n\n".join(p for p in parts if p)


def _activity_cells(unit: Unit, outcome: Outcome) -> list:
    """Places for the interactive parts: quiz and evidence mapping."""
    return [
        markdown("quiz", f"""
## Check your understanding

The quiz on {outcome.id} and flashcards of the unit's key ideas. Check each answer for
feedback, try again as often as you like, or show the answer after a try. Move between controls
with <kbd>Tab</kbd>; choose with <kbd>Space</kbd> or the arrow keys. Your answers are saved
automatically.
"""),
        code("quiz-widgets", f"""
from workbook.widgets import flashcards, quiz

quiz.show({unit.slug!r}, {outcome.id!r})
flashcards.show({unit.slug!r})
"""),
        markdown("evidence", f"""
## Map your evidence

Log each piece of evidence for {unit.title} once, then tick every criterion it shows; the list
below shows the items mapped to {outcome.id}. The matrix marks criteria with no evidence yet, and
the rules your assessor applies are listed in plain words with what to do next.
"""),
        code("evidence-log", f"""
from workbook.widgets.evidence import EvidenceLog
EvidenceLog({unit.slug!r}, {outcome.id!r})
"""),
    ]
