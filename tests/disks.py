"""Real disks that refuse writes, for fault tests: a small tmpfs, full or read-only.

Permissions do not stop root, and the tests run as root in CI, so a read-only or full disk is
a real tmpfs mount (root can mount one). Run as another user, a folder without write permission
stands in for a read-only disk, and a full disk cannot be made: those tests are skipped, saying
why. Every mount is removed afterwards.
"""
from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def tmpfs(mount_point: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of `size` at mount_point (root only), unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs",
                           str(mount_point)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def remount(mount_point: Path, options: str) -> None:
    """Change a tmpfs mounted by `tmpfs` (e.g. "ro", "rw", "size=1m")."""
    subprocess.run(["mount", "-o", f"remount,{options}", str(mount_point)], check=True)


@contextmanager
def read_only_folder(folder: Path, fill) -> Iterator[Path]:
    """folder, filled by fill(folder) while writable, then made read-only for everyone."""
    if os.geteuid() != 0:
        folder.mkdir()
        fill(folder)
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    with tmpfs(folder, "2m") as mounted:
        fill(mounted)
        remount(mounted, "ro")
        yield mounted
