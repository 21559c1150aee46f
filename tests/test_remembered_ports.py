"""The hub comes back on the internal ports it last ran on (workbook.hub.settings), so servers
that outlived it still reach it; a port set in the environment always wins, and a remembered
port something else holds now is replaced by a free one."""
from __future__ import annotations

import json
import socket

from workbook.hub.settings import PORTS_FILE, from_env, remembered_ports

from .conftest import PROJECT


def test_the_hub_keeps_its_internal_ports_across_restarts(tmp_path):
    env = {"WORKBOOK_HUB_DATA": str(tmp_path / "data")}
    first = from_env(PROJECT, env, remember_ports=True)
    again = from_env(PROJECT, env, remember_ports=True)
    assert (again.hub_port, again.proxy_api_port) == (first.hub_port, first.proxy_api_port)
    saved = json.loads((tmp_path / "data" / PORTS_FILE).read_text())
    assert saved == {"hub_port": first.hub_port, "proxy_api_port": first.proxy_api_port}
    # set in the environment: that port, remembered for the next start
    chosen = from_env(PROJECT, {**env, "WORKBOOK_HUB_API_PORT": "45123"}, remember_ports=True)
    assert chosen.hub_port == 45123
    # a command that only reads the settings (workbook hub users) writes nothing
    from_env(PROJECT, {"WORKBOOK_HUB_DATA": str(tmp_path / "other")})
    assert not (tmp_path / "other").exists()


def test_a_remembered_port_now_taken_is_replaced(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        (tmp_path / PORTS_FILE).write_text(json.dumps({"hub_port": port}))
        ports = remembered_ports(tmp_path, {"hub_port": None})
    assert ports["hub_port"] != port
    assert json.loads((tmp_path / PORTS_FILE).read_text())["hub_port"] == ports["hub_port"]
    (tmp_path / PORTS_FILE).write_text("not json")
    assert remembered_ports(tmp_path, {"hub_port": None})["hub_port"] > 0
