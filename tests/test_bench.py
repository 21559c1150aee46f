"""Smoke test of the benchmark code with tiny sizes (the real run is `make bench`)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from bench.autograde import plain_notebook
from bench.figures import Progress, percentile, table
from bench.learner_page import page_figures, page_rows
from bench.live import jupyterquiz_notebook, outcome_notebooks
from bench.load import lost_answers
from bench.memory import cpu_seconds, process_tree, rss_bytes, tree_rss


def test_plain_notebook_has_the_requested_graded_cells():
    nb = plain_notebook(auto=5, manual=3)
    meta = [c.metadata.get("nbgrader", {}) for c in nb.cells]
    assert sum(1 for m in meta if m.get("grade") and not m.get("solution")) == 5
    assert sum(1 for m in meta if m.get("grade") and m.get("solution")) == 3
    nbformat.validate(nb)


def test_percentile_and_table():
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50) == 5
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    lines = table([("a", "1 s", "x2")]).splitlines()
    assert lines[0].split() == ["figure", "value", "compared"] and lines[2].split() == ["a", "1", "s", "x2"]


def test_tree_rss_counts_a_child_process():
    # a child that holds ~64 MiB resident until it is told to exit
    child = subprocess.Popen([sys.executable, "-c",
                              "import sys; b = bytearray(64 << 20); print('ready', flush=True); "
                              "sys.stdin.read()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        assert child.pid in process_tree(os.getpid())
        total, below = tree_rss(os.getpid())
        assert below >= rss_bytes(child.pid) >= 64 << 20
        assert total > below  # this process itself counts too
    finally:
        child.stdin.close()
        child.wait(timeout=10)
    assert rss_bytes(child.pid) == 0


def test_cpu_seconds_counts_a_child_s_work():
    child = subprocess.Popen([sys.executable, "-c",
                              "import sys, time\n"
                              "end = time.process_time() + 0.5\n"
                              "while time.process_time() < end: pass\n"
                              "print('ready', flush=True); sys.stdin.read()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        assert 0.5 <= cpu_seconds(child.pid) < 5
    finally:
        child.stdin.close()
        child.wait(timeout=10)


def test_progress_numbers_steps_on_stderr(capsys):
    progress = Progress(2)
    with progress.step("first"):
        pass
    with progress.step("second"):
        pass
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "[1/2] first ..." and err[2] == "[2/2] second ..."
    assert err[1].strip().startswith("done in ") and err[3].endswith("min so far")


def test_lost_answers_compares_with_the_store_file(tmp_path):
    store = tmp_path / "quiz.json"
    written = {"q1": "a", "q2": "b", "q3": "c"}
    assert lost_answers(written, store) == 3  # nothing on disk: all lost
    store.write_text(json.dumps({"schema": 1, "name": "quiz", "data": {"answers": {
        "q1": {"answer": "a"}, "q2": {"answer": "x"}}}}))
    assert lost_answers(written, store) == 2
    assert lost_answers({"q1": "a"}, store) == 0


def test_jupyterquiz_twin_has_one_question_per_outcome_question():
    from workbook import load_course

    notebooks = outcome_notebooks()
    units = load_course().units
    assert len(notebooks) == sum(len(u.outcomes) for u in units)
    unit = units[0]
    questions = unit.outcomes[0].questions
    nb = jupyterquiz_notebook(questions)
    nbformat.validate(nb)
    shown = eval(nb.cells[1].source.split("display_quiz(", 1)[1][:-1])  # noqa: S307 - our own
    assert len(shown) == len(questions)
    assert all(sum(a["correct"] for a in q["answers"]) >= 1 for q in shown)
    assert nb.cells[-1].source.startswith("import sys")  # the probe prints models and memory


@pytest.mark.slow
@pytest.mark.browser
def test_learner_page_figure_times_both_sides_until_a_question_can_be_answered():
    # its own thread: the session's browser fixture keeps an event loop running in this one
    with ThreadPoolExecutor(1) as pool:
        figure = pool.submit(page_figures, runs=1).result()
    assert len(figure.voila) == len(figure.jupyterlab) == 1
    assert all(0 < ms < 60_000 for ms in figure.voila + figure.jupyterlab)
    assert page_rows(figure)[0][1].endswith(" ms")
