"""Small helpers shared by the benchmarks: medians, timing a command, the result table."""
from __future__ import annotations

import math
import os
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"


def median(values: list[float]) -> float:
    """The median (figures are reported as medians of repeated runs)."""
    return statistics.median(values)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def bench_env(**extra: str) -> dict[str, str]:
    """The environment benchmarks run commands in: the project's venv first on PATH."""
    return dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **extra)


def timed_run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Run a command to completion and return its wall time in seconds (fails loudly)."""
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env or bench_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr[-2000:]}")
    return elapsed


def table(rows: list[tuple[str, str, str]]) -> str:
    """A plain-text table of (figure, value, comparison) rows."""
    head = ("figure", "value", "compared")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(out)
