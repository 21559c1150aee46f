"""A learner's assessment through nbgrader's exchange, without JupyterLab: where it stands, fetch,
submit and fetch the feedback, as the Assignments tab does them (same configuration, same
exchange classes).

The configuration is the learner server's own (`nbgrader_config.py` in its JUPYTER_CONFIG_DIR,
written by the hub): which assignments are assessments, and of which unit, is its
`DeclaredSubmit.assessments`; a server without it (`make lab`) has no exchange for learners, and
`assessment_state` says None. Submitting goes through the configured submit step, so the
declaration gate (`workbook.assess.submit_gate`) refuses an unsigned assessment with its own
sentence. Before submitting, the learner's evidence and declaration are copied into the
assignment as its evidence cell (Part C) copies them, so a declaration signed a moment ago counts.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.assess.notebook import carry_documents
from workbook.learner.store import Store

__all__ = ["AssessmentState", "assessment_state", "fetch", "fetch_feedback", "submit"]

#: what each status means to the learner's page
STATUSES = ("not-released", "released", "fetched", "submitted")


@dataclass(frozen=True)
class AssessmentState:
    """Where a learner's assessment of one unit stands."""

    assignment: str
    unit: str
    status: str                 # one of STATUSES
    notebook: Path | None       # the fetched notebook (absolute), once fetched
    submitted: tuple[str, ...]  # timestamps of the learner's submissions, oldest first
    #: the tutor's feedback on the last submission: "" (none yet), "ready" (released, to be
    #: fetched, or changed since it was fetched) or "fetched"
    feedback: str = ""
    feedback_page: Path | None = None  # the fetched feedback page (absolute), once fetched


@contextlib.contextmanager
def _in(folder: Path) -> Iterator[None]:
    """nbgrader finds its config and the assignment folder from the working folder."""
    here = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def _config() -> Any:
    """nbgrader's configuration as the learner's server loads it (its config folder, then cwd)."""
    from nbgrader.apps import NbGrader

    app = NbGrader()
    app.load_config_file()
    return app.config


def _assessments(config: Any) -> dict[str, str]:
    """{assignment id: unit} from the server's configuration ({} when there is none)."""
    found = config.get("DeclaredSubmit", {}).get("assessments", {})
    return {str(k): str(v) for k, v in dict(found).items()}


def _plain(error: Exception) -> str:
    """The failure as one plain sentence, as the Assignments tab shows it."""
    from workbook.assess.assignment_list import plain_failure  # imports nbgrader (~1 s)

    return plain_failure(f"{type(error).__name__}: {error}")


def _step(config: Any, step: str, assignment: str | None = None, **options: Any) -> Any:
    """One of nbgrader's exchange steps (List, FetchAssignment, Submit) as configured."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory

    config = config.copy()
    if assignment is not None:
        config.CourseDirectory.assignment_id = assignment
    for name, value in options.items():
        setattr(config.ExchangeList, name, value)
    coursedir = CourseDirectory(config=config)
    return getattr(ExchangeFactory(config=config), step)(
        coursedir=coursedir, authenticator=Authenticator(config=config), config=config)


def assessment_state(unit_slug: str, root: Path | None = None) -> AssessmentState | None:
    """The unit's assessment for the learner whose folder `root` is (their home by default);
    None when this server has no course exchange or the unit no assessment."""
    root = root or Path.home()
    with _in(root):
        config = _config()
        found = [a for a, u in _assessments(config).items() if u == unit_slug]
        if not found:
            return None
        assignment = found[0]
        released = _step(config, "List", assignment).start()
        cached = _step(config, "List", assignment, cached=True).start()
    status, notebook = "not-released", None
    for info in released:
        status = info["status"]
        if status == "fetched" and info["notebooks"]:
            notebook = Path(info["notebooks"][0]["path"])
    submissions = sorted((s for a in cached for s in a["submissions"]),
                         key=lambda s: s["timestamp"])
    stamps = tuple(s["timestamp"] for s in submissions)
    if stamps and status != "released":
        status = "submitted"
    feedback, page = _feedback(submissions[-1], root) if submissions else ("", None)
    return AssessmentState(assignment, unit_slug, status, notebook, stamps, feedback, page)


def _feedback(submission: dict[str, Any], root: Path) -> tuple[str, Path | None]:
    """Where the tutor's feedback on one submission stands, as nbgrader's list reports it."""
    local = submission.get("has_local_feedback", False)
    if submission.get("has_exchange_feedback") and (not local or submission["feedback_updated"]):
        return "ready", None
    if not local:
        return "", None
    pages = [nb["local_feedback_path"] for nb in submission.get("notebooks", [])
             if nb.get("local_feedback_path")]
    return "fetched", (root / pages[0]).resolve() if pages else None


def _run(step: str, assignment: str, root: Path | None) -> str | None:
    """One exchange step in the learner's folder; why not, in one line, or None when done."""
    with _in(root or Path.home()):
        try:
            _step(_config(), step, assignment).start()
        except Exception as error:  # nbgrader fails with several kinds; the learner gets one line
            return _plain(error)
    return None


def fetch(assignment: str, root: Path | None = None) -> str | None:
    """Fetch a released assessment into the learner's folder; why not, or None when done."""
    return _run("FetchAssignment", assignment, root)


def fetch_feedback(assignment: str, root: Path | None = None) -> str | None:
    """Fetch the tutor's released feedback into the assignment's `feedback/` folder; why not, or
    None when done."""
    return _run("FetchFeedback", assignment, root)


def submit(assignment: str, unit_slug: str, root: Path | None = None,
           store: Store | None = None) -> str | None:
    """Submit the fetched assessment through the configured (declaration-gated) submit step,
    after copying in the learner's evidence and declaration; why not, or None when submitted."""
    root = root or Path.home()
    folder = root / assignment
    if not folder.is_dir():
        return "Not submitted: fetch the assessment first."
    carry_documents(unit_slug, folder, store)
    with _in(root):
        try:
            _step(_config(), "Submit", assignment).start()
        except Exception as error:  # the gate's refusal is an ExchangeError with one sentence
            return _plain(error)
    return None
