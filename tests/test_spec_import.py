"""`workbook import-spec`: register unit pages written here -> specification data, and bad pages."""
from __future__ import annotations

import shutil

import pytest
import yaml

from workbook.course.loader import course_data, load_course
from workbook.course.spec_import import SpecPageError, parse_register_page
from workbook.course.yamlfile import ContentError

from .helpers import run_workbook

#: a register unit page as text, laid out as the register shows it (label, then value).
PAGE = """\ufeffThe Register of Regulated Qualifications
View Unit : Lead person centred practice
Unit
Unit Reference Number
X/999/0001
Title
Lead person centred practice
Unit Level
Level 5
Guided Learning Hours
29
Unit Credit Value
4
Unit Grading Structure
Pass
Assessment Guidance

Consent means informed agreement; how it is established depends on an individual’s assessed capacity.

Others may include:

• family members

• advocates

An individual is someone accessing care or support.

This unit must be assessed in accordance with Skills for Care and Development’s QCF Assessment Principles. Learning outcomes 2 and 3 must be assessed in a real work environment.

Learning Outcomes and Assessment Criteria
Learning Outcome - The learner will:Assessment Criterion - The learner can:
1

Understand the theory and principles that underpin person centred practice

1.1

Explain practice test item one

1.2

Define the terms:

• promoting independence

• informed choice

• valued life

2

Be able to lead a person-centred practice

2.1

Support others to work with individuals’ families and

friends over several lines

3
Be able to lead the implementation of active participation of individuals
3.1 Write a test criterion on the same line
"""


def write(path, text: str, newline: str) -> None:
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_page_imports_with_either_line_ending(tmp_path, newline):
    page = tmp_path / "register.txt"
    write(page, PAGE, newline)
    out = tmp_path / "specs"
    result = run_workbook("import-spec", page, "--out", out)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((out / "lead-person-centred-practice.yaml").read_text(encoding="utf-8"))
    assert (data["reference"], data["level"], data["guided_learning_hours"], data["credit_value"],
            data["grading"]) == ("X/999/0001", 5, 29, 4, "Pass")
    assert [(o["id"], [c["id"] for c in o["criteria"]]) for o in data["outcomes"]] == [
        ("LO1", ["1.1", "1.2"]), ("LO2", ["2.1"]), ("LO3", ["3.1"])]
    texts = {c["id"]: c["text"] for o in data["outcomes"] for c in o["criteria"]}
    assert texts["1.2"] == "Define the terms: • promoting independence • informed choice • valued life"
    assert texts["2.1"] == ("Support others to work with individuals' families and friends over "
                            "several lines")
    assert texts["3.1"] == "Write a test criterion on the same line"
    assert {d["term"]: d["text"] for d in data["definitions"]} == {
        # "assessed" in a definition does not make it an assessment requirement
        "Consent": "Consent means informed agreement; how it is established depends on an "
                   "individual's assessed capacity.",
        "Others": "Others may include: • family members • advocates",
        "Individual": "An individual is someone accessing care or support.",
    }
    assert data["real_work_outcomes"] == ["LO2", "LO3"]
    assert [r["text"][:40] for r in data["requirements"]] == ["This unit must be assessed in accordance"]
    assert "Skills for Care and Development's" in data["requirements"][0]["text"]
    assert "X/999/0001" in data["source"]


def test_imported_spec_is_what_the_loader_reads(tmp_path):
    """Written into a copy of the course, the page's criteria become what LO1 is assessed on."""
    page = tmp_path / "register.txt"
    write(page, PAGE, "\n")
    root = tmp_path / "course"
    shutil.copytree(course_data(), root)
    shutil.rmtree(root / "specs", ignore_errors=True)
    run = run_workbook("import-spec", page, "--out", root / "specs")
    assert run.returncode == 0, run.stderr
    with pytest.raises(ContentError) as caught:
        load_course(root)
    # the page's LO1 criteria (1.1, 1.2) replace the shipped ones: what names 1.3 now names none
    assert any("'1.3' is not a criterion" in p.message
               for p in caught.value.problems)
    assert not any(p.path.name == "lead-person-centred-practice.yaml" and p.path.parent.name == "specs"
                   for p in caught.value.problems)


def test_page_with_unknown_outcome_title_reports_file_and_line(tmp_path):
    page = tmp_path / "register.txt"
    write(page, PAGE.replace("Be able to lead a person-centred practice", "Be able to juggle"), "\n")
    out = tmp_path / "specs"
    result = run_workbook("import-spec", page, "--out", out)
    assert result.returncode == 2
    # the outcome's number "2" stands two lines above its title: 1-based, that is index - 1
    line = PAGE.split("\n").index("Be able to lead a person-centred practice") - 1
    assert f"error: {page}:{line}: outcome 2 'Be able to juggle' matches no outcome" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("content, reason", [
    (b"", "the page is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
    (PAGE.split("Learning Outcomes and Assessment Criteria")[0].encode(), "no 'Learning Outcomes"),
    (PAGE.split("Learning Outcome - The")[0].encode(), "has no outcomes"),
], ids=["empty", "binary", "no-table", "table-without-outcomes"])
def test_bad_page_one_error_line_exit_2_nothing_written(tmp_path, content, reason):
    good = tmp_path / "good.txt"
    write(good, PAGE, "\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "specs"
    result = run_workbook("import-spec", good, bad, "--out", out)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {bad}: ") and reason in lines[0]
    assert not out.exists()


def test_page_for_a_unit_not_in_the_course(tmp_path):
    page = tmp_path / "register.txt"
    write(page, PAGE.replace("\nLead person centred practice\n", "\nKnit jumpers\n"), "\n")
    result = run_workbook("import-spec", page, "--out", tmp_path / "specs")
    assert result.returncode == 2
    assert "no unit of the course is titled 'Knit jumpers'" in result.stderr


def test_outcome_without_criteria_is_refused():
    text = PAGE.split("2\n\nBe able to lead")[0] + "2\nBe able to lead a person-centred practice\n"
    with pytest.raises(SpecPageError, match="outcome 2 has no criteria"):
        parse_register_page(text)
