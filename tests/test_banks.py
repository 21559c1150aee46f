"""Question banks: the shipped banks load; broken banks report every problem as file:line."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from workbook import ContentError, load_course
from workbook.course.banks import MIN_QUESTIONS, load_bank
from workbook.course.model import QUESTION_TYPES

from .helpers import run_workbook

FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
BROKEN = FIXTURES / "broken"
UNIT = "lead-person-centred-practice"


def problems_with(course: Path, fixture: str, outcome: str = "lo1") -> tuple[Path, list[str]]:
    """Put a broken bank in place of one outcome's bank; the problems loading reports."""
    bank = course / "questions" / UNIT / f"{outcome}.yaml"
    shutil.copy(BROKEN / fixture, bank)
    with pytest.raises(ContentError) as caught:
        load_course(course)
    return bank, [str(p) for p in caught.value.problems]


def test_every_outcome_of_the_course_has_a_full_bank():
    course = load_course()
    for unit in course.units:
        for outcome in unit.outcomes:
            assert len(outcome.questions) >= MIN_QUESTIONS, (unit.slug, outcome.id)
            assert {q.criterion for q in outcome.questions} >= {c.id for c in outcome.criteria}
    ids = [q.id for u in course.units for o in u.outcomes for q in o.questions]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("fixture", "line", "message"), [
    ("duplicate-question-ids.yaml", 13, "duplicate question id 'dup-a' (first at lo1.yaml:5)"),
    ("duplicate-stems.yaml", 16, "question 'stem-b' repeats the stem of the question at lo1.yaml:5"),
    ("single-without-correct-option.yaml", 10,
     "question 'no-correct': exactly one option must be correct (found 0)"),
    ("unknown-criterion.yaml", 7, "question 'wrong-criterion': criterion '9.9' is not a criterion "
                                  "of this unit"),
    ("truefalse-wrong-option-ids.yaml", 10,
     "question 'bad-tf': true/false options must have ids 'true' and 'false'"),
    ("unknown-question-type.yaml", 6, "question type must be one of single, multiple, truefalse, "
                                      "matching, ordering, scenario (got 'essay')"),
    ("outcome-does-not-match-file.yaml", 3,
     "outcome 'LO2' does not match the file's place (expected 'LO1')"),
    ("option-without-feedback.yaml", 10, "question 'no-feedback' option: missing 'feedback'"),
    ("matching-repeated-right-text.yaml", 10, "question 'dup-right': right-hand texts repeat: 'Same'"),
    ("scenario-part-of-wrong-type.yaml", 11, "scenario part type must be one of single, multiple, "
                                             "truefalse (got 'ordering')"),
    ("invalid-yaml.yaml", 5, "invalid YAML"),
])
def test_broken_bank_reports_file_and_line(course_copy, fixture, line, message):
    bank, problems = problems_with(course_copy, fixture)
    assert any(p.startswith(f"{bank}:{line}: {message}") for p in problems), problems


def test_short_bank_and_uncovered_criterion_are_reported(course_copy):
    bank, problems = problems_with(course_copy, "unknown-criterion.yaml")
    assert f"{bank}:1: LO1 has 0 valid questions; at least {MIN_QUESTIONS} are needed" in problems
    assert f"{bank}:1: criterion 1.1 of LO1 has no question" in problems


def test_missing_bank_and_stray_file_are_reported(course_copy):
    bank = course_copy / "questions" / UNIT / "lo2.yaml"
    bank.rename(bank.with_name("lo9.yaml"))
    with pytest.raises(ContentError) as caught:
        load_course(course_copy)
    problems = [str(p) for p in caught.value.problems]
    assert f"{bank}: missing: every outcome needs a question bank ({UNIT} LO2 has none)" in problems
    assert any(p.startswith(f"{bank.with_name('lo9.yaml')}: not the question bank of any outcome")
               for p in problems)


def test_sample_bank_holds_every_type():
    unit = load_course().unit(UNIT)
    questions = load_bank(FIXTURES / "sample-bank.yaml", unit, "LO1")
    assert {q.type for q in questions} == set(QUESTION_TYPES)
    by_id = {q.id: q for q in questions}
    assert [o.id for o in by_id["t-truefalse-plan"].options] == ["true", "false"]  # YAML booleans
    assert by_id["t-single-dignity"].points == 2
    assert [p.id for p in by_id["t-scenario-refusal"].parts] == ["first", "tell"]


def test_check_command_prints_counts_per_outcome_and_type():
    result = run_workbook("check")
    assert result.returncode == 0, result.stderr
    course = load_course()
    for unit in course.units:
        for outcome in unit.outcomes:
            line = next(x for x in result.stdout.splitlines() if x.strip().startswith(
                f"{unit.slug} {outcome.id}:"))
            assert line.split(":")[1].split()[0] == str(len(outcome.questions))
            assert f"single {sum(q.type == 'single' for q in outcome.questions)}" in line


def test_check_command_fails_with_file_line(course_copy):
    shutil.copy(BROKEN / "unknown-criterion.yaml", course_copy / "questions" / UNIT / "lo1.yaml")

    result = run_workbook("check", env={**os.environ, "WORKBOOK_COURSE": str(course_copy)})
    assert result.returncode == 2
    bank = course_copy / "questions" / UNIT / "lo1.yaml"
    assert f"error: {bank}:7: question 'wrong-criterion': criterion '9.9'" in result.stderr


def test_a_broken_unit_file_is_not_repeated_by_its_banks(course_copy):
    unit = course_copy / "units" / f"{UNIT}.yaml"
    unit.write_text(unit.read_text().replace("- id: '2.1'", "- id: '1.1'", 1))
    shutil.copy(BROKEN / "duplicate-stems.yaml", course_copy / "questions" / "stray.yaml")
    with pytest.raises(ContentError) as caught:
        load_course(course_copy)
    duplicate = [n for n, line in enumerate(unit.read_text().splitlines(), 1)
                 if "- id: '1.1'" in line][1]
    # LO2's bank now asks about criterion 2.1, which is gone, and stray.yaml belongs nowhere:
    # both are reported only once the unit file itself is valid again
    assert [str(p) for p in caught.value.problems] == [
        f"{unit}:{duplicate}: duplicate criterion id '1.1'"]
