"""Marks that no learner code can change, on the real nbgrader pipeline.

Three dishonest learners each add one code cell after the set-up cell of the released
assessment: (a) it loads the answer key, prints it and saves the key's answers; (b) it reads
every file under every keys folder it can find and saves the answers in them; (c) it replaces
the checking and scoring functions with ones that always pass. Each also saved honest answers to
half the questions. First the test shows that each cell does what it says when it runs with the
grading process's rights; then plain `nbgrader autograde` run from the course folder, and
`workbook grade`, give them 0 auto points and hold them for manual review, while honest learners
get exact scores; no feedback page holds key text, and a feedback page that does is never
released.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from workbook.assess.keys import load_key
from workbook.assess.responses import read_answers
from workbook.scoring import points
from workbook.tutor.leaks import find_leaks, key_texts

from .cohort import build_cohort
from .cohort_learners import CHEATS
from .helpers import run_workbook

pytestmark = pytest.mark.slow

HONEST = ("good", "partial")
LEARNERS = (*HONEST, *CHEATS)
NBGRADER = Path(sys.executable).parent / "nbgrader"


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """The cohort submitted and collected, nothing graded yet."""
    cohort = build_cohort(tmp_path_factory.mktemp("tamper"), learners=LEARNERS)
    done = subprocess.run([str(NBGRADER), "collect", cohort.assignment], cwd=cohort.course,
                          env=cohort.env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return cohort


@pytest.fixture(scope="module")
def graded(cohort):
    """`workbook grade` run over the cohort (its result)."""
    return run_workbook("grade", cohort.assignment, "--no-collect", "--course-root", cohort.course,
                        cwd=cohort.root, env=cohort.env)


def expected_auto(cohort) -> dict[str, float]:
    """Auto points from the key: good answers every question, partial the first half."""
    key = load_key(cohort.assignment, cohort.root / "keys")
    ids = sorted(key)
    return {"total": sum(q.points for q in key.values()),
            "partial": sum(key[q].points for q in ids[: len(ids) // 2])}


def cheat_cell(cohort, learner: str) -> str:
    """The code cell the learner added to the notebook they submitted."""
    nb = nbformat.read(cohort.course / "submitted" / learner / cohort.assignment / "assessment.ipynb",
                       as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "code" and "nbgrader" not in c.metadata)


def auto_grades(cohort) -> dict[str, tuple[float, bool]]:
    """learner -> (auto points, whether any auto-marked test waits for a tutor)."""
    found = {}
    with Gradebook(f"sqlite:///{cohort.course / 'gradebook.db'}") as gradebook:
        for submission in gradebook.find_assignment(cohort.assignment).submissions:
            tests = [g for n in submission.notebooks for g in n.grades if g.name.startswith("test-")]
            found[submission.student.id] = (sum(g.score for g in tests),
                                            any(g.needs_manual_grade for g in tests))
    return found


def test_each_cheat_works_when_it_runs_with_the_graders_rights(cohort, tmp_path):
    """The control: run where autograde used to run it, each cell forges full marks."""
    key = load_key(cohort.assignment, cohort.root / "keys")
    total = expected_auto(cohort)["total"]
    for learner in ("cheat-key", "cheat-files"):
        # where nbgrader puts the copy it executes: the cell looks for keys above it
        folder = cohort.course / "autograded-control" / learner / cohort.assignment
        shutil.copytree(cohort.course / "submitted" / learner / cohort.assignment, folder)
        done = subprocess.run([sys.executable, "-c", cheat_cell(cohort, learner)], cwd=folder,
                              env=cohort.env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        answers = read_answers(cohort.assignment, folder)
        assert sum(points(q, answers.get(q.id)) for q in key.values()) == total, learner
        assert next(q.explanation for q in key.values()) in done.stdout
    probe = (cheat_cell(cohort, "cheat-grading") + "\nfrom workbook.assess.cells import check_answered"
             f"\ncheck_answered({cohort.assignment!r}, 'no-such-question')\nprint('passed')")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=cohort.env,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "passed", done.stderr


def test_plain_nbgrader_autograde_gives_cheats_nothing(cohort):
    # a file beside the notebook that would run instead of the kernel (it starts in that folder)
    planted = cohort.course / "submitted" / "cheat-grading" / cohort.assignment / "ipykernel_launcher.py"
    planted.write_text("print(1.0)\n", encoding="utf-8")
    done = subprocess.run([str(NBGRADER), "autograde", "--force", cohort.assignment], cwd=cohort.course,
                          env=cohort.env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    expected = expected_auto(cohort)
    grades = auto_grades(cohort)
    assert grades["good"] == (expected["total"], False)
    assert grades["partial"] == (expected["partial"], False)
    for learner in CHEATS:
        assert grades[learner] == (0, True), learner
        assert re.search(rf"{learner} changed assessment: code cell \w+ added after setup", done.stderr)
    assert "file ipykernel_launcher.py added" in done.stderr
    assert not (cohort.course / "autograded" / "cheat-grading" / cohort.assignment
                / "ipykernel_launcher.py").exists()


def test_workbook_grade_flags_cheats_and_scores_honest_learners(cohort, graded):
    result = graded
    assert result.returncode == 0, result.stdout + result.stderr
    expected = expected_auto(cohort)
    rows = {line.split()[0]: line for line in result.stdout.splitlines()
            if line.split() and line.split()[0] in LEARNERS}
    total = f"{expected['total']:g}"
    assert re.fullmatch(rf"good\s+{total} / {total}\s+yes \(\d+\)\s+none", rows["good"])
    assert re.match(rf"partial\s+{expected['partial']:g} / {total}\s", rows["partial"])
    assert "CHANGED" not in rows["partial"]
    for learner in CHEATS:
        assert re.fullmatch(rf"{learner}\s+0 / {total}\s+yes \(\d+\)\s+CHANGED, held for manual "
                            r"review with 0 auto points: code cell \w+ added after setup(; .*)?",
                            rows[learner]), rows[learner]
    assert "file ipykernel_launcher.py added" in rows["cheat-grading"]
    # nothing of the learner's code is left in what nbgrader executed
    for learner in CHEATS:
        graded = nbformat.read(cohort.course / "autograded" / learner / cohort.assignment
                               / "assessment.ipynb", as_version=4)
        assert all("nbgrader" in cell.metadata for cell in graded.cells)


def test_feedback_holds_no_key_text_and_a_page_that_does_is_not_released(cohort, graded):
    key = load_key(cohort.assignment, cohort.root / "keys")
    texts = key_texts(key)
    result = run_workbook("release-feedback", cohort.assignment, "--course-root", cohort.course,
                          cwd=cohort.root, env=cohort.env)
    assert result.returncode == 0, result.stdout + result.stderr
    feedback = cohort.course / "feedback"
    assert find_leaks(feedback, texts) == []
    released = cohort.course / "exchange"
    assert len(list(released.glob("*/feedback/*.html"))) == len(LEARNERS)  # named by hash
    for learner in CHEATS:
        page = (feedback / learner / cohort.assignment / "assessment.html").read_text(encoding="utf-8")
        assert "Held for your tutor&#39;s review" in page or "Held for your tutor's review" in page

    # a tutor's note copied from the key into one autograded notebook
    path = cohort.course / "autograded" / "good" / cohort.assignment / "assessment.ipynb"
    nb = nbformat.read(path, as_version=4)
    note = next(q.explanation for q in key.values())
    nb.cells.append(nbformat.v4.new_markdown_cell(f"Note: {note}"))
    nbformat.write(nb, path)
    result = run_workbook("release-feedback", cohort.assignment, "--course-root", cohort.course,
                          cwd=cohort.root, env=cohort.env)
    assert result.returncode == 1
    assert f"good/{cohort.assignment}/assessment.html: holds answer-key text" in result.stderr
    assert "nothing released" in result.stderr
    assert not (feedback / "good" / cohort.assignment / "assessment.html").exists()
    assert (feedback / "partial" / cohort.assignment / "assessment.html").exists()
    assert find_leaks(released, texts) == []

