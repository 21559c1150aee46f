"""The exchange as the hub (root) lays it out, used by real accounts: a tutor in the tutors group
releases, collects and releases feedback through the hub's course folders; learners fetch and
submit; a learner can neither take over nor read those folders, and a forged submission is
refused while the others are collected.

Each step runs in a child process as its account (`run_as`), through nbgrader's own exchange
classes as the course config sets them.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default import ExchangeSubmit
from nbgrader.utils import notebook_hash
from traitlets.config import Config

from workbook.assess.checked_exchange import (
    CheckedCollect,
    CheckedFetchAssignment,
    CheckedReleaseAssignment,
    CheckedReleaseFeedback,
)
from workbook.assess.exchange_folders import prepare_course_folders

from .accounts import run_as, unix_accounts

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.geteuid() != 0, reason="makes Unix accounts (needs root)")]

A, COURSE = "a1", "course-x"
TUTOR, L1, L2, L3, TUTORS = "wbttutor1", "wbtlearner1", "wbtlearner2", "wbtlearner3", "wbttutors"


@pytest.fixture(scope="module")
def ids():
    with unix_accounts(TUTOR, L1, L2, L3, groups={TUTORS: (TUTOR,)}) as found:
        yield found


@pytest.fixture
def place(ids):
    """A folder every account can enter (pytest's own is root's only), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="wbt-exchange-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def step(cls, base: Path, home: Path, student: str = "", **extra):
    """An nbgrader exchange step as the course's config would make it."""
    config = Config()
    config.CourseDirectory.course_id = COURSE
    config.CourseDirectory.root = str(base / "tutor" / "course")
    config.CourseDirectory.assignment_id = A
    config.Exchange.root = str(base / "exchange")
    config.Exchange.cache = str(home / "cache")
    config.Exchange.assignment_dir = str(home)
    if student:
        config.CourseDirectory.student_id = student
    coursedir = CourseDirectory(config=config)
    app = cls(coursedir=coursedir, authenticator=Authenticator(config=config), config=config)
    for name, value in extra.items():
        setattr(app, name, value)
    return app


def home(base: Path, uid: int) -> Path:
    folder = base / f"home-{uid}"
    folder.mkdir(mode=0o700)
    os.chown(folder, uid, uid)
    return folder


def test_hub_made_course_folders_serve_the_tutor_and_keep_learners_out(place, ids):
    exchange = place / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o1777)
    assert prepare_course_folders(exchange, COURSE, ids[TUTORS]) == []
    course = place / "tutor" / "course"
    (course / "release" / A).mkdir(parents=True)
    (course / "release" / A / "assessment.ipynb").write_text('{"cells": []}')
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE):
        pass
    tutor_home = home(place, ids[TUTOR])
    for path in [place / "tutor", *(place / "tutor").rglob("*")]:
        os.chown(path, ids[TUTOR], ids[TUTOR])

    released = run_as(TUTOR, lambda: step(CheckedReleaseAssignment, place, tutor_home).start())
    assert released["ok"], released
    assert (exchange / COURSE / "outbound" / A / "assessment.ipynb").is_file()

    homes = {name: home(place, ids[name]) for name in (L1, L2, L3)}
    for name in (L1, L2):
        fetched = run_as(name, lambda n=name: step(CheckedFetchAssignment, place, homes[n]).start())
        assert fetched["ok"], fetched
        assert (homes[name] / A / "assessment.ipynb").is_file()
    for name, student in ((L1, L1), (L2, L2), (L1, L2)):  # the last: learner1 as learner2
        (homes[name] / A / "assessment.ipynb").write_text(f'{{"by": "{name}"}}')
        done = run_as(name, lambda n=name, s=student: step(ExchangeSubmit, place, homes[n], s).start())
        assert done["ok"], done

    def squat() -> list[str]:
        """What learner3 tries; the name of every attempt that worked."""
        worked = []
        attempts = {
            "rename the course folder": lambda: os.rename(exchange / COURSE, exchange / "old"),
            "add to outbound": lambda: (exchange / COURSE / "outbound" / "a2").mkdir(),
            "list inbound": lambda: os.listdir(exchange / COURSE / "inbound"),
            "list feedback": lambda: os.listdir(exchange / COURSE / "feedback"),
            "replace inbound": lambda: os.rename(exchange / COURSE / "inbound", exchange / "i"),
        }
        for name, attempt in attempts.items():
            try:
                attempt()
                worked.append(name)
            except OSError:
                pass
        return worked

    assert run_as(L3, squat) == {"ok": True, "value": []}

    def collect() -> list[str]:
        app = step(CheckedCollect, place, tutor_home, update=True)
        lines: list[str] = []
        app.log.warning = lambda message, *args: lines.append(message % args)
        app.start()
        return lines

    collected = run_as(TUTOR, collect)
    assert collected["ok"], collected
    assert len(collected["value"]) == 1
    assert f"refused the submission of {L2} (" in collected["value"][0]
    assert f"it was made by {L1}, not by {L2}" in collected["value"][0]
    submitted = course / "submitted"
    assert (submitted / L1 / A / "assessment.ipynb").read_text() == f'{{"by": "{L1}"}}'
    assert (submitted / L2 / A / "assessment.ipynb").read_text() == f'{{"by": "{L2}"}}'

    page = course / "feedback" / L1 / A
    page.mkdir(parents=True)
    (page / "assessment.html").write_text("<p>well done</p>")
    (page / "timestamp.txt").write_text("2026-12-01 10:00:00.000000 UTC")
    (page / "submission_secret.txt").write_text("s3cret")
    for path in [course / "feedback", *(course / "feedback").rglob("*")]:
        os.chown(path, ids[TUTOR], ids[TUTOR])
    released = run_as(TUTOR, lambda: step(CheckedReleaseFeedback, place, tutor_home).start())
    assert released["ok"], released
    html = exchange / COURSE / "feedback" / f"{notebook_hash(secret='s3cret', notebook_id='assessment')}.html"
    assert html.read_text() == "<p>well done</p>"
    inbound = (exchange / COURSE / "inbound").stat()
    assert (inbound.st_uid, inbound.st_gid, stat.S_IMODE(inbound.st_mode)) == (0, ids[TUTORS], 0o3773)
