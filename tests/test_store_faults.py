"""Store under faults: a read-only store, a disk that refuses writes, a save killed midway.

Read-only and full disks are real: a small tmpfs mounted (and remounted read-only) when the
tests run as root, since permissions do not stop root; a folder without write permission when
they do not. Where neither is possible the test says so and is skipped. The disk-refusal path
is also tested everywhere by failing the OS call that commits a save.
"""
from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.disks import read_only_folder, remount, tmpfs
from tests.helpers import run_workbook
from workbook import atomic
from workbook.errors import WorkbookError
from workbook.learner.store import SaveError, Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def read_only_store(tmp_path) -> Iterator[Path]:
    """A store folder holding one saved quiz, which nobody (root included) can write to."""
    def fill(folder: Path) -> None:
        Store(folder).update("quiz-u-lo1", lambda d: d.update(answers={"q1": {"answer": "b"}}))

    with read_only_folder(tmp_path / "store", fill) as folder:
        yield folder


def test_read_only_store_is_detected_and_still_read(read_only_store):
    store = Store(read_only_store)
    assert not store.writable()
    assert store.read("quiz-u-lo1") == {"answers": {"q1": {"answer": "b"}}}
    assert store.read("never-saved") == {}
    assert store.warnings == []


def test_read_only_store_refuses_saves_plainly_and_keeps_the_file(read_only_store):
    store = Store(read_only_store)
    before = (read_only_store / "quiz-u-lo1.json").read_bytes()
    with pytest.raises(SaveError) as caught:
        store.update("quiz-u-lo1", lambda d: d.update(answers={"q1": {"answer": "c"}}))
    assert caught.value.message in ("not saved: the folder is read-only",
                                    "not saved: no permission to write there")
    assert isinstance(caught.value, WorkbookError)
    assert (read_only_store / "quiz-u-lo1.json").read_bytes() == before
    with pytest.raises(SaveError):
        store.update("new-doc", lambda d: d.update(x=1))
    assert sorted(p.name for p in read_only_store.iterdir()) == [".quiz-u-lo1.lock", "quiz-u-lo1.json"]


def test_corrupt_file_in_read_only_store_is_reported_not_moved(tmp_path):
    with tmpfs(tmp_path / "store", "1m") as folder:
        (folder / "doc.json").write_text("{broken")
        remount(folder, "ro")
        store = Store(folder)
        assert store.read("doc") == {}
        assert store.warnings == [
            "Your saved file doc.json is not valid JSON (line 1), and this folder cannot be "
            "written to, so it was left as it is; your tutor can help recover it."]
        assert (folder / "doc.json").read_text() == "{broken"


def test_writable_store_and_missing_store_folder(tmp_path):
    assert Store(tmp_path).writable()
    assert Store(tmp_path / "not" / "yet").writable()


def test_full_disk_says_not_saved_and_keeps_the_old_answers(tmp_path):
    with tmpfs(tmp_path / "store", "64k") as folder:
        store = Store(folder)
        store.update("quiz-u-lo1", lambda d: d.update(answers={"q1": {"answer": "a"}}))
        before = (folder / "quiz-u-lo1.json").read_bytes()
        long_answer = "x" * 200_000  # larger than the whole disk
        with pytest.raises(SaveError) as caught:
            store.update("quiz-u-lo1", lambda d: d["answers"].update(q2={"answer": long_answer}))
        assert caught.value.message == "not saved: the disk is full"
        assert str(caught.value) == f"{folder / 'quiz-u-lo1.json'}: not saved: the disk is full"
        assert (folder / "quiz-u-lo1.json").read_bytes() == before
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        # Space freed: the same save now succeeds.
        store.update("quiz-u-lo1", lambda d: d["answers"].update(q2={"answer": "short"}))
        assert store.read("quiz-u-lo1")["answers"]["q2"] == {"answer": "short"}


@pytest.mark.parametrize("code, reason", [
    (errno.ENOSPC, "the disk is full"),
    (errno.EACCES, "no permission to write there"),
    (errno.EROFS, "the folder is read-only"),
    (errno.EIO, "input/output error"),
])
def test_refused_commit_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch, code, reason):
    store = Store(tmp_path)
    store.update("doc", lambda d: d.update(x=1))

    def refuse(src, dst):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, "replace", refuse)
    expected = f"{tmp_path / 'doc.json'}: not saved: {reason}"
    with pytest.raises(SaveError, match=f"^{re.escape(expected)}$"):
        store.update("doc", lambda d: d.update(x=2))
    monkeypatch.undo()
    assert Store(tmp_path).read("doc") == {"x": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".doc.lock", "doc.json"]


# A child that saves, and stops for good once the new text is in the temporary file.
_SAVE_THEN_HANG = """
import os, sys, time
from workbook import atomic
from workbook.learner.store import Store

def hang(fd):
    print("writing", flush=True)
    time.sleep(600)

atomic.os.fsync = hang
Store(sys.argv[1]).update("doc", lambda d: d.update(x="new"))
"""


def test_kill_during_a_save_leaves_the_old_file_and_the_next_save_cleans_up(tmp_path):
    Store(tmp_path).update("doc", lambda d: d.update(x="old"))
    child = subprocess.Popen([sys.executable, "-c", _SAVE_THEN_HANG, str(tmp_path)],
                             stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert child.stdout.readline() == "writing\n"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(30)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert left and left[0].startswith(f".doc.json.{child.pid}.")
    assert Store(tmp_path).read("doc") == {"x": "old"}

    Store(tmp_path).update("doc", lambda d: d.update(x="next"))
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert Store(tmp_path).read("doc") == {"x": "next"}


def test_only_stale_temporary_files_are_removed(tmp_path):
    mine = tmp_path / f".doc.json.{os.getpid()}.abcd1234.tmp"      # a save running now
    old_mine = tmp_path / f".other.json.{os.getpid()}.zzzz9999.tmp"  # pid reused long after
    legacy = tmp_path / ".doc.json.k3j4h5g6.tmp"                     # older naming, no pid
    fresh_legacy = tmp_path / ".new.json.q1w2e3r4.tmp"
    unrelated = tmp_path / "notes.tmp"
    for path in (mine, old_mine, legacy, fresh_legacy, unrelated):
        path.write_text("partial")
    hour_ago = time.time() - 3600
    for path in (old_mine, legacy, unrelated):
        os.utime(path, (hour_ago, hour_ago))
    removed = atomic.remove_stale_temp_files(tmp_path)
    assert sorted(p.name for p in removed) == sorted([old_mine.name, legacy.name])
    assert mine.exists() and fresh_legacy.exists() and unrelated.exists()


def test_save_error_from_any_writer_names_the_file_and_fails_with_exit_1(tmp_path):
    with tmpfs(tmp_path / "ro", "64k") as folder:
        remount(folder, "ro")
        with pytest.raises(SaveError) as caught:
            atomic.write_atomic(folder / "out.csv", "a,b\n")
        assert caught.value.lines() == [f"{folder / 'out.csv'}: not saved: the folder is read-only"]
        assert caught.value.exit_code == 1
        assert list(folder.iterdir()) == []


def test_command_line_says_not_saved_and_exits_1(tmp_path):
    store = tmp_path / "store"
    with tmpfs(tmp_path / "ro", "64k") as folder:
        remount(folder, "ro")
        out = folder / "map.csv"
        result = run_workbook("portfolio", "export", "lead-person-centred-practice", "--format",
                              "csv", "--out", out, "--store", store)
        assert result.returncode == 1
        assert result.stderr.strip().endswith(f"{out}: not saved: the folder is read-only")
        assert not out.exists()
