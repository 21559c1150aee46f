"""`workbook grade` and `workbook report` over a cohort submitted through the real pipeline.

The cohort (tests/cohort.py) is released and submitted with nbgrader; grading runs the real
`workbook grade` command; a tutor's marks go into nbgrader's gradebook as formgrader puts them,
and the assessor's decisions into the course's records; the report, which shows written tasks as
met or not yet met and never their points, is opened in Chromium and saved as
test-artifacts/cohort-report.png.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml

from workbook.assess.keys import load_key

from .cohort import LEARNERS, build_cohort, fetch_feedback, mark_written
from .conftest import ARTIFACTS
from .helpers import ROOT, run_workbook

UNIT = "lead-person-centred-practice"
WRITTEN = {str(w["criterion"]): w["points"] for w in yaml.safe_load(
    (ROOT / "assessment" / "lead-person-centred-practice.yaml").read_text(encoding="utf-8"))["written"]}

COURSE_ID = "l5-leadership-hsc-cyp"


def table_rows(stdout: str) -> dict[str, str]:
    """learner -> its line of the closing table."""
    return {line.split()[0]: line for line in stdout.splitlines()
            if line.split() and line.split()[0] in LEARNERS}


def key_figures(cohort) -> dict:
    """Expected figures, from the answer key the cohort was built with."""
    key = load_key(cohort.assignment, cohort.root / "keys")
    ids = sorted(key)
    half = ids[: len(ids) // 2]
    return {"n": len(ids), "total": sum(q.points for q in key.values()),
            "partial": sum(key[q].points for q in half), "unanswered": len(ids) - len(half)}


def assert_graded_table(result, cohort, learners=LEARNERS) -> None:
    """The grading table of the fixture learners, and the exit code of a run with a failure."""
    k = key_figures(cohort)
    assert result.returncode == 1, result.stdout + result.stderr
    rows = table_rows(result.stdout)
    assert set(rows) == set(learners)
    assert re.fullmatch(rf"good\s+{k['total']} / {k['total']}\s+yes \(3\)\s+none", rows["good"])
    assert re.fullmatch(r"broken-notebook\s+-\s+-\s+autograde failed: NotJSONError: Notebook does "
                        r"not appear to be JSON.*", rows["broken-notebook"])
    failed = f"{len(learners) - 1} of {len(learners)} submissions autograded; 1 FAILED"
    assert failed in result.stdout
    if "partial" not in learners:
        return
    assert re.fullmatch(rf"partial\s+{k['partial']} / {k['total']}\s+yes \(1\)\s+no saved answer "
                        rf"to {k['unanswered']} of {k['n']} questions", rows["partial"])
    assert re.fullmatch(rf"empty\s+0 / {k['total']}\s+no\s+No saved answers: "
                        r"\.responses/quiz-lpcp-assessment\.json was not found\..*", rows["empty"])
    assert f"0 / {k['total']}" in rows["broken-answers"]
    assert "are damaged (not valid JSON, line 1)" in rows["broken-answers"]


def mark_tutor(cohort, db_url: str) -> None:
    """The tutor marks the written answers that wait for a mark."""
    marks = {"good": {"answer-1-1": 4, "answer-2-1": 3, "answer-3-1": 4},
             "partial": {"answer-1-1": 2}}
    for learner, given in marks.items():
        mark_written(db_url, COURSE_ID, cohort.assignment, learner, given)


def decide(cohort) -> None:
    """The assessor judges every criterion of the good learner met, on the evidence mapped to
    it, and the partial learner's 1.1 not yet met (through `workbook decide`)."""
    from workbook.course.loader import load_course
    from workbook.decisions import record
    from workbook.decisions.submissions import submissions

    unit = load_course().unit(UNIT)
    good = submissions(cohort.course, UNIT)["good"]
    for criterion in unit.criteria:
        evidence = tuple(i.id for i in good.items if criterion.id in i.criteria)
        record.record_decision(cohort.course, unit, good, criterion.id, record.MET, evidence,
                               "", "Ann Assessor", "tutor")
    result = run_workbook("decide", UNIT, "partial", "1.1", "not-yet-met", "--evidence", "e1",
                          "--feedback", "Link the reflection to a model.", "--assessor",
                          "Ann Assessor", "--course-root", cohort.course, cwd=cohort.root,
                          env={**cohort.env, "WORKBOOK_ROLE": "tutor"})
    assert result.returncode == 0, result.stderr


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def assert_report(out: Path, cohort) -> None:
    """Criteria counts and per-learner statuses after grading, the tutor's marks and the
    assessor's decisions."""
    criteria = {(r["unit"], r["criterion"]): r for r in read_csv(out / "criteria.csv")}
    lpcp = UNIT
    # good evidenced every criterion and was judged to meet it; partial evidenced 1.1 only, not
    # yet met; a written task the tutor gave 3 of 4 in formgrader counts for nothing here
    assert {k[1]: (r["learners"], r["evidenced"], r["met"]) for k, r in criteria.items()
            if k[0] == lpcp} == {c: ("5", "2" if c == "1.1" else "1", "1") for c in WRITTEN}
    assert all((r["evidenced"], r["met"]) == ("0", "0") for k, r in criteria.items() if k[0] != lpcp)
    learners = {(r["learner"], r["unit"], r["outcome"]): r for r in read_csv(out / "learners.csv")}
    for outcome, n in (("LO1", 5), ("LO2", 4), ("LO3", 1)):
        good = learners[("good", lpcp, outcome)]
        assert (good["status"], good["unmet rules"], good["criteria awaiting a decision"],
                good["criteria evidenced"], good["criteria met"], good["decisions"]) == \
            ("complete", "", f"0 of {n}", f"{n} of {n}", f"{n} of {n}",
             f"{n} of {n} met, 0 not yet met, 0 awaiting a decision")
        assert learners[("empty", lpcp, outcome)]["status"] == "not started"
        assert learners[("broken-notebook", lpcp, outcome)]["questions percent"] == ""
    assert learners[("good", lpcp, "LO1")]["questions percent"] == "100"
    partial = learners[("partial", lpcp, "LO1")]
    assert (partial["status"], partial["criteria not yet met"],
            partial["criteria awaiting a decision"], partial["unit decisions"]) == \
        ("gaps", "1 of 5", "4 of 5", "0 of 10 met, 1 not yet met, 9 awaiting a decision")
    assert "A reflective account must link to at least one model or theory" in partial["unmet rules"]
    assert learners[("partial", lpcp, "LO3")]["status"] == "not started"
    aslit = [r for k, r in learners.items() if k[1] != lpcp]
    assert aslit and all(r["submission missing"] == "yes" and r["status"] == "not started"
                         for r in aslit)
    html = (out / "cohort-report.html").read_text(encoding="utf-8")
    assert html.count('role="img"') == 1 + 7  # the heatmap and one chart per outcome
    assert "good, LPCP 1.1: judged met; 1 evidence item(s); decision: met" in html
    assert "partial, LPCP 1.1: judged not yet met; 1 evidence item(s); decision: not yet met" in html
    heatmap = re.search(r'<svg[^>]*aria-labelledby="heatmap-title.*?</svg>', html, re.S)[0]
    assert "Evidence and decisions per learner and criterion</title>" in heatmap
    # tutors see decisions, never points such as 3/4
    assert not re.search(r"\d/\d", heatmap)
    assert re.search(r"<th scope=\"row\">broken-notebook</th>.*?<td>lpcp-assessment</td></tr>",
                     html, re.S)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The fixture cohort after `workbook grade` (its result kept for the tests)."""
    tmp = tmp_path_factory.mktemp("cohort")
    cohort = build_cohort(tmp)
    result = run_workbook("grade", cohort.assignment, "--course-root", cohort.course,
                          cwd=cohort.root, env=cohort.env)
    return cohort, result


@pytest.fixture(scope="module")
def decided(graded):
    """The graded cohort after the tutor's formgrader marks and the assessor's decisions."""
    cohort, _ = graded
    mark_tutor(cohort, f"sqlite:///{cohort.course / 'gradebook.db'}")
    decide(cohort)
    return cohort


@pytest.mark.slow
def test_grade_autogrades_everyone_and_reports_each_problem(graded):
    cohort, result = graded
    assert_graded_table(result, cohort)
    # not a terminal: one plain line per learner, time left from the second on
    lines = [line for line in result.stderr.splitlines() if line.startswith("learner ")]
    assert [line.split(":")[0] for line in lines] == [f"learner {n} of 5" for n in range(1, 6)]
    assert all(re.search(r", about (\d+[smh]|\d+m \d\ds) left$", line) for line in lines[1:])
    assert "\r" not in result.stderr
    assert "5 of 5 learners processed in" in result.stderr
    # nbgrader did the grading: autograded copies for all but the broken notebook
    autograded = cohort.course / "autograded"
    assert sorted(p.parent.name for p in autograded.glob(f"*/{cohort.assignment}")) == \
        ["broken-answers", "empty", "good", "partial"]


@pytest.mark.slow
@pytest.mark.browser
def test_report_shows_cohort_and_renders_in_chromium(decided, page, tmp_path):
    cohort = decided
    out = tmp_path / "report"
    result = run_workbook("report", "--course-root", cohort.course, "--out", out,
                          cwd=cohort.root, env=cohort.env)
    assert result.returncode == 0, result.stderr
    assert_report(out, cohort)
    page.goto((out / "cohort-report.html").as_uri())
    heatmap = page.get_by_role("img", name="Evidence and decisions per learner and criterion")
    heatmap.wait_for()
    # 2.1 and 3.1 ("be able to") count the observation and the agreed witness testimony; on
    # 3.1 the individuals' feedback supports them (its own rule) but is not observation
    assert heatmap.locator("text", has_text="✓ 2e · met").count() == 2
    assert heatmap.locator("text", has_text="✓ 3e · met").count() == 0
    assert heatmap.locator("text", has_text="✘ 1e · not yet met").count() == 1
    assert page.get_by_role("row", name=re.compile(r"^LPCP 1\.1 LO1 .* 2 of 5 1 of 5$")).count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "cohort-report.png"), full_page=True)


@pytest.mark.slow
def test_grade_refuses_an_unknown_assignment_before_touching_anything(tmp_path):
    from workbook.build.assignments import assignment_files
    from workbook.course.loader import load_course

    from .cohort import course_env

    for rel, text in assignment_files(load_course(), Path(__file__).resolve().parent.parent / "assessment").items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    result = run_workbook("grade", "no-such-assignment", "--course-root", tmp_path / "assignments",
                          cwd=tmp_path, env=course_env(tmp_path))
    assert result.returncode == 2
    assert "no source notebook for no-such-assignment" in result.stderr
    assert "refusing to grade no-such-assignment" in result.stderr
    assert not (tmp_path / "assignments" / "autograded").exists()


@pytest.mark.slow
def test_commands_name_a_missing_course_folder(tmp_path):
    for args in (("grade", "lpcp-assessment"), ("report", "--out", str(tmp_path / "out"))):
        result = run_workbook(*args, "--course-root", tmp_path / "nowhere", cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.strip() == (f"error: {tmp_path / 'nowhere' / 'nbgrader_config.py'}: "
                                         "not found; run `workbook build` or pass the course "
                                         "folder with --course-root")
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_learners_see_returned_decisions_not_points_in_their_progress_view(decided, monkeypatch,
                                                                          tmp_path):
    from workbook.learner.returned import returned_decisions
    from workbook.learner.store import Store
    from workbook.widgets.progress import ProgressView

    cohort = decided
    result = run_workbook("release-feedback", cohort.assignment, "--course-root", cohort.course,
                          cwd=cohort.root, env=cohort.env)
    assert result.returncode == 0, result.stderr
    fetch_feedback(cohort, ("good", "partial"))
    good = returned_decisions(UNIT, cohort.homes / "good")
    assert sorted((d.criterion, d.outcome, d.assessor) for d in good) == \
        sorted((c, "met", "Ann Assessor") for c in WRITTEN)
    partial = returned_decisions(UNIT, cohort.homes / "partial")
    assert [(d.criterion, d.outcome, d.feedback) for d in partial] == \
        [("1.1", "not yet met", "Link the reflection to a model.")]
    assert returned_decisions("active-support-lead-interactive-training", cohort.homes / "good") is None

    monkeypatch.setenv("WORKBOOK_ASSIGNMENTS_DIR", str(cohort.homes / "good"))
    shown = ProgressView(UNIT, Store(tmp_path / "store")).static_html()
    assert (f"<h4>Assessor decisions</h4><p>{len(WRITTEN)} of {len(WRITTEN)} met, 0 not yet met, "
            "0 awaiting a decision.</p>") in shown
    # the tutor gave 2.1's written task 3 of 4 in formgrader: the learner sees the decision only
    assert '<th scope="row">Criterion 2.1</th><td>✔ met</td>' in shown
    assert "Tutor marks" not in shown and not re.search(r"\d of 4\b", shown)
    monkeypatch.setenv("WORKBOOK_ASSIGNMENTS_DIR", str(tmp_path / "no-assignments"))
    shown = ProgressView(UNIT, Store(tmp_path / "store")).static_html()
    assert "No marked assessment returned yet" in shown
