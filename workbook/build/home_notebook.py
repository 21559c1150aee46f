"""The course home notebook (notebooks/index.ipynb): a learner's first page, shown by Voilà.

It holds a short welcome and one cell that draws the home (`workbook.widgets.home`): every unit
and outcome with the learner's state, links to each page, and where to go next. The links are
made where the pages are named, so the home always points at the built files.
"""
from __future__ import annotations

from pathlib import Path

from workbook.build.cells import code, markdown, notebook
from workbook.course.model import Course

INDEX = Path("notebooks") / "index.ipynb"


def home_notebook(course: Course):
    """The course's front page: how the pages work, then the live course home."""
    return notebook([
        markdown("title", f"""
# {course.title}

**{course.qualification}**

There is one page for each learning outcome. Each explains the outcome in plain words, shows
what your assessor looks for, and has a quiz and an evidence log. Everything you enter is saved
as you go and is here again next time. Each unit also has a portfolio page: your progress,
reflective accounts, the full evidence map, export, the declaration you sign, and where you
fetch and submit the unit's assessment.
"""),
        code("home", """
from workbook.widgets import home
home.show()
"""),
    ], workbook={"kind": "index", "course": course.id})
