"""The single-user image shows pages as `make lab` does.

`deploy/image/install-files` (what postBuild puts into the environment besides Python packages)
runs with a temporary prefix; a real Jupyter server with that prefix's config folder on
JUPYTER_CONFIG_PATH shows the course home, delivered by the image's own `workbook-seed-home`.
"""
from __future__ import annotations

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

from .conftest import PROJECT

IMAGE = PROJECT / "deploy" / "image"
PAGE_SETTINGS = ("jupyter_server_config.json", "jupyter_server_config.py")
#: Voilà's lab template loads these two style sheets from a CDN; the workbook template does not
CDN_STYLES = "cdn.jsdelivr.net/npm/@fortawesome"


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


def _get(url: str) -> tuple[int, str, list[str]]:
    with urllib.request.urlopen(url, timeout=120) as response:
        return (response.status, response.read().decode("utf-8"),
                response.headers.get_all("Set-Cookie") or [])


@pytest.mark.slow
def test_a_server_with_the_image_config_shows_the_course_home_as_a_page(prefix, tmp_path,
                                                                          lab_server_factory):
    home = tmp_path / "home"
    seeded = subprocess.run([str(prefix / "bin" / "workbook-seed-home"),
                             str(prefix / "share" / "workbook"), str(home)],
                            capture_output=True, text=True)
    assert seeded.returncode == 0, seeded.stderr
    (tmp_path / "empty-user-config").mkdir()
    server = lab_server_factory(root=home, env={
        "JUPYTER_CONFIG_PATH": str(prefix / "etc" / "jupyter"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "empty-user-config")})

    status, page, cookies = _get(server.page_url("notebooks/index.ipynb"))
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
