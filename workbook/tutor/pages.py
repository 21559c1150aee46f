"""The assessor's page wired to the tutor's tools: releasing, grading, feedback, the report,
written answers.

`workbook.widgets.assessor.AssessorPage` only displays; the work it starts lives here and below
(widgets may not import this stage). The built notebook `assignments/tutor/assessor.ipynb`
calls `assessor_page()` over the course folder it sits in.
"""
from __future__ import annotations

import html
from pathlib import Path

from workbook.decisions.submissions import Submission
from workbook.decisions.written import written_answers
from workbook.errors import WorkbookError
from workbook.settings import settings
from workbook.tutor import grading_job
from workbook.tutor.assignment_release import release_assessment
from workbook.tutor.feedback_release import release_feedback
from workbook.tutor.inert import inert_markdown
from workbook.tutor.report import HTML_NAME, write_report
from workbook.widgets.assessor import AssessorActions, AssessorPage

__all__ = ["REPORT_FOLDER", "assessor_actions", "assessor_page", "written_html"]

#: in the course folder: where the page writes the cohort report and its CSV files
REPORT_FOLDER = "report"


def written_html(submission: Submission, criterion: str) -> str:
    """The learner's written answer on the criterion, rendered and inert (learner markup never
    runs in the assessor's page); a plain line when there is none or it cannot be read."""
    try:
        answers = written_answers(submission.folder, [criterion])
    except WorkbookError as exc:
        return f"<p>⚠ {html.escape(exc.message)}</p>"
    if criterion not in answers:
        return "<p><em>No written answer on this criterion.</em></p>"
    return inert_markdown(answers[criterion])


def assessor_actions(course_root: Path, out: Path | None = None) -> AssessorActions:
    """The page's actions over one nbgrader course folder (report written to `out`)."""
    folder = out or course_root / REPORT_FOLDER

    def report() -> Path:
        write_report(course_root, folder, warn=lambda _text: None)
        return folder / HTML_NAME

    def publish(assignment: str) -> tuple[list[str], bool]:
        done = release_assessment(course_root, assignment)
        return done.problems, done.already

    return AssessorActions(publish=publish,
                           start_grading=lambda a: grading_job.start(course_root, a),
                           grading=lambda a: grading_job.state(course_root, a),
                           release=lambda a: release_feedback(course_root, a),
                           report=report, written=written_html)


def assessor_page(course_root: Path | str | None = None) -> AssessorPage:
    """The assessor's page over the course folder (default: the settings' course folder)."""
    root = Path(course_root) if course_root else settings().course_root
    return AssessorPage(assessor_actions(root), root, settings().records_folder(root))
