"""`make bench`: run every benchmark once and print one table (medians; ratios from this run).

`python -m bench.run --quick` uses tiny sizes (the smoke test); the full run takes minutes.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

from .autograde import ASSIGNMENT, PLAIN, autograde_cost
from .figures import table
from .startup import build_seconds, import_seconds


def machine() -> str:
    """Cores and memory of this machine, for the table's heading."""
    mem_kib = next(int(line.split()[1]) for line in open("/proc/meminfo")
                   if line.startswith("MemTotal"))
    return f"{os.cpu_count()} cores, {mem_kib / 2**20:.0f} GiB, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (smoke test)")
    args = parser.parse_args(argv)
    sizes = (1,) if args.quick else (20, 50)
    repeats = 1 if args.quick else 5
    rows = []
    ours, widgets = import_seconds("workbook", repeats), import_seconds("ipywidgets", repeats)
    rows.append(("import workbook", f"{ours * 1000:.0f} ms",
                 f"import ipywidgets {widgets * 1000:.0f} ms (x{ours / widgets:.2f})"))
    rows.append(("workbook build (whole course)", f"{build_seconds(min(repeats, 3)):.2f} s", ""))
    with tempfile.TemporaryDirectory() as work:
        cost = autograde_cost(Path(work), sizes)
    for size in sizes:
        a, b = cost[(ASSIGNMENT, size)], cost[(PLAIN, size)]
        rows.append((f"autograde per submission, {size} submissions", f"{a:.2f} s",
                     f"plain nbgrader {b:.2f} s (x{a / b:.2f})"))
    print(f"workbook benchmarks on {machine()}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
