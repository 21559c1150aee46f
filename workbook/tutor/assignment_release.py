"""Release an assessment to learners from the assessor's page: nbgrader's generate_assignment
then release_assignment, over the course folder and its configured (checked) exchange.

Before anything is generated, `preflight_release` refuses an assignment folder holding a
responses file or an answer key. A step nbgrader refuses is said in one line, and nothing
after it runs. An assignment already in the exchange is left as it is (learners may have
fetched it): pressing the button twice changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbook.assess.preflight import preflight_release
from workbook.tutor.grade import failure_reason
from workbook.tutor.gradebook import open_api

__all__ = ["Release", "release_assessment"]


@dataclass(frozen=True)
class Release:
    """What releasing did: problems ([] when learners can fetch it), and whether it was in the
    exchange already (then nothing was done)."""

    problems: list[str]
    already: bool = False


def release_assessment(course_root: Path, assignment: str) -> Release:
    """Generate and release the assignment, unless it is released already."""
    if problems := preflight_release(course_root, assignment):
        return Release(problems)
    api = open_api(course_root)
    if assignment in api.get_released_assignments():
        return Release([], already=True)
    for step, run in (("generate_assignment", lambda: api.generate_assignment(assignment)),
                      ("release_assignment", lambda: api.release_assignment(assignment))):
        result = run()
        if not result.get("success"):
            return Release([f"{step} failed: "
                            f"{failure_reason(result.get('log') or '', result.get('error') or '')}"])
    return Release([])
