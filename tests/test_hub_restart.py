"""After a hub crash and restart, a user whose server kept running gets their next page, not a
500 (workbook.hub.settings remembers the hub's internal ports; workbook.hub.spawner stops a
server that can no longer reach the hub instead of leaving it answering 500).

The hub is started as `make hub` starts it, with no internal ports in the environment. A tutor
logs in; the hub process is then killed at once, as in a crash, leaving the proxy and the
tutor's server running; the hub is started again on the same data folder.
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbook.hub.settings import PORTS_FILE

from .conftest import PAGE_TIMEOUT_MS, PROJECT, free_port
from .hub_server import HubServer, kill_and_wait, running, start_hub, wait_until_answers

USER = "tutor1"


def crash_and_restart(hub: HubServer, env: dict[str, str] | None = None) -> None:
    """Kill the hub process alone (its proxy and users' servers go on), then start it again."""
    hub.process.send_signal(signal.SIGKILL)
    hub.process.wait(timeout=30)
    hub.env.update(env or {})
    with open(hub.log, "ab") as out:
        hub.process = subprocess.Popen([sys.executable, "-m", "workbook.hub"], cwd=PROJECT,
                                       env=hub.env, stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)
    wait_until_answers(hub)


def server_pid(hub: HubServer, user: str) -> int:
    """The pid of the user's single-user server, from the hub's descendants."""
    for pid in hub.descendants():
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(part.endswith(b"jupyterhub-singleuser") for part in command) and \
                f"JUPYTERHUB_USER={user}".encode() in environ:
            return pid
    raise AssertionError(f"no server of {user} among the hub's processes")


def log_in(hub: HubServer, page, user: str) -> None:
    """Log in through the hub's form and wait until the user's own server answers."""
    page.goto(f"{hub.url}hub/login")
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(hub.passwords[user])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{hub.url}user/{user}/**", timeout=PAGE_TIMEOUT_MS)


def command_of(pid: int) -> bytes:
    """The process's command line (b"" once it has ended)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(600)
def test_a_server_that_outlived_the_hub_works_after_a_restart(tmp_path, browser):
    # as `make hub` runs it: internal ports not set, chosen by the hub
    hub = start_hub(tmp_path, {"WORKBOOK_HUB_API_PORT": "", "WORKBOOK_HUB_PROXY_API_PORT": ""})
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    left: dict[int, bytes] = {}
    try:
        log_in(hub, page, USER)
        pid = server_pid(hub, USER)
        ports = json.loads((hub.data / PORTS_FILE).read_text())
        # what outlives the hub (the proxy, the tutor's server), to be sure it ends with the test
        left = {p: command_of(p) for p in hub.descendants()}

        crash_and_restart(hub)
        assert running(pid), "the tutor's server did not outlive the hub"
        assert json.loads((hub.data / PORTS_FILE).read_text())["hub_port"] == ports["hub_port"]
        response = page.goto(hub.lab_url(USER, "notebooks/index.ipynb"))
        assert response is not None and response.status == 200, response and response.status
        contents = page.request.get(f"{hub.url}user/{USER}/api/contents/notebooks")
        assert contents.status == 200, contents.text()
        assert running(pid), "the tutor's own server was replaced: their kernels would be lost"

        # back on another API port (set by hand, say): the old server cannot check logins with
        # the hub any more, so the hub stops it and the tutor starts afresh rather than a 500
        crash_and_restart(hub, {"WORKBOOK_HUB_API_PORT": str(free_port())})
        deadline = time.monotonic() + 60
        while running(pid) and time.monotonic() < deadline:
            time.sleep(0.2)   # polling a real condition: the hub stopping the old server
        assert not running(pid)
        assert "stopping tutor1's server: started for the hub at" in hub.log.read_text()
        response = page.goto(hub.lab_url(USER, "notebooks/index.ipynb"))
        assert response is not None and response.status < 500, response and response.status
    finally:
        context.close()
        hub.stop()
        # only those still running the same command: a pid may have been given to another since
        kill_and_wait([p for p, command in left.items() if running(p) and command_of(p) == command])
