"""Throw-away Unix accounts for tests (names start with `wbt`), always removed afterwards."""
from __future__ import annotations

import os
import pwd
import signal
import subprocess
import time
from collections.abc import Iterator
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
def unix_accounts(*names: str) -> Iterator[dict[str, int]]:
    """Make the accounts (no home, no login); {name: uid}; removed on exit, even on failure."""
    assert all(name.startswith("wbt") for name in names)
    try:
        for name in names:
            remove(name)  # left over from a run that was killed
            subprocess.run(["useradd", "--comment", COMMENT, "--no-create-home", "--shell",
                            "/usr/sbin/nologin", name], check=True, capture_output=True)
        yield {name: pwd.getpwnam(name).pw_uid for name in names}
    finally:
        for name in names:
            try:
                remove(name)
            except Exception as exc:  # the others are still removed
                print(f"could not remove {name}: {exc}")
