"""The gradebook on a real PostgreSQL server: release, grade and report with no SQLite file.

The server comes from Debian's packages (tests/pg_server.py) and listens on loopback only; the
course's nbgrader_config.py picks the gradebook URL up from $WORKBOOK_GRADEBOOK_URL.
"""
from __future__ import annotations

import csv
import io

import pytest

from .cohort import build_cohort, mark_written
from .helpers import run_workbook
from .pg_server import pg_server  # noqa: F401  (fixture)
from .test_grade_report_e2e import assert_graded_table

COURSE_ID = "l5-leadership-hsc-cyp"


@pytest.mark.slow
def test_grade_and_report_use_the_postgresql_gradebook(pg_server, tmp_path):  # noqa: F811
    import sqlalchemy

    url = pg_server.create_database("gradebook")
    cohort = build_cohort(tmp_path, env={"WORKBOOK_GRADEBOOK_URL": url},
                          learners=("good", "broken-notebook"))
    result = run_workbook("grade", cohort.assignment, "--course-root", cohort.course,
                          cwd=cohort.root, env=cohort.env)
    assert_graded_table(result, cohort, learners=("good", "broken-notebook"))
    assert not (cohort.course / "gradebook.db").exists()

    mark_written(url, COURSE_ID, cohort.assignment, "good",
                 {"answer-1-1": 4, "answer-2-1": 4, "answer-3-1": 4})
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as connection:
        marked = connection.execute(sqlalchemy.text(
            "select count(*) from grade where manual_score is not null")).scalar()
    engine.dispose()
    assert marked == 3

    out = tmp_path / "report"
    result = run_workbook("report", "--course-root", cohort.course, "--out", out,
                          cwd=cohort.root, env=cohort.env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO((out / "criteria.csv").read_text(encoding="utf-8"))))
    lpcp = {r["criterion"]: (r["learners"], r["evidenced"], r["met"]) for r in rows
            if r["unit"] == "lead-person-centred-practice"}
    # good evidenced every criterion; the written marks above decide nothing: no decision yet
    assert set(lpcp.values()) == {("2", "1", "0")} and len(lpcp) == 10
    # the automatically marked questions' scores come from the PostgreSQL gradebook
    learners = {(r["learner"], r["outcome"]): r for r in csv.DictReader(io.StringIO(
        (out / "learners.csv").read_text(encoding="utf-8"))) if r["unit"] == "lead-person-centred-practice"}
    assert learners[("good", "LO1")]["questions percent"] == "100"
    assert learners[("broken-notebook", "LO1")]["questions percent"] == ""
    assert not (cohort.course / "gradebook.db").exists()
