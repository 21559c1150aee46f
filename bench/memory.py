"""Memory of a learner's server with an outcome notebook running vs bare JupyterLab.

Each run starts a fresh `jupyter lab` (as the tests' `lab_server` does), opens a session for a
notebook through the REST API and runs its code cells in the session's kernel over the
websocket, so the quiz, flashcards and evidence widgets exist in the kernel. The figure is the
RSS of the server and every process below it (kernels), summed from /proc. Each run also
records what starting the server cost: wall time until it answers and its CPU time by then.
"""
from __future__ import annotations

import os
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import requests

from tests.conftest import PROJECT, start_lab

from .figures import median
from .kernel_ws import KernelSocket

UNIT = "lead-person-centred-practice"
_COUNT_WIDGETS = ("import sys\n"
                  "w = sys.modules.get('ipywidgets')\n"
                  "print(len(w.Widget.widgets) if w else 0)")


def process_tree(pid: int) -> list[int]:
    """`pid` and every process below it (children of all its threads), parents first."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop(0)
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                queue += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue  # it ended while we looked
    return found


def rss_bytes(pid: int) -> int:
    """Resident set size of one process (0 when it has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1]) * 1024


def tree_rss(pid: int) -> tuple[int, int]:
    """(RSS of `pid` and everything below it, RSS of the processes below it) in bytes."""
    pids = process_tree(pid)
    sizes = [rss_bytes(p) for p in pids]
    return sum(sizes), sum(sizes[1:])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time one process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """One server's figures: RSS in bytes, live widgets, and its start-up cost in seconds."""

    total: int
    kernels: int
    widgets: int
    start_wall: float
    start_cpu: float


def _one_run(work: Path, course: bool) -> Run:
    """Start a server, open a notebook in a kernel, run its code and measure it."""
    if course:
        root = None  # a copy of the course's notebooks
        path = next((PROJECT / "notebooks" / UNIT).glob("01-*.ipynb")).relative_to(
            PROJECT / "notebooks").as_posix()
    else:
        root = work / "empty-root"
        root.mkdir()
        path = "Untitled.ipynb"
        nbformat.write(nbformat.v4.new_notebook(), root / path)
    began = time.monotonic()
    server = start_lab(work, root=root)
    start_wall, start_cpu = time.monotonic() - began, cpu_seconds(server.process.pid)
    try:
        headers = {"Authorization": f"token {server.token}"}
        response = requests.post(f"{server.url}api/sessions", headers=headers, timeout=60, json={
            "path": path, "name": Path(path).name, "type": "notebook",
            "kernel": {"name": "python3"}})
        response.raise_for_status()
        kernel = KernelSocket.connect(server.url, server.token, response.json()["kernel"]["id"])
        notebook = nbformat.read(server.root / path, as_version=4)
        cells = [c.source for c in notebook.cells if c.cell_type == "code"] or ["pass"]
        for source in cells:
            kernel.execute(source)
        total, kernels = tree_rss(server.process.pid)
        # the widgets really are live in the kernel (a course notebook must have some)
        widgets = int(kernel.execute(_COUNT_WIDGETS))
        kernel.close()
        if course and widgets == 0:
            raise RuntimeError(f"{path} ran but made no widgets")
        return Run(total, kernels, widgets, start_wall, start_cpu)
    finally:
        started = process_tree(server.process.pid)[1:]
        server.stop()
        for pid in started:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # stopped with its server, as it should


def memory_figures(repeats: int) -> dict[str, tuple[float, float, float]]:
    """Medians: 'course' and 'bare' (total MiB, kernel MiB, live widgets) for an outcome notebook
    run and an empty notebook; 'start' (wall s, CPU s) of a server start, over all runs."""
    results: dict[str, list[Run]] = {"course": [], "bare": []}
    for _ in range(repeats):
        for name in results:  # alternate, so a busy moment does not hit one side only
            with tempfile.TemporaryDirectory() as work:
                results[name].append(_one_run(Path(work), course=name == "course"))
    figures = {name: (median([r.total for r in runs]) / 2**20,
                      median([r.kernels for r in runs]) / 2**20, max(r.widgets for r in runs))
               for name, runs in results.items()}
    every = results["course"] + results["bare"]
    figures["start"] = (median([r.start_wall for r in every]), median([r.start_cpu for r in every]),
                        len(every))
    return figures
