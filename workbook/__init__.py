"""workbook: an interactive Jupyter course workbook for the Level 5 Diploma in Leadership for
Health and Social Care and Children and Young People's Services (England)."""
from __future__ import annotations

from workbook.course.loader import course_root, load_course
from workbook.course.model import (
                    Course,
                    Criterion,
                    KeyConcept,
                    Misconception,
                    Option,
                    Outcome,
                    Pair,
                    Question,
                    Unit,
)
from workbook.course.yamlfile import ContentError

__all__ = [
    "ContentError",
    "Course",
    "Criterion",
    "KeyConcept",
    "Misconception",
    "Option",
    "Outcome",
    "Pair",
    "Question",
    "Unit",
    "course_root",
    "load_course",
]
__version__ = "0.1.0"
