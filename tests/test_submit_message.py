"""A submission the declaration gate refuses reads as one plain sentence in the Assignments tab.

nbgrader's assignment list answered a failed submit with the whole traceback, which its
JupyterLab panel shows in a box that does not wrap. A real learner's server (the hub's
per-user config: nbgrader's assignment list, the workbook's plain manager, the declaration gate)
is asked to submit an unsigned assessment fetched from a released cohort, as the Assignments
tab asks it.
"""
from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from workbook.assess.assignment_list import WIDTH, plain_failure
from workbook.hub.spawner import with_venv
from workbook.hub.userconfig import server_config
from workbook.tutor.gradebook import open_api

from .cohort import build_cohort
from .cohort_learners import _exchange_step
from .jupyter_server import started

GATE = "Not submitted: sign the declaration of authenticity"

TRACEBACK = """Traceback (most recent call last):
  File "/venv/lib/python3.11/site-packages/nbgrader/server_extensions/assignment_list/handlers.py", line 268, in submit_assignment
    submit.start()
  File "/venv/lib/python3.11/site-packages/nbgrader/exchange/abc/exchange.py", line 58, in fail
    raise ExchangeError(msg)
nbgrader.exchange.abc.exchange.ExchangeError: Not submitted: sign the declaration of authenticity at the end of the unit's portfolio notebook, then run the evidence cell (Part C) of this assessment again, save it and submit.
"""


def test_a_traceback_becomes_its_message_wrapped_to_the_box():
    said = plain_failure(TRACEBACK)
    assert said.startswith(GATE) and "Traceback" not in said and "ExchangeError" not in said
    assert " ".join(said.splitlines()).endswith("save it and submit.")
    assert all(len(line) <= WIDTH for line in said.splitlines())
    assert plain_failure("OSError: [Errno 28] No space left on device") == \
        "[Errno 28] No space left on device"
    assert plain_failure("") == "Not submitted: nbgrader gave no reason."


@pytest.mark.slow
def test_the_assignments_tab_says_why_in_one_sentence(tmp_path):
    cohort = build_cohort(tmp_path, learners=())
    home = tmp_path / "unsigned"
    home.mkdir()
    _exchange_step(open_api(cohort.course), "FetchAssignment", cohort.assignment, "unsigned", home)
    config = tmp_path / "config"
    config.mkdir()
    (config / "jupyter_server_config.json").write_text(
        json.dumps(server_config("learner", tmp_path / "lab-settings")), encoding="utf-8")
    course = open_api(cohort.course).coursedir.course_id
    exchange = cohort.course / "exchange"
    # as the hub writes a learner's nbgrader config (workbook.hub.userconfig.nbgrader_config)
    (config / "nbgrader_config.py").write_text("\n".join([
        "c = get_config()  # noqa: F821",
        f"c.CourseDirectory.course_id = {course!r}",
        f"c.Exchange.root = {str(exchange)!r}",
        "c.CourseDirectory.student_id = 'unsigned'",
        "c.ExchangeFactory.submit = 'workbook.assess.submit_gate.DeclaredSubmit'", ""]))
    env = {"PATH": with_venv("/usr/bin:/bin"), "WORKBOOK_KEYS": cohort.env["WORKBOOK_KEYS"]}
    with started(tmp_path, config, home, env) as server:
        data = urllib.parse.urlencode({"course_id": course,
                                       "assignment_id": cohort.assignment}).encode()
        request = urllib.request.Request(f"{server.url}assignments/submit", data=data,
                                         headers={"Authorization": f"token {server.token}"})
        answer = json.load(urllib.request.urlopen(request, timeout=60))
    assert answer["success"] is False, answer
    said = answer["value"]
    assert said.startswith(GATE) and "Traceback" not in said and "File \"" not in said, said
    assert all(len(line) <= WIDTH for line in said.splitlines()), said
    assert not list((exchange / course / "inbound").glob("*")), "the gate let it through"
