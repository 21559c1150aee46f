"""Content delivery into learners' homes: new files arrive, the learner's changes are never lost."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbook.hub.delivery import RECORD_NAME, course_files, deliver, read_record, sha256


def make_course(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return make_course(tmp_path / "course", {"index.ipynb": "index v1", "unit/01-lo1.ipynb": "lo1 v1"})


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


def test_first_spawn_delivers_every_file_and_records_hashes(course: Path, home: Path):
    result = deliver(course_files(course, "notebooks"), home)
    assert result.added == ["notebooks/index.ipynb", "notebooks/unit/01-lo1.ipynb"]
    assert (home / "notebooks/unit/01-lo1.ipynb").read_text() == "lo1 v1"
    assert read_record(home) == {
        "notebooks/index.ipynb": sha256(b"index v1"),
        "notebooks/unit/01-lo1.ipynb": sha256(b"lo1 v1"),
    }


def test_second_spawn_changes_nothing(course: Path, home: Path):
    deliver(course_files(course, "notebooks"), home)
    result = deliver(course_files(course, "notebooks"), home)
    assert result.added == result.updated == result.kept == []
    assert len(result.unchanged) == 2


def test_learner_changes_are_kept_when_the_course_changes(course: Path, home: Path):
    deliver(course_files(course, "notebooks"), home)
    (home / "notebooks/unit/01-lo1.ipynb").write_text("lo1 with my answers")
    (course / "unit/01-lo1.ipynb").write_text("lo1 v2")
    (course / "index.ipynb").write_text("index v2")
    result = deliver(course_files(course, "notebooks"), home)
    assert result.kept == ["notebooks/unit/01-lo1.ipynb"]
    assert result.updated == ["notebooks/index.ipynb"]
    assert (home / "notebooks/unit/01-lo1.ipynb").read_text() == "lo1 with my answers"
    assert (home / "notebooks/index.ipynb").read_text() == "index v2"
    # Still theirs on the spawn after that, even with a third course version.
    (course / "unit/01-lo1.ipynb").write_text("lo1 v3")
    again = deliver(course_files(course, "notebooks"), home)
    assert again.kept == ["notebooks/unit/01-lo1.ipynb"]
    assert (home / "notebooks/unit/01-lo1.ipynb").read_text() == "lo1 with my answers"


def test_new_notebooks_arrive_on_a_later_spawn(course: Path, home: Path):
    deliver(course_files(course, "notebooks"), home)
    make_course(course, {"unit/02-lo2.ipynb": "lo2 v1"})
    result = deliver(course_files(course, "notebooks"), home)
    assert result.added == ["notebooks/unit/02-lo2.ipynb"]
    assert (home / "notebooks/unit/02-lo2.ipynb").read_text() == "lo2 v1"


def test_a_file_the_learner_made_before_delivery_is_theirs(course: Path, home: Path):
    make_course(home, {"notebooks/index.ipynb": "my own index"})
    result = deliver(course_files(course, "notebooks"), home)
    assert result.kept == ["notebooks/index.ipynb"]
    assert (home / "notebooks/index.ipynb").read_text() == "my own index"
    assert "notebooks/index.ipynb" not in read_record(home)


def test_a_deleted_file_comes_back(course: Path, home: Path):
    deliver(course_files(course, "notebooks"), home)
    (home / "notebooks/index.ipynb").unlink()
    result = deliver(course_files(course, "notebooks"), home)
    assert result.added == ["notebooks/index.ipynb"]
    assert (home / "notebooks/index.ipynb").read_text() == "index v1"


def test_a_folder_in_place_of_a_file_is_left_alone(course: Path, home: Path):
    (home / "notebooks/index.ipynb").mkdir(parents=True)
    result = deliver(course_files(course, "notebooks"), home)
    assert result.kept == ["notebooks/index.ipynb"]
    assert (home / "notebooks/index.ipynb").is_dir()


def test_an_unreadable_record_keeps_every_changed_file(course: Path, home: Path):
    deliver(course_files(course, "notebooks"), home)
    (home / "notebooks/index.ipynb").write_text("my notes")
    (home / RECORD_NAME).write_text("{not json")
    (course / "unit/01-lo1.ipynb").write_text("lo1 v2")
    result = deliver(course_files(course, "notebooks"), home)
    assert sorted(result.kept) == ["notebooks/index.ipynb", "notebooks/unit/01-lo1.ipynb"]
    assert (home / "notebooks/index.ipynb").read_text() == "my notes"
    assert json.loads((home / RECORD_NAME).read_text())["schema"] == 1


def test_hidden_files_and_checkpoints_are_not_delivered(course: Path):
    make_course(course, {".ipynb_checkpoints/index-checkpoint.ipynb": "x", "unit/.hidden": "y"})
    assert sorted(course_files(course, "notebooks")) == [
        "notebooks/index.ipynb", "notebooks/unit/01-lo1.ipynb"]


def test_summary_counts_each_kind(course: Path, home: Path):
    assert deliver(course_files(course, "nb"), home).summary() == (
        "2 added, 0 updated, 0 kept (changed by the learner), 0 unchanged")
