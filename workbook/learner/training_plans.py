"""Training plans for person-centred interactive training: the store document, checks in plain
words, and the product evidence item a saved plan becomes.

Store document `training-plan-<unit>`: `{"plan": {"title", "date", "session_outcomes", "needs",
"methods": [...], "methods_detail", "evaluation"}}`.
"""
from __future__ import annotations

from typing import Any

from workbook.course.model import Unit
from workbook.learner.evidence import Draft, EvidenceItem, upsert_from_source
from workbook.learner.store import Store
from workbook.learner.watch import changed

#: interactive methods of active-support training (id, label).
METHODS = (
    ("modelling", "Modelling: you show the support in real activities"),
    ("role-play", "Role-play with feedback"),
    ("in-situ-coaching", "In-situ coaching while staff support people"),
    ("immediate-feedback", "Immediate, specific feedback"),
)
PLAN_TYPE = "training-plan"
SOURCE = "training-plan"
TEXT_FIELDS = (
    ("title", "Session title"),
    ("session_outcomes", "Session outcomes"),
    ("needs", "Team needs analysis"),
    ("methods_detail", "How you will use the methods"),
    ("evaluation", "How impact will be evaluated"),
)


def document_name(unit_slug: str) -> str:
    """The store document holding a unit's training plan."""
    return f"training-plan-{unit_slug}"


def load_plan(store: Store, unit_slug: str) -> dict[str, Any]:
    """The saved plan ({} when none)."""
    plan = store.read(document_name(unit_slug)).get("plan", {})
    return plan if isinstance(plan, dict) else {}


def save_plan_field(store: Store, unit_slug: str, key: str, value: Any) -> None:
    """Save one field of the plan, keeping the others as they are on disk."""
    store.update(document_name(unit_slug), lambda data: data.setdefault("plan", {}).__setitem__(key, value))
    changed(store, document_name(unit_slug))


def plan_field_problems(plan: dict[str, Any]) -> dict[str, list[str]]:
    """What a plan still needs before it is evidence, in plain words, by field."""
    problems = {key: [f"Fill in {label.lower()}."] for key, label in TEXT_FIELDS
                if key != "methods_detail" and not str(plan.get(key, "")).strip()}
    if not plan.get("methods"):
        problems["methods"] = ["Choose at least one interactive method: training for active "
                               "support is hands-on, not a lecture."]
    return problems


def plan_problems(plan: dict[str, Any]) -> list[str]:
    """What a plan still needs before it is evidence, in plain words."""
    return [message for messages in plan_field_problems(plan).values() for message in messages]


def save_as_evidence(store: Store, unit: Unit, outcome_id: str, plan: dict[str, Any]) -> EvidenceItem:
    """Create or refresh the training-plan evidence item, mapped to the outcome's criteria."""
    labels = dict(METHODS)
    methods = ", ".join(labels.get(m, m).split(":")[0] for m in plan.get("methods", []))
    draft = Draft(
        type=PLAN_TYPE, title=plan.get("title", ""), date=plan.get("date", ""),
        description=f"Training plan. Outcomes: {plan.get('session_outcomes', '').strip()} "
                    f"Methods: {methods}. Evaluation: {plan.get('evaluation', '').strip()}",
        location="Workbook portfolio: training plan",
        criteria=tuple(c.id for c in unit.outcome(outcome_id).criteria))
    return upsert_from_source(store, unit.slug, SOURCE, draft)
