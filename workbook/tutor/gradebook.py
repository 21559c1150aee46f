"""The course's nbgrader set-up and gradebook, read into plain data.

The gradebook is nbgrader's own database: SQLite (`gradebook.db` in the course folder) unless
$WORKBOOK_GRADEBOOK_URL names another, e.g. PostgreSQL for several graders (an SQLite file must
not be shared between graders or live on NFS). The course's nbgrader_config.py reads that
variable; nothing here writes to the gradebook.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbook.errors import WorkbookError
from workbook.settings import settings

CONFIG_NAME = "nbgrader_config.py"
JSON_NAME = "nbgrader_config.json"


class CourseSetupError(WorkbookError):
    """The course folder or its nbgrader settings cannot be used; the message says why."""


@dataclass(frozen=True)
class CellGrade:
    """One graded cell of a submission: an auto-marked test or a manually marked answer."""

    name: str
    kind: str  # "auto" (a test cell) or "manual" (a written answer)
    score: float
    max_score: float
    needs_manual_grade: bool


@dataclass(frozen=True)
class SubmissionGrades:
    """A learner's grades for one assignment, as the gradebook holds them."""

    learner: str
    assignment: str
    cells: tuple[CellGrade, ...]

    def total(self, kind: str) -> tuple[float, float]:
        """(score, maximum) over the cells of one kind."""
        cells = [c for c in self.cells if c.kind == kind]
        return sum(c.score for c in cells), sum(c.max_score for c in cells)

    @property
    def to_mark(self) -> int:
        """How many cells still wait for a tutor's mark."""
        return sum(1 for c in self.cells if c.needs_manual_grade)


def load_config(course_root: Path):
    """nbgrader's configuration as its own commands load it in the course folder: the user's
    Jupyter config folders (on the hub: the tutor's, which shares the exchange with the tutors
    group), then the course folder's nbgrader_config.py over them; root made absolute."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config.loader import (
        Config,
        ConfigFileNotFound,
        JSONFileConfigLoader,
        PyFileConfigLoader,
    )

    course_root = Path(course_root).resolve()
    if not (course_root / CONFIG_NAME).is_file():
        raise CourseSetupError(f"{course_root / CONFIG_NAME}: not found; run `workbook build` "
                               "or pass the course folder with --course-root")
    config = Config()
    folders = [Path(f) for f in reversed(jupyter_config_path())]  # the most general first
    for folder in [f for f in folders if f.resolve() != course_root] + [course_root]:
        for name, loader in ((JSON_NAME, JSONFileConfigLoader), (CONFIG_NAME, PyFileConfigLoader)):
            if not (folder / name).is_file():
                continue
            try:
                config.merge(loader(name, path=str(folder)).load_config())
            except ConfigFileNotFound as exc:
                raise CourseSetupError(f"{folder / name}: {exc}") from None
            except Exception as exc:  # Python or JSON: any error in it is its author's to fix
                raise CourseSetupError(f"{folder / name}: cannot be loaded ({exc})") from None
    config.CourseDirectory.root = str(Path(config.CourseDirectory.get("root", course_root)).resolve())
    return config


def open_api(course_root: Path):
    """nbgrader's NbGraderAPI over the course folder, with the course's settings."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = load_config(course_root)
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir, config=config)


def configured_keys(api) -> Path:
    """The answer keys the course's autograde scores with (its nbgrader_config.py sets them;
    else the settings' keys folder)."""
    return Path(api.config.ScoreResponses.get("keys_dir") or settings().keys)


def submission_grades(api, assignment: str, learner: str) -> SubmissionGrades | None:
    """The learner's grades for the assignment (None when it has not been autograded)."""
    from nbgrader.api import MissingEntry

    with api.gradebook as gradebook:
        try:
            submission = gradebook.find_submission(assignment, learner)
        except MissingEntry:
            return None
        cells = []
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                kind = "auto" if grade.cell_type == "code" else "manual"
                cells.append(CellGrade(grade.name, kind, float(grade.score or 0),
                                       float(grade.max_score or 0), bool(grade.needs_manual_grade)))
        return SubmissionGrades(learner, assignment, tuple(sorted(cells, key=lambda c: c.name)))


def all_grades(api) -> dict[tuple[str, str], SubmissionGrades]:
    """(assignment, learner) -> grades, for every submission in the gradebook."""
    with api.gradebook as gradebook:
        pairs = [(a.name, s.student.id) for a in gradebook.assignments for s in a.submissions]
    found = {}
    for assignment, learner in pairs:
        grades = submission_grades(api, assignment, learner)
        if grades is not None:
            found[(assignment, learner)] = grades
    return found
