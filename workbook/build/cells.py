"""Deterministic notebook cells and notebook text: fixed ids, no timestamps, outputs cleared."""
from __future__ import annotations

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from workbook.course.model import Unit

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


#: a learner page's cells, when opened in JupyterLab rather than as a page: nothing to edit or
#: delete by accident (a double-click or "d d"); the code stays in view there, for those who
#: opened JupyterLab to see it
LOCKED = {"editable": False, "deletable": False}


def markdown(cell_id: str, source: str, **metadata) -> NotebookNode:
    """A Markdown cell with a fixed id."""
    return new_markdown_cell(source.strip("\n"), id=cell_id, metadata=metadata)


def code(cell_id: str, source: str, **metadata) -> NotebookNode:
    """A code cell with a fixed id and no outputs."""
    return new_code_cell(source.strip("\n"), id=cell_id, metadata=metadata)


def locked(nb: NotebookNode) -> NotebookNode:
    """The notebook with every cell locked (LOCKED)."""
    for cell in nb.cells:
        cell.metadata.update(LOCKED)
    return nb


def notebook(cells: list[NotebookNode], **metadata) -> NotebookNode:
    """A validated notebook with the Python kernel and the given cells."""
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": KERNELSPEC, "language_info": {"name": "python"}, **metadata,
    })
    nbformat.validate(nb)
    return nb


def notebook_text(nb: NotebookNode) -> str:
    """The notebook's file text: stable key order and a final newline."""
    return nbformat.writes(nb) + "\n"


def bullets(items) -> str:
    """Markdown bullet list of the given strings."""
    return "\n".join(f"- {item}" for item in items)


def with_notes(unit: Unit, text: str) -> str:
    """Imported text followed by the unit's currency notes that answer it (Markdown, one line)."""
    return text + "".join(f"<br>⚠️ **Currency note:** {note}" for note in unit.notes_for(text))
