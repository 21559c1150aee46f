"""The single-user image's parts: pinned environment, role config precedence, home seeding."""
from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

from deploy.image.role_config import write_role_config
from deploy.image.seed_home import main as seed_main
from deploy.image.seed_home import seed

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
    assert "role_config.py learner" in text and "role_config.py tutor" in text
    assert "nbgrader_config.py" in text
    assert "pip uninstall --yes rfc3987-syntax" in text  # server starts at half the CPU


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
    write_role_config("learner", learner)
    write_role_config("tutor", tutor)

    disabled, server = _lab_and_server(monkeypatch, tmp_path, learner)
    assert all(disabled[name] is True for name in TUTOR_PLUGINS)
    assert server["nbgrader.server_extensions.formgrader"] is False
    assert server["nbgrader.server_extensions.assignment_list"] is True

    disabled, server = _lab_and_server(monkeypatch, tmp_path, tutor, learner)
    assert not any(disabled.get(name) for name in TUTOR_PLUGINS)
    assert server["nbgrader.server_extensions.formgrader"] is True


def test_role_config_rejects_unknown_role(tmp_path):
    with pytest.raises(ValueError, match="unknown role 'admin'"):
        write_role_config("admin", tmp_path)
    assert not any(tmp_path.iterdir())


def _course(tmp_path: Path) -> Path:
    course = tmp_path / "image-share"
    (course / "notebooks" / "unit").mkdir(parents=True)
    (course / "notebooks" / "index.ipynb").write_text("index v1")
    (course / "notebooks" / "unit" / "01.ipynb").write_text("outcome v1")
    (course / "assignments" / "source" / "a1").mkdir(parents=True)
    (course / "assignments" / "nbgrader_config.py").write_text("c = get_config()\n")
    (course / "assignments" / "source" / "a1" / "a1.ipynb").write_text("assignment")
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


def test_seed_home_gives_tutors_the_course_folder(tmp_path):
    course, home = _course(tmp_path), tmp_path / "home"
    seed(course, home, "tutor")
    assert (home / "course" / "source" / "a1" / "a1.ipynb").read_text() == "assignment"
    assert (home / "course" / "nbgrader_config.py").is_file()


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
    key_names = {p.name for p in (ROOT / "keys").glob("*.json")}
    assert key_names and [p for p in out.rglob("*.json") if p.name in key_names] == []
    again = subprocess.run([str(IMAGE / "build-context"), str(out)], capture_output=True,
                           text=True)
    assert again.returncode == 2 and "not empty" in again.stderr
