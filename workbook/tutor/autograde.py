"""Marks no learner code can change: nbgrader autograde steps that run in the tutor's process.

Autograde executes the submitted notebook, and whatever code runs there can read what the
grading process can and can print any score. So the course's nbgrader_config.py (written by
`workbook build`) calls `configure`, and `workbook grade` and plain `nbgrader autograde` then
run the same pipeline:

1. sanitize, before any kernel starts: `RestoreRelease` rebuilds the submission from the source
   notebook (every code cell the source's, added cells dropped, files the release does not
   have deleted from the autograded copy) and records what the learner changed;
   `ScoreResponses` reads the saved answers (plain data) and scores them against the answer key
   with `workbook.scoring`, recording only the points.
2. autograde: `KeylessExecute` runs the restored notebook in a kernel that gets no key variable;
   `WriteScores` then replaces every test cell's output with its recorded points (nbgrader's
   partial credit) and a neutral line; nbgrader's SaveAutoGrades stores them; `HoldForReview`
   gives a changed submission's tests 0 and sends them to manual review.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import nbformat
from nbclient.util import run_sync
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute, NbGraderPreprocessor, SaveAutoGrades
from nbgrader.utils import find_all_files
from traitlets import Unicode

from workbook.assess.keys import AnswerKeyError, load_key
from workbook.assess.preflight import TEST_PREFIX
from workbook.assess.responses import ResponsesError, read_answers
from workbook.scoring import points
from workbook.settings import TUTOR_ONLY_VARIABLES
from workbook.tutor import inert
from workbook.tutor.tamper import restore, unexpected_files

#: the notebook metadata entry that carries the sanitize stage's findings to the later steps
RECORD = "workbook_autograde"
#: variables the grading kernel never gets (they lead to tutor-only files)
PRIVATE_VARIABLES = TUTOR_ONLY_VARIABLES
#: written by nbgrader's submit next to the notebook
SUBMIT_FILES = {Path("timestamp.txt"), Path("submission_secret.txt")}
HELD = ("Held for your tutor's review: the code of this notebook differs from the assignment "
        "as released ({changes}). No points until your tutor has looked at it.")

__all__ = ["RECORD", "HoldForReview", "KeylessExecute", "RestoreRelease", "ScoreResponses",
           "WriteScores", "configure", "kernel_environment", "record"]


def configure(c: Any, keys: str) -> None:
    """Put the steps above into nbgrader's autograde, with the tutor's keys folder; the pages
    nbgrader renders from submissions (formgrader, feedback) show learner content inert."""
    from nbgrader.converters import Autograde

    inert.configure(c)

    sanitize = list(Autograde.class_traits()["sanitize_preprocessors"].default())
    c.Autograde.sanitize_preprocessors = [RestoreRelease, ScoreResponses, *sanitize]
    steps = []
    for step in Autograde.class_traits()["autograde_preprocessors"].default():
        steps += {Execute: [KeylessExecute, WriteScores],
                  SaveAutoGrades: [SaveAutoGrades, HoldForReview]}.get(step, [step])
    c.Autograde.autograde_preprocessors = steps
    c.ScoreResponses.keys_dir = keys


def record(nb: nbformat.NotebookNode) -> dict[str, Any]:
    """The sanitize stage's findings in a notebook ({} when it has none)."""
    found = nb.metadata.get(RECORD)
    return found if isinstance(found, dict) else {}


def kernel_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """The grading kernel's environment: the tutor's, without the private variables."""
    return {k: v for k, v in (os.environ if env is None else env).items()
            if k not in PRIVATE_VARIABLES}


def _coursedir(step: NbGraderPreprocessor) -> CourseDirectory:
    return CourseDirectory(config=step.config)


class RestoreRelease(NbGraderPreprocessor):
    """Sanitize: the source's code in place of the learner's, and a record of what changed."""

    def preprocess(self, nb, resources):
        """Rebuild the notebook from the source; delete files the release does not have."""
        info, coursedir = resources["nbgrader"], _coursedir(self)
        source_dir = Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"]))
        name = f"{info['notebook']}.ipynb"
        source = nbformat.read(source_dir / name, as_version=4)
        release = Path(coursedir.format_path(coursedir.release_directory, ".", info["assignment"])) / name
        released = nbformat.read(release, as_version=4) if release.is_file() else None
        nb, changes = restore(source, nb, released)
        submitted = Path(resources["metadata"]["path"])
        autograded = Path(coursedir.format_path(coursedir.autograded_directory, info["student"],
                                                info["assignment"]))
        found = {Path(p).relative_to(submitted) for p in find_all_files(str(submitted), coursedir.ignore)}
        expected = {Path(p).relative_to(source_dir)
                    for p in find_all_files(str(source_dir), coursedir.ignore)} | SUBMIT_FILES
        for extra in unexpected_files(found, expected):
            changes.append(f"file {extra.as_posix()} added")
            # the kernel starts in that folder: a file (or an emptied folder) there would
            # shadow a module
            (autograded / extra).unlink(missing_ok=True)
            for folder in (autograded / extra).parents:
                if folder == autograded or not folder.is_dir() or any(folder.iterdir()):
                    break
                folder.rmdir()
        if changes:
            self.log.warning("%s changed %s: %s", info["student"], info["notebook"], "; ".join(changes))
        nb.metadata[RECORD] = {"changes": changes}
        return nb, resources


class ScoreResponses(NbGraderPreprocessor):
    """Sanitize: each test's points from the saved answers and the key, before any kernel runs."""

    keys_dir = Unicode("", help="The folder of answer keys (the tutor's; never given to the kernel).").tag(config=True)

    def preprocess(self, nb, resources):
        """Record {question: points, max, note} for every test cell of the notebook."""
        info = resources["nbgrader"]
        if not self.keys_dir:
            raise AnswerKeyError("ScoreResponses.keys_dir is not set: run nbgrader from the course "
                                 "folder so that its nbgrader_config.py sets it")
        key = load_key(info["assignment"], Path(self.keys_dir))
        try:
            answers, problem = read_answers(info["assignment"], Path(resources["metadata"]["path"])), ""
        except ResponsesError as exc:
            answers, problem = {}, str(exc)
        marks = {}
        for cell in nb.cells:
            question = _question_id(cell)
            if question is None:
                continue
            if question not in key:
                raise AnswerKeyError(f"question {question} is in the notebook but not in the "
                                     f"answer key of {info['assignment']}")
            answer = answers.get(question)
            earned = points(key[question], answer)
            note = problem or ("No saved answer." if answer in (None, "", [], {}) else "")
            marks[question] = {"points": earned, "max": key[question].points, "note": note}
        record(nb)["marks"] = marks
        return nb, resources


class KeylessExecute(Execute):
    """nbgrader's Execute, with a kernel that does not get the private variables."""

    async def async_start_new_kernel(self, **kwargs: Any) -> None:
        """Start the kernel with `kernel_environment()`."""
        kwargs["env"] = kernel_environment(kwargs.get("env"))
        await super().async_start_new_kernel(**kwargs)

    start_new_kernel = run_sync(async_start_new_kernel)


class WriteScores(NbGraderPreprocessor):
    """After execution: each test cell shows its recorded points, whatever the kernel printed."""

    def preprocess_cell(self, cell, resources, index):
        """Replace a test cell's outputs with its points (0 when nothing was recorded)."""
        question = _question_id(cell)
        if question is None:
            return cell, resources
        found = self._record.get("marks", {}).get(question)
        changes = self._record.get("changes", [])
        if found is None:
            earned, maximum = 0.0, cell.metadata["nbgrader"]["points"]
            line = "Not marked: this notebook was not prepared for marking."
        elif changes:
            earned, maximum, line = 0.0, found["max"], HELD.format(changes="; ".join(changes))
        else:
            earned, maximum = found["points"], found["max"]
            line = f"{found['note']} {earned:g} of {maximum:g} point(s).".strip()
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=line + "\n"),
                        nbformat.v4.new_output("execute_result", data={"text/plain": repr(float(earned))},
                                               execution_count=cell.get("execution_count"))]
        return cell, resources

    def preprocess(self, nb, resources):
        """Score every test cell from the notebook's record."""
        self._record = record(nb)
        # HoldForReview reads this (the record itself may not survive the steps between)
        resources[RECORD] = self._record.get("changes", [])
        return super().preprocess(nb, resources)


class HoldForReview(NbGraderPreprocessor):
    """After SaveAutoGrades: a changed submission's tests wait for a tutor's manual grade."""

    def preprocess(self, nb, resources):
        """Mark the tests of a submission with recorded changes as needing manual grading."""
        if not resources.get(RECORD):
            return nb, resources
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            for cell in nb.cells:
                if _question_id(cell) is not None:
                    grade = gradebook.find_grade(cell.metadata["nbgrader"]["grade_id"],
                                                 info["notebook"], info["assignment"], info["student"])
                    grade.needs_manual_grade = True
            gradebook.db.commit()
        return nb, resources


def _question_id(cell) -> str | None:
    """The question an auto-marked test cell marks (None for any other cell)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    grade_id = meta.get("grade_id") or ""
    if cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution") \
            and grade_id.startswith(TEST_PREFIX):
        return grade_id[len(TEST_PREFIX):]
    return None

