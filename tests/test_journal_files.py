"""The hub makes each tutor's and IQA's journal files itself: theirs, append-only, first.

Run as root with real files and a real second account (`nobody`): what that account can and
cannot do to its own append-only journal is tried with a shell running as it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook.decisions import record
from workbook.decisions.journal import read_folder
from workbook.hub.journals import (
    is_append_only,
    journal_paths,
    make_journal,
    prepare_all,
    prepare_journals,
    set_append_only,
)

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="files are given to accounts by root")
NOBODY = 65534
UNITS = ["unit-a", "unit-b"]


@pytest.fixture
def records() -> Iterator[Path]:
    """A records folder another account can reach (pytest's own folders are root's only)."""
    top = Path(tempfile.mkdtemp(prefix="records-", dir="/tmp"))
    os.chmod(top, 0o755)
    for kind in ("decisions", "plans", "verdicts"):
        for unit in UNITS:
            (top / kind / unit).mkdir(parents=True)
            os.chmod(top / kind / unit, 0o3777)  # sticky, writable by all, as the groups allow
    yield top
    # append-only files cannot be removed, even by root, until the flag is cleared
    subprocess.run(["chattr", "-R", "-a", str(top)], capture_output=True)
    shutil.rmtree(top)


def as_nobody(command: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", "-c", command], cwd=cwd, user=NOBODY, group=NOBODY,
                          capture_output=True, text=True, timeout=30)


def test_each_role_gets_its_own_kinds_of_journal(records):
    assert journal_paths(records, "tess", "tutor", UNITS) == [
        records / "decisions" / unit / "tess.jsonl" for unit in UNITS]
    assert [p.parent.parent.name for p in journal_paths(records, "ivy", "iqa", UNITS)] == \
        ["plans", "plans", "verdicts", "verdicts"]
    assert journal_paths(records, "amy", "learner", UNITS) == []
    assert prepare_journals(records, "no-such-account", "tutor", UNITS) == []


def test_the_hub_makes_an_append_only_journal_its_owner_can_only_add_to(records):
    path = records / "decisions" / "unit-a" / "nobody.jsonl"
    assert prepare_journals(records, "nobody", "tutor", UNITS) == []
    info = path.stat()
    assert (info.st_uid, info.st_gid, oct(info.st_mode & 0o777)) == \
        (NOBODY, path.parent.stat().st_gid, "0o644")
    assert is_append_only(path)
    folder = path.parent
    assert as_nobody("echo '{}' >> nobody.jsonl", folder).returncode == 0
    # rewriting, emptying, replacing or removing it: the file system refuses all of them
    for attack in ("echo '{}' > nobody.jsonl", "truncate -s 0 nobody.jsonl",
                   "echo x > copy && mv -f copy nobody.jsonl", "rm -f nobody.jsonl",
                   "chmod 666 nobody.jsonl"):
        done = as_nobody(attack, folder)
        assert done.returncode != 0, attack
    assert path.read_text(encoding="utf-8") == "{}\n"
    # made again at the next start: kept as it is
    assert prepare_journals(records, "nobody", "tutor", UNITS) == []
    assert path.read_text(encoding="utf-8") == "{}\n"


def test_a_file_planted_under_anothers_name_is_moved_aside_and_theirs_made(records):
    folder = records / "decisions" / "unit-a"
    # another account gets there first, with a file and with a link to somewhere else
    planted = as_nobody("echo forged > tess.jsonl && ln -s /etc/hostname ivy.jsonl", folder)
    assert planted.returncode == 0
    notes = make_journal(folder / "tess.jsonl", 0, 0)
    assert notes[0] == (f"records: {folder / 'tess.jsonl'} was made by nobody, not its account: "
                        f"moved to {folder / 'tess.jsonl.planted-by-nobody'}")
    assert (folder / "tess.jsonl").read_text() == "" and (folder / "tess.jsonl").stat().st_uid == 0
    hostname = Path("/etc/hostname").read_bytes()
    make_journal(folder / "ivy.jsonl", 0, 0)
    assert Path("/etc/hostname").read_bytes() == hostname  # the link was never followed
    assert not (folder / "ivy.jsonl").is_symlink()
    # what was moved aside is not read as anyone's journal
    assert not any("planted" in m for m in read_folder(folder).ignored)


def test_append_only_is_reported_where_it_cannot_be_set(tmp_path):
    # a pipe has no file-system flags: the reason is given, nothing is raised
    read, write = os.pipe()
    try:
        assert set_append_only(read) == "the file system does not support append-only files"
    finally:
        os.close(read)
        os.close(write)


def test_a_tutor_records_into_the_journal_the_hub_made(records, monkeypatch):
    from .test_decisions import UNIT, decide, submission

    (records / "decisions" / UNIT.slug).mkdir(parents=True)
    assert prepare_all(records, {"root": "tutor", "amy": "learner"}, [UNIT.slug]) == []
    path = record.journal_folder(records, UNIT.slug) / "root.jsonl"
    assert is_append_only(path)
    first = decide(records, submission(records, "ready"), "1.1")
    second = decide(records, submission(records, "ready"), "1.2", evidence=("e2",))
    assert [d.id for d in record.history(records, UNIT.slug)] == [first.id, second.id]
    with pytest.raises(PermissionError):
        path.write_text("", encoding="utf-8")  # even root's own process cannot empty it
