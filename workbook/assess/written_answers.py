"""A learner's written answers (Part B) in their fetched assessment notebook, read and saved by
cell id, so that the answers can be typed on a page with no cells to edit.

Each answer is the source of the notebook's Markdown answer cell `answer-<criterion>`, which
nbgrader collects and the tutor grades as before. A save rewrites the whole notebook file at
once (`write_atomic`) with only that cell's source changed; the placeholder the cell starts
with counts as no answer.
"""
from __future__ import annotations

from pathlib import Path

import nbformat

from workbook.atomic import write_atomic
from workbook.errors import Failure

__all__ = ["PLACEHOLDER", "read_answer", "save_answer"]

#: what an answer cell holds before the learner writes anything
PLACEHOLDER = "YOUR ANSWER HERE"


def _answer_cell(notebook: nbformat.NotebookNode, cell_id: str, path: Path):
    for cell in notebook.cells:
        if cell.get("id") == cell_id and cell.cell_type == "markdown":
            return cell
    raise Failure(f"the assessment has no answer box {cell_id!r}: fetch it again from the "
                  "portfolio page or ask your tutor", path)


def _read(path: Path) -> nbformat.NotebookNode:
    try:
        return nbformat.read(path, as_version=4)
    except FileNotFoundError as error:
        raise Failure("the assessment is not in your folder: fetch it from the portfolio page",
                      path) from error
    except (OSError, ValueError) as error:  # unreadable or not a notebook
        raise Failure(f"the assessment cannot be read ({error})", path) from error


def read_answer(path: Path, cell_id: str) -> str:
    """The learner's answer in that cell ("" while it holds the placeholder)."""
    source = _answer_cell(_read(path), cell_id, path).source
    return "" if source.strip() == PLACEHOLDER else source


def save_answer(path: Path, cell_id: str, text: str) -> None:
    """Put `text` into the answer cell (the placeholder back when it is blank); every other cell
    stays as it was. Raises SaveError when the disk refuses, leaving the file as it was."""
    notebook = _read(path)
    _answer_cell(notebook, cell_id, path).source = text if text.strip() else PLACEHOLDER
    write_atomic(path, nbformat.writes(notebook) + "\n")
