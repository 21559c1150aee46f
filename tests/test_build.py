"""Notebook builder: deterministic, valid, fresh on main, and every notebook runs."""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from workbook import build, course_data, load_course
from workbook.build.notebooks import INDEX

from .executed import execute
from .helpers import ROOT, run_workbook


@pytest.fixture(scope="module")
def plan():
    return build.build_plan(load_course(), ROOT / "assessment", course_data())


def test_one_notebook_per_outcome_plus_index(plan):
    course = load_course()
    notebooks = sorted(str(p) for p in plan if p.parts[0] == "notebooks" and p.name != "portfolio.ipynb")
    outcome_count = sum(len(u.outcomes) for u in course.units)
    assert len(notebooks) == outcome_count + 1
    assert "notebooks/lead-person-centred-practice/01-understand-the-theory-and-principles.ipynb" in notebooks
    assert "notebooks/active-support-lead-interactive-training/04-be-able-to-provide-support-to-improve.ipynb" in notebooks


def test_same_yaml_same_bytes(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for root in (first, second):
        assert run_workbook("build", "--root", root).returncode == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_notebooks_are_valid_and_cleared(plan):
    for rel, text in plan.items():
        if rel.suffix != ".ipynb":
            continue
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, rel


def test_outcome_notebook_content(plan):
    course = load_course()
    unit = course.unit("lead-person-centred-practice")
    outcome = unit.outcome("LO1")
    text = plan[Path("notebooks/lead-person-centred-practice/01-understand-the-theory-and-principles.ipynb")]
    nb = nbformat.reads(text, as_version=4)
    sources = "\n".join(c.source for c in nb.cells)
    assert f"# LO1 · {outcome.title}" in sources
    assert outcome.criteria[0].text in sources
    assert "knowledge** outcome" in sources
    assert unit.misconceptions[0].correction in sources
    assert unit.guidance[0] in sources
    for model in outcome.models:
        assert model.name in sources
    # the course home draws its links when it runs (tests/test_home.py follows each of them)
    index = nbformat.reads(plan[INDEX], as_version=4)
    assert "home.show()" in "\n".join(c.source for c in index.cells)


@pytest.mark.slow
def test_check_lists_stale_and_missing_files(tmp_path):
    assert run_workbook("build", "--root", tmp_path).returncode == 0
    fresh = run_workbook("build", "--check", "--root", tmp_path)
    assert fresh.returncode == 0 and fresh.stdout.startswith("ok: ")
    (tmp_path / INDEX).write_text("{}", encoding="utf-8")
    outcome = next((tmp_path / "notebooks" / "lead-person-centred-practice").glob("02-*.ipynb"))
    outcome.unlink()
    extra = tmp_path / "notebooks" / "old-unit" / "01-gone.ipynb"
    extra.parent.mkdir()
    extra.write_text("{}")
    stale = run_workbook("build", "--check", "--root", tmp_path)
    assert stale.returncode == 1
    assert stale.stdout.splitlines() == sorted([
        f"stale: {INDEX} (out of date)",
        f"stale: {outcome.relative_to(tmp_path)} (missing)",
    ]) + ["stale: notebooks/old-unit/01-gone.ipynb (no longer generated)"]
    assert run_workbook("build", "--root", tmp_path).returncode == 0
    assert not extra.exists()
    assert run_workbook("build", "--check", "--root", tmp_path).returncode == 0


def test_committed_notebooks_are_fresh():
    result = run_workbook("build", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_every_notebook_executes(tmp_path, monkeypatch, plan):
    monkeypatch.setenv("WORKBOOK_STORE", str(tmp_path / "store"))
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    for rel in sorted(p for p in plan if p.suffix == ".ipynb" and p.parts[0] == "notebooks"):
        path = tmp_path / rel
        nb = execute(path, path.parent)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                  if o.output_type == "error"]
        assert errors == [], rel


def test_building_does_not_read_the_environment(plan, monkeypatch, tmp_path):
    """The plan is a function of its arguments: pointing the variables elsewhere changes nothing."""
    monkeypatch.setenv("WORKBOOK_ASSESSMENT", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("WORKBOOK_KEYS", str(tmp_path / "keys"))
    assert build.build_plan(load_course(), ROOT / "assessment", course_data()) == plan
    assert any(p.parts[0] == "keys" for p in plan)
