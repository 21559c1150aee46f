"""Cohort report rendering from plain data: charts carry text, not colour alone; CSV columns."""
from __future__ import annotations

import csv
import io
import re

from workbook.tutor.charts import cell_state, distribution, heatmap
from workbook.tutor.cohort import (
    COMPLETE,
    GAPS,
    NOT_STARTED,
    Cell,
    CohortReport,
    CriterionRef,
    LearnerReport,
    OutcomeStatus,
    UnmetRule,
)
from workbook.tutor.report import criteria_csv, learners_csv
from workbook.tutor.report_html import render

U = "lead-person-centred-practice"
REFS = (CriterionRef(U, "LO1", "1.1", "Explain <models>", "LPCP 1.1"),
        CriterionRef(U, "LO2", "2.1", "Lead practice", "LPCP 2.1"))


def learner(name, cells, statuses, unmet=(), missing=()):
    outcomes = tuple(OutcomeStatus(U, o, s, p, "lpcp-assessment") for o, s, p in statuses)
    return LearnerReport(name, dict(zip(("LPCP 1.1", "LPCP 2.1"), cells)), outcomes,
                         tuple(unmet), tuple(missing), ())


REPORT = CohortReport(REFS, (
    learner("ann", [Cell(2, 7, 7, True, False, "met"), Cell(1, 2, 2, False, True)],
            [("LO1", COMPLETE, 100.0), ("LO2", GAPS, 100.0)]),
    learner("bo", [Cell(0, 0, 0, False, False, "not yet met"), Cell(0, 3, 4, False, False)],
            [("LO1", NOT_STARTED, None), ("LO2", NOT_STARTED, None)],
            unmet=[UnmetRule(U, "LO1", "LO1, criterion 1.1: needs evidence.")],
            missing=["lpcp-assessment"]),
))


def test_cell_states_differ_by_symbol_and_words_as_well_as_colour():
    assert [cell_state(2, "met", 7), cell_state(0, "not yet met", 0), cell_state(1, "", 0),
            cell_state(0, "", 3), cell_state(0, "", 0)] == \
        ["met", "not-met", "evidenced", "answered", "none"]
    svg = heatmap(REPORT)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    assert "<title>ann, LPCP 1.1: judged met; 2 evidence item(s); decision: met</title>" in svg
    assert "<title>ann, LPCP 2.1: evidenced, awaiting a decision; 1 evidence item(s); " \
           "decision: no decision</title>" in svg
    assert ">✓ 2e · met</text>" in svg and ">● 1e · no decision</text>" in svg
    assert ">✘ 0e · not yet met</text>" in svg and ">◐ 0e · no decision</text>" in svg
    # tutors see decisions: no cell shows points, neither the questions' (7/7, 3/4) nor a task's
    assert not re.search(r"\d/\d", svg)
    assert "<title>Explain &lt;models&gt;</title>" in svg  # criterion text escaped
    assert ("1 judged met; 1 judged not yet met; 1 evidenced, awaiting a decision; "
            "1 questions answered, no evidence mapped") in svg


def test_distribution_states_its_counts_in_text():
    svg = distribution("LO1 scores", [100.0, 55.0, 10.0, 19.9], 2, "d1")
    assert 'aria-labelledby="d1-t d1-d"' in svg
    assert "Learners per score band: 0–19%: 2, 20–39%: 0, 40–59%: 1, 60–79%: 0, 80–100%: 1." in svg
    assert "2 learner(s) with no marks yet are not counted." in svg


def test_page_has_tables_with_headers_and_counts_per_criterion():
    page = render(REPORT, "Cohort <report>")
    assert "<title>Cohort &lt;report&gt;</title>" in page and '<html lang="en-GB">' in page
    assert re.search(r'<th scope="row">LPCP 1\.1</th><td>LO1</td><td>Explain &lt;models&gt;</td>'
                     r"<td>1 of 2</td><td>1 of 2</td>", page)
    assert '<td class="status-complete">✓ complete<br>questions 100%</td>' in page
    assert '<td class="status-not-started">○ not started</td>' in page
    assert "<li>LO1, criterion 1.1: needs evidence.</li>" in page
    assert "<script" not in page
    assert ("<caption>For each criterion, how many learners have evidence for it that meets the "
            "unit's rules, and how many have been judged to meet it</caption>") in page
    assert "meet it criterion" not in page


def test_csv_files_have_one_row_per_learner_outcome_and_per_criterion():
    learners = list(csv.DictReader(io.StringIO(learners_csv(REPORT))))
    assert [(r["learner"], r["outcome"], r["status"], r["criteria met"], r["criteria not yet met"],
             r["criteria awaiting a decision"], r["questions percent"], r["submission missing"])
            for r in learners] == [
        ("ann", "LO1", "complete", "1 of 1", "0 of 1", "0 of 1", "100", "no"),
        ("ann", "LO2", "gaps", "0 of 1", "0 of 1", "1 of 1", "100", "no"),
        ("bo", "LO1", "not started", "0 of 1", "1 of 1", "0 of 1", "", "yes"),
        ("bo", "LO2", "not started", "0 of 1", "0 of 1", "1 of 1", "", "yes")]
    # the same words as the learner's progress view, over the outcome and over the whole unit
    assert [(r["decisions"], r["unit decisions"]) for r in learners][:2] == [
        ("1 of 1 met, 0 not yet met, 0 awaiting a decision",
         "1 of 2 met, 0 not yet met, 1 awaiting a decision"),
        ("0 of 1 met, 0 not yet met, 1 awaiting a decision",
         "1 of 2 met, 0 not yet met, 1 awaiting a decision")]
    criteria = list(csv.DictReader(io.StringIO(criteria_csv(REPORT))))
    assert [(r["criterion"], r["learners"], r["evidenced"], r["met"]) for r in criteria] == \
        [("1.1", "2", "1", "1"), ("2.1", "2", "1", "0")]
