"""Learner store: atomic, restore-before-save, concurrent writers lose nothing, corrupt kept."""
from __future__ import annotations

import json
import multiprocessing

import pytest

from workbook.learner.store import STORE_SCHEMA, Store


def _write_many(root: str, writer: int, count: int) -> None:
    store = Store(root)
    for n in range(count):
        store.update("quiz-shared", lambda d, n=n: d.setdefault("answers", {}).__setitem__(f"w{writer}-{n}", n))


def test_update_then_read_round_trip(tmp_path):
    store = Store(tmp_path)
    store.update("quiz-u-lo1", lambda d: d.setdefault("answers", {}).update(q1={"answer": "a"}))
    assert Store(tmp_path).read("quiz-u-lo1") == {"answers": {"q1": {"answer": "a"}}}
    document = json.loads((tmp_path / "quiz-u-lo1.json").read_text())
    assert document["schema"] == STORE_SCHEMA and document["name"] == "quiz-u-lo1"


def test_default_root_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_STORE", str(tmp_path / "mine"))
    Store().update("doc", lambda d: d.update(x=1))
    assert (tmp_path / "mine" / "doc.json").exists()


def test_concurrent_processes_lose_nothing(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_write_many, args=(str(tmp_path), w, 25)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    answers = Store(tmp_path).read("quiz-shared")["answers"]
    assert len(answers) == 100


@pytest.mark.parametrize("content, reason", [
    ("{not json", "is not valid JSON (line 1)"),
    ('{"schema": 1, "data": []}', "does not hold saved answers"),
    ('{"schema": 99, "data": {}}', "has unknown schema 99"),
])
def test_corrupt_file_is_kept_aside_and_work_continues(tmp_path, content, reason):
    (tmp_path / "doc.json").write_text(content)
    store = Store(tmp_path)
    assert store.read("doc") == {}
    assert (tmp_path / "doc.corrupt-1.json").read_text() == content
    assert store.warnings == [
        f"Your saved file doc.json {reason}. It was kept as doc.corrupt-1.json and a new one "
        "was started; your tutor can help recover it."]
    store.update("doc", lambda d: d.update(x=1))
    assert store.read("doc") == {"x": 1}


def test_second_corrupt_file_does_not_replace_the_first(tmp_path):
    store = Store(tmp_path)
    for n in (1, 2):
        (tmp_path / "doc.json").write_text(f"broken {n}")
        store.read("doc")
    assert (tmp_path / "doc.corrupt-1.json").read_text() == "broken 1"
    assert (tmp_path / "doc.corrupt-2.json").read_text() == "broken 2"


def test_failed_change_writes_nothing(tmp_path):
    store = Store(tmp_path)
    store.update("doc", lambda d: d.update(x=1))

    def explode(data):
        data["x"] = 2
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.update("doc", explode)
    assert store.read("doc") == {"x": 1}


def test_names_cannot_escape_the_folder(tmp_path):
    with pytest.raises(ValueError):
        Store(tmp_path).path("../outside")
