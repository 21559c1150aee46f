"""Old import path, kept for assignments already released: use `workbook.assess.notebook`."""
from __future__ import annotations

from workbook.assess.notebook import show_evidence, show_question

__all__ = ["show_evidence", "show_question"]
