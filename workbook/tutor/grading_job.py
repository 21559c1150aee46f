"""Grading from the assessor's page as a process of its own, so that it goes on when the page's
tab is closed (a page's kernel stops with its tab) and a page opened later shows how it stands.

    python -m workbook.tutor.grading_job COURSE_ROOT ASSIGNMENT   (started by `start`)

The job writes its progress lines to `report/grading-<assignment>.log` in the course folder and
its state to `grading-<assignment>.json` beside it: the process id and start time while it
runs, then the closing table and whether any submission failed. `state` reads both; a job whose
process has gone without writing its result reads as stopped, with the log so far.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workbook.atomic import write_atomic
from workbook.errors import WorkbookError
from workbook.tutor.grade import grade_assignment, table

__all__ = ["JOB_FOLDER", "GradingState", "graded_text", "start", "state"]

#: in the course folder, beside the cohort report
JOB_FOLDER = "report"


@dataclass(frozen=True)
class GradingState:
    """How a grading job stands: running, its progress so far, and once done its result."""

    running: bool
    log: str = ""
    text: str | None = None     # the closing table, once finished
    failed: bool = False        # a submission failed (or the job stopped before its end)
    started: str = ""           # when the job started, HH:MM
    error: str | None = None    # why the job could not finish, in one line


def _files(course_root: Path, assignment: str) -> tuple[Path, Path]:
    folder = course_root / JOB_FOLDER
    return folder / f"grading-{assignment}.log", folder / f"grading-{assignment}.json"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            return handle.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def state(course_root: Path, assignment: str) -> GradingState | None:
    """The assignment's last grading job (None when it was never graded from the page)."""
    log_file, state_file = _files(course_root, assignment)
    try:
        saved = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.is_file() else ""
    started = str(saved.get("started", ""))
    if "text" in saved or "error" in saved:
        return GradingState(False, log, saved.get("text"), bool(saved.get("failed")), started,
                            saved.get("error"))
    if _alive(int(saved.get("pid", 0))):
        return GradingState(True, log, started=started)
    return GradingState(False, log, None, True, started,
                        "grading stopped before it finished (the machine or the process was "
                        "stopped); press Collect and grade to grade again")


def start(course_root: Path, assignment: str) -> GradingState:
    """Start grading in a process of its own; the state it starts in. Refused (WorkbookError)
    while the assignment is being graded already."""
    now = state(course_root, assignment)
    if now is not None and now.running:
        raise WorkbookError(f"{assignment} is being graded already (since {now.started}): "
                            "its progress shows below")
    log_file, state_file = _files(course_root, assignment)
    log_file.parent.mkdir(parents=True, exist_ok=True)
    started = datetime.now().strftime("%H:%M")
    with open(log_file, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "workbook.tutor.grading_job", str(course_root), assignment],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, cwd=course_root)
    write_atomic(state_file, json.dumps({"pid": process.pid, "started": started}))
    return GradingState(True, "", started=started)


def graded_text(course_root: Path, assignment: str) -> tuple[str, bool]:
    """Grade (collect, autograde) with progress on stdout; the closing table and whether any
    submission failed. Refused grading raises WorkbookError."""
    run = grade_assignment(course_root, assignment, stream=sys.stdout, tty=False)
    if run.refused:
        raise WorkbookError(f"Grading {assignment} was refused: " + "; ".join(run.refused))
    lines = [*(f"note: {n}" for n in run.notes), table(run) if run.rows else ""]
    failed = sum(1 for row in run.rows if not row.ok)
    lines.append(f"{len(run.rows) - failed} of {len(run.rows)} submissions autograded"
                 + (f"; {failed} FAILED" if failed else ""))
    return "\n".join(line for line in lines if line), run.failed


def main(course_root: Path, assignment: str) -> int:
    """The job itself: grade, then write the result beside the log."""
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    _, state_file = _files(course_root, assignment)
    try:
        text, failed = graded_text(course_root, assignment)
        result = {"text": text, "failed": failed}
    except Exception as exc:  # the page shows one sentence; the log keeps the rest
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        result = {"error": first if isinstance(exc, WorkbookError)
                  else f"Grading did not finish: {first}", "failed": True}
    saved = json.loads(state_file.read_text(encoding="utf-8")) if state_file.is_file() else {}
    write_atomic(state_file, json.dumps({**saved, "pid": os.getpid(), **result}))
    return 1 if result["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2]))
