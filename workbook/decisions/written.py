"""A learner's written answers, read from their submitted assessment notebook for the assessor.

The assessment notebook has one Markdown cell per written task, `answer-<criterion>` (the
criterion's dots as dashes, nbgrader grade id the same), that the learner types into. The
assessor judges each criterion on the evidence and, for knowledge criteria, on that answer: this
module reads the answers as plain Markdown source; whoever shows them renders them inert
(`workbook.tutor.inert.inert_markdown`), since the learner controls the markup. The notebook is
read within the limits on learner files (workbook.learner.bounded) and never changed.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from workbook.assess.written_answers import PLACEHOLDER
from workbook.learner.bounded import LearnerFileError, load

PREFIX = "answer-"

__all__ = ["PLACEHOLDER", "answer_cell_id", "written_answers"]


def answer_cell_id(criterion: str) -> str:
    """The grade id (and cell id) of a criterion's written answer cell."""
    return PREFIX + criterion.replace(".", "-")


def _source(cell: Mapping) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def written_answers(folder: Path, criteria: Iterable[str]) -> dict[str, str]:
    """Criterion -> the learner's written answer (Markdown source) in the assignment folder's
    notebooks; a criterion left unanswered (still the placeholder, or blank) is not included.
    LearnerFileError names the notebook when it cannot be used (too large, not a notebook)."""
    wanted = {answer_cell_id(c): c for c in criteria}
    found: dict[str, str] = {}
    for notebook in sorted(folder.glob("*.ipynb")):
        data = load(notebook)  # bounded: size and nesting checked before parsing
        cells = data.get("cells") if isinstance(data, Mapping) else None
        if not isinstance(cells, list):
            raise LearnerFileError("is not a notebook (it has no list of cells)", notebook)
        for cell in cells:
            if not isinstance(cell, Mapping) or cell.get("cell_type") != "markdown":
                continue
            meta = cell.get("metadata")
            grade = meta.get("nbgrader") if isinstance(meta, Mapping) else None
            grade_id = grade.get("grade_id") if isinstance(grade, Mapping) else None
            criterion = wanted.get(str(grade_id))
            text = _source(cell).strip()
            if criterion is not None and text and text != PLACEHOLDER:
                found.setdefault(criterion, text)
    return found
