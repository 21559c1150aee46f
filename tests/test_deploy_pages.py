"""The single-user image shows pages as `make lab` does.

`deploy/image/install-files` (what postBuild puts into the environment besides Python packages)
runs with a temporary prefix; a real Jupyter server with that prefix's config folder on
JUPYTER_CONFIG_PATH shows the page each role lands on (the course home, the assessor's page, the
IQA's page), delivered by the image's own `workbook-seed-home` for that role.
"""
from __future__ import annotations

import ast
import html
import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from deploy.image.assessments import course_assessments
from workbook import load_course
from workbook.build.tutor_notebooks import tutor_files
from workbook.hub.delivery import RECORD_NAME
from workbook.hub.hubconfig import ROLE_URLS

from .conftest import PROJECT

IMAGE = PROJECT / "deploy" / "image"
PAGE_SETTINGS = ("jupyter_server_config.json", "jupyter_server_config.py")
#: Voilà's lab template loads these two style sheets from a CDN; the workbook template does not
CDN_STYLES = "cdn.jsdelivr.net/npm/@fortawesome"
#: what Voilà shows instead of a failed cell's output (show_tracebacks off)
CELL_FAILED = "There was an error when executing cell"
#: besides notebooks/, what each role's home gets
ROLE_FOLDERS = {"learner": set(), "tutor": {"course"}, "iqa": {"decisions"}}


@pytest.fixture
def prefix(tmp_path: Path) -> Path:
    """An image environment's prefix after postBuild's install-files (from the project root)."""
    assessments = tmp_path / "assessments.json"
    assessments.write_text(json.dumps(course_assessments(PROJECT)), encoding="utf-8")
    prefix = tmp_path / "prefix"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run([str(IMAGE / "install-files"), str(prefix), str(assessments)],
                            capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return prefix


def test_every_role_gets_make_labs_page_settings(prefix):
    etc = prefix / "etc" / "jupyter"
    for name in PAGE_SETTINGS:
        assert (etc / name).read_bytes() == (PROJECT / "jupyter" / name).read_bytes()
    # the tutor profile's folder comes first on JUPYTER_CONFIG_PATH; the environment's level is
    # still read, and nothing in the tutor folder replaces the page settings
    tutor = prefix / "share" / "workbook" / "tutor-config"
    assert not any((tutor / name).exists() for name in PAGE_SETTINGS)
    assert json.loads((etc / "nbgrader_config.json").read_text()) == \
        {"DeclaredSubmit": {"assessments": course_assessments(PROJECT)}}


def test_the_image_carries_the_tutor_and_iqa_pages_and_nothing_else_of_assignments(prefix):
    share = prefix / "share" / "workbook"
    carried = {p.relative_to(share).as_posix(): p.read_text(encoding="utf-8")
               for p in (share / "assignments").rglob("*") if p.is_file()}
    built = {path.as_posix(): text for path, text in tutor_files(load_course()).items()}
    assert carried == built  # as `workbook build` writes them: no sources, no course config
    assert {"assignments/tutor/assessor.ipynb", "assignments/tutor/iqa.ipynb"} <= set(carried)


def _seed(prefix: Path, home: Path, role: str) -> None:
    """Seed `home` for `role` with the image's own command, as the init container runs it."""
    seeded = subprocess.run([str(prefix / "bin" / "workbook-seed-home"),
                             str(prefix / "share" / "workbook"), str(home), "--role", role],
                            capture_output=True, text=True)
    assert seeded.returncode == 0, seeded.stderr


def _landing(role: str) -> str:
    """The role's landing page, relative to the home (the server's root)."""
    return ROLE_URLS[role].removeprefix("/voila/render/")


@pytest.mark.parametrize("role", ["learner", "tutor", "iqa"])
def test_each_home_gets_its_roles_landing_page_and_no_other_roles_pages(prefix, tmp_path, role):
    home = tmp_path / "home"
    _seed(prefix, home, role)
    assert (home / _landing(role)).is_file()
    # a learner's home holds the notebooks only: no course/ (tutors'), no decisions/ (IQAs')
    assert {p.name for p in home.iterdir()} == {"notebooks", RECORD_NAME, *ROLE_FOLDERS[role]}


def _run_page(page: Path) -> object:
    """Run a page's code cells here, from its folder (as Voilà's kernel does); the last value."""
    cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
    tree = ast.parse("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code"))
    last = tree.body.pop()
    assert isinstance(last, ast.Expr)
    namespace: dict = {}
    exec(compile(tree, str(page), "exec"), namespace)
    return eval(compile(ast.Expression(last.value), str(page), "eval"), namespace)


def test_the_seeded_assessors_page_says_what_the_tutors_course_folder_lacks(prefix, tmp_path,
                                                                             monkeypatch):
    home = tmp_path / "home"
    _seed(prefix, home, "tutor")
    page = home / _landing("tutor")
    monkeypatch.chdir(page.parent)
    monkeypatch.setenv("WORKBOOK_RECORDS", str(tmp_path / "records"))
    shown = _run_page(page)
    assert f"No assessment in {home / 'course' / 'source'} yet" in shown.children[0].value


def _image_server(prefix: Path, tmp_path: Path, factory, home: Path, env: dict[str, str]):
    """A Jupyter server over `home` with the image's config and nothing of the user's."""
    (tmp_path / "empty-user-config").mkdir()
    return factory(root=home, env={"JUPYTER_CONFIG_PATH": str(prefix / "etc" / "jupyter"),
                                   "JUPYTER_CONFIG_DIR": str(tmp_path / "empty-user-config"),
                                   **env})


def _get(url: str) -> tuple[int, str, list[str]]:
    with urllib.request.urlopen(url, timeout=120) as response:
        return (response.status, response.read().decode("utf-8"),
                response.headers.get_all("Set-Cookie") or [])


@pytest.mark.slow
def test_a_server_with_the_image_config_shows_the_course_home_as_a_page(prefix, tmp_path,
                                                                          lab_server_factory):
    home = tmp_path / "home"
    _seed(prefix, home, "learner")
    server = _image_server(prefix, tmp_path, lab_server_factory, home, {})

    status, page, cookies = _get(server.page_url(_landing("learner")))
    assert status == 200
    notebook = json.loads((home / "notebooks" / "index.ipynb").read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    cells = re.findall(r'class="jp-Cell jp-CodeCell[^"]*"', page)
    assert code and len(cells) == len(code)
    assert all("jp-mod-noInput" in cell for cell in cells)  # outputs only: no code shown
    assert not any(source in page or html.escape(source) in page for source in code)
    assert "application/vnd.jupyter.widget-view+json" in page  # the home ran: its widget
    assert CDN_STYLES not in page  # the package's `workbook` template
    settings = json.loads((PROJECT / "jupyter" / "jupyter_server_config.json").read_text())
    loaded = set(re.findall(r'"name": "([^"]+)"', page.split('"federated_extensions"', 1)[1]
                            .split("]", 1)[0]))
    assert loaded == set(settings["VoilaConfiguration"]["extension_allowlist"])
    # the .py hooks: the page can shut its kernel down; MathJax from this server
    assert any(cookie.startswith("_xsrf=") for cookie in cookies)
    assert '"fullMathjaxUrl": "null"' in page


@pytest.mark.slow
@pytest.mark.parametrize("role", ["tutor", "iqa"])
def test_tutor_and_iqa_servers_open_on_their_seeded_page(prefix, tmp_path, lab_server_factory,
                                                          role):
    home = tmp_path / "home"
    _seed(prefix, home, role)
    # as the profile sets them (deploy/z2jh/config.yaml); the records volume is empty
    server = _image_server(prefix, tmp_path, lab_server_factory, home, {
        "WORKBOOK_ROLE": role, "WORKBOOK_RECORDS": str(tmp_path / "records")})

    status, page, _ = _get(f"{server.url}{ROLE_URLS[role].lstrip('/')}?token={server.token}")
    assert status == 200
    assert "application/vnd.jupyter.widget-view+json" in page  # the page ran: its widget
    assert CELL_FAILED not in page
