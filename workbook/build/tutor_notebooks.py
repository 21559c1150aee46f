"""Tutor notebooks in the tutor-only nbgrader course folder: the assessor's page, the IQA's
page, and one decisions view per unit.

`assignments/tutor/assessor.ipynb` (grade, judge, release feedback, report) and
`decisions-<unit>.ipynb` open over the course folder they sit in (their parent's parent), so they
work wherever that folder is copied. `iqa.ipynb` (sample, verdicts, coverage, EQA pack) works from
the records folder alone (`WORKBOOK_RECORDS`; without it, that course folder).
"""
from __future__ import annotations

from pathlib import Path

from workbook.build.cells import code, markdown, notebook, notebook_text
from workbook.course.model import Course, Unit

TUTOR = Path("assignments") / "tutor"

ASSESSOR_PAGE, IQA_PAGE = "assessor.ipynb", "iqa.ipynb"

__all__ = ["ASSESSOR_PAGE", "IQA_PAGE", "TUTOR", "assessor_notebook", "decisions_notebook",
           "iqa_notebook", "tutor_files"]


def tutor_files(course: Course) -> dict[Path, str]:
    """The assessor's and the IQA's pages, and one decisions notebook per unit of the course."""
    files = {TUTOR / ASSESSOR_PAGE: notebook_text(assessor_notebook()),
             TUTOR / IQA_PAGE: notebook_text(iqa_notebook())}
    files.update({TUTOR / f"decisions-{unit.slug}.ipynb": notebook_text(decisions_notebook(unit))
                  for unit in course.units})
    return files


def assessor_notebook():
    """The assessor's page: grade, judge, release feedback and report, with no terminal."""
    cells = [
        markdown("title", """
# Assessor's page

For tutors (assessors). On the course hub this page runs itself when it opens; in JupyterLab,
choose **Run ▸ Run All Cells** if the page below is empty.
Choose an assignment, then work down the page: collect and grade it, judge each learner's
criteria on their evidence, written answers and declaration, release feedback, and write the
cohort report. Everything is reachable with <kbd>Tab</kbd>.
"""),
        code("page", """
from pathlib import Path
from workbook.tutor.pages import assessor_page
assessor_page(Path.cwd().parent)
"""),
    ]
    return notebook(cells, workbook={"kind": "assessor"})


def iqa_notebook():
    """The internal quality assurer's page: sample, judge, coverage and the EQA pack."""
    cells = [
        markdown("title", """
# Internal quality assurance

For internal quality assurers. On the course hub this page runs itself when it opens; in
JupyterLab, choose **Run ▸ Run All Cells** if the page below is empty.
Choose a unit, draw a sample of the assessors' decisions, check what it covers, agree or
disagree with each sampled decision, and make the pack for the external quality assurer.
"""),
        code("page", """
from pathlib import Path
from workbook.widgets.iqa import IQAPage
# the records folder the hub names; without a hub, the course folder this page sits in
course = Path.cwd().parent
IQAPage(course_root=course if (course / "nbgrader_config.py").is_file() else None)
"""),
    ]
    return notebook(cells, workbook={"kind": "iqa"})


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
