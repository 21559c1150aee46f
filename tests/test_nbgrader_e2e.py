"""The real nbgrader pipeline on a built assessment: release, four learners, autograde, manual
marks, feedback and export, with exact scores, no answer key in anything learners receive, and
the preflights refusing unsafe folders. Prints how long each step took."""
from __future__ import annotations

import ast
import csv
import html
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from workbook import load_course
from workbook.assess.assessment import load_assessments
from workbook.assess.keys import KIND
from workbook.assess.notebook import show_evidence
from workbook.build.assignments import assignment_files
from workbook.learner.store import Store
from workbook.widgets.assessment import show_question

pytestmark = pytest.mark.slow

ASSIGNMENT = "lpcp-assessment"
UNIT = "lead-person-centred-practice"
BIN = Path(sys.executable).parent
ASSESSMENT = next(a for a in load_assessments(load_course(), Path(__file__).resolve().parent.parent
                                               / "assessment") if a.assignment == ASSIGNMENT)
BANK, WRITTEN = ASSESSMENT.questions, sum(w.points for w in ASSESSMENT.written)
# every question answered right, from the bank's key: an option id, or sorted ids (multiple)
RIGHT = {q.id: sorted(o.id for o in q.options if o.correct) if q.type == "multiple"
         else next(o.id for o in q.options if o.correct) for q in BANK}
AUTO = sum(q.points for q in BANK)
MULTIPLE, SINGLES = (next(q for q in BANK if q.type == "multiple"),
                     [q for q in BANK if q.type == "single"])
# bob: two of the multiple-choice keys, one single right, one wrong, the rest unanswered
PARTIAL = {MULTIPLE.id: RIGHT[MULTIPLE.id][:2], SINGLES[0].id: RIGHT[SINGLES[0].id],
           SINGLES[1].id: next(o.id for o in SINGLES[1].options if not o.correct)}
BOB_AUTO = 2 / len(RIGHT[MULTIPLE.id]) * MULTIPLE.points + SINGLES[0].points
LEARNERS = ("alice", "bob", "cara", "dev")
MANUAL = {"alice": {"1-1": 4, "2-1": 3, "3-1": 2}, "bob": {"1-1": 2, "2-1": 1}, "dev": {"1-1": 3}}


class Pipeline:
    """Runs nbgrader commands for the tutor or a learner and times each step."""

    def __init__(self, tmp: Path, course_id: str):
        self.tmp, self.course_id = tmp, course_id
        self.root = tmp / "project" / "assignments"
        self.exchange = tmp / "exchange"
        self.keys = tmp / "project" / "keys"
        self.times: dict[str, float] = {}
        self.env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}",
                    "WORKBOOK_COURSE_ROOT": str(self.root), "WORKBOOK_EXCHANGE": str(self.exchange),
                    "WORKBOOK_KEYS": str(self.keys), "WORKBOOK_STORE": str(tmp / "tutor-store")}

    def learner(self, name: str) -> tuple[Path, dict]:
        home = self.tmp / "learners" / name
        home.mkdir(parents=True, exist_ok=True)
        env = {**self.env, "HOME": str(home), "USER": name, "LOGNAME": name,
               "WORKBOOK_STORE": str(home / ".workbook")}
        return home, env

    def tutor(self, step: str, *args: str) -> str:
        return self._timed(step, [[*args]], [self.root], [self.env])[0]

    def learners(self, step: str, *args: str) -> list[str]:
        homes_envs = [self.learner(n) for n in LEARNERS]
        extra = ["--course", self.course_id, f"--Exchange.root={self.exchange}"]
        # One uid runs every learner here (as on a hub), so each names itself with --student.
        return self._timed(step, [[*args, *extra, f"--student={n}"] for n in LEARNERS],
                           [h for h, _ in homes_envs], [e for _, e in homes_envs])

    def _timed(self, step: str, commands, cwds, envs) -> list[str]:
        start = time.perf_counter()
        procs = [subprocess.Popen([str(BIN / "nbgrader"), *cmd], cwd=cwd, env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                 for cmd, cwd, env in zip(commands, cwds, envs)]
        outputs = [p.communicate(timeout=300)[0] for p in procs]
        self.times[step] = time.perf_counter() - start
        for proc, out in zip(procs, outputs):
            assert proc.returncode == 0, f"{step} failed:\n{out}"
        return outputs


def workbook_cli(pipeline: Pipeline, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "workbook"), *args], env={**pipeline.env, **env},
                          capture_output=True, text=True, timeout=60)


def answer_with_widgets(folder: Path, monkeypatch) -> None:
    """Alice answers by driving the assessment widgets, as in the notebook."""
    nb = nbformat.read(folder / "assessment.ipynb", as_version=4)
    monkeypatch.chdir(folder)
    for cell in nb.cells:
        if cell.id.startswith("q-"):
            call = ast.parse(cell.source).body[0].value
            data, number = (ast.literal_eval(arg) for arg in call.args[1:])
            question = show_question(ASSIGNMENT, data, number)
            # what the page sends: option ids, whatever order the learner sees them in
            question.answer(data["id"], RIGHT[data["id"]])
            assert "✔ Saved" in question.state[data["id"]]["status"]


def write_answers(folder: Path, answers: dict) -> None:
    """Exactly what the widget writes: the Store document of the assignment's answers."""
    Store(folder / ".responses").update(f"quiz-{ASSIGNMENT}", lambda data: data.setdefault(
        "answers", {}).update({q: {"answer": a, "attempts": 1, "revealed": False}
                               for q, a in answers.items()}))


def write_reflections(folder: Path, criteria: list[str], widgets: bool = False) -> None:
    path = folder / "assessment.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for criterion in criteria:
            if cell.id == f"answer-{criterion}":
                cell.source = f"In my team I applied criterion {criterion} by changing how we plan care."
    if widgets:  # what JupyterLab saves after widgets were shown
        model = "0123456789abcdef"
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
            "state": {model: {"model_module": "@jupyter-widgets/controls",
                              "model_module_version": "2.0.0", "model_name": "VBoxModel",
                              "state": {}}},
            "version_major": 2, "version_minor": 0}}
        first = next(c for c in nb.cells if c.id.startswith("q-"))
        first.outputs = [nbformat.v4.new_output("display_data", data={
            "application/vnd.jupyter.widget-view+json": {"model_id": model, "version_major": 2,
                                                         "version_minor": 0},
            "text/plain": "VBox()"})]
    nbformat.write(nb, path)


def secrets(assessment) -> list[str]:
    """Texts that only the answer key holds."""
    found = [KIND, '"correct"', "'correct'"]
    for question in assessment.questions:
        found.append(question.explanation)
        found += [o.feedback for o in question.options]
    return found


def test_nbgrader_pipeline(tmp_path, monkeypatch):
    course = load_course()
    assessment = next(a for a in load_assessments(course, Path(__file__).resolve().parent.parent / "assessment") if a.assignment == ASSIGNMENT)
    pipeline = Pipeline(tmp_path, course.id)
    for rel, text in assignment_files(course, Path(__file__).resolve().parent.parent / "assessment").items():
        (tmp_path / "project" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "project" / rel).write_text(text, encoding="utf-8")
    pipeline.exchange.mkdir()
    root = pipeline.root

    pipeline.tutor("generate_assignment", "generate_assignment", ASSIGNMENT)
    assert workbook_cli(pipeline, "assignments", "preflight-release", ASSIGNMENT).returncode == 0
    pipeline.tutor("release_assignment", "release_assignment", ASSIGNMENT)
    pipeline.learners("fetch_assignment x4 (parallel)", "fetch_assignment", ASSIGNMENT)

    folders = {n: pipeline.learner(n)[0] / ASSIGNMENT for n in LEARNERS}
    alice_store = Store(pipeline.learner("alice")[0] / ".workbook")
    alice_store.update(f"evidence-{UNIT}", lambda d: d.setdefault("items", {}).update({"e1": {
        "id": "e1", "type": "reflective-account", "title": "Reflective account of a care review",
        "date": "2025-01-10", "criteria": ["1.1"]}}))
    monkeypatch.setenv("WORKBOOK_STORE", str(alice_store.root))
    answer_with_widgets(folders["alice"], monkeypatch)
    show_evidence(ASSIGNMENT, UNIT)
    write_reflections(folders["alice"], [w.criterion.replace(".", "-") for w in ASSESSMENT.written],
                      widgets=True)
    write_answers(folders["bob"], PARTIAL)
    write_reflections(folders["bob"], ["1-1", "2-1"])
    (folders["dev"] / ".responses").mkdir()
    (folders["dev"] / ".responses" / f"quiz-{ASSIGNMENT}.json").write_text(
        '{"schema": 1, "name": "quiz-lpcp-assessment", "data": {"answers": {"assess-lpcp-lo1-rog')
    write_reflections(folders["dev"], ["1-1"])

    out = pipeline._timed("validate (untouched + completed)", [[
        "validate", str(folders["cara"] / "assessment.ipynb"), str(folders["alice"] / "assessment.ipynb")
    ]], [tmp_path], [pipeline.learner("alice")[1]])[0]
    untouched, completed = out.split("Validating")[1:3] if out.count("Validating") == 2 else ("", "")
    assert f"VALIDATION FAILED ON {len(BANK) + len(ASSESSMENT.written)} CELL(S)" in untouched, out
    assert "No saved answers: .responses/quiz-lpcp-assessment.json was not foun" in untouched
    assert "You did not provide a response" in untouched
    assert "Success! Your notebook passes all the tests." in completed, out

    pipeline.learners("submit_assignment x4 (parallel)", "submit", ASSIGNMENT)
    pipeline.tutor("collect", "collect", ASSIGNMENT)
    start = time.perf_counter()
    check = workbook_cli(pipeline, "assignments", "preflight-autograde", ASSIGNMENT)
    pipeline.times["preflight-autograde (workbook)"] = time.perf_counter() - start
    assert check.returncode == 0, check.stderr
    pipeline.tutor("autograde (4 submissions)", "autograde", ASSIGNMENT)

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course.id) as gb:
        for student, marks in MANUAL.items():
            for criterion, score in marks.items():
                grade = gb.find_grade(f"answer-{criterion}", "assessment", ASSIGNMENT, student)
                grade.manual_score = score
        gb.db.commit()
    pipeline.tutor("generate_feedback", "generate_feedback", ASSIGNMENT)
    pipeline.tutor("export", "export", f"--to={tmp_path / 'grades.csv'}")

    with open(tmp_path / "grades.csv", newline="") as handle:
        scores = {r["student_id"]: (float(r["score"]), float(r["max_score"]))
                  for r in csv.DictReader(handle) if r["assignment"] == ASSIGNMENT}
    assert scores["alice"] == (AUTO + 9, AUTO + WRITTEN)
    assert scores["bob"] == pytest.approx((BOB_AUTO + 3, AUTO + WRITTEN), abs=1e-9)
    assert scores["cara"] == (0, AUTO + WRITTEN)
    assert scores["dev"] == (3, AUTO + WRITTEN)

    graded = (root / "autograded" / "dev" / ASSIGNMENT / "assessment.ipynb").read_text()
    assert "are damaged (not valid JSON" in graded
    feedback = root / "feedback"
    alice_page = (feedback / "alice" / ASSIGNMENT / "assessment.html").read_text()
    assert "Reflective account of a care review" in alice_page  # evidence map survives autograde
    # the tests only check that an answer is saved; the points come from the tutor's process
    assert "check_answered" in alice_page and "1 of 1 point(s)." in alice_page
    hidden = secrets(assessment)
    for folder in (root / "release", feedback):
        for path in folder.rglob("*"):
            if path.is_file():
                text = html.unescape(path.read_text(encoding="utf-8", errors="replace"))
                text = text.replace('\\"', '"')
                leaks = [s for s in hidden if s in text]
                assert not leaks, f"{path} holds answer-key text: {leaks[0][:60]}"

    key = pipeline.keys / f"{ASSIGNMENT}.json"
    shutil.copy(key, root / "release" / ASSIGNMENT / "notes.json")
    refused = workbook_cli(pipeline, "assignments", "preflight-release", ASSIGNMENT)
    assert refused.returncode == 2 and "release/lpcp-assessment/notes.json" in refused.stderr
    (root / "release" / ASSIGNMENT / "notes.json").unlink()
    stray = root / "source" / ASSIGNMENT / ".responses" / f"quiz-{ASSIGNMENT}.json"
    stray.parent.mkdir()
    stray.write_text(json.dumps({"schema": 1, "data": {"answers": {}}}))
    refused = workbook_cli(pipeline, "assignments", "preflight-release", ASSIGNMENT)
    assert refused.returncode == 2 and "a responses file would reach every learner" in refused.stderr
    refused = workbook_cli(pipeline, "assignments", "preflight-autograde", ASSIGNMENT,
                           WORKBOOK_KEYS=str(tmp_path / "no-keys"))
    assert refused.returncode == 2 and "no answer key for lpcp-assessment" in refused.stderr
    document = json.loads(key.read_text())
    document["questions"] = document["questions"][1:]
    key.write_text(json.dumps(document))
    refused = workbook_cli(pipeline, "assignments", "preflight-autograde", ASSIGNMENT)
    assert refused.returncode == 2
    assert f"{BANK[0].id} is in the notebook but not in the answer key" in refused.stderr

    for step, seconds in pipeline.times.items():
        print(f"{step:40s} {seconds:6.1f} s")
