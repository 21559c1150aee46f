"""Tutor notebooks in the tutor-only nbgrader course folder: one decisions view per unit.

`assignments/tutor/decisions-<unit>.ipynb` opens the unit's decisions view over the course
folder it sits in (its parent's parent), so it works wherever that folder is copied.
"""
from __future__ import annotations

from pathlib import Path

from workbook.build.cells import code, markdown, notebook, notebook_text
from workbook.course.model import Course, Unit

TUTOR = Path("assignments") / "tutor"

__all__ = ["TUTOR", "decisions_notebook", "tutor_files"]


def tutor_files(course: Course) -> dict[Path, str]:
    """One decisions notebook per unit of the course."""
    return {TUTOR / f"decisions-{unit.slug}.ipynb": notebook_text(decisions_notebook(unit))
            for unit in course.units}


def decisions_notebook(unit: Unit):
    """The unit's decisions notebook: what to do, then the view."""
    cells = [
        markdown("title", f"""
# Assessment decisions · {unit.title}

For tutors (assessors) and internal quality assurers only. Choose **Run ▸ Run All Cells**.

1. The table shows the decision in force for every learner and criterion, the evidence mapped
   to it and what quality assurance made of it.
2. Choose a learner and a criterion: their declaration, the evidence behind the criterion and
   the history of decisions appear below.
3. Tick the evidence the decision rests on, choose **met** or **not yet met**, write feedback
   for the learner and press **Record decision**. A changed decision is a new entry; nothing
   is overwritten.

Everything is reachable with <kbd>Tab</kbd>; arrow keys move within a list or a choice, and
<kbd>Space</kbd> ticks a box or presses a button. Decisions reach learners when you release
feedback (`workbook release-feedback ASSIGNMENT`).
"""),
        code("view", f"""
from pathlib import Path
from workbook.widgets.decisions import DecisionsView
DecisionsView({unit.slug!r}, course_root=Path.cwd().parent)
"""),
    ]
    return notebook(cells, workbook={"kind": "decisions", "unit": unit.slug})
