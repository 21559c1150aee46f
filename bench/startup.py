"""Import time of the workbook package vs ipywidgets, and a full course build, in fresh processes."""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from .figures import BIN, ROOT, bench_env, median, timed_run

_IMPORT = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"


def import_seconds(module: str, repeats: int) -> float:
    """Median seconds to import `module` in a fresh interpreter."""
    runs = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", _IMPORT.format(module)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        runs.append(float(out))
    return median(runs)


def build_seconds(repeats: int) -> float:
    """Median seconds of `workbook build` writing the whole course into an empty folder."""
    runs = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as out:
            runs.append(timed_run([str(BIN / "workbook"), "build", "--root", out], Path(out),
                                  bench_env()))
    return median(runs)
