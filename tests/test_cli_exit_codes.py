"""Every command's exit codes: 0 done, 1 something failed or is stale, 2 bad input or a refusal.

Each error is one or more `error: ...` lines on stderr; a refusal ends with `refusing to ...`.
"""
from __future__ import annotations

import os
import shutil

import pytest

from .helpers import ROOT, run_workbook

# every command run as a real process: the functional tier, not make test-fast
pytestmark = pytest.mark.slow

SEED = next((ROOT / "seeds").glob("*.txt"))
UNIT = "lead-person-centred-practice"


def env_with(**values: str) -> dict:
    return {**os.environ, **values}


def assert_error(result, code: int, *needles: str) -> None:
    assert result.returncode == code, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors, result.stderr
    for needle in needles:
        assert needle in result.stderr


@pytest.fixture()
def broken_course(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(ROOT / "workbook" / "course" / "data", course)
    path = course / "course.yaml"
    path.write_text(path.read_text() + "\nunits: [oops\n")
    return course


def test_no_command_is_bad_input():
    assert run_workbook().returncode == 2


def test_check(broken_course):
    assert run_workbook("check").returncode == 0
    assert_error(run_workbook("check", env=env_with(WORKBOOK_COURSE=str(broken_course))), 2,
                 f"{broken_course / 'course.yaml'}:")


def test_build(broken_course, tmp_path):
    fresh = tmp_path / "fresh"
    assert run_workbook("build", "--root", fresh).returncode == 0
    assert run_workbook("build", "--check", "--root", fresh).returncode == 0
    assert run_workbook("build", "--check", "--root", tmp_path / "empty").returncode == 1
    assert_error(run_workbook("build", "--check", env=env_with(WORKBOOK_COURSE=str(broken_course))),
                 2, "course.yaml")


def test_import_seed(tmp_path):
    assert run_workbook("import-seed", SEED, "--out", tmp_path / "out").returncode == 0
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run_workbook("import-seed", empty, "--out", tmp_path / "none")
    assert_error(result, 2, "empty.txt")
    assert not (tmp_path / "none").exists()


def test_portfolio(tmp_path):
    store = tmp_path / "store"
    assert run_workbook("portfolio", "export", UNIT, "--store", store).returncode == 0
    assert_error(run_workbook("portfolio", "export", "no-such-unit", "--store", store), 2,
                 "no unit 'no-such-unit'")
    bad = tmp_path / "evidence.csv"
    bad.write_text("not,an,export\n1,2,3\n")
    result = run_workbook("portfolio", "import", UNIT, bad, "--store", store)
    assert result.returncode == 2, result.stderr
    assert "evidence.csv" in result.stderr


def test_preflights(tmp_path):
    course = tmp_path / "course"
    (course / "source" / "a1").mkdir(parents=True)
    assert run_workbook("assignments", "preflight-release", "a1", "--course-root", course
                        ).returncode == 0
    (course / "source" / "a1" / "key.json").write_text('{"kind": "workbook-answer-keys"}')
    result = run_workbook("assignments", "preflight-release", "a1", "--course-root", course)
    assert_error(result, 2)
    assert result.stderr.splitlines()[-1] == "error: refusing to release a1"
    result = run_workbook("assignments", "preflight-autograde", "a1", "--course-root", course)
    assert_error(result, 2)
    assert result.stderr.splitlines()[-1] == "error: refusing to autograde a1"


@pytest.mark.parametrize("command", [("grade", "a1"), ("release-feedback", "a1"), ("report",)])
def test_tutor_commands_refuse_a_folder_that_is_not_a_course(command, tmp_path):
    result = run_workbook(*command, "--course-root", tmp_path / "nowhere")
    assert_error(result, 2)
