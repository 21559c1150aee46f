"""An assignment released before tutors shared the exchange becomes the tutors group's when the
hub starts (workbook.hub.shared_release), and root changes nothing a tutor did not make: no
link is followed, no second name of another file and no other account's file is touched."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from workbook.hub.shared_release import share_released

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="changing owners needs root")
TUTOR, OTHER, TUTORS = 41001, 41002, 42001   # ids that need no account: root sets them


def made(path: Path, uid: int, mode: int, folder: bool = False) -> Path:
    if folder:
        path.mkdir()
    else:
        path.write_text("x")
    os.chown(path, uid, uid)
    os.chmod(path, mode)
    return path


def mode(path: Path) -> tuple[int, int]:
    info = os.lstat(path)
    return info.st_gid, stat.S_IMODE(info.st_mode)


def test_a_release_by_one_tutor_becomes_the_groups_and_nothing_else_changes(tmp_path):
    outbound = made(tmp_path / "outbound", 0, 0o2775, folder=True)
    released = made(outbound / "lpcp-assessment", TUTOR, 0o755, folder=True)
    notebook = made(released / "assessment.ipynb", TUTOR, 0o644)
    nested = made(released / "data", TUTOR, 0o755, folder=True)
    data = made(nested / "table.csv", TUTOR, 0o644)
    secret = made(tmp_path / "secret", 0, 0o600)
    (released / "link").symlink_to(secret)
    os.link(secret, released / "second-name")        # a hard link: the same file by two names
    theirs = made(released / "theirs.txt", OTHER, 0o644)

    skipped = share_released(outbound, TUTORS, frozenset({TUTOR}))

    assert mode(released) == (TUTORS, 0o2775) and mode(nested) == (TUTORS, 0o2775)
    assert mode(notebook) == (TUTORS, 0o664) and mode(data) == (TUTORS, 0o664)
    assert mode(secret) == (0, 0o600)                 # neither through the link nor the name
    assert mode(theirs) == (OTHER, 0o644)
    assert mode(outbound) == (0, 0o2775)
    assert sorted(Path(line.split(":")[0]).name for line in skipped) == \
        ["link", "second-name", "theirs.txt"]
    assert share_released(tmp_path / "missing", TUTORS, frozenset({TUTOR})) == []
