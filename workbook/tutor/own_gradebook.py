"""A tutor's own gradebook knows every assignment they grade, whoever released it.

Each tutor grades into their own course folder and gradebook (decisions are shared through the
records folder). nbgrader's autograde refuses an assignment its gradebook has never seen ("No
assignment with ID ... exists in the database"), and only the tutor who generated and released
it has it there. So before grading, an assignment missing from this tutor's gradebook is
generated from the course's source, as the releasing tutor did: same source, same release, and
the gradebook learns its notebooks and cells. Nothing is released to the exchange.
"""
from __future__ import annotations

__all__ = ["generate_if_missing"]


def generate_if_missing(api, assignment: str) -> list[str]:
    """Generate the assignment into this course folder when its gradebook lacks it; a note
    saying so ([] when it was there), or a problem line when generating failed."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gradebook:
        try:
            gradebook.find_assignment(assignment)
            return []
        except MissingEntry:
            pass
    result = api.generate_assignment(assignment, force=True)
    if not result.get("success"):
        why = (result.get("error") or result.get("log") or "").strip().splitlines()
        return [f"{assignment} is not in this gradebook and could not be generated into it: "
                f"{why[-1] if why else 'nbgrader gave no reason'}"]
    return [f"{assignment} was not in this gradebook (another tutor released it): generated "
            "from the course's source into this course folder"]
