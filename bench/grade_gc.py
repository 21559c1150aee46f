"""`workbook grade` over a cohort in one process, garbage collected after every submission.

    .venv/bin/python bench/grade_gc.py [--learners 40]

Autograde executes every submission in a kernel from the grading process; a zmq context or
kernel client left behind by one execution and collected at a random later moment (from a thread
that does not own its sockets) would block that process forever. This builds a cohort of N
learners (tests/cohort.py), then grades it in ONE child process that forces `gc.collect()` after
each submission, with a watchdog that prints every thread's stack and fails if one submission
takes longer than the limit. Prints seconds per submission and the live zmq contexts at the end.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.cohort import build_cohort  # noqa: E402  (the project's own cohort builder)

#: run in the child: grade_assignment with gc.collect() and a re-armed watchdog per submission
_GRADE = """
import faulthandler, gc, sys, time
from pathlib import Path
import zmq
from workbook.tutor import grade

limit = float(sys.argv[3])
took = []
one = grade._grade_one
def collected(*args, **kwargs):
    faulthandler.dump_traceback_later(limit, exit=True)
    start = time.perf_counter()
    try:
        return one(*args, **kwargs)
    finally:
        gc.collect()
        took.append(time.perf_counter() - start)
        faulthandler.cancel_dump_traceback_later()
grade._grade_one = collected
run = grade.grade_assignment(Path(sys.argv[1]), sys.argv[2], collect=True, stream=sys.stderr, tty=False)
gc.collect()
alive = [c for c in gc.get_objects() if isinstance(c, zmq.Context) and not c.closed]
print(len(took), sum(took), max(took), len(alive), sum(not r.ok for r in run.rows))
"""


def main() -> None:
    """Build the cohort, grade it in one process and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--limit", type=float, default=300.0,
                        help="seconds one submission may take before it counts as a hang")
    args = parser.parse_args()
    names = tuple(f"good-{n:02d}" for n in range(1, args.learners + 1))
    with tempfile.TemporaryDirectory(prefix="grade-gc-") as tmp:
        start = time.perf_counter()
        cohort = build_cohort(Path(tmp), learners=names)
        print(f"cohort of {len(names)} submitted in {time.perf_counter() - start:.0f} s", flush=True)
        done = subprocess.run([sys.executable, "-c", _GRADE, str(cohort.course), cohort.assignment,
                               str(args.limit)], cwd=cohort.root, env=cohort.env,
                              capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"grading stopped (exit {done.returncode}):\n{done.stderr[-6000:]}")
    graded, total, slowest, alive, failed = done.stdout.split()[-5:]
    print(f"{graded} submissions graded in one process, gc.collect() after each: "
          f"{float(total) / int(graded):.2f} s per submission, slowest {float(slowest):.1f} s, "
          f"{failed} failed, {alive} zmq context(s) left open, no hang")


if __name__ == "__main__":
    main()
