"""The records folder on the course hub run as root: the file system, not WORKBOOK_ROLE, keeps
decisions the assessors' and verdicts the IQAs'.

learner1 submits; tutor1 records a decision in the tutor view in Chromium, by keyboard; learner1
can reach neither the decisions notebooks nor the records; iqa1 reads the decision and records a
verdict but cannot change the decision (the file refuses them, whatever role their session
claims); tutor1 cannot write a verdict; tutor1 and tutor2 recording at once each land in their
own file and lose nothing; all of it is still there after the hub restarts.
One hub serves the module; the accounts it makes are removed afterwards (tests/hub_server.py).
"""
from __future__ import annotations

import grp
import json
import os
import pwd
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook.course.loader import load_course

from .conftest import ARTIFACTS, PAGE_TIMEOUT_MS, PROJECT, wait_idle
from .hub_server import HubServer, start_hub
from .hub_user import (
    ASSIGNMENT,
    PROBE,
    HubUser,
    as_account,
    nbgrader_in_kernel,
    release,
    sign_declaration,
    succeeded,
    tutor_nbgrader,
)
from .test_decisions_view import focus_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(os.geteuid() != 0, reason="separate Unix accounts need the hub run as root"),
]
UNIT = "lead-person-centred-practice"
NOTEBOOK = f"course/tutor/decisions-{UNIT}.ipynb"
CRITERION = load_course().unit(UNIT).criteria[0].id
FEEDBACK = "Say which model of person-centred practice you used and why."


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[HubServer]:
    """One course hub for the module, its accounts and changes removed afterwards."""
    server = start_hub(tmp_path_factory.mktemp("hub"), {"WORKBOOK_HUB_TUTORS": "tutor1 tutor2"})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def users(hub: HubServer) -> Iterator[dict[str, HubUser]]:
    """tutor1, learner1 and iqa1 logged in, their servers running; learner1's signed assessment
    submitted and collected by tutor1."""
    logged_in = {name: HubUser(hub, name) for name in ("tutor1", "tutor2", "learner1", "iqa1")}
    for user in logged_in.values():
        assert user.login() == 200
        user.wait_for_server()
    release(hub, ASSIGNMENT)
    learner = logged_in["learner1"]
    fetched = learner.run(nbgrader_in_kernel("fetch_assignment"))
    assert succeeded(fetched), fetched
    assert learner.run(sign_declaration()).strip() == "signed"
    submitted = learner.run(nbgrader_in_kernel("submit"))
    assert succeeded(submitted), submitted
    collected = tutor_nbgrader(hub, "collect", ASSIGNMENT)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    yield logged_in
    for user in logged_in.values():
        user.close()


@pytest.fixture(scope="module")
def decided(hub: HubServer, users, browser) -> Path:
    """tutor1 records "not yet met" on learner1's first criterion in the tutor view, keys only;
    the journal file it wrote."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    try:
        hub.login(page, "tutor1")
        page.goto(hub.lab_url("tutor1", NOTEBOOK))
        page.locator(".jp-StatusBar-TextItem", has_text=Path(NOTEBOOK).name).first.wait_for()
        wait_idle(page)
        page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        view = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .workbook-decisions")
        grid = view.locator(".wb-decisions-grid")
        grid.wait_for()
        assert "declaration signed by A Learner" in grid.inner_text()
        # learner1 is the only learner and the first criterion is chosen: keys from here on
        view.locator(".widget-dropdown", has_text="Learner").locator("select").focus()
        focus_until(page, ".workbook-decisions input[type=radio]")
        page.keyboard.press("ArrowDown")   # not yet met
        focus_until(page, ".workbook-decisions textarea")
        page.keyboard.type(FEEDBACK)
        focus_until(page, ".workbook-decisions button")
        page.keyboard.press("Enter")
        view.get_by_text(f"Recorded tutor1:d1: learner1 {CRITERION} not yet met, "
                         "recorded by tutor1").wait_for()
        ARTIFACTS.mkdir(exist_ok=True)
        view.screenshot(path=str(ARTIFACTS / "decisions-tutor-view-hub.png"))
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "hub-records-decision.png"), full_page=True)
        hub.save_artifacts("hub-records-decision")
        raise
    finally:
        context.close()
    return hub.data / "records" / "decisions" / UNIT / "tutor1.jsonl"


def mode_of(path: Path) -> tuple[str, str, str]:
    """(owner, group, octal mode) of a file or folder."""
    info = path.stat()
    return (pwd.getpwuid(info.st_uid).pw_name, grp.getgrgid(info.st_gid).gr_name,
            f"{stat.S_IMODE(info.st_mode):04o}")


def test_the_tutors_decision_lands_in_their_own_file_in_the_records_folder(hub, decided: Path):
    records = hub.data / "records"
    assert mode_of(records) == ("root", "records", "0750")
    assert mode_of(decided.parent) == ("root", "tutors", "3775")
    assert mode_of(records / "verdicts" / UNIT) == ("root", "iqa", "3775")
    assert mode_of(decided) == ("tutor1", "tutors", "0644")
    [entry] = [json.loads(line) for line in decided.read_text().splitlines()]
    assert (entry["learner"], entry["criterion"], entry["outcome"], entry["feedback"],
            entry["assessor"], entry["account"]) == \
        ("learner1", CRITERION, "not yet met", FEEDBACK, "tutor1", "tutor1")
    assert entry["declaration"].startswith("signed by A Learner on ")


def test_a_learner_reaches_neither_the_decisions_notebooks_nor_the_records(hub, users, decided):
    records = hub.data / "records"
    targets = {
        "the records folder": (records, "list"),
        "the decisions of the unit": (decided.parent, "list"),
        "tutor1's decisions journal": (decided, "read"),
        "tutor1's decisions notebook": (hub.home("tutor1") / NOTEBOOK, "read"),
        "the built decisions notebook": (PROJECT / "assignments" / "tutor"
                                         / f"decisions-{UNIT}.ipynb", "read"),
    }
    for path, _ in targets.values():
        assert Path(path).exists(), path
    probe = {name: (str(path), how) for name, (path, how) in targets.items()}
    seen = json.loads(users["learner1"].run(f"TARGETS = {probe!r}\n{PROBE}"))
    assert seen == dict.fromkeys(targets, "PermissionError")


ATTEMPT = """
import json, os
from pathlib import Path
from workbook.course.loader import load_course
from workbook.decisions import iqa, record
from workbook.decisions.submissions import Submission
from workbook.errors import Refusal
records, unit = Path(os.environ["WORKBOOK_RECORDS"]), load_course().unit(UNIT)
out = {"role": os.environ["WORKBOOK_ROLE"]}
def attempt(act):
    try:
        act()
        return "done"
    except PermissionError:
        return "PermissionError"
    except Refusal as exc:
        return f"Refusal from {type(exc.__cause__).__name__}"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
def decisions():
    return [(d.learner, d.criterion, d.outcome, d.account) for d in record.history(records, UNIT)]
"""


def test_the_iqa_gives_a_verdict_but_the_file_system_keeps_the_decision_the_tutors(
        hub, users, decided):
    printed = users["iqa1"].run(f"UNIT, CRITERION = {UNIT!r}, {CRITERION!r}\n{ATTEMPT}" + """
out["read"] = decisions()
plan = iqa.sample(records, unit, {}, "iqa1", out["role"], rate=1.0, seed=1)
out["sampled"] = [(s["learner"], s["criterion"]) for s in plan["sampled"]]
out["verdict"] = iqa.record_verdict(records, UNIT, "learner1", CRITERION, False,
                                    "The feedback should name the evidence to add.", "iqa1",
                                    out["role"]).id
folder = record.journal_folder(records, UNIT)
out["append to tutor1's journal"] = attempt(lambda: open(folder / "tutor1.jsonl", "a"))
out["remove tutor1's journal"] = attempt(lambda: os.unlink(folder / "tutor1.jsonl"))
out["a journal of their own there"] = attempt(lambda: open(folder / "iqa1.jsonl", "x"))
# the session's role is only what the code checks: claiming the tutor's changes nothing
os.environ["WORKBOOK_ROLE"] = "tutor"
overturn = lambda: record.record_decision(records, unit, Submission("learner1", Path("."), (), None),
                                          CRITERION, "not yet met", (), "overturned", "iqa1", "tutor")
out["record a decision as 'tutor'"] = attempt(overturn)
out["after"] = decisions()
print(json.dumps(out))
""")
    seen = json.loads(printed)
    decision = [["learner1", CRITERION, "not yet met", "tutor1"]]
    assert seen == {"role": "iqa", "read": decision, "sampled": [["learner1", CRITERION]],
                    "verdict": "iqa1:v1",
                    "append to tutor1's journal": "PermissionError",
                    "remove tutor1's journal": "PermissionError",
                    "a journal of their own there": "PermissionError",
                    "record a decision as 'tutor'": "Refusal from PermissionError",
                    "after": decision}, printed
    assert not (decided.parent / "iqa1.jsonl").exists()
    assert mode_of(hub.data / "records" / "verdicts" / UNIT / "iqa1.jsonl") == \
        ("iqa1", "iqa", "0644")

    printed = users["tutor1"].run(f"UNIT, CRITERION = {UNIT!r}, {CRITERION!r}\n{ATTEMPT}" + """
folder = iqa.verdicts_folder(records, UNIT)
out["append to iqa1's verdicts"] = attempt(lambda: open(folder / "iqa1.jsonl", "a"))
out["a verdicts file of their own"] = attempt(lambda: open(folder / "tutor1.jsonl", "x"))
os.environ["WORKBOOK_ROLE"] = "iqa"
out["record a verdict as 'iqa'"] = attempt(lambda: iqa.record_verdict(
    records, UNIT, "learner1", CRITERION, True, "", "iqa1", "iqa"))
out["verdicts"] = [(v.iqa, v.agree, v.comment) for v in iqa.verdicts(records, UNIT)]
print(json.dumps(out))
""")
    seen = json.loads(printed)
    assert seen == {"role": "tutor", "append to iqa1's verdicts": "PermissionError",
                    "a verdicts file of their own": "PermissionError",
                    "record a verdict as 'iqa'": "Refusal from PermissionError",
                    "verdicts": [["iqa1", False, "The feedback should name the evidence to add."]]}, \
        printed


RECORD_MANY = """
import sys
from pathlib import Path
from workbook.course.loader import load_course
from workbook.decisions import record
from workbook.decisions.journal import writer
from workbook.decisions.submissions import Submission
unit = load_course().unit(sys.argv[1])
submission = Submission("learner2", Path("."), (), None)
for n in range(int(sys.argv[3])):
    criterion = unit.criteria[n % len(unit.criteria)].id
    record.record_decision(Path(sys.argv[2]), unit, submission, criterion, "not yet met", (),
                           f"{writer()} {n}", writer(), "tutor")
"""


def test_the_iqa_gets_the_decisions_notebook_and_judges_from_the_records(hub, users, decided):
    """Delivered into the IQA's home from the records folder's copy (the built one is in the
    tutor-only assignments folder), it shows the tutor's decision and offers a verdict."""
    printed = users["iqa1"].run(f"UNIT = {UNIT!r}" + """
import json, os
from pathlib import Path
from workbook.widgets.decisions import DecisionsView
view = DecisionsView(UNIT)
print(json.dumps({"notebook": Path(os.path.expanduser(f"~/decisions/decisions-{UNIT}.ipynb")).is_file(),
                  "learners": list(view.learner.options), "message": view.message.value,
                  "button": view.record_button.description}))
""")
    seen = json.loads(printed.strip().splitlines()[-1])
    assert seen == {"notebook": True, "learners": ["learner1"], "message": "",
                    "button": "Record verdict"}, printed


def test_two_tutors_recording_at_once_each_keep_their_own_file(hub, users, decided):
    n = 40
    folder = decided.parent
    # both start together, each as their own account, each appending n decisions
    running = [subprocess.Popen([sys.executable, "-c", RECORD_MANY, UNIT, str(hub.data / "records"),
                                 str(n)], cwd=PROJECT, env={**hub.env, "HOME": str(hub.home(name))},
                                stderr=subprocess.PIPE, text=True, **as_account(name))
               for name in ("tutor1", "tutor2")]
    for process in running:
        assert process.wait(timeout=300) == 0, process.stderr.read()
        process.stderr.close()
    for name, before in (("tutor1", 1), ("tutor2", 0)):
        lines = [json.loads(line) for line in (folder / f"{name}.jsonl").read_text().splitlines()]
        assert mode_of(folder / f"{name}.jsonl") == (name, "tutors", "0644")
        assert [e["id"] for e in lines] == [f"{name}:d{k}" for k in range(1, before + n + 1)]
        assert [e["feedback"] for e in lines[before:]] == [f"{name} {k}" for k in range(n)]


def test_decisions_and_verdicts_survive_a_hub_restart(hub, users, decided):
    before = decided.read_bytes()
    for user in users.values():
        user.close()
    hub.restart()
    tutor = HubUser(hub, "tutor1")
    assert tutor.login() == 200
    tutor.wait_for_server()
    printed = tutor.run("import subprocess\n"
                        f"done = subprocess.run(['workbook', 'decisions', {UNIT!r}, '--course-root',"
                        " 'course'], capture_output=True, text=True)\n"
                        "print(done.returncode, done.stdout, done.stderr)\n")
    tutor.close()
    assert decided.read_bytes() == before
    assert printed.startswith("0 learner1: declaration signed by A Learner on "), printed
    assert (f"  {CRITERION}: not yet met by tutor1 at " in printed
            and "IQA disagreed (The feedback should name the evidence to add.)" in printed), printed
    assert "warning" not in printed
