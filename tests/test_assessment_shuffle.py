"""The assessment notebook shows each learner the options in an order of their own, stable per
learner and question, while the saved answer stays an option id."""
from __future__ import annotations

import json

from workbook.course.model import Option
from workbook.widgets.assessment import show_question
from workbook.widgets.base import stable_shuffle as shuffled

DATA = {"id": "assess-q", "type": "single", "stem": "Which action fits?", "points": 1,
        "options": [{"id": k, "text": f"Option {k}"} for k in "abcd"]}


def shown_order(monkeypatch, tmp_path, learner: str, data: dict = DATA) -> list[str]:
    """Option ids in the order the question widget shows them to one learner."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JUPYTERHUB_USER", learner)
    return [o["id"] for o in show_question("demo", data).questions[0]["options"]]


def test_order_is_stable_per_learner_and_question_and_differs_between_learners():
    options = [Option(k, k) for k in "abcdef"]
    assert shuffled(options, "alice", "q1") == shuffled(options, "alice", "q1")
    orders = {tuple(o.id for o in shuffled(options, f"learner{n}", "q1")) for n in range(12)}
    assert len(orders) > 6  # 720 possible orders: twelve learners almost never collide
    assert {tuple(o.id for o in shuffled(options, "alice", f"q{n}")) for n in range(12)} != {
        tuple("abcdef")}
    assert sorted(o.id for o in shuffled(options, "alice", "q1")) == list("abcdef")


def test_widget_shows_the_learners_order_and_saves_option_ids(monkeypatch, tmp_path):
    orders = {name: shown_order(monkeypatch, tmp_path, name) for name in ("ana", "ben", "cy", "di")}
    assert all(sorted(order) == list("abcd") for order in orders.values())
    assert len({tuple(order) for order in orders.values()}) > 1
    assert shown_order(monkeypatch, tmp_path, "ana") == orders["ana"]

    monkeypatch.setenv("JUPYTERHUB_USER", "ben")
    question = show_question("demo", DATA)
    question.answer("assess-q", orders["ben"][0])  # the first option ben sees
    saved = json.loads(next((tmp_path / ".responses").glob("*.json")).read_text())
    assert saved["data"]["answers"]["assess-q"]["answer"] == orders["ben"][0]


def test_true_false_keeps_its_order(monkeypatch, tmp_path):
    data = {**DATA, "type": "truefalse",
            "options": [{"id": "true", "text": "True"}, {"id": "false", "text": "False"}]}
    for name in ("ana", "ben", "cy", "di", "ed"):
        assert shown_order(monkeypatch, tmp_path, name, data) == ["true", "false"]
