"""A submission compared with the notebook the tutor wrote: what the learner changed, and the
notebook rebuilt so that none of the learner's code is left in it.

nbgrader's checksums cover locked cells only: a learner can still add code cells, or delete or
edit cells that are not grade cells, and autograde would run that code with the tutor's rights.
`restore` keeps only what a learner is meant to write (the answers in nbgrader solution cells)
and takes every other cell from the source notebook, in the source's order.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from pathlib import Path

from nbformat import NotebookNode

from workbook.assess.responses import RESPONSES

#: what the widgets keep in `.responses/`: saved answers and their lock files
SAVED_SUFFIXES = (".json", ".lock")

__all__ = ["SAVED_SUFFIXES", "cell_key", "release_code", "restore", "unexpected_files"]

_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[^\n]*\n?",
                     re.MULTILINE | re.DOTALL)


def cell_key(cell: NotebookNode) -> str:
    """How a cell is matched with the source: its nbgrader grade_id, else its cell id."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or cell.get("id") or ""


def release_code(source: str) -> str:
    """The code of a source cell as learners receive it (no hidden tests), for comparing."""
    return "\n".join(line.rstrip() for line in _HIDDEN.sub("", source).strip().splitlines())


def _is_solution(cell: NotebookNode) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def restore(source: NotebookNode, submitted: NotebookNode,
            released: NotebookNode | None = None) -> tuple[NotebookNode, list[str]]:
    """The submission rebuilt from the source, and what the learner changed in code cells.

    Solution cells keep the learner's text; every other cell is the source's (hidden tests
    included, outputs cleared); cells the learner added are dropped. Code is compared with
    `released` (what the learner received; default: the source without hidden tests), so a
    notebook fetched before the source was rebuilt is not taken for a changed one. Changes are
    named by cell id, e.g. "code cell 5a1c8c72 added after setup".
    """
    theirs: dict[str, NotebookNode] = {}
    for cell in submitted.cells:
        theirs.setdefault(cell_key(cell), cell)
    received = {cell_key(cell): cell for cell in (released or source).cells}
    expected = {cell_key(cell) for cell in source.cells}
    changes, cells = [], []
    for cell in source.cells:
        key, mine = cell_key(cell), theirs.get(cell_key(cell))
        if _is_solution(cell) and mine is not None and mine.cell_type == cell.cell_type:
            cells.append(mine)
            continue
        restored = copy.deepcopy(cell)
        if restored.cell_type == "code":
            restored.outputs, restored.execution_count = [], None
            if mine is None:
                changes.append(f"code cell {key} removed")
            elif mine.cell_type != "code" or release_code(mine.source) != release_code(
                    received.get(key, cell).source):
                changes.append(f"code cell {key} changed")
        cells.append(restored)
    previous, seen = "the start", set()
    for cell in submitted.cells:
        key = cell_key(cell)
        if key in expected and key not in seen:
            previous = key
            seen.add(key)
        elif cell.cell_type == "code" and cell.source.strip():
            changes.append(f"code cell {cell.get('id') or '(no id)'} added after {previous}")
    rebuilt = copy.copy(submitted)
    rebuilt.cells = cells
    return rebuilt, changes


def unexpected_files(submitted: Iterable[Path], expected: set[Path]) -> list[Path]:
    """Files of a submission that the release does not have, other than the saved answers.

    Any file can change what runs at autograde (the kernel starts in the submission's folder,
    so a `.py` file there shadows a module), so everything unknown is reported.
    """
    return sorted(p for p in submitted if p not in expected
                  and not (p.parts[:1] == (RESPONSES.name,) and len(p.parts) == 2
                           and p.suffix in SAVED_SUFFIXES))
