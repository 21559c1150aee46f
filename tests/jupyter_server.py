"""A plain Jupyter server for a test: its own config folder and home, a free port, stopped after.

`started(tmp_path, config, home)` starts `python -m jupyter_server` (no JupyterLab) the way a
hub user's server runs: JUPYTER_CONFIG_DIR is the folder the hub writes, the root is the home.
"""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .conftest import free_port


@dataclass(frozen=True)
class Server:
    """Where the server answers and its token."""

    url: str
    token: str
    log: Path


@contextlib.contextmanager
def started(tmp_path: Path, config: Path, home: Path, env: dict[str, str]) -> Iterator[Server]:
    """Start the server, wait until it answers, stop it (its whole process group) afterwards."""
    token, port = os.urandom(8).hex(), free_port()
    full_env = {"HOME": str(home), "JUPYTER_CONFIG_DIR": str(config), "LANG": "C.UTF-8",
                "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
                "JUPYTER_DATA_DIR": str(tmp_path / "data"), **env}
    args = [sys.executable, "-m", "jupyter_server", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={home}",
            "--ServerApp.open_browser=False"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    log = tmp_path / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(args, env=full_env, stdout=out, stderr=subprocess.STDOUT,
                                   cwd=home, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}/", token, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{server.url}api/status?token={token}", timeout=5)
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)   # polling a real condition: the server answering
        yield server
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(timeout=30)
