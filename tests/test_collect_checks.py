"""Collect takes only a learner's own, well-formed submission; the exchange cannot be squatted.

Real nbgrader collects from a real exchange through the course's generated nbgrader config;
submissions belong to real Unix accounts made here (`wbtlearner1` ...) and removed afterwards.
Each attack is refused with one line naming the learner and why, while another learner's good
submission is collected, and an earlier collected copy is kept.
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from workbook.assess.assessment import load_assessments
from workbook.assess.exchange_folders import (
    HUB_MODES,
    course_folder_problems,
    prepare_course_folders,
)
from workbook.assess.submission_checks import Limits, snapshot, submission_problem
from workbook.build.assignments import config_text
from workbook.course.loader import load_course
from workbook.tutor.gradebook import open_api

from .accounts import unix_accounts
from .conftest import PROJECT

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.geteuid() != 0, reason="makes Unix accounts (needs root)")]

A = "lpcp-assessment"
OLD, NEW, FUTURE = ("2026-12-01 10:00:00.000000 UTC", "2026-12-02 10:00:00.000000 UTC",
                    "2099-01-01 10:00:00.000000 UTC")
BIN = Path(sys.executable).parent
SECRET = "KEY-7f3a-not-for-learners"


@pytest.fixture(scope="module")
def accounts():
    with unix_accounts("wbtlearner1", "wbtlearner2", "wbtlearner3") as uids:
        yield uids


@pytest.fixture(scope="module")
def gradebook(tmp_path_factory) -> Path:
    """An empty gradebook of the course, made once (making one takes seconds)."""
    from nbgrader.api import Gradebook

    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    with Gradebook(f"sqlite:///{path}", load_course().id):
        pass
    return path


class Course:
    """A tutor's course folder with the generated nbgrader config, and an exchange made as the
    hub makes it (root's, 1777, course folders made before any learner)."""

    def __init__(self, tmp: Path, accounts: dict[str, int]):
        self.uids = accounts
        self.root, self.exchange = tmp / "course", tmp / "exchange"
        self.root.mkdir()
        self.exchange.mkdir(mode=0o1777)
        os.chmod(self.exchange, 0o1777)
        self.course_id = load_course().id
        course = load_course()
        (self.root / "nbgrader_config.py").write_text(
            config_text(course, load_assessments(course, PROJECT / "assessment")))
        self.env = {"WORKBOOK_COURSE_ROOT": str(self.root), "WORKBOOK_EXCHANGE": str(self.exchange),
                    "WORKBOOK_KEYS": str(tmp / "keys"), "PATH": f"{BIN}:{os.environ['PATH']}"}
        self.key = tmp / "keys" / f"{A}.json"
        self.key.parent.mkdir()
        self.key.write_text(f'{{"secret": "{SECRET}"}}')

    @property
    def inbound(self) -> Path:
        return self.exchange / self.course_id / "inbound"

    def submit(self, owner: str, name: str, stamp: str = NEW, answer: str = "mine",
               random: str = "abc") -> Path:
        """A submission folder in the inbox named for `name`, made by `owner`'s account."""
        folder = self.inbound / f"{name}+{A}+{stamp}+{random}"
        folder.mkdir()
        (folder / "assessment.ipynb").write_text(f'{{"answer": "{answer}"}}')
        (folder / "timestamp.txt").write_text(stamp)
        self.chown(folder, owner)
        return folder

    def chown(self, path: Path, owner: str) -> None:
        for item in [path, *path.rglob("*")]:
            os.chown(item, self.uids[owner], -1, follow_symlinks=False)

    def collect(self) -> list[str]:
        """`workbook grade`'s collect: the notes it prints."""
        from workbook.tutor.grade import _collect

        return _collect(open_api(self.root), A)

    def collected(self, learner: str) -> str | None:
        path = self.root / "submitted" / learner / A / "assessment.ipynb"
        return path.read_text() if path.exists() else None


@pytest.fixture
def course(tmp_path, accounts, gradebook, monkeypatch):
    course = Course(tmp_path, accounts)
    shutil.copy(gradebook, course.root / "gradebook.db")
    for name, value in course.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("WORKBOOK_OWNER_CHECK", raising=False)
    monkeypatch.delenv("WORKBOOK_SUBMISSION_LIMIT_MB", raising=False)
    prepare_course_folders(course.exchange, course.course_id)
    return course


def only_line(notes: list[str], learner: str) -> str:
    """The one refusal line about `learner`."""
    lines = [note for note in notes if note.startswith("refused the submission")]
    assert len(lines) == 1, notes
    assert "\n" not in lines[0] and f"of {learner} (" in lines[0], lines[0]
    return lines[0]


def test_a_submission_in_another_learners_name_is_refused(course):
    course.submit("wbtlearner2", "wbtlearner2", OLD, answer="learner2's own")
    course.submit("wbtlearner1", "wbtlearner2", NEW, answer="forged by learner1")
    line = only_line(course.collect(), "wbtlearner2")
    assert "it was made by wbtlearner1, not by wbtlearner2" in line
    assert course.collected("wbtlearner2") == '{"answer": "learner2\'s own"}'


@pytest.mark.parametrize("plant", ["notebook", "nested", "folder", "hard link", "fifo", "socket"])
def test_links_and_special_files_are_refused_and_nothing_is_copied(course, plant, monkeypatch):
    monkeypatch.chdir(course.root)
    course.submit("wbtlearner2", "wbtlearner2")
    if plant == "folder":  # the submission itself is a link into someone else's folder
        target = course.root.parent / "elsewhere"
        target.mkdir()
        (target / "assessment.ipynb").write_text("{}")
        folder = course.inbound / f"wbtlearner1+{A}+{NEW}+x"
        folder.symlink_to(target)
        os.chown(folder, course.uids["wbtlearner1"], -1, follow_symlinks=False)
    else:
        folder = course.submit("wbtlearner1", "wbtlearner1")
        bad = folder / ".responses" / "evidence.json" if plant == "nested" else folder / "x.json"
        bad.parent.mkdir(exist_ok=True)
        if plant == "notebook":
            (folder / "assessment.ipynb").unlink()
            (folder / "assessment.ipynb").symlink_to(course.key)
        elif plant == "nested":
            bad.symlink_to(course.key)
        elif plant == "hard link":
            os.link(course.key, bad)  # the key is root's: a hard link to a file not theirs
        elif plant == "fifo":
            os.mkfifo(bad)
        else:
            import socket
            os.chdir(folder)  # a socket's path must be short
            with socket.socket(socket.AF_UNIX) as sock:
                sock.bind("x.json")
        if plant != "hard link":  # (chown would give the key itself to the learner)
            course.chown(folder, "wbtlearner1")
    line = only_line(course.collect(), "wbtlearner1")
    why = {"notebook": "symbolic link (assessment.ipynb)", "nested": "symbolic link (.responses",
           "folder": "not a folder", "hard link": "hard link to a file of root (x.json)",
           "fifo": "device, pipe or socket (x.json)", "socket": "device, pipe or socket"}[plant]
    assert why in line, line
    assert course.collected("wbtlearner1") is None
    assert course.collected("wbtlearner2") == '{"answer": "mine"}'
    copies = [p for p in course.root.rglob("*") if p.is_file() and SECRET in p.read_text(
        errors="replace")] if plant != "fifo" and plant != "socket" else []
    assert copies == []


def test_an_oversized_submission_is_refused_and_the_earlier_copy_kept(course, monkeypatch):
    monkeypatch.setenv("WORKBOOK_SUBMISSION_LIMIT_MB", "0.01")  # 10 kB
    course.submit("wbtlearner1", "wbtlearner1", OLD, answer="first")
    assert course.collect() == []
    assert course.collected("wbtlearner1") == '{"answer": "first"}'
    big = course.submit("wbtlearner1", "wbtlearner1", NEW, answer="second")
    (big / "video.mp4").write_bytes(b"x" * 20_000)
    course.chown(big, "wbtlearner1")
    course.submit("wbtlearner2", "wbtlearner2", NEW)
    line = only_line(course.collect(), "wbtlearner1")
    assert "larger than the limit of 0.01 MB" in line
    assert course.collected("wbtlearner1") == '{"answer": "first"}'  # not deleted
    assert course.collected("wbtlearner2") == '{"answer": "mine"}'  # the others are collected


@pytest.mark.parametrize("where", ["name", "timestamp.txt", "unreadable name"])
def test_a_future_or_unreadable_time_stamp_is_refused(course, where):
    course.submit("wbtlearner1", "wbtlearner1", OLD, answer="real")
    if where == "name":
        course.submit("wbtlearner1", "wbtlearner1", FUTURE, answer="future")
    elif where == "timestamp.txt":
        folder = course.submit("wbtlearner1", "wbtlearner1", NEW, answer="future")
        (folder / "timestamp.txt").write_text(FUTURE)
    else:
        course.submit("wbtlearner1", "wbtlearner1", "not a time", answer="future")
    course.submit("wbtlearner2", "wbtlearner2")
    line = only_line(course.collect(), "wbtlearner1")
    assert ("is in the future" if where != "unreadable name" else "cannot be read") in line
    assert course.collected("wbtlearner1") == '{"answer": "real"}'
    assert course.collected("wbtlearner2") == '{"answer": "mine"}'


def test_one_account_for_everyone_collects_by_name_unless_the_check_is_on(course, monkeypatch):
    course.submit("wbtlearner2", "wbtlearner2")
    folder = course.inbound / f"someone+{A}+{NEW}+r"
    folder.mkdir()  # root's, as the account that collects: a single-user set-up
    (folder / "assessment.ipynb").write_text("{}")
    assert course.collect() == []
    assert course.collected("someone") == "{}"
    monkeypatch.setenv("WORKBOOK_OWNER_CHECK", "on")
    shutil.rmtree(course.root / "submitted" / "someone")
    assert "made by root, not by someone" in only_line(course.collect(), "someone")
    monkeypatch.setenv("WORKBOOK_OWNER_CHECK", "off")  # today's behaviour, by choice
    course.submit("wbtlearner1", "wbtlearner2", "2026-12-03 10:00:00.000000 UTC", answer="forged")
    assert course.collect() == []
    assert course.collected("wbtlearner2") == '{"answer": "forged"}'
    monkeypatch.setenv("WORKBOOK_OWNER_CHECK", "sometimes")
    assert "WORKBOOK_OWNER_CHECK='sometimes': use one of auto, on, off" in course.collect()[-1]


def test_plain_nbgrader_collect_in_the_course_folder_uses_the_checks(course):
    course.submit("wbtlearner2", "wbtlearner2", OLD, answer="own")
    course.submit("wbtlearner1", "wbtlearner2", NEW, answer="forged")
    done = subprocess.run([str(BIN / "nbgrader"), "collect", A], cwd=course.root, text=True,
                          env={**os.environ, **course.env}, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "refused the submission of wbtlearner2" in done.stdout + done.stderr
    assert course.collected("wbtlearner2") == '{"answer": "own"}'


def test_a_change_after_the_check_is_caught_by_the_snapshot(course, tmp_path):
    folder = course.submit("wbtlearner1", "wbtlearner1")
    limits = Limits(max_bytes=10_000)
    assert submission_problem(folder, "wbtlearner1", NEW, limits) is None
    (folder / "assessment.ipynb").unlink()  # swapped for a link once the check has passed
    (folder / "assessment.ipynb").symlink_to(course.key)
    problem = snapshot(folder, tmp_path / "snap", limits)
    assert problem is not None and "symbolic link" in problem
    assert not (tmp_path / "snap").exists()
    os.unlink(folder / "assessment.ipynb")
    (folder / "assessment.ipynb").write_bytes(b"x" * 20_000)  # grew past the limit
    course.chown(folder, "wbtlearner1")
    assert "larger than the limit" in (snapshot(folder, tmp_path / "snap", limits) or "")
    assert not (tmp_path / "snap").exists()


def squat(top: Path, uid: int) -> None:
    """What a learner could do on an exchange without hub-made course folders."""
    for path in (top, top / "outbound", top / "inbound", top / "feedback"):
        path.mkdir()
        os.chown(path, uid, -1)
        os.chmod(path, 0o777)


def exchange_step(course: Course, step: str) -> dict:
    api = open_api(course.root)
    if step == "release":
        return api.release_assignment(A)
    if step == "fetch":
        from nbgrader.coursedir import CourseDirectory

        from workbook.assess.checked_exchange import CheckedFetchAssignment
        fetch = CheckedFetchAssignment(coursedir=CourseDirectory(config=api.config),
                                       authenticator=api.authenticator, config=api.config)
        fetch.coursedir.assignment_id = A
        fetch.assignment_dir = str(course.root.parent)
        from nbgrader.utils import capture_log
        return capture_log(fetch)
    return api.collect(A)


@pytest.mark.parametrize("step", ["release", "fetch", "collect"])
def test_a_squatted_exchange_is_refused_with_one_line(tmp_path, accounts, gradebook, monkeypatch,
                                                      step):
    course = Course(tmp_path, accounts)
    shutil.copy(gradebook, course.root / "gradebook.db")
    for name, value in course.env.items():
        monkeypatch.setenv(name, value)
    squat(course.exchange / course.course_id, accounts["wbtlearner3"])
    problems = course_folder_problems(course.exchange, course.course_id)
    assert len(problems) == 4 and "made by wbtlearner3, not by the hub" in problems[0]
    (course.root / "release" / A).mkdir(parents=True)
    (course.root / "release" / A / "assessment.ipynb").write_text("{}")
    result = exchange_step(course, step)
    assert not result["success"]
    assert problems[0] in result["log"]
    assert not (course.exchange / course.course_id / "outbound" / A).exists()


def test_the_hub_makes_the_course_folders_and_moves_a_squatted_one_aside(tmp_path, accounts):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o1777)
    squat(exchange / "c1", accounts["wbtlearner3"])
    moved = prepare_course_folders(exchange, "c1", group=0)
    assert len(moved) == 1 and "made by wbtlearner3, not by the hub: moved to" in moved[0]
    for name, mode in HUB_MODES.items():
        info = (exchange / "c1" / name).stat()
        assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (0, mode)
    assert course_folder_problems(exchange, "c1") == []
    # a tutor's own release made them before the hub did: taken over, contents kept
    squat(exchange / "c2", accounts["wbtlearner1"])
    (exchange / "c2" / "outbound" / A).mkdir()
    assert prepare_course_folders(exchange, "c2", 0, frozenset({accounts["wbtlearner1"]})) == []
    assert (exchange / "c2" / "outbound" / A).is_dir() and (exchange / "c2").stat().st_uid == 0
    assert course_folder_problems(exchange, "c2") == []
    os.chmod(exchange / "c1" / "inbound", 0o777)  # listable by every learner
    assert course_folder_problems(exchange, "c1") == [
        f"{exchange / 'c1' / 'inbound'}: mode 0777, everyone can list it; the exchange is not "
        "used until an administrator restarts the hub (which sets it right)"]


def test_the_hubs_configs_use_the_checked_steps(tmp_path):
    from workbook.hub.settings import from_env
    from workbook.hub.userconfig import nbgrader_config

    hub = from_env(PROJECT, {"WORKBOOK_HUB_DATA": str(tmp_path / "data")})
    tutor = nbgrader_config(hub, "tutor", hub.homes / "tutor1")
    learner = nbgrader_config(hub, "learner", hub.homes / "learner1")
    assert "c.ExchangeFactory.collect = checked_exchange.CheckedCollect" in tutor
    assert "c.ExchangeFactory.release_assignment = checked_exchange.CheckedReleaseAssignment" in tutor
    assert "c.ExchangeFactory.fetch_assignment = checked_exchange.CheckedFetchAssignment" in learner
    assert "check_owner" not in tutor
