"""Old import path, kept for notebooks already in learners' homes: use `workbook.scoring` and
`workbook.assess.cells`."""
from __future__ import annotations

from workbook.assess.cells import check_answered
from workbook.scoring import correct_answer, is_answered, is_correct, points, score

__all__ = ["check_answered", "correct_answer", "is_answered", "is_correct", "points", "score"]
