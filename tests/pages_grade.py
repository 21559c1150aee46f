"""Child process of tests/test_assessor_pages.py: collect and grade from the assessor's page.

Usage: python -m tests.pages_grade COURSE_DIR ASSIGNMENT

The page grades in a process of its own (workbook.tutor.grading_job) and follows it from a
thread; this process builds the page, chooses the assignment, presses "Collect and grade", waits
for the page to see the job end and prints what the page then shows as one JSON object
(progress, result, learners in the decisions view), and what a page opened afresh shows.
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
    running = page.graded.value
    assert page.follower is not None
    page.follower.join(timeout=600)
    again = assessor_page(course)
    again.assignment.value = assignment
    print(json.dumps({"progress": page.progress.value, "updates": len(seen),
                      "running": running, "graded": page.graded.value,
                      "learners": list(page.view.learner.options) if page.view else [],
                      "again": again.graded.value, "again_progress": again.progress.value}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
