"""Autograde cost per submission: our assessment vs a plain nbgrader notebook with as many
graded cells, through the real nbgrader CLI (generate_assignment, then one batched autograde)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat

from .figures import ROOT, bench_env, timed_run

ASSIGNMENT = "lpcp-assessment"
PLAIN = "plain-assessment"


def _graded_cells(notebook: Path) -> tuple[int, int]:
    """(autograded test cells, manually graded cells) of an nbgrader source notebook."""
    nb = nbformat.read(notebook, as_version=4)
    meta = [cell.metadata.get("nbgrader", {}) for cell in nb.cells]
    auto = sum(1 for m in meta if m.get("grade") and not m.get("solution"))
    manual = sum(1 for m in meta if m.get("grade") and m.get("solution"))
    return auto, manual


def plain_notebook(auto: int, manual: int) -> nbformat.NotebookNode:
    """A plain nbgrader notebook: `auto` solution+test pairs and `manual` written answers."""
    cells = [nbformat.v4.new_markdown_cell("# Plain nbgrader assessment")]
    for i in range(auto):
        cells.append(nbformat.v4.new_code_cell(
            f"### BEGIN SOLUTION\nanswer_{i} = {i}\n### END SOLUTION",
            metadata={"nbgrader": {"grade": False, "solution": True, "locked": False,
                                   "grade_id": f"answer-{i}", "schema_version": 3}}))
        cells.append(nbformat.v4.new_code_cell(
            f"assert answer_{i} == {i}",
            metadata={"nbgrader": {"grade": True, "solution": False, "locked": True,
                                   "points": 1, "grade_id": f"test-{i}", "schema_version": 3}}))
    for i in range(manual):
        cells.append(nbformat.v4.new_markdown_cell(
            "YOUR ANSWER HERE",
            metadata={"nbgrader": {"grade": True, "solution": True, "locked": False,
                                   "points": 2, "grade_id": f"written-{i}", "schema_version": 3}}))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _course(work: Path) -> Path:
    """A course folder with our assessment and the plain one as sources, both generated."""
    course = work / "course"
    shutil.copytree(ROOT / "assignments" / "source" / ASSIGNMENT, course / "source" / ASSIGNMENT)
    auto, manual = _graded_cells(course / "source" / ASSIGNMENT / "assessment.ipynb")
    (course / "source" / PLAIN).mkdir(parents=True)
    nbformat.write(plain_notebook(auto, manual), course / "source" / PLAIN / "assessment.ipynb")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        "c.CourseDirectory.course_id = 'bench'\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        f"c.Exchange.root = {str(work / 'exchange')!r}\n"
        f"c.Autograde.exclude_overwriting = {{{ASSIGNMENT!r}: "
        f"['.responses/quiz-{ASSIGNMENT}.json']}}\n", encoding="utf-8")
    for name in (ASSIGNMENT, PLAIN):
        timed_run([str(ROOT / ".venv" / "bin" / "nbgrader"), "generate_assignment", name,
                   "--force"], course, _env())
    return course


def _env() -> dict[str, str]:
    # The grading kernel finds the answer keys where the course keeps them.
    return bench_env(WORKBOOK_KEYS=str(ROOT / "keys"))


def _submit(course: Path, name: str, learners: int) -> None:
    """`learners` submissions of the released notebook (ours with a saved-answers file)."""
    released = course / "release" / name
    shutil.rmtree(course / "submitted", ignore_errors=True)
    shutil.rmtree(course / "autograded", ignore_errors=True)
    for i in range(learners):
        folder = course / "submitted" / f"learner{i:03d}" / name
        shutil.copytree(released, folder)
        (folder / "timestamp.txt").write_text("2025-01-01 00:00:00.000000 UTC")
        if name == ASSIGNMENT:
            answers = {"answers": {}}
            doc = {"schema": 1, "name": f"quiz-{ASSIGNMENT}", "data": answers}
            (folder / ".responses").mkdir(exist_ok=True)
            (folder / ".responses" / f"quiz-{ASSIGNMENT}.json").write_text(json.dumps(doc))


def autograde_cost(work: Path, sizes: tuple[int, ...]) -> dict[tuple[str, int], float]:
    """Seconds per submission of one batched `nbgrader autograde`, per (assignment, size)."""
    course = _course(work)
    results = {}
    for size in sizes:
        for name in (ASSIGNMENT, PLAIN):
            _submit(course, name, size)
            seconds = timed_run([str(ROOT / ".venv" / "bin" / "nbgrader"), "autograde", name,
                                 "--force"], course, _env())
            graded = list((course / "autograded").glob(f"*/{name}/assessment.ipynb"))
            if len(graded) != size:
                raise RuntimeError(f"autograde produced {len(graded)} of {size} notebooks")
            results[(name, size)] = seconds / size
    return results
