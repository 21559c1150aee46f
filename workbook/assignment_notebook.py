"""Old import path, kept for assignments already released: use `workbook.widgets.assessment`."""
from __future__ import annotations

from workbook.widgets.assessment import show_evidence, show_question

__all__ = ["show_evidence", "show_question"]
