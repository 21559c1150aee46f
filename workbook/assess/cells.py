"""What the cells of an assessment notebook call (the nbgrader test cells)."""
from __future__ import annotations

from workbook.assess.keys import load_key
from workbook.assess.responses import ResponsesError, read_answers
from workbook.scoring import points

__all__ = ["check_answered", "grade_response"]


def check_answered(assignment: str, question_id: str) -> None:
    """Visible test: fail with a plain message unless an answer to the question is saved."""
    if read_answers(assignment).get(question_id) in (None, "", [], {}):
        raise ResponsesError(f"Question {question_id} has no saved answer yet: choose an answer "
                             "above and wait for 'Saved'.")


def grade_response(assignment: str, question_id: str) -> float:
    """Hidden test: the points the saved answer earns, scored against the tutor's key."""
    question = load_key(assignment)[question_id]
    earned = points(question, read_answers(assignment).get(question_id))
    print(f"{question_id}: {earned:g} of {question.points} point(s)")
    return earned
