"""A hub test killed before its clean-up (a timeout, a machine stopped) must not break the next
run: the accounts it made would otherwise be refused as another hub's."""
from __future__ import annotations

import os
import pwd
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.hub_server import hub_data_of, sweep_abandoned_hubs
from workbook.hub.unixaccounts import COMMENT

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.geteuid() != 0, reason="makes Unix accounts: root only")]


def abandoned_hub(name: str) -> Path:
    """A data folder and an account as a killed test hub leaves them; the folder."""
    folder = Path(tempfile.mkdtemp(prefix="workbook-hub-"))
    home = folder / "data" / "homes" / name
    home.mkdir(parents=True)
    subprocess.run(["useradd", "--comment", COMMENT, "--no-create-home", "--home-dir", str(home),
                    "--shell", "/usr/sbin/nologin", name], check=True, capture_output=True)
    return folder


def exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def test_an_abandoned_hubs_accounts_and_data_are_removed() -> None:
    folder = abandoned_hub("wbtleft1")
    try:
        sweep_abandoned_hubs()
        assert not exists("wbtleft1")
        assert not folder.exists()
    finally:
        subprocess.run(["userdel", "wbtleft1"], capture_output=True)


def test_a_running_hubs_accounts_and_data_are_kept() -> None:
    folder = abandoned_hub("wbtleft2")
    # a process started with this data folder, as a running hub is
    keeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                              env={**os.environ, "WORKBOOK_HUB_DATA": str(folder / "data")})
    try:
        deadline = time.monotonic() + 10
        while hub_data_of(Path(f"/proc/{keeper.pid}")) != [folder / "data"]:
            assert time.monotonic() < deadline, "the keeper's environment never showed its folder"
            time.sleep(0.05)  # polling a real condition: the new process's environment readable
        sweep_abandoned_hubs()
        assert exists("wbtleft2")
        assert (folder / "data" / "homes" / "wbtleft2").is_dir()
    finally:
        keeper.kill()
        keeper.wait()
    sweep_abandoned_hubs()
    assert not exists("wbtleft2")
    assert not folder.exists()
