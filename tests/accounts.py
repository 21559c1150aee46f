"""Throw-away Unix accounts for tests (names start with `wbt`), always removed afterwards."""
from __future__ import annotations

import grp
import json
import os
import pwd
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

COMMENT = "workbook test account"


def _processes_of(uid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="utf-8") as handle:
                uids = next(line for line in handle if line.startswith("Uid:")).split()[1:]
        except (OSError, StopIteration):
            continue
        if str(uid) in uids:
            found.append(int(entry))
    return found


def remove(name: str) -> None:
    """Kill what the account still runs (by process id), then remove the account."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return
    if entry.pw_gecos != COMMENT:
        raise RuntimeError(f"{name} was not made by these tests; not removing it")
    for pid in _processes_of(entry.pw_uid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 10
    while _processes_of(entry.pw_uid) and time.monotonic() < deadline:
        time.sleep(0.1)
    subprocess.run(["userdel", name], check=True, capture_output=True)


@contextmanager
def unix_accounts(*names: str, groups: dict[str, tuple[str, ...]] | None = None
                  ) -> Iterator[dict[str, int]]:
    """Make the accounts (no home, no login) and `groups` {group: members}; {name: uid, group:
    gid}; all removed on exit, even on failure."""
    groups = groups or {}
    assert all(name.startswith("wbt") for name in [*names, *groups])
    try:
        for group in groups:
            subprocess.run(["groupdel", group], capture_output=True)  # left over from a kill
            subprocess.run(["groupadd", group], check=True, capture_output=True)
        for name in names:
            remove(name)  # left over from a run that was killed
            extra = [g for g, members in groups.items() if name in members]
            subprocess.run(["useradd", "--comment", COMMENT, "--no-create-home", "--shell",
                            "/usr/sbin/nologin", *(["-G", ",".join(extra)] if extra else []),
                            name], check=True, capture_output=True)
        yield {**{name: pwd.getpwnam(name).pw_uid for name in names},
               **{group: grp.getgrnam(group).gr_gid for group in groups}}
    finally:
        for name in names:
            try:
                remove(name)
            except Exception as exc:  # the others are still removed
                print(f"could not remove {name}: {exc}")
        for group in groups:
            subprocess.run(["groupdel", group], capture_output=True)


def run_as(name: str, work: Callable[[], object]) -> dict:
    """Run `work` in a child process as the account `name` (with its groups): {"ok", "value" or
    "error"}. The child only uses what this process imported already."""
    entry = pwd.getpwnam(name)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to the account, run, report, exit
        os.close(read)
        try:
            os.setgroups(os.getgrouplist(name, entry.pw_gid))
            os.setgid(entry.pw_gid)
            os.setuid(entry.pw_uid)
            result = {"ok": True, "value": work()}
        except BaseException as exc:
            result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        os.write(write, json.dumps(result, default=str).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as handle:
        data = handle.read()
    os.waitpid(pid, 0)
    return json.loads(data)
