"""Child process of tests/test_assessor_pages.py: collect and grade from the assessor's page.

Usage: python -m tests.pages_grade COURSE_DIR ASSIGNMENT

Grading executes every submission in a kernel, which tests never do in the pytest process: this
process builds the page, chooses the assignment, presses "Collect and grade" and prints what the
page then shows as one JSON object (progress, result, learners in the decisions view).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from workbook.tutor.pages import assessor_page


def main(course: Path, assignment: str) -> None:
    """Press the button as a tutor would and report what the page shows."""
    page = assessor_page(course)
    page.assignment.value = assignment
    seen: list[str] = []
    page.progress.observe(lambda change: seen.append(change["new"]), names="value")
    page.grade_button.click()
    print(json.dumps({"progress": page.progress.value, "updates": len(seen),
                      "graded": page.graded.value,
                      "learners": list(page.view.learner.options) if page.view else []}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
