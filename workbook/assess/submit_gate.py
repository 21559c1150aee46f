"""The declaration gate on nbgrader's submit: an assessment without a signed declaration of
authenticity in its folder is not submitted, and the learner is told what to do.

Learners' servers use `DeclaredSubmit` as nbgrader's submit step (the Assignments tab and
`nbgrader submit` both go through it). A learner controls their own server, so this gate is the
everyday one, not the last: on the tutor's side a submission without a signed declaration can
never have a criterion judged met (`workbook.decisions.record`) nor be claimed.
"""
from __future__ import annotations

import json
from pathlib import Path

from nbgrader.exchange.default import ExchangeSubmit

from workbook.learner.declaration import read_submitted

__all__ = ["DeclarationGate", "DeclaredSubmit", "gate_problem"]


def gate_problem(folder: Path) -> str | None:
    """Why the assignment folder may not be submitted (None when it may)."""
    for notebook in sorted(folder.glob("*.ipynb")):
        try:
            meta = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["workbook"]
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            continue  # not an assessment notebook (or not a notebook): nothing to ask for
        if not isinstance(meta, dict) or meta.get("kind") != "assessment":
            continue
        declaration = read_submitted(folder, str(meta.get("unit", "")))
        if declaration is None or not declaration.signed:
            return ("Not submitted: sign the declaration of authenticity at the end of the unit's "
                    "portfolio notebook, then run the evidence cell (Part C) of this assessment "
                    "again, save it and submit.")
    return None


class DeclarationGate:
    """Mixin for an nbgrader submit step: refuses before anything is copied or uploaded."""

    def init_src(self) -> None:
        """Find the assignment folder as nbgrader does, then check its declaration."""
        super().init_src()  # type: ignore[misc]
        if problem := gate_problem(Path(self.src_path)):  # type: ignore[attr-defined]
            self.fail(problem)  # type: ignore[attr-defined]


class DeclaredSubmit(DeclarationGate, ExchangeSubmit):
    """nbgrader's own submit (shared exchange folder), behind the declaration gate."""
