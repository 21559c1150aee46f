"""A real course hub for end-to-end tests: fresh data folder, free ports, every process stopped.

`start_hub(tmp_path)` runs `python -m workbook.hub` (what `make hub` runs) and waits until the
hub answers through its proxy; the demo passwords it prints once are read from its log.
`HubServer.stop()` stops the hub, then any process it started (proxy, single-user servers,
kernels) that is still running, each by its pid.

As root (CI) the hub gives every user their own Unix account. The data folder is then made
outside pytest's private temporary folder (the accounts must reach it), and `stop()` puts back
what the hub changed on the machine: the accounts and groups it made, the permissions of the
project's tutor-only folders, and any folder above the interpreter made enterable for them.
"""
from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from workbook.hub.permissions import ROOT_ONLY, TUTOR_ONLY, unreachable_folders
from workbook.hub.roles import RECORDS_GROUP, ROLES
from workbook.hub.settings import from_env
from workbook.hub.unixaccounts import COMMENT, remove_account

from .conftest import ARTIFACTS, PAGE_TIMEOUT_MS, PROJECT, free_port, wait_idle

HUB_START_TIMEOUT = 60.0


@dataclass
class HubServer:
    """A running course hub: its address, each login's password, its data folder and log."""

    url: str
    passwords: dict[str, str]
    data: Path
    process: subprocess.Popen
    log: Path
    started_in: float
    env: dict[str, str]
    machine: MachineState = field(default_factory=lambda: MachineState(set(), []))

    def home(self, user: str) -> Path:
        """A user's home folder."""
        return self.data / "homes" / user

    def login(self, page, user: str) -> float:
        """Log in through the hub's form and wait for the page the user lands on to be ready
        (a learner's course home, a tutor's or IQA's page drawn; JupyterLab idle); the seconds
        it took."""
        page.goto(f"{self.url}hub/login")
        page.get_by_label("Username").fill(user)
        page.get_by_label("Password").fill(self.passwords[user])
        began = time.monotonic()
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(rf"{re.escape(self.url)}user/{user}/(lab|voila)/.*"),
                          timeout=PAGE_TIMEOUT_MS)
        if "/voila/" in page.url:
            page.locator(".workbook-home, .workbook-assessor, .workbook-iqa").first.wait_for(
                timeout=PAGE_TIMEOUT_MS)
        else:
            wait_idle(page)
        return time.monotonic() - began

    def open_lab(self, page, user: str) -> None:
        """Open the user's JupyterLab on the course home notebook (as tutors land) and wait
        until it is idle: where a learner finds nbgrader's assignment list."""
        page.goto(self.lab_url(user, "notebooks/index.ipynb"))
        wait_idle(page)

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
        from .hub_user import close_clients

        close_clients()
        self.stop_processes()
        self.machine.restore()

    def restart(self) -> None:
        """Stop the hub and everything it started, then start it again on the same data folder,
        ports and environment; wait until it answers (the accounts and records stay)."""
        self.stop_processes()
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "workbook.hub"], cwd=PROJECT,
                                            env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        wait_until_answers(self)

    def stop_processes(self) -> None:
        """Stop the hub process, then every process it started that is still running."""
        started = self.descendants()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        kill_and_wait(started)

    def save_artifacts(self, name: str) -> None:
        """Keep the hub log next to the failing test's screenshot."""
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copyfile(self.log, ARTIFACTS / f"{name}.hub.log")


@dataclass
class MachineState:
    """What a hub run as root changes outside its data folder, to put back afterwards.

    Modes are put back to fixed values, not to a snapshot: two hub tests running side by side
    would otherwise each restore what the other had changed.
    """

    groups: set[str]
    opened: list[Path]  # folders made enterable by others (o+x) for the users' accounts
    data: Path | None = None

    @classmethod
    def snapshot(cls, opened: list[Path]) -> MachineState:
        """The groups there are now; `opened` will be closed again."""
        return cls({entry.gr_name for entry in grp.getgrall()}, list(opened))

    def restore(self) -> None:
        """Remove the accounts and groups made since, close the opened folders, give the
        project's tutor-only folders a checkout's modes again, and remove the data.

        Every step is tried even when one fails (a later hub test must not find this hub's
        accounts); the failures are raised together at the end."""
        failures = []
        for entry in pwd.getpwall():
            # this hub's accounts, made or taken over by it: their homes are in its data folder
            if self.data is not None and entry.pw_dir.startswith(f"{self.data}{os.sep}"):
                # userdel refuses an account that still has a process, even one being killed
                kill_and_wait(processes_of(entry.pw_uid))
                failures += attempt(remove_account, entry.pw_name)
        for name in {role.unix_group for role in ROLES.values() if role.unix_group} | {RECORDS_GROUP}:
            if name not in self.groups and name in {g.gr_name for g in grp.getgrall()}:
                failures += attempt(subprocess.run, ["groupdel", name], check=True,
                                    capture_output=True)
        for folder in self.opened:
            os.chmod(folder, stat.S_IMODE(folder.stat().st_mode) & ~stat.S_IXOTH)
        owner = PROJECT.stat()
        for top in (PROJECT / name for name in TUTOR_ONLY):
            for path in (top, *top.rglob("*")) if top.exists() else ():
                if not path.is_symlink():
                    os.chown(path, owner.st_uid, owner.st_gid)
                    os.chmod(path, 0o755 if path.is_dir() else 0o644)
        for name in ROOT_ONLY:
            if (PROJECT / name).is_dir():
                os.chmod(PROJECT / name, 0o755)
        if self.data is not None:
            # the hub made its journals append-only: nothing can remove them until that is undone
            subprocess.run(["chattr", "-R", "-a", str(self.data)], capture_output=True)
            shutil.rmtree(self.data, ignore_errors=True)
        if failures:
            raise RuntimeError("the machine was not put back as it was:\n" + "\n".join(failures))


def attempt(step, *args, **kwargs) -> list[str]:
    """Run one clean-up step; what went wrong, as a list of at most one message."""
    try:
        step(*args, **kwargs)
    except Exception as error:  # any failure is reported; the other steps still run
        detail = getattr(error, "stderr", "") or ""
        return [f"{step.__name__}{args}: {error} {detail}".strip()]
    return []


def processes_of(uid: int) -> list[int]:
    """Pids of every process whose real user is `uid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = next(line for line in (entry / "status").read_text().splitlines()
                              if line.startswith("Uid:")).split()
            except (FileNotFoundError, ProcessLookupError, StopIteration):
                continue
            if int(fields[1]) == uid:
                found.append(int(entry.name))
    return found


def kill_and_wait(pids: list[int], timeout: float = 30.0) -> None:
    """SIGKILL these processes and wait until they have ended, up to `timeout` seconds."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it stopped already, as it should
    deadline = time.monotonic() + timeout
    while any(map(running, pids)) and time.monotonic() < deadline:
        time.sleep(0.1)  # polling a real condition: the kernel ending killed processes


def running(pid: int) -> bool:
    """Whether the process exists and has not ended (a zombie waiting for its parent has)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat_line.rpartition(")")[2].split()[0] != "Z"


def sweep_abandoned_hubs() -> None:
    """Remove what a test hub killed before its clean-up ran (a run stopped by a timeout or a
    machine shut down) left behind: its accounts, which the next hub would refuse as another
    hub's, and its data folder. A data folder some running hub still uses is left alone."""
    prefix = Path(tempfile.gettempdir()) / "workbook-hub-"
    in_use = {data for pid in Path("/proc").iterdir() if pid.name.isdigit()
              for data in hub_data_of(pid)}
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix.name}*"):
        if folder / "data" in in_use:
            continue
        for entry in pwd.getpwall():
            if entry.pw_gecos == COMMENT and entry.pw_dir.startswith(f"{folder}{os.sep}"):
                kill_and_wait(processes_of(entry.pw_uid))
                remove_account(entry.pw_name)
        subprocess.run(["chattr", "-R", "-a", str(folder)], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
    for entry in pwd.getpwall():  # a hub's account whose data folder is gone altogether
        if (entry.pw_gecos == COMMENT and entry.pw_dir.startswith(str(prefix))
                and not Path(entry.pw_dir).parent.exists()):
            kill_and_wait(processes_of(entry.pw_uid))
            remove_account(entry.pw_name)


def refuse_accounts_of_running_hubs(names: list[str]) -> None:
    """Stop with the reason when a hub that is still running holds one of these accounts."""
    for name in names:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        if entry.pw_gecos != COMMENT:
            continue  # not a hub's: the hub itself refuses it, with its reason
        home = entry.pw_dir
        raise RuntimeError(f"the Unix account {name!r} (home {home}) belongs to a course hub that "
                           "is still running; stop it (or wait for its tests) and run again")


def hub_data_of(pid: Path) -> list[Path]:
    """The WORKBOOK_HUB_DATA a process was started with, if any."""
    try:
        variables = (pid / "environ").read_bytes().split(b"\0")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return []
    return [Path(v.split(b"=", 1)[1].decode(errors="replace")) for v in variables
            if v.startswith(b"WORKBOOK_HUB_DATA=")]


def read_logins(log: Path, names: list[str]) -> dict[str, str]:
    """The `name password` lines the hub printed once, for these names."""
    logins = {}
    for line in log.read_text(errors="replace").splitlines():
        parts = line.split(" ")
        if len(parts) == 2 and parts[0] in names:
            logins[parts[0]] = parts[1]
    return logins


def start_hub(tmp_path: Path, extra_env: dict[str, str] | None = None) -> HubServer:
    """Start the course hub on free ports with a fresh data folder; wait until it answers."""
    port = free_port()
    as_root = os.geteuid() == 0
    if as_root:
        sweep_abandoned_hubs()
        refuse_accounts_of_running_hubs(list(from_env(PROJECT, os.environ).demo_users()))
    # As root the users' accounts must reach the data folder: pytest's own is private (0700).
    data = Path(tempfile.mkdtemp(prefix="workbook-hub-")) / "data" if as_root else tmp_path / "hub-data"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "WORKBOOK_HUB_DATA": str(data),
        "WORKBOOK_HUB_PORT": str(port),
        "WORKBOOK_HUB_API_PORT": str(free_port()),
        "WORKBOOK_HUB_PROXY_API_PORT": str(free_port()),
        **(extra_env or {}),
    }
    machine = MachineState(set(), [])
    if as_root:
        os.chmod(data.parent, 0o711)
        blocked = unreachable_folders(from_env(PROJECT, env))
        machine = MachineState.snapshot(blocked)
        machine.data = data.parent
        for folder in blocked:  # e.g. a Python installed under /root
            os.chmod(folder, stat.S_IMODE(folder.stat().st_mode) | stat.S_IXOTH)
    log = tmp_path / "hub.log"
    began = time.monotonic()
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "workbook.hub"], cwd=PROJECT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    hub = HubServer(url=f"http://127.0.0.1:{port}/", passwords={}, data=data,
                    process=process, log=log, started_in=0.0, env=env, machine=machine)
    wait_until_answers(hub)
    hub.started_in = time.monotonic() - began
    hub.passwords = read_logins(log, list(from_env(PROJECT, env).demo_users()))
    return hub


def wait_until_answers(hub: HubServer) -> None:
    """Wait until the hub answers through its proxy; stop it and say why when it does not."""
    deadline = time.monotonic() + HUB_START_TIMEOUT
    process, log = hub.process, hub.log
    while True:
        if process.poll() is not None:
            hub.machine.restore()
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
