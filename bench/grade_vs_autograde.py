"""Seconds per submission: `workbook grade` against `nbgrader autograde` on the same cohort.

    .venv/bin/python bench/grade_vs_autograde.py [--learners 8]

Builds a cohort of N learners who answered everything (released and submitted with nbgrader,
as tests/cohort.py does), then times, on the same submissions:
1. `nbgrader autograde ASSIGNMENT --force`: nbgrader alone, one command for the whole cohort;
2. `nbgrader autograde ASSIGNMENT --student ID --force` once per learner: what a tutor runs to
   keep one broken submission from stopping the rest (one nbgrader start-up each);
3. `workbook grade ASSIGNMENT --no-collect`: preflights, progress, per-learner isolation and the
   table, through NbGraderAPI in one process.
Prints the figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.cohort import build_cohort  # noqa: E402  (the project's own cohort builder)


def timed(args: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Run a command; its wall-clock seconds (exits with its output if it fails badly)."""
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return took


def grade_seconds(learners: int) -> dict[str, float]:
    """Seconds per submission for 'whole' (one autograde), 'each' (one per learner), 'grade'."""
    names = tuple(f"good-{n:02d}" for n in range(1, learners + 1))
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as tmp:
        cohort = build_cohort(Path(tmp), learners=names)
        course, env, aid = cohort.course, cohort.env, cohort.assignment
        nbgrader = [str(bin_dir / "nbgrader")]
        timed([*nbgrader, "collect", aid], course, env)
        whole = timed([*nbgrader, "autograde", aid, "--force"], course, env)
        each = sum(timed([*nbgrader, "autograde", aid, f"--student={name}", "--force"], course, env)
                   for name in names)
        grade = timed([str(bin_dir / "workbook"), "grade", aid, "--no-collect",
                       "--course-root", str(course)], cohort.root, env)
    n = len(names)
    return {"whole": whole / n, "each": each / n, "grade": grade / n}


def main() -> None:
    """Build the cohort and print seconds per submission for each way of grading it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=8)
    n = parser.parse_args().learners
    seconds = grade_seconds(n)
    whole, each, grade = (seconds[k] * n for k in ("whole", "each", "grade"))
    print(f"submissions: {n} (cores: {os.cpu_count()})")
    print(f"nbgrader autograde, whole cohort in one command: {whole:7.1f} s  {whole / n:5.2f} s/submission")
    print(f"nbgrader autograde, one command per learner:     {each:7.1f} s  {each / n:5.2f} s/submission")
    print(f"workbook grade (preflights, progress, table):    {grade:7.1f} s  {grade / n:5.2f} s/submission")
    print(f"workbook grade / nbgrader whole-cohort: {grade / whole:.2f}x; "
          f"/ nbgrader per learner: {grade / each:.2f}x")


if __name__ == "__main__":
    main()
