"""Small helpers shared by the benchmarks: medians, timing a command, progress, the table."""
from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


class Progress:
    """Numbered steps on stderr ("[2/8] autograde ... done in 95 s, 3.1 min so far")."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.began = total, 0, time.monotonic()

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        """Announce one step, then report how long it took."""
        self.done += 1
        print(f"[{self.done}/{self.total}] {label} ...", file=sys.stderr, flush=True)
        began = time.monotonic()
        yield
        print(f"      done in {time.monotonic() - began:.0f} s, "
              f"{self.minutes():.1f} min so far", file=sys.stderr, flush=True)

    def minutes(self) -> float:
        """Minutes since the first step began."""
        return (time.monotonic() - self.began) / 60
