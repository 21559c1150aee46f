"""What the test cells of an assessment notebook call.

A test cell only checks that an answer is saved: its points are scored from the saved answers
and the answer key in the tutor's own process (`workbook.tutor.autograde`), never by code in the
notebook, so nothing a learner's code does in the kernel can change them.
"""
from __future__ import annotations

import os

from workbook.assess.responses import ResponsesError, read_answers

__all__ = ["check_answered"]


def check_answered(assignment: str, question_id: str) -> None:
    """Visible test: fail with a plain message unless an answer to the question is saved.
    Not on a learner's page (Voilà, never at autograde): there each question says "Saved"
    itself, and a page draws a failed cell as an alarming error box under a question the
    learner has not reached yet."""
    if os.environ.get("VOILA_REQUEST_URL") and not os.environ.get("NBGRADER_EXECUTION"):
        return
    if read_answers(assignment).get(question_id) in (None, "", [], {}):
        raise ResponsesError(f"Question {question_id} has no saved answer yet: choose an answer "
                             "above and wait for 'Saved'.")
