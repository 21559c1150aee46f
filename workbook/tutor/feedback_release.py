"""`workbook release-feedback`: feedback pages with the assessor's decisions, checked for
answer-key text, released learner by learner.

nbgrader's generate_feedback writes every learner's pages; they are made readable for learners
(`workbook.tutor.feedback_page`: questions by number, code hidden); the assessor's decisions are put into
them (`workbook.decisions.feedback`); any page holding answer-key text is deleted and nothing is
released; then each learner whose feedback can be released gets theirs, and one whose cannot (an
unsafe id, a submission nbgrader did not make, files that cannot be used) is named in one line.
"""
from __future__ import annotations

from pathlib import Path

from workbook.assess.keys import AnswerKeyError, load_key
from workbook.atomic import write_atomic
from workbook.learner.ids import ID_RULE, id_problem
from workbook.settings import settings
from workbook.tutor.feedback_page import readable
from workbook.tutor.grade import failure_reason
from workbook.tutor.gradebook import configured_keys, open_api
from workbook.tutor.leaks import find_leaks, key_texts

__all__ = ["feedback_folders", "feedback_leaks", "release_feedback", "unreleasable"]


def release_feedback(course_root: Path, assignment: str) -> list[str]:
    """nbgrader's generate_feedback for everyone, then release_feedback learner by learner;
    problems ([] if none). A learner whose feedback cannot be released (an id that is not a
    learner id, a submission without nbgrader's secret, files that cannot be used) is named
    in one line and the others still get theirs."""
    api = open_api(course_root)
    result = api.generate_feedback(assignment)
    if not result.get("success"):
        return [f"generate_feedback failed: "
                f"{failure_reason(result.get('log') or '', result.get('error') or '')}"]
    root = Path(api.coursedir.root)
    for _learner, folder in feedback_folders(api, assignment):
        for page in folder.glob("*.html"):  # questions by number, code out of sight
            write_atomic(page, readable(page.read_text(encoding="utf-8")))
    unit, problems = _add_decisions(root, assignment)
    if leaks := feedback_leaks(api, assignment):
        return [*leaks, "nothing released: those pages were deleted; find what put "
                "answer-key text in them, then run release-feedback again"]
    released = 0
    for learner, folder in feedback_folders(api, assignment):
        if why := unreleasable(folder, learner, root / "submitted" / learner / assignment, unit):
            problems.append(f"{folder}: feedback not released: {why}")
            continue
        result = api.release_feedback(assignment, learner)
        if result.get("success"):
            released += 1
            continue
        problems.append(f"{folder}: feedback not released: "
                        f"{failure_reason(result.get('log') or '', result.get('error') or '')}")
    if problems:
        problems.append(f"feedback on {assignment} released to {released} other learner"
                        f"{'' if released == 1 else 's'}")
    return problems


def feedback_folders(api, assignment: str) -> list[tuple[str, Path]]:
    """(learner, folder) of every generated feedback folder of the assignment."""
    feedback = Path(api.coursedir.root) / api.coursedir.feedback_directory
    return [(folder.parent.name, folder) for folder in sorted(feedback.glob(f"*/{assignment}"))
            if folder.is_dir()]


def unreleasable(folder: Path, learner: str, submitted: Path, unit: str | None) -> str | None:
    """Why this learner's feedback folder is not released (None: it can be): an id that is not
    a learner id, a file nbgrader needs that the submission lacked (release_feedback would fail
    for everyone), or submitted files that cannot be used (the page would lack the decisions)."""
    from workbook.decisions.submissions import read_submission
    from workbook.learner.bounded import LearnerFileError

    if why := id_problem(learner):
        return f"learner id {learner!r} refused: {why}; a learner id is {ID_RULE}"
    for needed in ("submission_secret.txt", "timestamp.txt"):
        if not (folder / needed).is_file():
            return (f"it has no {needed} (the submission did not come through nbgrader's "
                    "submit); ask the learner to submit again")
    if unit is not None and submitted.is_dir():
        try:
            read_submission(submitted, learner, unit)
        except LearnerFileError as exc:
            return f"{exc.message}; the page would lack the assessor's decisions"
    return None


def feedback_leaks(api, assignment: str) -> list[str]:
    """Generated feedback pages of the assignment that hold answer-key text (deleted)."""
    try:
        texts = key_texts(load_key(assignment, configured_keys(api)))
    except AnswerKeyError as exc:
        return [f"feedback cannot be checked for answer-key text: {exc}"]
    feedback = Path(api.coursedir.root) / api.coursedir.feedback_directory
    found = []
    for folder in sorted(feedback.glob(f"*/{assignment}")):
        for problem in find_leaks(folder, texts):
            page = folder / problem.split(":", 1)[0]
            page.unlink()
            found.append(f"{page.relative_to(feedback)}{problem[problem.index(':'):]}")
    return found


def _add_decisions(root: Path, assignment: str) -> tuple[str | None, list[str]]:
    """Put the assessor's decisions into the generated pages before they are released; the
    unit assessed, and a line for each journal file or entry not counted (altered, say)."""
    from workbook.course.loader import load_course
    from workbook.decisions.feedback import add_decisions
    from workbook.decisions.standing import ignored_records
    from workbook.decisions.submissions import unit_of_assignment

    unit = unit_of_assignment(root, assignment)
    if unit is None:
        return None, []
    records = settings().records_folder(root)
    # learners whose files cannot be used are named once, by unreleasable()
    add_decisions(root, load_course().unit(unit), assignment, records, [])
    return unit, [m for m in ignored_records(records, unit)
                  if not m.endswith("(written before tamper evidence)")]
