"""Grading from the page runs as a process of its own: how a job reads while it runs, after it
ends, after it was killed, and that a second start is refused while one runs."""
from __future__ import annotations

import json
import subprocess
import time

import pytest

from workbook.errors import WorkbookError
from workbook.tutor import grading_job


def job_file(course, assignment="demo"):
    return course / grading_job.JOB_FOLDER / f"grading-{assignment}.json"


def test_a_job_never_started_reads_as_none(tmp_path):
    assert grading_job.state(tmp_path, "demo") is None


def test_a_running_job_refuses_a_second_start_and_a_killed_one_reads_as_stopped(tmp_path):
    runner = subprocess.Popen(["sleep", "60"])
    try:
        job_file(tmp_path).parent.mkdir(parents=True)
        job_file(tmp_path).write_text(json.dumps({"pid": runner.pid, "started": "09:15"}))
        now = grading_job.state(tmp_path, "demo")
        assert now is not None and now.running and now.started == "09:15"
        with pytest.raises(WorkbookError, match="being graded already \\(since 09:15\\)"):
            grading_job.start(tmp_path, "demo")
    finally:
        runner.kill()
        runner.wait()
    stopped = grading_job.state(tmp_path, "demo")
    assert stopped is not None and not stopped.running and stopped.failed
    assert "stopped before it finished" in (stopped.error or "")


@pytest.mark.slow  # starts the job's own process (a `workbook` module as a process)
def test_a_job_that_cannot_grade_ends_with_one_sentence(tmp_path):
    course = tmp_path / "course"  # no nbgrader course here: grading is refused
    course.mkdir()
    started = grading_job.start(course, "demo")
    assert started.running
    deadline = time.monotonic() + 120
    while (job := grading_job.state(course, "demo")) is not None and job.running:
        assert time.monotonic() < deadline, "the job never ended"
        time.sleep(0.2)  # polling a real condition: the job's process ending
    assert job is not None and job.failed and job.error
    assert "\n" not in job.error and "Traceback" not in job.error


def test_the_course_config_is_read_over_the_users_jupyter_config(tmp_path, monkeypatch):
    """As nbgrader's own commands read it in the course folder: the tutor's Jupyter config
    (on the hub it shares the exchange with the tutors group), the course folder's over it."""
    from workbook.tutor.gradebook import load_config

    user, course = tmp_path / "user-config", tmp_path / "course"
    user.mkdir()
    course.mkdir()
    (user / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.groupshared = True\n"
        "c.CourseDirectory.course_id = 'from-user'\n")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'from-course'\n")
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(user))
    config = load_config(course)
    assert config.CourseDirectory.groupshared is True
    assert config.CourseDirectory.course_id == "from-course"
    (user / "nbgrader_config.py").write_text("c = get_config()\nc.Oops(\n")
    with pytest.raises(WorkbookError, match="user-config/nbgrader_config.py: cannot be loaded"):
        load_config(course)
