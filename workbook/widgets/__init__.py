"""Learner widgets: quizzes and flashcards that save every answer as it changes."""
from __future__ import annotations

from workbook.widgets import flashcards, quiz

__all__ = ["flashcards", "quiz"]
