"""Assessment decisions end to end on the real nbgrader pipeline.

Two learners fetch the released assessment, map evidence (one item to criteria of both units)
and submit through the exchange; only `ready` signs the declaration of authenticity. `workbook
grade` collects and autogrades; an assessor records decisions with `workbook decide`, an IQA
samples them and disagrees with one; feedback is released and fetched, and each learner's
progress view shows the decisions and their feedback; `workbook report` writes claims.csv.
Every step is a separate `workbook` process reading the course folder afresh, so decisions
that survive between them survive a restart.
"""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys

import pytest

from workbook.course.loader import load_course

from .cohort import PROJECT, UNIT, build_cohort, fetch_feedback
from .decisions_learners import LEARNERS
from .helpers import run_workbook

OTHER = "active-support-lead-interactive-training"


@pytest.fixture(scope="module")
def submitted(tmp_path_factory):
    """The assignment released, both learners' portfolios submitted and autograded."""
    tmp = tmp_path_factory.mktemp("decisions")
    cohort = build_cohort(tmp, learners=())
    done = subprocess.run([sys.executable, "-m", "tests.decisions_learners", str(cohort.course),
                           str(cohort.homes), cohort.assignment, UNIT, OTHER],
                          cwd=PROJECT, env=cohort.env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    # the declaration gate let the signed assessment through and stopped the other one
    assert "gate: ready: submitted" in done.stdout
    assert ("gate: unsigned: Not submitted: sign the declaration of authenticity at the end of the "
            "unit's portfolio page") in done.stdout
    graded = run_workbook("grade", cohort.assignment, "--course-root", cohort.course,
                          cwd=cohort.root, env=cohort.env)
    assert "2 of 2 submissions autograded" in graded.stdout, graded.stdout + graded.stderr
    return cohort


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.slow
def test_decisions_iqa_feedback_and_claims(submitted, tmp_path, monkeypatch):
    cohort = submitted
    unit = load_course().unit(UNIT)
    criteria = [c.id for c in unit.criteria]
    first = {c.id for c in unit.outcomes[0].criteria}
    course = ("--course-root", str(cohort.course))
    tutor = {**cohort.env, "WORKBOOK_ROLE": "tutor"}
    iqa = {**cohort.env, "WORKBOOK_ROLE": "iqa"}

    def wb(*args, env=tutor):
        return run_workbook(*args, *course, cwd=cohort.root, env=env)

    # the tutor sees each learner's declaration, as carried with the submission
    shown = wb("decisions", UNIT)
    assert shown.returncode == 0, shown.stderr
    assert "ready: declaration signed by Rea Dee on " in shown.stdout
    assert "unsigned: declaration not signed; not ready" in shown.stdout

    # the assessor: ready's first criterion not yet met, then met (history); the rest met
    result = wb("decide", UNIT, "ready", criteria[0], "not-yet-met", "--evidence", "e1",
                "--feedback", "Say which needs the change met.", "--assessor", "asha")
    assert result.returncode == 0, result.stderr
    for criterion in criteria:
        item = "e1" if criterion in first else "e2"
        result = wb("decide", UNIT, "ready", criterion, "met", "--evidence", item,
                    "--feedback", f"Clear evidence in {item}.", "--assessor", "asha")
        assert result.returncode == 0, result.stderr
    # an unsigned portfolio cannot be judged met; not yet met, with feedback, it can
    refused = wb("decide", UNIT, "unsigned", criteria[0], "met", "--evidence", "e1", "--assessor", "asha")
    assert refused.returncode == 2
    assert "unsigned has not signed the declaration of authenticity" in refused.stderr
    result = wb("decide", UNIT, "unsigned", criteria[0], "not-yet-met", "--evidence", "e1",
                "--feedback", "Sign your declaration, then show how you chose with the person.",
                "--assessor", "asha")
    assert result.returncode == 0, result.stderr
    # an IQA cannot decide, and a tutor cannot sample or give verdicts
    assert wb("decide", UNIT, "ready", criteria[0], "not-yet-met", "--feedback", "x",
              "--assessor", "ina", env=iqa).returncode == 2
    assert wb("iqa", "sample", UNIT, "--rate", "1").returncode == 2

    # the IQA samples every decision, agrees with ready's and disagrees with one of unsigned's
    plan = wb("iqa", "sample", UNIT, "--rate", "1", "--seed", "5", "--iqa", "ina", env=iqa)
    assert plan.returncode == 0, plan.stderr
    assert "drawn by ina at " in plan.stdout and f"{len(criteria) + 1} of {len(criteria) + 1} decisions" in plan.stdout
    for criterion in criteria:
        assert wb("iqa", "record", UNIT, "ready", criterion, "agree", "--iqa", "ina", env=iqa).returncode == 0
    result = wb("iqa", "record", UNIT, "unsigned", criteria[0], "disagree", "--comment",
                "e1 shows this criterion; look again once the declaration is signed", "--iqa", "ina", env=iqa)
    assert result.returncode == 0 and "decision reopened" in result.stdout, result.stderr

    # a new process reads it all back: decisions and verdicts survive a restart
    shown = wb("decisions", UNIT).stdout
    assert "ready: declaration signed by Rea Dee" in shown and "READY TO CLAIM" in shown
    assert f"  {criteria[0]}: not yet met by asha" in shown
    assert "IQA disagreed (e1 shows this criterion" in shown

    # feedback returns with the decisions; each learner's progress view shows them
    released = wb("release-feedback", cohort.assignment)
    assert released.returncode == 0, released.stdout + released.stderr
    fetch_feedback(cohort, LEARNERS)
    from workbook.learner.returned import returned_decisions
    from workbook.learner.store import Store
    from workbook.widgets.progress import ProgressView

    ready = returned_decisions(UNIT, cohort.homes / "ready")
    # the returned page judges written tasks by their decision, never by points
    page = next((cohort.homes / "ready" / cohort.assignment / "feedback").glob("*/assessment.html"))
    text = page.read_text(encoding="utf-8")
    written = [c for c in criteria if f'<a name="answer-{c.replace(".", "-")}">' in text]
    assert written, "the assessment has written answers"
    for criterion in written:
        slug = criterion.replace(".", "-")
        assert re.search(rf'<li><a href="#answer-{slug}">[^<]*</a> \(Decision: met\)</li>', text)
        assert re.search(rf'<a name="answer-{slug}"></a>.{{0,300}}Decision: met <a href="#top">', text, re.S)
    assert not re.search(r'href="#answer-[^"]*">[^<]*</a> \(Score', text)
    assert "(Score:" not in text.split("<h4>", 1)[1].split("</h4>", 1)[0]
    # questions by number, written answers by name, the code out of sight; nothing removed
    assert re.search(r'<li><a href="#test-[^"]+">Question 1</a> \(Score: [\d.]+ / [\d.]+\)', text)
    assert "Test cell" not in text and "Grade cell:" not in text and "Student's answer" not in text
    assert 'id="workbook-feedback-style"' in text and "check_answered" in text
    assert [(d.criterion, d.outcome, d.assessor) for d in ready] == [(c, "met", "asha") for c in criteria]
    monkeypatch.setenv("WORKBOOK_ASSIGNMENTS_DIR", str(cohort.homes / "ready"))
    page = ProgressView(UNIT, Store(tmp_path / "store")).static_html()
    assert (f"<h4>Assessor decisions</h4><p>{len(criteria)} of {len(criteria)} met, 0 not yet met, "
            "0 awaiting a decision.</p>") in page
    assert f"<th scope=\"row\">Criterion {criteria[-1]}</th><td>✔ met</td><td>Clear evidence in e2.</td>" in page
    assert " of 4</td>" not in page and "Tutor marks" not in page
    monkeypatch.setenv("WORKBOOK_ASSIGNMENTS_DIR", str(cohort.homes / "unsigned"))
    page = ProgressView(UNIT, Store(tmp_path / "store")).static_html()
    assert (f"<th scope=\"row\">Criterion {criteria[0]}</th><td>not yet met (being reviewed by your "
            "assessor)</td><td>Sign your declaration, then show how you chose with the person.</td>") in page

    # the report: decisions with who and when, IQA, declaration; claims lists exactly `ready`
    out = tmp_path / "report"
    reported = wb("report", "--out", str(out))
    assert reported.returncode == 0, reported.stderr
    claims = rows((out / "claims.csv").read_text(encoding="utf-8"))
    assert [(r["learner"], r["unit"], r["criteria met"]) for r in claims] == [("ready", UNIT, str(len(criteria)))]
    decisions = {(r["learner"], r["criterion"]): r for r in rows((out / "decisions.csv").read_text(encoding="utf-8"))
                 if r["unit"] == UNIT}
    assert {decisions[("ready", c)]["iqa"] for c in criteria} == {"agreed"}
    assert decisions[("unsigned", criteria[0])]["iqa"] == "disagreed"
    assert decisions[("unsigned", criteria[1])]["decision"] == "no decision"
    assert decisions[("unsigned", criteria[0])]["declaration"] == "not signed"
    assert decisions[("ready", criteria[0])]["assessor"] == "asha"
    html = (out / "cohort-report.html").read_text(encoding="utf-8")
    assert "Ready to claim: ready (lead-person-centred-practice)." in html
    assert "disagreed: e1 shows this criterion; look again once the declaration is signed " \
           "(reopened for the assessor)" in html
