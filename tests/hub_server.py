"""A real course hub for end-to-end tests: fresh data folder, free ports, every process stopped.

`start_hub(tmp_path)` runs `python -m workbook.hub` (what `make hub` runs) and waits until the
hub answers through its proxy. `HubServer.stop()` stops the hub, then any process it started
(proxy, single-user servers, kernels) that is still running, each by its pid.
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .conftest import ARTIFACTS, PAGE_TIMEOUT_MS, PROJECT, free_port, wait_idle

HUB_START_TIMEOUT = 60.0


@dataclass
class HubServer:
    """A running course hub: its address, the shared password, its data folder and log."""

    url: str
    password: str
    data: Path
    process: subprocess.Popen
    log: Path
    started_in: float
    env: dict[str, str]

    def home(self, user: str) -> Path:
        """A user's home folder."""
        return self.data / "homes" / user

    def login(self, page, user: str) -> float:
        """Log in through the hub's form, wait for JupyterLab to be idle; the seconds it took."""
        page.goto(f"{self.url}hub/login")
        page.get_by_label("Username").fill(user)
        page.get_by_label("Password").fill(self.password)
        began = time.monotonic()
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{self.url}user/{user}/lab/**", timeout=PAGE_TIMEOUT_MS)
        wait_idle(page)
        return time.monotonic() - began

    def lab_url(self, user: str, path: str) -> str:
        """The URL of a file in a user's JupyterLab."""
        return f"{self.url}user/{user}/lab/tree/{path}"

    def descendants(self) -> list[int]:
        """Pids of every process below the hub (proxy, servers, kernels), deepest last."""
        found, queue = [], [self.process.pid]
        while queue:
            pid = queue.pop(0)
            try:
                tasks = Path(f"/proc/{pid}/task").iterdir()
                children = [int(c) for t in tasks
                            for c in (t / "children").read_text().split()]
            except (FileNotFoundError, ProcessLookupError):
                continue
            found += children
            queue += children
        return found

    def stop(self) -> None:
        """Stop the hub (it stops its servers and proxy), then whatever of theirs is left."""
        started = self.descendants()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for pid in started:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # it stopped with the hub, as it should

    def save_artifacts(self, name: str) -> None:
        """Keep the hub log next to the failing test's screenshot."""
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copyfile(self.log, ARTIFACTS / f"{name}.hub.log")


def start_hub(tmp_path: Path) -> HubServer:
    """Start the course hub on free ports with a fresh data folder; wait until it answers."""
    port = free_port()
    password = secrets.token_urlsafe(12)
    data = tmp_path / "hub-data"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "WORKBOOK_HUB_DATA": str(data),
        "WORKBOOK_HUB_PORT": str(port),
        "WORKBOOK_HUB_API_PORT": str(free_port()),
        "WORKBOOK_HUB_PROXY_API_PORT": str(free_port()),
        "WORKBOOK_HUB_PASSWORD": password,
    }
    log = tmp_path / "hub.log"
    began = time.monotonic()
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "workbook.hub"], cwd=PROJECT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    hub = HubServer(url=f"http://127.0.0.1:{port}/", password=password, data=data,
                    process=process, log=log, started_in=0.0, env=env)
    deadline = time.monotonic() + HUB_START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the hub exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{hub.url}hub/api/", timeout=5) as response:
                if response.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            hub.stop()
            raise RuntimeError(f"the hub did not answer in {HUB_START_TIMEOUT}s:\n"
                               f"{log.read_text(errors='replace')}")
        # polling interval while waiting on a real condition (the hub answering)
        time.sleep(0.2)
    hub.started_in = time.monotonic() - began
    return hub
