"""The learner's evidence map and declaration, copied into an assessment notebook's assignment.

The questions of that notebook are widgets (`workbook.widgets.assessment`, which re-exports this
function, so the notebook imports both from there). The map is static HTML, because formgrader
and feedback pages (nbconvert) do not display widgets: the tutor sees the evidence as it was.
"""
from __future__ import annotations

import os
import shutil
from html import escape
from pathlib import Path

from workbook.assess.responses import RESPONSES
from workbook.learner.evidence import document_name as evidence_document
from workbook.learner.evidence import migrate as migrate_evidence
from workbook.learner.store import Store

__all__ = ["carry_documents", "show_evidence"]


def carry_documents(unit_slug: str, folder: Path | None = None, store: Store | None = None) -> None:
    """Copy the learner's evidence and the unit's declaration from their store into the
    assignment `folder`'s `.responses/` (the working folder by default), where they travel."""
    from workbook.learner.declaration import document_name as declaration_document

    store = store or Store()
    responses = (folder or Path(".")) / RESPONSES
    migrate_evidence(store)  # a store not opened since evidence became course-wide
    for name in (evidence_document(unit_slug), declaration_document(unit_slug)):
        learner = store.path(name)
        if learner.exists():
            responses.mkdir(exist_ok=True)
            shutil.copyfile(learner, Store(responses).path(name))


def show_evidence(assignment: str, unit_slug: str):
    """Copy the learner's evidence map into the assignment and show it as static HTML."""
    from IPython.display import HTML

    from workbook.learner.declaration import read_submitted
    from workbook.learner.portfolio_html import evidence_map_html

    # At autograde the grader's own store must not replace the learner's submitted copy.
    if os.environ.get("NBGRADER_EXECUTION") != "autograde":
        carry_documents(unit_slug)
    declaration = read_submitted(RESPONSES.parent, unit_slug)
    status = (f"<p><strong>Declaration of authenticity:</strong> {escape(declaration.summary())}</p>"
              if declaration is not None and declaration.signed else
              '<p role="alert"><strong>⚠ Declaration of authenticity not signed.</strong> Sign it '
              "at the end of this unit's portfolio notebook, then run this cell again before you "
              "submit: your assessor cannot judge any criterion met without it.</p>")
    return HTML(status + evidence_map_html(unit_slug, Store(RESPONSES)))
