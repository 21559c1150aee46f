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
    lpcp = [(r["criterion"], r["learners"], r["evidenced"], r["credited"]) for r in rows
            if r["unit"] == "lead-person-centred-practice"]
    # only 1.1, 2.1 and 3.1 have evidence and marks; the unit's other criteria are listed unmet
    assert [r for r in lpcp if r[0] in ("1.1", "2.1", "3.1")] == [
        ("1.1", "2", "1", "1"), ("2.1", "2", "1", "1"), ("3.1", "2", "1", "1")]
    assert all(r[2:] == ("0", "0") for r in lpcp if r[0] not in ("1.1", "2.1", "3.1"))
    assert not (cohort.course / "gradebook.db").exists()
