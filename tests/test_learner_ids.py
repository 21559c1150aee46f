"""Learner ids are checked where they enter; an unsafe one is refused by name, never dropped.

The end-to-end test submits through real nbgrader under ids holding "/", "../" and capitals:
collect cannot see the first two (they land beside or above the inbox) and would grade the
third under a folder no account owns. `workbook grade` lists each as a problem.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.cohort import ASSIGNMENT, PROJECT, build_cohort
from tests.helpers import run_workbook
from workbook.errors import Refusal
from workbook.hub.accounts import check_username
from workbook.learner.ids import InvalidId, check_file_name, check_id, is_id
from workbook.learner.store import Store
from workbook.tutor.submission_ids import refused_submissions

GOOD = ["learner1", "ann", "j-smith", "tutor_2", "a" * 32]
BAD = {
    "a/b": "it contains a path separator",
    "..": "it contains '..'",
    "../learner2": "it contains a path separator",
    "a\\b": "it contains a path separator",
    "": "it is empty",
    "a+b": "it contains '+'",
    "-rf": "it does not start with a letter",  # it would read as an option
    ".hidden": "it does not start with a letter",
    "1abc": "it does not start with a letter",
    "Ann": "it contains capital letters",
    "ann smith": "it contains ' '",
    "ann\n": "it contains '\\n'",
    "a" * 33: "it is 33 characters long",
    "=HYPERLINK(1)": "it contains '(', ')', '='",
    "émile": "it contains 'é'",
}


@pytest.mark.parametrize("value", GOOD)
def test_plain_ids_pass(value):
    assert check_id(value) == value and is_id(value)


@pytest.mark.parametrize("value, why", BAD.items())
def test_unsafe_ids_are_refused_by_name(value, why):
    assert not is_id(value)
    with pytest.raises(InvalidId) as caught:
        check_id(value, "nbgrader student id")
    message = str(caught.value)
    assert message.startswith(f"nbgrader student id {value!r} refused: ")
    assert why in message and "a lower-case letter" in message
    assert isinstance(caught.value, Refusal) and caught.value.exit_code == 2


def test_store_names_use_the_file_name_rule(tmp_path):
    store = Store(tmp_path)
    assert store.path("quiz-lead-person-centred-practice-lo1").name == \
        "quiz-lead-person-centred-practice-lo1.json"
    for name in ("../outside", "a/b", "..x", "a..b", "", ".lock", "a b"):
        with pytest.raises(InvalidId, match=re.escape(f"store document name {name!r} refused")):
            store.path(name)
    with pytest.raises(ValueError):  # still a ValueError for callers that catch that
        store.update("../outside", lambda d: d.update(x=1))
    assert list(tmp_path.iterdir()) == []
    assert check_file_name("evidence-unit.before-course-wide") == "evidence-unit.before-course-wide"


def test_misplaced_and_unsafe_submissions_are_found(tmp_path):
    course = tmp_path / "exchange" / "course-x"
    inbound = course / "inbound"
    for rel in ("learner1+a1+2026-01-01 10:00:00.000000 UTC+abc",   # fine
                "a/b+a1+2026-01-01 10:00:00.000000 UTC+abc",        # "a/b"
                "x/y/z+a1+2026-01-01 10:00:00.000000 UTC",          # "x/y/z"
                "Bad.Name+a1+2026-01-01 10:00:00.000000 UTC+abc",   # collected, but unsafe
                "learner2+other+2026-01-01 10:00:00.000000 UTC+abc"):  # another assignment
        (inbound / rel).mkdir(parents=True)
    (course / "stray+a1+2026-01-01 10:00:00.000000 UTC+abc").mkdir()       # "../stray"
    (course.parent / "far+a1+2026-01-01 10:00:00.000000 UTC+abc").mkdir()  # "../../far"
    found = refused_submissions(course, "a1")
    assert found == {"a/b": "it contains a path separator",
                     "x/y/z": "it contains a path separator",
                     "Bad.Name": "it contains capital letters",
                     "../stray": "it contains a path separator",
                     "../../far": "it contains a path separator"}
    assert refused_submissions(tmp_path / "missing", "a1") == {}


SUBMIT_AS = """
import sys
from pathlib import Path
from tests.cohort_learners import _exchange_step
from workbook.tutor.gradebook import open_api

course, home, assignment, *ids = sys.argv[1:]
api = open_api(Path(course))
for learner in ids:
    _exchange_step(api, "Submit", assignment, learner, Path(home))
"""


@pytest.mark.slow
def test_grade_reports_submissions_under_unsafe_ids(tmp_path):
    cohort = build_cohort(tmp_path, learners=("good",))
    unsafe = ["a/b", "../stray", "Bad.Name"]
    done = subprocess.run([sys.executable, "-c", SUBMIT_AS, str(cohort.course),
                           str(cohort.homes / "good"), ASSIGNMENT, *unsafe],
                          cwd=PROJECT, env=cohort.env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = run_workbook("grade", cohort.assignment, "--course-root", cohort.course,
                          cwd=cohort.root, env=cohort.env)
    assert result.returncode == 1, result.stdout + result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[2:-1]}
    assert sorted(rows) == sorted(["good", *unsafe])
    assert re.match(r"good\s+\d", rows["good"])  # the good learner is graded as before
    for learner in unsafe:
        assert f"not graded: learner id {learner!r} refused: " in rows[learner]
    assert "it contains a path separator" in rows["a/b"] and "it contains a path separator" in rows["../stray"]
    assert result.stdout.splitlines()[-1] == "1 of 4 submissions autograded; 3 FAILED"
    # nothing was graded under the unsafe ids
    assert [p.name for p in (cohort.course / "autograded").iterdir()] == ["good"]
    # the report names the folder collected under an unsafe id, and reports everyone else
    report = run_workbook("report", "--course-root", cohort.course, "--out", tmp_path / "report",
                          cwd=cohort.root, env=cohort.env)
    assert report.returncode == 1
    assert f"warning: {cohort.course / 'submitted' / 'Bad.Name'}: left out: learner id " \
           "'Bad.Name' refused: it contains capital letters" in report.stderr
    assert "good," in (tmp_path / "report" / "learners.csv").read_text()


@pytest.mark.parametrize("name", ["a/b", "..", "../tutor1", "Ann", "a+b"])
def test_hub_user_names_follow_the_learner_id_rule(name):
    with pytest.raises(Refusal, match=re.escape(f"hub user: {name!r} is not a plain user name (")):
        check_username(name, "hub user")
    assert check_username("learner1") == "learner1"


def test_decide_refuses_an_unsafe_learner_id_by_name(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    result = run_workbook("decide", "lead-person-centred-practice", "../learner2", "1.1", "met",
                          "--feedback", "ok", "--course-root", course,
                          env={**os.environ, "WORKBOOK_ROLE": "tutor"})
    assert result.returncode == 2
    assert "learner id '../learner2' refused: it contains a path separator" in result.stderr
    assert list(course.iterdir()) == []
