"""The course hub's settings, per-user Jupyter config and JupyterHub options (no servers)."""
from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from traitlets.config import Config

from workbook.build.home_notebook import INDEX
from workbook.hub.homes import prepare_home
from workbook.hub.hubconfig import (
    AUTHENTICATOR,
    DEMO_SPAWNER,
    SPAWNER,
    apply,
    default_url,
    demo_logins,
)
from workbook.hub.permissions import unreachable_folders
from workbook.hub.roles import ROLES, hub_roles
from workbook.hub.settings import SettingsError, from_env
from workbook.hub.userconfig import TUTOR_LAB_PLUGINS, course_id

PROJECT = Path(__file__).resolve().parent.parent


def settings_for(tmp_path: Path, **env: str):
    return from_env(PROJECT, {"WORKBOOK_HUB_DATA": str(tmp_path / "data"), **env})


def test_defaults_public_port_8000_free_internal_ports_and_demo_users(tmp_path):
    settings = settings_for(tmp_path)
    assert settings.port == 8000 and settings.url == "http://127.0.0.1:8000/"
    assert len({settings.port, settings.hub_port, settings.proxy_api_port}) == 3
    assert settings.learners == ("learner1", "learner2") and settings.tutors == ("tutor1",)
    assert settings.iqa == ("iqa1",)
    assert settings.homes == tmp_path / "data" / "homes"


def test_environment_sets_ports_and_users(tmp_path):
    settings = settings_for(tmp_path, WORKBOOK_HUB_PORT="9100", WORKBOOK_HUB_API_PORT="9101",
                            WORKBOOK_HUB_PROXY_API_PORT="9102", WORKBOOK_HUB_IQA="ivy",
                            WORKBOOK_HUB_LEARNERS="amy, ben", WORKBOOK_HUB_TUTORS="tess")
    assert (settings.port, settings.hub_port, settings.proxy_api_port) == (9100, 9101, 9102)
    assert settings.learners == ("amy", "ben") and settings.role("tess") == "tutor"
    assert settings.role("amy") == "learner" and settings.role("ivy") == "iqa"


def test_a_fresh_data_folder_gets_demo_accounts_with_distinct_passwords_printed_once(tmp_path):
    settings = settings_for(tmp_path)
    lines = demo_logins(settings)
    logins = dict(line.split(" ") for line in lines if line.split(" ")[0] in settings.demo_users())
    assert set(logins) == {"learner1", "learner2", "tutor1", "iqa1"}
    assert len(set(logins.values())) == 4 and all(len(p) >= 16 for p in logins.values())
    stored = (settings.data / "accounts.json").read_text()
    assert not any(password in stored for password in logins.values())  # only hashes
    assert (settings.data / "accounts.json").stat().st_mode & 0o777 == 0o600
    for name, password in logins.items():
        assert settings.accounts.check(name, password)
    assert not settings.accounts.check("learner1", logins["tutor1"])
    assert not settings.accounts.check("learner1", logins["learner2"])
    assert demo_logins(settings) == []  # printed once: a restart shows no passwords


@pytest.mark.parametrize("env, message", [
    ({"WORKBOOK_HUB_PORT": "80a"}, "WORKBOOK_HUB_PORT='80a' is not a port number"),
    ({"WORKBOOK_HUB_PORT": "70000"}, "is not a port number"),
    ({"WORKBOOK_HUB_IQA": "tutor1"}, "tutor1 cannot be both a tutor and an IQA"),
    ({"WORKBOOK_HUB_LEARNERS": "Amy Smith"}, "'Amy' is not a plain user name"),
    ({"WORKBOOK_HUB_TUTORS": "learner1"}, "learner1 cannot be both a learner and a tutor"),
])
def test_bad_settings_are_refused_with_one_clear_message(tmp_path, env, message):
    with pytest.raises(SettingsError, match=message.replace("(", r"\(")):
        settings_for(tmp_path, **env)


def test_hub_options(tmp_path):
    settings = settings_for(tmp_path)
    settings.accounts.add_demo_users(settings.demo_users())
    settings.accounts.add("ivy", "iqa")
    c = Config()
    apply(c, settings)
    assert c.JupyterHub.ip == c.JupyterHub.hub_ip == "127.0.0.1"
    assert c.ConfigurableHTTPProxy.command == [str(PROJECT / "hub/node/node_modules/.bin/configurable-http-proxy")]
    assert c.JupyterHub.authenticator_class == AUTHENTICATOR
    assert "shared" not in str(c.JupyterHub.authenticator_class)
    assert c.JupyterHub.load_groups == {"learners": {"users": ["learner1", "learner2"]},
                                        "tutors": {"users": ["tutor1"]},
                                        "iqa": {"users": ["iqa1", "ivy"]}}
    assert c.JupyterHub.load_roles == hub_roles()
    assert [r["groups"] for r in hub_roles()] == [["tutors"], ["iqa"]]
    assert "admin-ui" not in ROLES["iqa"].scopes and not ROLES["iqa"].tutor_tools
    # as root each server is its user's account, never root: no --allow-root anywhere
    assert c.JupyterHub.spawner_class == (SPAWNER if settings.separate_accounts else DEMO_SPAWNER)
    assert "--allow-root" not in str(c.Spawner.args)
    assert c.JupyterHub.db_url.endswith(str(tmp_path / "data" / "jupyterhub.sqlite"))


def read_config(environment: dict[str, str]) -> tuple[dict, dict, str]:
    folder = Path(environment["JUPYTER_CONFIG_DIR"])
    return (json.loads((folder / "jupyter_server_config.json").read_text()),
            json.loads((folder / "labconfig" / "page_config.json").read_text()),
            (folder / "nbgrader_config.py").read_text())


def test_learner_home_gets_notebooks_and_no_tutor_tools(tmp_path):
    settings = settings_for(tmp_path)
    environment, delivery = prepare_home(settings, "learner1")
    home = settings.homes / "learner1"
    assert "notebooks/index.ipynb" in delivery.added
    assert (home / "notebooks" / "index.ipynb").read_bytes() == (PROJECT / "notebooks/index.ipynb").read_bytes()
    assert not (home / "course").exists()
    server, page, nbgrader = read_config(environment)
    extensions = server["ServerApp"]["jpserver_extensions"]
    assert extensions["nbgrader.server_extensions.formgrader"] is False
    assert extensions["nbgrader.server_extensions.course_list"] is False
    assert extensions["nbgrader.server_extensions.assignment_list"] is True
    # learners never see code: no validation (it reports a notebook's test cells)
    assert extensions["nbgrader.server_extensions.validate_assignment"] is False
    assert "@jupyter/nbgrader:validate-assignment" in page["disabledExtensions"]
    # learner pages are shown as `make lab` shows them: Voilà, sources stripped
    pages = json.loads((PROJECT / "jupyter" / "jupyter_server_config.json").read_text())
    assert server["VoilaConfiguration"] == pages["VoilaConfiguration"]
    assert server["VoilaConfiguration"]["strip_sources"] is True
    hooks = Path(environment["JUPYTER_CONFIG_DIR"]) / "jupyter_server_config.py"
    assert hooks.read_text() == (PROJECT / "jupyter" / "jupyter_server_config.py").read_text()
    assert set(page["disabledExtensions"]) == set(TUTOR_LAB_PLUGINS)
    assert "@jupyter/nbgrader:assignment-list" not in page["disabledExtensions"]
    assert f"c.CourseDirectory.course_id = {course_id()!r}" in nbgrader
    assert f"c.Exchange.root = {str(settings.exchange)!r}" in nbgrader
    assert "CourseDirectory.root" not in nbgrader and "groupshared" not in nbgrader
    assert "c.CourseDirectory.student_id = 'learner1'" in nbgrader
    overrides = Path(server["LabApp"]["app_settings_dir"]) / "overrides.json"
    assert overrides.read_text() == (PROJECT / "jupyter" / "overrides.json").read_text()
    assert environment["WORKBOOK_STORE"] == str(home / ".workbook")
    assert settings.exchange.is_dir()


def test_everyone_opens_on_their_own_page_in_voila(tmp_path):
    # (the spawn hook sets each server's default_url from this; not run here, since as root it
    # makes Unix accounts): learners the course home, tutors the assessor's page, IQAs theirs
    settings = settings_for(tmp_path)
    opened = {name: default_url(settings.role(name)) for name in ("learner1", "tutor1", "iqa1")}
    assert opened == {"learner1": "/voila/render/notebooks/index.ipynb",
                      "tutor1": "/voila/render/course/tutor/assessor.ipynb",
                      "iqa1": "/voila/render/decisions/iqa.ipynb"}
    assert opened["learner1"].removeprefix("/voila/render/") == INDEX.as_posix()
    # each page is delivered where the address points
    for name in ("tutor1", "iqa1"):
        prepare_home(settings, name)
        assert (settings.homes / name / opened[name].removeprefix("/voila/render/")).is_file()


def test_tutor_home_gets_the_course_directory_and_every_tool(tmp_path):
    settings = settings_for(tmp_path)
    environment, _ = prepare_home(settings, "tutor1")
    server, page, nbgrader = read_config(environment)
    assert all(server["ServerApp"]["jpserver_extensions"].values())
    assert page["disabledExtensions"] == {}
    home = settings.homes / "tutor1"
    assert f"c.CourseDirectory.root = {str(home / 'course')!r}" in nbgrader
    assert "student_id" not in nbgrader
    # what one tutor releases, another may release again (tests/test_hub_assessor_journey.py)
    assert "c.CourseDirectory.groupshared = True" in nbgrader
    assert environment["WORKBOOK_COURSE_ROOT"] == str(home / "course")
    sources = sorted((PROJECT / "assignments" / "source").glob("*/*.ipynb"))
    for source in sources:
        relative = source.relative_to(PROJECT / "assignments")
        assert (home / "course" / relative).read_bytes() == source.read_bytes()


def test_not_root_runs_a_labelled_single_user_demo(tmp_path, monkeypatch):
    monkeypatch.setattr("os.geteuid", lambda: 1000)
    settings = settings_for(tmp_path)
    assert not settings.separate_accounts
    c = Config()
    apply(c, settings)
    assert c.JupyterHub.spawner_class == DEMO_SPAWNER
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(settings.homes / "{username}")
    assert "--allow-root" not in str(c.Spawner.args)


@pytest.mark.skipif(os.geteuid() != 0, reason="makes an unprivileged account to start the hub")
@pytest.mark.slow
def test_the_hub_started_by_an_ordinary_user_says_it_is_a_single_user_demo(tmp_path):
    from workbook.hub.unixaccounts import COMMENT, nologin_shell, remove_account

    from .hub_server import MachineState

    data = Path(tempfile.mkdtemp(prefix="workbook-hub-"))
    os.chmod(data, 0o777)
    settings = from_env(PROJECT, {"WORKBOOK_HUB_DATA": str(data / "data")})
    machine = MachineState.snapshot(unreachable_folders(settings))
    machine.data = data
    try:
        for folder in unreachable_folders(settings):
            os.chmod(folder, folder.stat().st_mode | 0o001)
        subprocess.run(["useradd", "--comment", COMMENT, "--home-dir", str(data / "home"),
                        "--no-create-home", "--shell", nologin_shell(), "wbdemo"], check=True)
        done = subprocess.run([sys.executable, "-m", "workbook.hub", "--version"], cwd=PROJECT,
                              env={"PATH": os.environ["PATH"], "HOME": str(data),
                                   "WORKBOOK_HUB_DATA": str(data / "data")},
                              user="wbdemo", group="nogroup", extra_groups=[], capture_output=True,
                              text=True, timeout=120)
    finally:
        remove_account("wbdemo")
        machine.restore()
    assert done.returncode == 0, done.stderr
    assert "SINGLE-USER DEMO, not for real learners" in done.stdout
    assert "sudo make hub" in done.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="makes a Unix account and runs a process as it")
def test_clean_up_removes_an_account_whose_process_is_still_running():
    """A hub test's clean-up must leave no account behind even when one of the account's
    processes outlived the hub (userdel refuses such an account), or every later hub test
    would find the name taken by another hub."""
    from tests.hub_server import MachineState
    from workbook.hub.unixaccounts import COMMENT

    top = Path(tempfile.mkdtemp(prefix="workbook-hub-"))
    os.chmod(top, 0o711)
    machine = MachineState.snapshot([])
    machine.data = top
    subprocess.run(["useradd", "--comment", COMMENT, "--home-dir", str(top / "homes" / "wbleft"),
                    "--no-create-home", "--user-group", "wbleft"], check=True)
    left = subprocess.Popen(["sleep", "300"], user="wbleft", start_new_session=True)
    try:
        machine.restore()
        assert "wbleft" not in {entry.pw_name for entry in pwd.getpwall()}
        assert left.wait(timeout=10) == -9
        assert not top.exists()
    finally:
        left.kill()
        if "wbleft" in {entry.pw_name for entry in pwd.getpwall()}:
            subprocess.run(["userdel", "wbleft"], check=False)
        shutil.rmtree(top, ignore_errors=True)
