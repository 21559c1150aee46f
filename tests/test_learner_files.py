"""One learner's file never stops the work for others: every reader of learner-made JSON is
bounded in size and nesting, and names the learner and the file it could not use.

Real files throughout: a 200,000-deep evidence document, an oversized one, a pipe, a link, a
folder under an id that is not a learner id; then the tutor's `workbook decisions` over them.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from workbook.assess.responses import ResponsesError, read_answers, responses_path
from workbook.decisions.submissions import submissions
from workbook.learner import bounded
from workbook.learner.bounded import LearnerFileError
from workbook.learner.store import Store

from .helpers import run_workbook
from .test_decisions_view import ASSIGNMENT, UNIT, course_folder

DEEP = 200_000


def deep(n: int = DEEP) -> str:
    return '{"schema": 1, "name": "evidence", "data": {"items": ' + "[" * n + "]" * n + "}}"


def test_a_deeply_nested_file_is_refused_before_parsing_and_named(tmp_path):
    path = tmp_path / "evidence.json"
    path.write_text(deep(), encoding="utf-8")
    with pytest.raises(LearnerFileError) as caught:
        bounded.load(path)
    assert str(caught.value) == f"{path}: is nested too deeply (more than 64 levels)"
    # brackets inside strings are text, not nesting
    path.write_text('{"a": "' + "[" * 1000 + '", "b": [[1]]}', encoding="utf-8")
    assert bounded.load(path)["b"] == [[1]]


def test_size_limit_is_settable_and_checked_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "evidence.json"
    path.write_text('{"data": "' + "x" * 300_000 + '"}', encoding="utf-8")
    assert bounded.load(path)["data"].startswith("x")
    monkeypatch.setenv(bounded.SIZE_SETTING, "0.1")
    with pytest.raises(LearnerFileError, match=r"is too large \(293 KB; the limit is 102 KB, set by "
                                               "WORKBOOK_MAX_LEARNER_FILE_MB\\)"):
        bounded.load(path)
    monkeypatch.setenv(bounded.SIZE_SETTING, "five")  # a typo keeps the default, never no limit
    assert bounded.size_limit() == 5 * 1024 * 1024


def test_a_pipe_or_a_link_is_refused_without_waiting_or_following(tmp_path):
    os.mkfifo(tmp_path / "pipe.json")
    started = time.monotonic()
    with pytest.raises(LearnerFileError, match="is not a plain file"):
        bounded.load(tmp_path / "pipe.json")
    assert time.monotonic() - started < 2
    (tmp_path / "link.json").symlink_to("/etc/hostname")
    with pytest.raises(LearnerFileError, match="is a link"):
        bounded.load(tmp_path / "link.json")


def test_checking_a_5_mb_file_takes_well_under_a_second(tmp_path):
    path = tmp_path / "wide.json"
    path.write_text("[" + ",".join(['{"a": "x[y]", "b": [1]}'] * 200_000) + "]", encoding="utf-8")
    deep_siblings = tmp_path / "deep-siblings.json"
    deep_siblings.write_text("[1," * 1_200_000 + "1" + "]" * 1_200_000, encoding="utf-8")
    assert path.stat().st_size > 4_500_000 and deep_siblings.stat().st_size > 4_500_000
    started = time.monotonic()
    assert len(bounded.load(path)) == 200_000
    with pytest.raises(LearnerFileError, match="nested too deeply"):
        bounded.load(deep_siblings)
    assert time.monotonic() - started < 2
    assert not bounded.deeper_than([[1], {"a": [2]}], 3) and bounded.deeper_than([[[[]]]], 3)


def test_the_learners_own_store_sets_a_deep_file_aside_and_goes_on(tmp_path):
    (tmp_path / "evidence.json").write_text(deep(), encoding="utf-8")
    store = Store(tmp_path)
    assert store.read("evidence") == {}
    assert (tmp_path / "evidence.corrupt-1.json").read_text(encoding="utf-8") == deep()
    assert "is nested too deeply" in store.warnings[0]


def test_deep_or_huge_answers_are_one_plain_error_at_grading(tmp_path, monkeypatch):
    path = responses_path(ASSIGNMENT, tmp_path)
    path.parent.mkdir()
    path.write_text(deep(), encoding="utf-8")
    with pytest.raises(ResponsesError, match="are damaged \\(the file is nested too deeply"):
        read_answers(ASSIGNMENT, tmp_path)
    monkeypatch.setenv(bounded.SIZE_SETTING, "0.000001")
    with pytest.raises(ResponsesError, match="cannot be used: the file is too large"):
        read_answers(ASSIGNMENT, tmp_path)


@pytest.fixture
def cohort_folder(tmp_path):
    """The course folder with `ready` and `other` submitted, then one learner's faults each."""
    root = course_folder(tmp_path)
    submitted = root / "submitted"
    for name in ("deep", "huge", "odd one"):
        shutil.copytree(submitted / "ready", submitted / name)
    (submitted / "deep" / ASSIGNMENT / ".responses" / "evidence.json").write_text(deep())
    (submitted / "huge" / ASSIGNMENT / ".responses" / "evidence.json").write_text(
        '{"data": {"items": {}}, "pad": "' + "x" * (6 * 1024 * 1024) + '"}')
    return root


def test_each_bad_submission_leaves_out_only_its_learner_with_a_line(cohort_folder):
    skipped: list[str] = []
    found = submissions(cohort_folder, UNIT, skipped)
    assert sorted(found) == ["other", "ready"]
    assert found["ready"].items and found["ready"].signed
    evidence = Path(".responses") / "evidence.json"
    submitted = cohort_folder / "submitted"
    assert skipped == [
        f"deep skipped: deep's {submitted / 'deep' / ASSIGNMENT / evidence} is nested too deeply "
        "(more than 64 levels)",
        f"huge skipped: huge's {submitted / 'huge' / ASSIGNMENT / evidence} is too large (6.0 MB; "
        "the limit is 5.0 MB, set by WORKBOOK_MAX_LEARNER_FILE_MB)",
        f"{submitted / 'odd one'}: left out: learner id 'odd one' refused: it contains ' '; a "
        "learner id is a lower-case letter, then lower-case letters, digits, '-' and '_', at "
        "most 32 characters"]


def test_workbook_decisions_shows_everyone_else(cohort_folder):
    env = {**os.environ, "WORKBOOK_ROLE": "tutor"}
    env.pop("WORKBOOK_RECORDS", None)
    result = run_workbook("decisions", UNIT, "--course-root", cohort_folder, env=env)
    assert result.returncode == 0, result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")] \
        == ["other", "ready"]
    warnings = result.stderr.splitlines()
    assert len(warnings) == 3 and all(w.startswith("warning: ") for w in warnings)
    assert "deep skipped: " in warnings[0] and "'odd one'" in warnings[2]
    # deciding on a learner left out says why, in one line
    result = run_workbook("decide", UNIT, "deep", "1.1", "met", "--evidence", "e1",
                          "--course-root", cohort_folder, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("error: deep skipped: deep's ") and "nested too deeply" in result.stderr


def test_a_deep_portfolio_import_is_one_named_problem(tmp_path):
    from workbook.course.loader import load_course
    from workbook.errors import WorkbookError
    from workbook.learner.portfolio_export import read_export

    path = tmp_path / "portfolio.json"
    path.write_text('{"schema": 1, "items": ' + "[" * DEEP + "]" * DEEP + "}", encoding="utf-8")
    with pytest.raises(WorkbookError) as caught:
        read_export(path, load_course().units[0])
    assert f"{path}:1: nested more than 64 levels deep" in str(caught.value)
