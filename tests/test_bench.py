"""Smoke test of the benchmark code with tiny sizes (the real run is `make bench`)."""
from __future__ import annotations

import nbformat

from bench.autograde import plain_notebook
from bench.figures import percentile, table


def test_plain_notebook_has_the_requested_graded_cells():
    nb = plain_notebook(auto=5, manual=3)
    meta = [c.metadata.get("nbgrader", {}) for c in nb.cells]
    assert sum(1 for m in meta if m.get("grade") and not m.get("solution")) == 5
    assert sum(1 for m in meta if m.get("grade") and m.get("solution")) == 3
    nbformat.validate(nb)


def test_percentile_and_table():
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50) == 5
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    lines = table([("a", "1 s", "x2")]).splitlines()
    assert lines[0].split() == ["figure", "value", "compared"] and lines[2].split() == ["a", "1", "s", "x2"]
