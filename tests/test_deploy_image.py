"""The single-user image's parts: pinned environment, role config precedence, home seeding,
the submit gate's list of assessments."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

from deploy.image.assessments import course_assessments
from deploy.image.assessments import main as assessments_main
from deploy.image.role_config import write_role_config
from deploy.image.seed_home import main as seed_main
from deploy.image.seed_home import seed
from workbook import load_course
from workbook.assess.assessment import assignment_units

ROOT = Path(__file__).resolve().parent.parent
IMAGE = ROOT / "deploy" / "image"
TUTOR_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                 "@jupyter/nbgrader:course-list")


def _image_pins() -> dict[str, str]:
    env = yaml.safe_load((IMAGE / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pins = {}
    for line in pip:
        req = Requirement(line)
        if req.url is None:
            (spec,) = req.specifier
            assert spec.operator == "==", f"{line}: the image pins exact versions"
            pins[req.name.lower()] = spec.version
    return pins


def test_image_pins_match_chart_hub_and_cover_the_package():
    pins = _image_pins()
    assert pins["jupyterhub"].startswith("5.5."), "chart 4.4.0 runs JupyterHub 5.5"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for line in project["dependencies"]:
        req = Requirement(line)
        assert req.name.lower() in pins, f"{req.name} is not pinned in the image"
        assert req.specifier.contains(pins[req.name.lower()]), f"{req.name} pin breaks {req}"


def test_post_build_installs_package_course_and_role_config():
    text = (IMAGE / "postBuild").read_text()
    assert "pip install --no-deps" in text
    assert "pip uninstall --yes rfc3987-syntax" in text  # server starts at half the CPU
    # the rest (tests/test_deploy_pages.py runs it) with the list build-context writes
    assert 'deploy/image/install-files "$prefix" deploy/image/assessments.json' in text
    files = (IMAGE / "install-files").read_text()
    assert "role_config.py learner" in files and "role_config.py tutor" in files
    assert "nbgrader_config.py" in files


def _lab_and_server(monkeypatch, tmp_path: Path, *folders: Path) -> tuple[dict, dict]:
    """Page config and server extensions as Jupyter resolves them with `folders` first."""
    from jupyter_core.paths import jupyter_config_path
    from jupyter_server.extension.config import ExtensionConfigManager
    from jupyterlab_server.config import get_static_page_config

    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "empty-user-config"))
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", ":".join(map(str, folders)))
    page = get_static_page_config(level="all")
    server = ExtensionConfigManager(read_config_path=jupyter_config_path())
    return page.get("disabledExtensions", {}), server.get_jpserver_extensions()


def test_learner_default_hides_tutor_tools_and_tutor_config_restores_them(monkeypatch, tmp_path):
    learner, tutor = tmp_path / "env-etc-jupyter", tmp_path / "tutor-config"
    write_role_config("learner", learner, {"lpcp-assessment": "lead-person-centred-practice"})
    write_role_config("tutor", tutor)

    disabled, server = _lab_and_server(monkeypatch, tmp_path, learner)
    assert all(disabled[name] is True for name in TUTOR_PLUGINS)
    assert server["nbgrader.server_extensions.formgrader"] is False
    assert server["nbgrader.server_extensions.assignment_list"] is True

    disabled, server = _lab_and_server(monkeypatch, tmp_path, tutor, learner)
    assert not any(disabled.get(name) for name in TUTOR_PLUGINS)
    assert server["nbgrader.server_extensions.formgrader"] is True


def test_tutor_config_enables_what_make_lab_adds_for_formgrader(monkeypatch, tmp_path):
    learner, tutor = tmp_path / "env-etc-jupyter", tmp_path / "tutor-config"
    write_role_config("learner", learner, {"lpcp-assessment": "lead-person-centred-practice"})
    write_role_config("tutor", tutor)
    added = {}
    for path in (ROOT / "jupyter" / "jupyter_server_config.d").glob("*.json"):
        added.update(json.loads(path.read_text())["ServerApp"]["jpserver_extensions"])
    assert "workbook.tutor.formgrader_policy" in added
    _, server = _lab_and_server(monkeypatch, tmp_path, tutor, learner)
    assert {name: server.get(name) for name in added} == added
    _, server = _lab_and_server(monkeypatch, tmp_path, learner)
    assert not any(server.get(name) for name in added)  # formgrader's policy: tutors only


def test_role_config_rejects_unknown_role_and_a_learner_config_without_assessments(tmp_path):
    with pytest.raises(ValueError, match="unknown role 'admin'"):
        write_role_config("admin", tmp_path)
    with pytest.raises(ValueError, match="needs the course's assessments"):
        write_role_config("learner", tmp_path, {})
    assert not any(tmp_path.iterdir())


def _local_hub_assessments(tmp_path: Path) -> dict[str, str]:
    """DeclaredSubmit.assessments as the local hub configures a learner's server."""
    from traitlets.config.loader import PyFileConfigLoader

    from workbook.hub.settings import from_env
    from workbook.hub.userconfig import nbgrader_config

    hub = from_env(ROOT, {"WORKBOOK_HUB_DATA": str(tmp_path / "hub-data"),
                          "WORKBOOK_HUB_LEARNERS": "amy", "WORKBOOK_HUB_TUTORS": "tess"})
    folder = tmp_path / "hub-config"
    folder.mkdir()
    (folder / "nbgrader_config.py").write_text(nbgrader_config(hub, "learner", hub.homes / "amy"))
    return dict(PyFileConfigLoader("nbgrader_config.py", str(folder)).load_config()
                .DeclaredSubmit.assessments)


def test_assessments_are_worked_out_as_the_local_hub_does(tmp_path):
    assert course_assessments(ROOT) == assignment_units(load_course(), ROOT / "assessment") \
        == _local_hub_assessments(tmp_path)
    assert course_assessments(ROOT)  # the course has assessments: the gate has a list


def test_assessments_command_refuses_a_project_without_any(tmp_path, capsys):
    project = tmp_path / "project"
    (project / "workbook" / "course").mkdir(parents=True)
    (project / "workbook" / "course" / "data").symlink_to(ROOT / "workbook" / "course" / "data")
    (project / "assessment").mkdir()
    assert assessments_main([str(project), str(tmp_path / "assessments.json")]) == 2
    assert "no unit has an assessment" in capsys.readouterr().err
    assert not (tmp_path / "assessments.json").exists()
    assert assessments_main([str(ROOT), str(tmp_path / "assessments.json")]) == 0
    assert json.loads((tmp_path / "assessments.json").read_text()) == course_assessments(ROOT)


def test_image_submit_gate_reads_the_learner_configs_assessments(monkeypatch, tmp_path):
    """The learner config and the image's nbgrader_config.py, loaded as a learner's page loads
    them (workbook.assess.learner_exchange). nbexchange is not on PyPI and is not installed
    here: nbgrader's own submit stands in for the plugin's base class."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory, default
    from nbgrader.exchange.default import ExchangeSubmit

    from workbook.assess.learner_exchange import _assessments, _config
    from workbook.assess.submit_gate import DeclarationGate

    expected = _local_hub_assessments(tmp_path)
    etc = tmp_path / "env-etc-jupyter"
    write_role_config("learner", etc, course_assessments(ROOT))
    shutil.copy(IMAGE / "nbgrader_config.py", etc / "nbgrader_config.py")
    plugin = types.ModuleType("nbexchange.plugin")
    for name in ("Exchange", "ExchangeFetchAssignment", "ExchangeFetchFeedback", "ExchangeList",
                 "ExchangeReleaseAssignment", "ExchangeReleaseFeedback", "ExchangeCollect",
                 "ExchangeSubmit"):
        setattr(plugin, name, getattr(default, name))
    monkeypatch.setitem(sys.modules, "nbexchange", types.ModuleType("nbexchange"))
    monkeypatch.setitem(sys.modules, "nbexchange.plugin", plugin)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "empty-user-config"))
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(etc))
    monkeypatch.delenv("WORKBOOK_ROLE", raising=False)
    monkeypatch.chdir(tmp_path)

    config = _config()
    assert _assessments(config) == expected
    submit = ExchangeFactory(config=config).submit
    assert issubclass(submit, DeclarationGate) and issubclass(submit, ExchangeSubmit)
    step = submit(coursedir=CourseDirectory(config=config),
                  authenticator=Authenticator(config=config), config=config)
    assert step.assessments == expected


def _course(tmp_path: Path) -> Path:
    course = tmp_path / "image-share"
    (course / "notebooks" / "unit").mkdir(parents=True)
    (course / "notebooks" / "index.ipynb").write_text("index v1")
    (course / "notebooks" / "unit" / "01.ipynb").write_text("outcome v1")
    (course / "assignments" / "source" / "a1").mkdir(parents=True)
    (course / "assignments" / "nbgrader_config.py").write_text("c = get_config()\n")
    (course / "assignments" / "source" / "a1" / "a1.ipynb").write_text("assignment")
    (course / "assignments" / "tutor").mkdir()
    for name in ("assessor.ipynb", "iqa.ipynb", "decisions-unit.ipynb"):
        (course / "assignments" / "tutor" / name).write_text(f"{name} v1")
    return course


def test_seed_home_keeps_learner_changes_and_brings_updates(tmp_path):
    course, home = _course(tmp_path), tmp_path / "home"
    assert seed(course, home, "learner").startswith("2 added")
    (home / "notebooks" / "unit" / "01.ipynb").write_text("learner's reflection")
    (course / "notebooks" / "unit" / "01.ipynb").write_text("outcome v2")
    (course / "notebooks" / "index.ipynb").write_text("index v2")
    seed(course, home, "learner")
    assert (home / "notebooks" / "unit" / "01.ipynb").read_text() == "learner's reflection"
    assert (home / "notebooks" / "index.ipynb").read_text() == "index v2"
    assert not (home / "course").exists(), "learners never get assignment sources"
    assert not (home / "decisions").exists(), "nor the IQA's pages"


def test_seed_home_gives_tutors_the_course_folder(tmp_path):
    course, home = _course(tmp_path), tmp_path / "home"
    seed(course, home, "tutor")
    assert (home / "course" / "source" / "a1" / "a1.ipynb").read_text() == "assignment"
    assert (home / "course" / "nbgrader_config.py").is_file()
    assert sorted(p.name for p in (home / "course" / "tutor").iterdir()) == \
        ["assessor.ipynb", "decisions-unit.ipynb"]
    assert not (home / "decisions").exists()


def test_seed_home_gives_iqas_their_page_and_the_decisions_notebooks_only(tmp_path):
    course, home = _course(tmp_path), tmp_path / "home"
    seed(course, home, "iqa")
    assert sorted(p.name for p in (home / "decisions").iterdir()) == \
        ["decisions-unit.ipynb", "iqa.ipynb"]
    assert not (home / "course").exists(), "IQAs never get assignment sources"
    assert (home / "notebooks" / "index.ipynb").is_file()


def test_seed_home_keeps_a_tutors_changed_page(tmp_path):
    course, home = _course(tmp_path), tmp_path / "home"
    seed(course, home, "tutor")
    page = home / "course" / "tutor" / "assessor.ipynb"
    page.write_text("the tutor's own page")
    (course / "assignments" / "tutor" / "assessor.ipynb").write_text("assessor.ipynb v2")
    (course / "assignments" / "tutor" / "decisions-unit.ipynb").write_text("decisions v2")
    assert seed(course, home, "tutor").startswith("0 added, 1 updated, 1 kept")
    assert page.read_text() == "the tutor's own page"
    assert (home / "course" / "tutor" / "decisions-unit.ipynb").read_text() == "decisions v2"


@pytest.mark.parametrize(("role", "page"), [("tutor", "assessor.ipynb"), ("iqa", "iqa.ipynb")])
def test_seed_home_command_refuses_a_role_whose_page_is_not_in_the_image(tmp_path, capsys,
                                                                         role, page):
    course, home = _course(tmp_path), tmp_path / "home"
    (course / "assignments" / "tutor" / page).unlink()
    assert seed_main([str(course), str(home), "--role", role]) == 2
    assert f"{page}: no {role} page in the image" in capsys.readouterr().err
    assert not home.exists()
    assert seed_main([str(course), str(home), "--role", "learner"]) == 0


def test_seed_home_command_fails_clearly_without_course(tmp_path, capsys):
    assert seed_main([str(tmp_path / "missing"), str(tmp_path / "home")]) == 2
    assert "no course notebooks in the image" in capsys.readouterr().err
    assert not (tmp_path / "home").exists()


def test_build_context_exports_project_with_binder_folder(tmp_path):
    out = tmp_path / "context"
    result = subprocess.run([str(IMAGE / "build-context"), str(out)], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert (out / "binder" / "environment.yml").read_bytes() == \
        (IMAGE / "environment.yml").read_bytes()
    assert (out / "binder" / "postBuild").stat().st_mode & 0o111
    assert (out / "pyproject.toml").is_file() and (out / "notebooks" / "index.ipynb").is_file()
    # answer keys and the tutor-only banks they come from stay out of the learners' image
    assert not (out / "assessment").exists() and not (out / "keys").exists()
    # the image is the learners' published tree: no assignment sources either
    assert not (out / "assignments").exists() and (out / ".workbook-published.json").is_file()
    assert (out / "deploy" / "image" / "seed_home.py").is_file()  # what postBuild installs
    assert (out / "deploy" / "image" / "install-files").stat().st_mode & 0o111
    # the submit gate's list, worked out from the project's assessment/ (not in the image)
    assert json.loads((out / "deploy" / "image" / "assessments.json").read_text()) == \
        assignment_units(load_course(), ROOT / "assessment")
    key_names = {p.name for p in (ROOT / "keys").glob("*.json")}
    assert key_names and [p for p in out.rglob("*.json") if p.name in key_names] == []
    again = subprocess.run([str(IMAGE / "build-context"), str(out)], capture_output=True,
                           text=True)
    assert again.returncode == 2 and "not empty" in again.stderr
