"""Notebooks executed in a child process, as a learner's server would run them.

The test process never holds a kernel client: nbclient's zmq contexts and jupyter_core's
background event-loop thread stay in the child and end with it. (In one long-lived process an
unclosed zmq context left by an earlier execution was destroyed by the garbage collector at a
random later moment, from a thread that did not own its sockets, and `Context.term` blocked
forever.)
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat

_RUN = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=int(sys.argv[4]), kernel_name="python3",
               resources={"metadata": {"path": sys.argv[2]}}).execute()
nbformat.write(nb, sys.argv[3])
"""


def execute(path: Path, cwd: Path, timeout: int = 180,
            env: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The notebook at `path` after running every cell in a fresh kernel started in `cwd`."""
    out = cwd / f".executed-{os.getpid()}-{path.name}"
    try:
        done = subprocess.run([sys.executable, "-c", _RUN, str(path), str(cwd), str(out),
                               str(timeout)], env=env, capture_output=True, text=True,
                              timeout=timeout + 120)
        if done.returncode != 0:
            raise RuntimeError(f"executing {path} failed:\n{done.stderr[-3000:]}")
        return nbformat.read(out, as_version=4)
    finally:
        out.unlink(missing_ok=True)
