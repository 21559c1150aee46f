"""What every portfolio widget of a unit opens with: the unit, its evidence rules, the store."""
from __future__ import annotations

from workbook.course.evidence_rules import EvidenceRules, load_rules
from workbook.course.loader import load_course
from workbook.course.model import Unit
from workbook.learner.store import Store

__all__ = ["open_unit"]


def open_unit(unit_slug: str, store: Store | None = None) -> tuple[Unit, EvidenceRules, Store]:
    """The unit (course loaded once per kernel), its evidence rules, and the learner's store."""
    unit = load_course().unit(unit_slug)
    return unit, load_rules(unit), store or Store()
