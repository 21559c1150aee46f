"""workbook: an interactive Jupyter course workbook for the Level 5 Diploma in Leadership for
Health and Social Care and Children and Young People's Services (England)."""
from __future__ import annotations

from workbook.course.loader import course_data, load_course
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
    "course_data",
    "course_root",
    "load_course",
]
__version__ = "0.1.0"

#: the old name of `course_data` (the course YAML folder), for code written before it changed
course_root = course_data
