"""environment.yml installs what pyproject.toml lists; the two commands stay documented."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from .helpers import ROOT


def _requirement(text: str) -> tuple[str, str]:
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", text).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "python=3.11" in conda
    assert env["channels"] == ["conda-forge"]
    conda_reqs = dict(_requirement(d) for d in conda if not d.startswith(("python=", "pip")))
    assert conda_reqs == dict(_requirement(d) for d in project["dependencies"])
    assert pip == ["-e ."], "the image installs the package itself from pyproject.toml"


def test_readme_opens_with_the_two_commands_and_ci_runs_the_tests():
    head = (ROOT / "README.md").read_text().splitlines()[:6]
    assert any(line.startswith("make lab") for line in head)
    assert any(line.startswith("make test") for line in head)
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_jupyter_starts_without_building_iri_parsers():
    # `make setup` removes rfc3987-syntax: with it, jsonschema builds ~35 parsers on import,
    # ~2 s of CPU for every Jupyter server start and nbgrader command (docs/capacity.md).
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, nbclient, jupyter_server.serverapp, jsonschema\n"
         "assert 'rfc3987_syntax' not in sys.modules, 'rfc3987_syntax was imported'\n"
         "v = jsonschema.Draft7Validator({'format': 'uri'}, "
         "format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)\n"
         "assert not v.is_valid('not a uri'), 'uri format no longer checked'"],
        capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
