"""The course hub run as root keeps users apart: own passwords, own Unix accounts, nothing
readable across learners, tutor-only keys, no submitting in another learner's name.

One hub (real JupyterHub, proxy, servers and kernels) serves every test here; the accounts it
makes are removed afterwards (tests/hub_server.py).
"""
from __future__ import annotations

import json
import os
import pwd
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from workbook.hub.hubconfig import MEMORY_LIMIT
from workbook.hub.login_throttle import MAX_FAILED
from workbook.hub.userconfig import course_id

from .conftest import PROJECT
from .hub_server import HubServer, start_hub
from .hub_user import (
    ASSIGNMENT,
    PROBE,
    HubUser,
    release,
    server_pid,
    sign_declaration,
    tutor_nbgrader,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0, reason="separate Unix accounts need the hub run as root"),
]
GIB = 1024**3


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[HubServer]:
    """One course hub for the module, its accounts and changes removed afterwards."""
    server = start_hub(tmp_path_factory.mktemp("hub"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def users(hub: HubServer) -> Iterator[dict[str, HubUser]]:
    """learner1, learner2, tutor1 and iqa1 logged in, their servers running."""
    logged_in = {name: HubUser(hub, name) for name in ("tutor1", "learner1", "learner2", "iqa1")}
    for user in logged_in.values():
        assert user.login() == 200
        user.wait_for_server()
    yield logged_in
    for user in logged_in.values():
        user.close()


def test_each_login_has_its_own_password(hub: HubServer):
    assert set(hub.passwords) == {"learner1", "learner2", "tutor1", "iqa1"}
    assert len(set(hub.passwords.values())) == 4
    for wrong in ("tutor1", "learner2"):
        assert HubUser(hub, "learner1").login(hub.passwords[wrong]) == 403
    assert HubUser(hub, "learner1").login("") == 403
    accounts = (hub.data / "accounts.json").read_text()
    assert not any(password in accounts for password in hub.passwords.values())


def workbook_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "workbook"), *args],
                          capture_output=True, text=True, timeout=60, cwd=PROJECT)


def test_repeated_failures_make_the_address_wait_until_a_reset(hub: HubServer):
    made = workbook_cli("hub", "add-user", "carer3", "--role", "learner", "--data", str(hub.data))
    assert made.returncode == 0, made.stderr
    name, password = made.stdout.split()
    assert name == "carer3" and password not in (hub.data / "accounts.json").read_text()
    hub.passwords["carer3"] = password
    for _ in range(MAX_FAILED):
        assert HubUser(hub, "carer3").login("not-the-password") == 403
    waiting = HubUser(hub, "carer3")
    assert waiting.login() == 403  # the right password, but this address waits, and is told so
    assert "Too many wrong passwords from this device: wait 30 seconds" in waiting.page
    assert "login for 'carer3' from 127.0.0.1 refused: must wait" in hub.log.read_text()
    reset = workbook_cli("hub", "reset-password", "carer3", "--data", str(hub.data))
    assert reset.returncode == 0, reset.stderr
    hub.passwords["carer3"] = reset.stdout.split()[1]
    assert HubUser(hub, "carer3").login() == 200
    again = workbook_cli("hub", "add-user", "carer3", "--data", str(hub.data))
    assert again.returncode == 2 and "carer3 already has an account" in again.stderr


def test_a_one_time_password_must_be_changed_before_the_server_starts(hub: HubServer):
    made = workbook_cli("hub", "add-user", "carer4", "--role", "learner", "--data", str(hub.data))
    assert made.returncode == 0, made.stderr
    one_time = made.stdout.split()[1]
    hub.passwords["carer4"] = one_time
    carer = HubUser(hub, "carer4")
    assert carer.login() == 200 and carer.landed == f"{hub.url}hub/change-password"
    # asking for the server anyway: JupyterHub answers with its generic error page
    assert carer.session.get(f"{hub.url}hub/spawn", timeout=60).status_code == 500
    assert "carer4 has a one-time password: choose your own first" in hub.log.read_text()
    with pytest.raises(LookupError):
        server_pid("carer4")
    short = carer.change_password(one_time, "short")
    assert short.status_code == 400 and "at least 10 characters" in short.text
    wrong = carer.change_password("not-the-password", "a-long-new-password")
    assert wrong.status_code == 400 and "the current password is not right" in wrong.text
    done = carer.change_password(one_time, "a-long-new-password")
    assert done.status_code == 200 and "Your password is changed." in done.text
    assert HubUser(hub, "carer4").login(one_time) == 403
    hub.passwords["carer4"] = "a-long-new-password"
    again = HubUser(hub, "carer4")
    assert again.login() == 200
    again.wait_for_server()
    assert server_pid("carer4") > 0


def test_each_server_runs_as_its_users_account_with_a_memory_cap(users):
    for name in ("learner1", "tutor1"):
        pid = server_pid(name)
        status = Path(f"/proc/{pid}/status").read_text()
        uid = pwd.getpwnam(name).pw_uid
        assert uid != 0 and f"Uid:\t{uid}\t{uid}\t{uid}\t{uid}" in status
        assert b"--allow-root" not in Path(f"/proc/{pid}/cmdline").read_bytes()
        limits = Path(f"/proc/{pid}/limits").read_text()
        assert f"Max address space         {2 * GIB}" in limits and MEMORY_LIMIT == "2G"
    assert pwd.getpwnam("learner1").pw_shell.endswith(("nologin", "false"))
    kernel = json.loads(users["learner1"].run(
        "import json, os, resource, subprocess\n"
        "shell = subprocess.run([os.environ['SHELL'], '-c', 'id -un'], capture_output=True,\n"
        "                       text=True).stdout.strip()\n"
        "print(json.dumps([os.getuid(), os.getgroups(), resource.getrlimit(resource.RLIMIT_AS)[0],\n"
        "                  shell]))"))
    entry = pwd.getpwnam("learner1")
    # the terminal's shell works (the account's own is nologin) and runs as the learner
    assert kernel == [entry.pw_uid, [entry.pw_gid], 2 * GIB, "learner1"]


def test_a_learners_kernel_cannot_read_other_homes_keys_gradebook_or_secrets(hub: HubServer,
                                                                               users):
    release(hub, ASSIGNMENT)  # so that tutor1's gradebook exists
    gradebook = hub.home("tutor1") / "course" / "gradebook.db"
    assert gradebook.is_file()
    forbidden = {
        "learner2's home": (hub.home("learner2"), "list"),
        "learner2's delivery record": (hub.home("learner2") / ".workbook-delivered.json", "read"),
        "tutor1's home": (hub.home("tutor1"), "list"),
        "the gradebook": (gradebook, "read"),
        "an answer key": (PROJECT / "keys" / f"{ASSIGNMENT}.json", "read"),
        "the keys folder": (PROJECT / "keys", "list"),
        "an assessment bank": (PROJECT / "assessment" / "lead-person-centred-practice.yaml", "read"),
        "an assignment source": (PROJECT / "assignments" / "source" / ASSIGNMENT
                                 / "assessment.ipynb", "read"),
        "the git history": (PROJECT / ".git" / "HEAD", "read"),
        "the hub's cookie secret": (hub.data / "jupyterhub_cookie_secret", "read"),
        "the hub's database": (hub.data / "jupyterhub.sqlite", "read"),
        "the accounts file": (hub.data / "accounts.json", "read"),
        "tutor1's server token": (f"/proc/{server_pid('tutor1')}/environ", "read"),
        "tutor1's Jupyter config": (hub.data / "jupyter-config" / "tutor1", "list"),
    }
    allowed = {
        "own delivery record": (hub.home("learner1") / ".workbook-delivered.json", "read"),
        "the course notebooks": (PROJECT / "notebooks" / "index.ipynb", "read"),
        "the workbook package": (PROJECT / "workbook" / "__init__.py", "read"),
    }
    for path, _ in forbidden.values():
        assert Path(path).exists(), path  # each target is really there
    targets = {name: (str(path), how) for name, (path, how) in {**forbidden, **allowed}.items()}
    seen = json.loads(users["learner1"].run(f"TARGETS = {targets!r}\n{PROBE}"))
    assert seen == {**{name: "PermissionError" for name in forbidden},
                    **{name: "read" for name in allowed}}


def test_a_submission_in_another_learners_name_is_not_collected(hub: HubServer, users):
    if not (hub.data / "exchange" / course_id() / "outbound" / ASSIGNMENT).is_dir():
        release(hub, ASSIGNMENT)
    fetched = users["learner1"].run(
        "import subprocess\n"
        f"done = subprocess.run(['nbgrader', 'fetch_assignment', {ASSIGNMENT!r}], capture_output=True)\n"
        "print('fetch_assignment', done.returncode)\n")
    assert fetched.split("\n")[:1] == ["fetch_assignment 0"], fetched
    assert users["learner1"].run(sign_declaration()).strip() == "signed"
    printed = users["learner1"].run(
        "import subprocess\n"
        f"for args in (['submit', {ASSIGNMENT!r}, '--student=learner2'],\n"
        f"             ['submit', {ASSIGNMENT!r}]):\n"
        "    done = subprocess.run(['nbgrader', *args], capture_output=True, text=True)\n"
        "    print(args[0], done.returncode)\n")
    assert printed.split("\n")[:2] == ["submit 0", "submit 0"], printed
    inbound = hub.data / "exchange" / course_id() / "inbound"
    owners = sorted((p.name.split("+")[0], pwd.getpwuid(p.stat().st_uid).pw_name)
                    for p in inbound.iterdir())
    assert owners == [("learner1", "learner1"), ("learner2", "learner1")]
    # another learner cannot even list who submitted
    listing = json.loads(users["learner2"].run(
        f"TARGETS = {{'inbound': ({str(inbound)!r}, 'list')}}\n{PROBE}"))
    assert listing == {"inbound": "PermissionError"}

    collected = tutor_nbgrader(hub, "collect", ASSIGNMENT)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert "it was made by learner1, not by learner2" in collected.stderr
    submitted = hub.home("tutor1") / "course" / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == ["learner1"]


def test_tutors_read_keys_and_gradebook_and_no_learners_home_iqa_no_keys(hub: HubServer, users):
    if not (hub.home("tutor1") / "course" / "gradebook.db").is_file():
        release(hub, ASSIGNMENT)
    key = PROJECT / "keys" / f"{ASSIGNMENT}.json"
    tutor_targets = {
        "an answer key": (str(key), "read"),
        "an assessment bank": (str(PROJECT / "assessment" / "lead-person-centred-practice.yaml"),
                               "read"),
        "the gradebook": (str(hub.home("tutor1") / "course" / "gradebook.db"), "read"),
        "learner1's home": (str(hub.home("learner1")), "list"),
        "the accounts file": (str(hub.data / "accounts.json"), "read"),
    }
    seen = json.loads(users["tutor1"].run(f"TARGETS = {tutor_targets!r}\n{PROBE}"))
    assert seen == {"an answer key": "read", "an assessment bank": "read", "the gradebook": "read",
                    "learner1's home": "PermissionError", "the accounts file": "PermissionError"}
    iqa_targets = {name: tutor_targets[name] for name in ("an answer key", "the gradebook")}
    seen = json.loads(users["iqa1"].run(f"TARGETS = {iqa_targets!r}\n{PROBE}"))
    assert seen == {"an answer key": "PermissionError", "the gradebook": "PermissionError"}


def test_no_server_was_refused_its_own_files(hub: HubServer, users):
    # every server above ran with the permissions it was given: nothing of its own was denied
    log = hub.log.read_text(errors="replace")
    assert "Permission denied" not in log and "PermissionError" not in log


def test_a_file_in_a_learners_home_is_never_a_page_on_the_hubs_address(hub: HubServer, users):
    # Jupyter serves lab extensions and Voila's static files without a login, from its data
    # folders: a learner's own ~/.local/share/jupyter must not be one of them
    planted = """
import pathlib
for place in ("labextensions/planted/static", "voila/templates/planted/static"):
    folder = pathlib.Path.home() / ".local/share/jupyter" / place
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.html").write_text("<script>alert(document.cookie)</script>")
print("planted")
"""
    assert users["learner1"].run(planted).strip() == "planted"
    base = f"{hub.url}user/learner1/"
    for url in (f"{base}lab/extensions/planted/static/page.html",
                f"{base}voila/templates/planted/static/page.html"):
        assert requests.get(url, timeout=30, allow_redirects=False).status_code in (302, 403, 404), url
        assert users["learner2"].session.get(url, timeout=30).status_code in (403, 404), url
