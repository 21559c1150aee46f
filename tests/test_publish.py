"""`workbook publish DEST`: the learners' tree holds no summative or key text, installs, keeps a
git checkout's history, refuses a folder it did not write, and stops on tutor-only text."""
from __future__ import annotations

import json

import nbformat
import pytest

from workbook.assess.assessment import load_assessments
from workbook.course.loader import load_course

from .helpers import ROOT, run_workbook

MANIFEST = ".workbook-published.json"


def tutor_only_texts() -> list[str]:
    """Every text of the summative banks and of the answer keys, gathered here independently."""
    texts: set[str] = set()

    def question(q: dict) -> None:
        texts.update(str(q.get(k) or "") for k in ("stem", "scenario", "explanation"))
        for option in q.get("options", []):
            texts.update((option["text"], option.get("feedback") or ""))
        for part in q.get("parts", []):
            question(part)

    for path in sorted((ROOT / "keys").glob("*.json")):
        for q in json.loads(path.read_text(encoding="utf-8"))["questions"]:
            question(q)
    for assessment in load_assessments(load_course(), ROOT / "assessment"):
        for q in assessment.questions:
            question({"stem": q.stem, "scenario": q.scenario, "explanation": q.explanation,
                      "options": [{"text": o.text, "feedback": o.feedback} for o in q.options]})
        texts.update(w.prompt for w in assessment.written)
    return sorted(t for t in texts if t.strip())


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    dest = tmp_path_factory.mktemp("published") / "learners"
    result = run_workbook("publish", dest, "--root", ROOT)
    assert result.returncode == 0, result.stderr
    return dest


def test_published_tree_holds_no_summative_or_key_text(published):
    texts = tutor_only_texts()
    assert len(texts) > 50  # the banks were read
    for path in sorted(p for p in published.rglob("*") if p.is_file()):
        content = path.read_text(encoding="utf-8", errors="replace")
        content += content.replace('\\"', '"').replace("\\n", "\n").replace("\\u2019", "\u2019")
        found = [t for t in texts if t in content]
        assert not found, f"{path.relative_to(published)} holds {found[0][:60]!r}"


def test_published_tree_is_what_learners_use_and_nothing_else(published):
    top = sorted(p.name for p in published.iterdir())
    assert top == [MANIFEST, "README.md", "environment.yml", "jupyter", "notebooks",
                   "pyproject.toml", "workbook"]
    relative = {p.relative_to(published).as_posix() for p in published.rglob("*") if p.is_file()}
    assert {p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").rglob("*.ipynb")
            if ".ipynb_checkpoints" not in p.parts} <= relative
    assert any(r.startswith("workbook/course/data/questions/") for r in relative)  # formative
    assert not [r for r in relative if "assessment/" in r.split("workbook/")[0]
                or r.startswith(("keys/", "assignments/")) or "__pycache__" in r]
    manifest = json.loads((published / MANIFEST).read_text())
    assert set(manifest["files"]) == relative - {MANIFEST}
    # the whole package: every module and data file of the project's copy
    package = {p.relative_to(ROOT).as_posix() for p in (ROOT / "workbook").rglob("*")
               if p.is_file() and p.suffix in (".py", ".yaml", ".js", ".css")
               and "__pycache__" not in p.parts}
    assert package and package <= relative


@pytest.mark.slow
def test_publishing_again_replaces_files_and_keeps_git(tmp_path):
    dest = tmp_path / "public-repo"
    (dest / ".git").mkdir(parents=True)
    (dest / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert run_workbook("publish", dest, "--root", ROOT).returncode == 0
    stale = dest / "notebooks" / "withdrawn.ipynb"
    stale.write_text("{}")
    again = run_workbook("publish", dest, "--root", ROOT)
    assert again.returncode == 0, again.stderr
    assert not stale.exists() and (dest / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (dest / "notebooks" / "index.ipynb").is_file()


def test_publish_refuses_a_folder_it_did_not_write(tmp_path):
    dest = tmp_path / "project-copy"
    dest.mkdir()
    (dest / "keys").mkdir()
    (dest / "keys" / "notes.txt").write_text("mine")
    result = run_workbook("publish", dest, "--root", ROOT)
    assert result.returncode == 2
    assert f"{dest}: not empty and not a published tree" in result.stderr
    assert sorted(p.name for p in dest.rglob("*")) == ["keys", "notes.txt"]


def test_publish_stops_when_a_learner_file_holds_a_summative_text(tmp_path):
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    stem = next(q.stem for a in load_assessments(load_course(), ROOT / "assessment")
                for q in a.questions)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"Practice: {stem}")])
    nbformat.write(nb, project / "notebooks" / "extra.ipynb")
    dest = tmp_path / "learners"
    result = run_workbook("publish", dest, "--root", project, cwd=ROOT)
    assert result.returncode == 1
    assert "notebooks/extra.ipynb: holds the tutor-only text" in result.stderr
    assert f"nothing published to {dest}" in result.stderr
    assert not dest.exists() or not any(dest.iterdir())


def test_the_hub_delivers_learners_the_tree_it_published_at_start(tmp_path):
    from workbook.hub.__main__ import publish_learner_tree
    from workbook.hub.homes import delivered_files
    from workbook.hub.settings import from_env

    settings = from_env(ROOT, {"WORKBOOK_HUB_DATA": str(tmp_path / "data")})
    assert publish_learner_tree(ROOT, settings.data / "published") is None
    files = delivered_files(settings, "learner1")
    assert "notebooks/index.ipynb" in files
    assert all(path.is_relative_to(settings.data / "published" / "notebooks")
               for path in files.values())
    assert (settings.data / "published").stat().st_mode & 0o777 == 0o755
