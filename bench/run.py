"""`make bench`: run every benchmark and print one table (medians; ratios from this run).

Start-up and build, autograde cost, `workbook grade` vs nbgrader, a learner's server start and
memory, how soon each outcome notebook is live in Chromium beside a jupyterquiz notebook of the
same size, how soon a learner page (Voilà) can be answered beside that notebook opened and run in
JupyterLab, the course hub (browser flow) and a hub load run with K learners at once. The full run
takes about ten minutes on 2 cores (steps are reported on stderr); `python -m bench.run --quick`
uses tiny sizes (a smoke run).
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

from .autograde import ASSIGNMENT, PLAIN, autograde_cost
from .figures import Progress, median, percentile, table
from .grade_vs_autograde import grade_seconds
from .hub import hub_figures
from .learner_page import page_figures, page_rows
from .live import (
    GOAL_MODELS,
    GOAL_RATIO,
    RUNS,
    live_figures,
    live_rows,
    meets_goal,
    outcome_notebooks,
)
from .load import load_run
from .memory import memory_figures
from .startup import build_seconds, import_seconds


def machine() -> str:
    """Cores and memory of this machine, for the table's heading."""
    mem_kib = next(int(line.split()[1]) for line in open("/proc/meminfo")
                   if line.startswith("MemTotal"))
    return f"{os.cpu_count()} cores, {mem_kib / 2**20:.0f} GiB, Python {platform.python_version()}"


def grade_rows(learners: int) -> list[tuple[str, str, str]]:
    """`workbook grade` against nbgrader autograde on one cohort, per submission."""
    s = grade_seconds(learners)
    return [(f"nbgrader autograde, cohort of {learners} in one command", f"{s['whole']:.2f} s",
             "per submission"),
            (f"nbgrader autograde, one command per learner ({learners})", f"{s['each']:.2f} s",
             f"x{s['each'] / s['whole']:.2f} of one command"),
            (f"workbook grade, cohort of {learners}", f"{s['grade']:.2f} s",
             f"x{s['grade'] / s['whole']:.2f} of one autograde, "
             f"x{s['grade'] / s['each']:.2f} of per learner")]


def memory_rows(repeats: int) -> list[tuple[str, str, str]]:
    """Server start cost; RSS of server + kernel: outcome notebook run vs an empty notebook."""
    m = memory_figures(repeats)
    (total, kernel, live), (bare_total, bare_kernel, _) = m["course"], m["bare"]
    wall, cpu, starts = m["start"]
    return [(f"learner server start (jupyter lab until it answers, {starts} starts)",
             f"{wall:.1f} s, {cpu:.1f} s CPU", f"~{60 / cpu:.0f} starts per core-minute"),
            (f"server + kernel RSS, outcome 01 run ({live} widgets)", f"{total:.0f} MiB",
             f"bare lab + empty notebook {bare_total:.0f} MiB (x{total / bare_total:.2f})"),
            ("kernel RSS alone, outcome 01 run", f"{kernel:.0f} MiB",
             f"empty notebook's kernel {bare_kernel:.0f} MiB (+{kernel - bare_kernel:.0f} MiB)")]


def load_rows(learners: int) -> tuple[list[tuple[str, str, str]], bool]:
    """A hub load run with `learners` learners at once; (rows, whether nothing failed or was lost)."""
    r = load_run(learners)
    rows = [(f"hub load K={learners}: spawn p50 / p90",
             f"{percentile(r.spawns, 50):.1f} / {percentile(r.spawns, 90):.1f} s"
             if r.spawns else "none", f"{len(r.spawns)} of {learners} servers ready"),
            (f"hub load K={learners}: answer save p50 / p95",
             f"{percentile(r.saves, 50) * 1000:.0f} / {percentile(r.saves, 95) * 1000:.0f} ms"
             if r.saves else "none", f"median {median(r.saves) * 1000:.0f} ms" if r.saves else ""),
            (f"hub load K={learners}: lost answers", f"{r.lost}", f"of {r.written} written")]
    rows += [(f"hub load K={learners}: FAILED", error[:60], "") for error in r.errors]
    for error in r.errors:  # whole, where the table has to cut it
        print(f"error: hub load K={learners}: {error}", file=sys.stderr)
    return rows, not r.errors and r.lost == 0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (smoke test)")
    args = parser.parse_args(argv)
    sizes = (1,) if args.quick else (20, 50)
    repeats = 1 if args.quick else 5
    cohort = 1 if args.quick else 8
    loads = (2,) if args.quick else (5, 10, 20)
    progress = Progress(7 + len(loads))
    rows = []
    with progress.step("start-up: import times and a whole course build"):
        ours, widgets = import_seconds("workbook", repeats), import_seconds("ipywidgets", repeats)
        rows.append(("import workbook", f"{ours * 1000:.0f} ms",
                     f"import ipywidgets {widgets * 1000:.0f} ms (x{ours / widgets:.2f})"))
        rows.append(("workbook build (whole course)", f"{build_seconds(min(repeats, 3)):.2f} s",
                     ""))
    with progress.step(f"autograde: {' and '.join(map(str, sizes))} submissions, ours and plain"):
        with tempfile.TemporaryDirectory() as work:
            cost = autograde_cost(Path(work), sizes)
    for size in sizes:
        a, b = cost[(ASSIGNMENT, size)], cost[(PLAIN, size)]
        rows.append((f"autograde per submission, {size} submissions", f"{a:.2f} s",
                     f"plain nbgrader {b:.2f} s (x{a / b:.2f})"))
    with progress.step(f"workbook grade vs nbgrader autograde, cohort of {cohort}"):
        rows += grade_rows(cohort)
    with progress.step("memory: learner server with an outcome notebook vs bare lab"):
        rows += memory_rows(1 if args.quick else 3)
    with progress.step("browser: outcome notebooks live after Run All, beside jupyterquiz"):
        pairs = live_figures(1, outcome_notebooks()[:1]) if args.quick else live_figures(RUNS)
    rows += live_rows(pairs)
    missed = [p.notebook for p in pairs if not meets_goal(p)]
    rows.append((f"goal: every outcome notebook within x{GOAL_RATIO:g} of jupyterquiz, "
                 f"< {GOAL_MODELS} widget models", "met" if not missed else "NOT met",
                 f"{len(missed)} of {len(pairs)} notebooks miss it" if missed else ""))
    with progress.step("browser: a learner page (Voilà) usable, beside jupyterquiz in JupyterLab"):
        rows += page_rows(page_figures(1 if args.quick else 5))
    with progress.step("course hub: start, learner login and quiz in Chromium"):
        rows += hub_figures()
    sound = True
    for learners in loads:
        with progress.step(f"hub load run: {learners} learners at once"):
            more, ok = load_rows(learners)
        rows, sound = rows + more, sound and ok
    print(f"workbook benchmarks on {machine()}")
    print(table(rows))
    print(f"(whole run: {progress.minutes():.1f} min)")
    if not sound:
        print("error: a learner of the hub load run failed or lost answers", file=sys.stderr)
    return 0 if sound else 1


if __name__ == "__main__":
    sys.exit(main())
