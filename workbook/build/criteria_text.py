"""Markdown of what a learner is assessed on: the awarding body's criteria, or marking points.

Official criteria are shown with their ids and exact texts and the specification they come
from; an outcome without them shows its revision-page marking point, named as such and never
numbered, so no one mistakes it for an awarding body's criterion.
"""
from __future__ import annotations

from workbook.build.cells import bullets
from workbook.course.model import MARKING_POINT_LABEL, Criterion, Outcome, Unit


def criterion_line(criterion: Criterion) -> str:
    """One criterion as a Markdown line: '**1.4** text', or the marking point's label."""
    if not criterion.official:
        return f"**{MARKING_POINT_LABEL.capitalize()}:** {criterion.text}"
    note = f" … *({criterion.note})*" if criterion.note else ""
    return f"**{criterion.id}** {criterion.text}{note}"


def spec_summary(unit: Unit) -> str:
    """The unit's specification in one paragraph (empty when the course has none)."""
    spec = unit.spec
    if spec is None:
        return ""
    facts = [f"Unit {spec.reference}"]
    if spec.level:
        facts.append(f"Level {spec.level}")
    if spec.guided_learning_hours is not None:
        facts.append(f"{spec.guided_learning_hours} guided learning hours")
    if spec.credit_value is not None:
        facts.append(f"{spec.credit_value} credits")
    if spec.grading:
        facts.append(f"graded {spec.grading}")
    return f"{', '.join(facts)}. *Source: {spec.source}.*"


def outcome_criteria_text(unit: Unit, outcome: Outcome) -> str:
    """The outcome's criteria section: criteria, how to evidence them, and page guidance."""
    parts = ["## What your assessor looks for"]
    if outcome.has_official_criteria:
        parts.append(f"The awarding body's assessment criteria for {outcome.id}. {spec_summary(unit)}")
        routes = dict(outcome.evidence_routes)
        parts.append(bullets(criterion_line(c) + (f"  \n  *How to evidence it:* {routes[c.id]}"
                                                  if c.id in routes else "")
                             for c in outcome.criteria))
        if unit.spec and outcome.id in unit.spec.real_work_outcomes:
            parts.append("This outcome must be assessed in your real work environment; your "
                         "assessor's direct observation is the main source of evidence.")
        if outcome.marking_points:
            parts.append("### Guidance: what the course looks for as well\n\n" + bullets(
                c.text for c in outcome.marking_points))
    elif outcome.criteria:
        parts.append(f"The awarding body's criteria for {outcome.id} are not in the course yet, so "
                     f"your assessor works from the {MARKING_POINT_LABEL}:")
        parts.append(bullets(criterion_line(c) for c in outcome.criteria))
    else:
        parts.append("The criteria for this outcome are listed with the unit.")
    if outcome.has_official_criteria and unit.spec and unit.spec.definitions:
        parts.append("### Terms the specification defines\n\n" + bullets(
            d.text for d in unit.spec.definitions))
    return "\n\n".join(parts)


def unit_criteria_text(unit: Unit) -> str:
    """Every outcome of the unit with what it is assessed on (for the portfolio notebook)."""
    parts = ["## What the unit is assessed on"]
    if summary := spec_summary(unit):
        parts.append(summary)
    for outcome in unit.outcomes:
        parts.append(f"**{outcome.id} · {outcome.title}**\n\n" + bullets(
            criterion_line(c) for c in outcome.criteria))
    if unit.spec and unit.spec.requirements:
        parts.append("**How the unit is assessed**\n\n" + bullets(
            f"{r.text} *({r.source})*" for r in unit.spec.requirements))
    return "\n\n".join(parts)
