"""The declaration gate on nbgrader's submit: an assessment without a signed declaration of
authenticity in its folder is not submitted, and the learner is told what to do.

Learners' servers use `DeclaredSubmit` as nbgrader's submit step (the Assignments tab and
`nbgrader submit` both go through it). Which assignments are assessments, and of which unit,
comes from the server's configuration (`DeclaredSubmit.assessments`, written by the hub), so a
notebook a learner made unreadable or relabelled is still an assessment; a notebook's own
`metadata.workbook` is only a second source, for assessments the configuration does not list. A learner controls their own server, so this gate is the
everyday one, not the last: on the tutor's side a submission without a signed declaration can
never have a criterion judged met (`workbook.decisions.record`) nor be claimed.
"""
from __future__ import annotations

import json
from pathlib import Path

from nbgrader.exchange.default import ExchangeSubmit
from traitlets import Dict, Unicode

from workbook.learner.declaration import read_submitted

__all__ = ["DeclarationGate", "DeclaredSubmit", "gate_problem"]


REFUSAL = ("Not submitted: sign the declaration of authenticity at the end of the unit's "
           "portfolio page, then press Submit there again (in JupyterLab: run this "
           "assessment's evidence cell, Part C, save it and submit).")


def gate_problem(folder: Path, assessments: dict[str, str] | None = None) -> str | None:
    """Why the assignment folder may not be submitted (None when it may). `assessments` maps
    assignment ids (the folder's name) to their unit."""
    units = set(_labelled_units(folder))
    if assessments and folder.name in assessments:
        units.add(assessments[folder.name])
    for unit in sorted(units):
        declaration = read_submitted(folder, unit)
        if declaration is None or not declaration.signed:
            return REFUSAL
    return None


def _labelled_units(folder: Path) -> list[str]:
    """Units of the notebooks in `folder` that say they are an assessment."""
    units = []
    for notebook in sorted(folder.glob("*.ipynb")):
        try:
            meta = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["workbook"]
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            continue  # not a notebook we can read: the configuration decides
        if isinstance(meta, dict) and meta.get("kind") == "assessment":
            units.append(str(meta.get("unit", "")))
    return units


class DeclarationGate:
    """Mixin for an nbgrader submit step: refuses before anything is copied or uploaded."""

    def init_src(self) -> None:
        """Find the assignment folder as nbgrader does, then check its declaration."""
        super().init_src()  # type: ignore[misc]
        assessments = getattr(self, "assessments", {})
        if problem := gate_problem(Path(self.src_path), assessments):  # type: ignore[attr-defined]
            self.fail(problem)  # type: ignore[attr-defined]


class DeclaredSubmit(DeclarationGate, ExchangeSubmit):
    """nbgrader's own submit (shared exchange folder), behind the declaration gate."""

    assessments = Dict(key_trait=Unicode(), value_trait=Unicode(),
                       help="{assignment id: unit slug} of the course's assessments").tag(config=True)
