"""Child process of tests/test_decisions_e2e.py: two learners map evidence, one signs, both submit.

Usage: python -m tests.decisions_learners COURSE_DIR HOMES ASSIGNMENT UNIT OTHER_UNIT

Each learner fetches the released assignment from the exchange, logs evidence in their own
store (one item mapped to criteria of both units), `ready` signs the declaration of
authenticity and `unsigned` does not; the assessment notebook's evidence cell (the real
`show_evidence`) copies evidence and declaration into the assignment. Each submits through the
declaration gate learners' servers use (`DeclaredSubmit`); the gate refuses `unsigned`, who
then submits with nbgrader's plain submit, as a learner who changed their own server's
settings could. Prints one `gate: LEARNER: ...` line per learner.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from nbgrader.exchange import ExchangeError
from nbgrader.utils import temp_attrs

from workbook.assess.notebook import show_evidence
from workbook.assess.submit_gate import DeclaredSubmit
from workbook.course.loader import load_course
from workbook.learner.declaration import STATEMENTS, sign
from workbook.learner.evidence import EvidenceItem, save_item
from workbook.learner.store import Store
from workbook.tutor.gradebook import open_api

from .cohort_learners import _exchange_step

LEARNERS = ("ready", "unsigned")


def evidence(unit: str, other: str) -> list[EvidenceItem]:
    """An observation covering the first outcome here and a criterion of the other unit, and a
    reflective account on every other criterion (ids read from the course)."""
    course = load_course()
    first = tuple(c.id for c in course.unit(unit).outcomes[0].criteria)
    rest = tuple(c.id for c in course.unit(unit).criteria if c.id not in first)
    return [
        EvidenceItem("e1", "direct-observation", "Observed leading a person-centred review",
                     "2026-03-02", home=unit,
                     mapping=tuple(sorted({unit: first, other: (course.unit(other).criteria[0].id,)}.items()))),
        EvidenceItem("e2", "reflective-account", "Reflection on a review meeting", "2026-03-10",
                     models=("Kitwood's psychological needs",), home=unit, mapping=((unit, rest),)),
    ]


def main(course_root: Path, homes: Path, assignment: str, unit: str, other: str) -> None:
    """Fetch, map evidence, sign (one learner only) and submit."""
    api = open_api(course_root)
    for learner in LEARNERS:
        home = homes / learner
        home.mkdir(parents=True)
        _exchange_step(api, "FetchAssignment", assignment, learner, home)
        store = Store(home / ".workbook")
        for item in evidence(unit, other):
            save_item(store, item)
        if learner == "ready":
            sign(store, unit, "Rea Dee", dict.fromkeys(STATEMENTS, True), False, "")
        here = Path.cwd()
        os.environ["WORKBOOK_STORE"] = str(store.root)
        os.chdir(home / assignment)
        try:
            show_evidence(assignment, unit)
        finally:
            os.chdir(here)
        try:
            _gated_submit(api, assignment, learner, home)
            print(f"gate: {learner}: submitted")
        except ExchangeError as exc:
            print(f"gate: {learner}: {exc}")
            _exchange_step(api, "Submit", assignment, learner, home)


def _gated_submit(api, assignment: str, learner: str, home: Path) -> None:
    with temp_attrs(api.coursedir, assignment_id=assignment, student_id=learner):
        app = DeclaredSubmit(coursedir=api.coursedir, authenticator=api.authenticator, parent=api)
        app.assignment_dir = str(home)
        app.cache = str(home / ".nbgrader-cache")
        app.start()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5])
