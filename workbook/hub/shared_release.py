"""Assignments released before tutors shared the exchange become the tutors group's.

Tutors' nbgrader runs group-shared (workbook.hub.userconfig), so what one tutor releases any
tutor can release again. A release made before that belongs to its tutor alone (folders 0755,
files 0644): another tutor's `release_assignment --force` stops half-way through removing it.
When the hub starts (as root) it gives each released assignment in `outbound/` the group and
the group's write bits nbgrader's group-shared release would have given it.

Root changes only what a tutor made: regular files and folders owned by a member of the tutors
group, never a link, a file with more than one name (a hard link to someone else's file) or
anything else. Everything is opened without following links, relative to its folder's
descriptor (`os.fwalk`), and changed through that descriptor, so nothing swapped in meanwhile
is touched.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["share_released"]

FOLDER_BITS = stat.S_ISGID | stat.S_IRWXG   # nbgrader's group-shared release: g+rwxs
FILE_BITS = stat.S_IRGRP | stat.S_IWGRP      # and g+rw


def _share(fd: int, gid: int, owners: frozenset[int], bits: int, kind: int) -> bool:
    info = os.fstat(fd)
    if (stat.S_IFMT(info.st_mode) != kind or info.st_uid not in owners
            or (kind == stat.S_IFREG and info.st_nlink != 1)):
        return False
    os.fchown(fd, -1, gid)
    os.fchmod(fd, stat.S_IMODE(info.st_mode) | bits)
    return True


def share_released(outbound: Path, gid: int, owners: frozenset[int]) -> list[str]:
    """Give every released assignment under `outbound` the group `gid` and its write bits;
    one line per entry left as it was (not a tutor's plain file or folder)."""
    skipped: list[str] = []
    if not outbound.is_dir():
        return skipped
    for folder, _dirs, files, dir_fd in os.fwalk(outbound, follow_symlinks=False):
        if Path(folder) != outbound and not _share(dir_fd, gid, owners, FOLDER_BITS, stat.S_IFDIR):
            skipped.append(f"{folder}: not a folder a tutor made; left as it is")
        for name in files:
            try:
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
            except OSError:   # a link (ELOOP), a socket, or gone: nothing to share
                skipped.append(f"{folder}/{name}: not a plain file; left as it is")
                continue
            try:
                if not _share(fd, gid, owners, FILE_BITS, stat.S_IFREG):
                    skipped.append(f"{folder}/{name}: not a tutor's plain file; left as it is")
            finally:
                os.close(fd)
    return skipped
