"""A terminal on a hub user's server finds the project's commands (`workbook`, `nbgrader`).

jupyter_server starts terminals as `$SHELL -l` unless told which shell to run, and a login bash
reads /etc/profile, which on Debian sets PATH afresh: the project's environment was gone and a
tutor's terminal said `workbook: command not found`. The hub's per-user server config names the
shell (workbook.hub.userconfig) and its spawner puts the environment first on PATH
(workbook.hub.spawner). This starts a real Jupyter server with that config, opens a terminal
over its websocket and asks the shell where `workbook` is.
"""
from __future__ import annotations

import json
import os
import time
import urllib.request
from pathlib import Path

import pytest

from workbook.hub.spawner import VENV_BIN, with_venv
from workbook.hub.userconfig import TERMINAL_SHELL, server_config

from .jupyter_server import started


def test_the_spawner_puts_the_environment_first_once():
    assert with_venv(f"/usr/bin:{VENV_BIN}:/bin").split(os.pathsep) == [VENV_BIN, "/usr/bin", "/bin"]
    assert with_venv("").split(os.pathsep)[0] == VENV_BIN
    assert server_config("tutor", Path("/x"))["ServerApp"]["terminado_settings"] == \
        {"shell_command": [TERMINAL_SHELL]}


def _terminal_output(base: str, token: str, command: str, marker: str) -> str:
    """Run a command in a new terminal of the server; everything it printed up to `marker`."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from tornado.websocket import websocket_connect

    request = urllib.request.Request(f"{base}api/terminals", data=b"", method="POST",
                                     headers={"Authorization": f"token {token}"})
    name = json.load(urllib.request.urlopen(request, timeout=30))["name"]

    async def talk() -> str:
        url = f"{base.replace('http', 'ws', 1)}terminals/websocket/{name}?token={token}"
        socket = await websocket_connect(url)
        await socket.write_message(json.dumps(["stdin", command + "\r"]))
        seen = ""
        deadline = time.monotonic() + 30
        while marker not in seen and time.monotonic() < deadline:
            message = await asyncio.wait_for(socket.read_message(), timeout=30)
            if message is None:
                break
            kind, *payload = json.loads(message)
            if kind == "stdout":
                seen += payload[0]
        socket.close()
        return seen

    # its own thread: the session's browser fixture keeps an event loop running in this one
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, talk()).result()


@pytest.mark.slow
def test_a_terminal_finds_the_workbook_command(tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "jupyter_server_config.json").write_text(
        json.dumps(server_config("tutor", tmp_path / "lab-settings")), encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": with_venv("/usr/bin:/bin"), "SHELL": TERMINAL_SHELL}
    with started(tmp_path, config, home, env) as server:
        said = _terminal_output(server.url, server.token,
                                "command -v workbook; echo found-$((40+2))", "found-42")
    assert f"{VENV_BIN}/workbook" in said, said
