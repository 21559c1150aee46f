"""The anonymisation check: full names, dates of birth and NHS numbers, and no false alarm on the
course's own vocabulary."""
from __future__ import annotations

import pytest

from workbook import load_course
from workbook.learner.anonymise import findings, valid_nhs_number
from workbook.widgets.guided import course_words as _course_words


@pytest.fixture(scope="module")
def words():
    return _course_words(load_course())


def kinds(text, words=()):
    return [(f.kind, f.text) for f in findings(text, words)]


@pytest.mark.parametrize("number, valid", [
    ("9434765919", True), ("943 476 5919", True), ("9434765918", False),
    ("4010232137", True), ("4010232138", False),
    # a check digit of 10 is never issued, whatever the last digit
    ("0000000060", False), ("123456789", False), ("94347659190", False),
])
def test_nhs_number_modulus_11(number, valid):
    assert valid_nhs_number(number) is valid


def test_nhs_numbers_found_only_when_the_check_digit_holds():
    text = "NHS no. 943 476 5919, also 9434765919; not 9434765918, not 01234 567890 or 94347659199."
    assert kinds(text) == [("NHS number", "943 476 5919"), ("NHS number", "9434765919")]


@pytest.mark.parametrize("text, found", [
    ("I supported Mary Smith to choose her lunch.", "Mary Smith"),
    ("Mrs Patel said she felt listened to.", "Mrs Patel"),
    ("Afterwards John O'Neill's daughter thanked the team.", "John O'Neill's"),
    ("Ann Smith-Jones attended.", "Ann Smith-Jones"),
])
def test_full_names_are_found(text, found, words):
    assert ("name", found) in kinds(text, words)


@pytest.mark.parametrize("text", [
    "DOB: 12/03/1941", "date of birth 3 March 1941", "born on 1941-03-12", "d.o.b. 12-3-41",
])
def test_dates_of_birth_are_found(text):
    assert [k for k, _ in kinds(f"The person ({text}) chose.")] == ["date of birth"]


def test_dates_that_are_not_birth_dates_and_initials_pass():
    assert kinds("Observed on 12/03/2026 in the morning. Mr B and Mary S chose; I asked.") == []


@pytest.mark.parametrize("text", [
    "I applied the Care Act 2014 and the Mental Capacity Act 2005 in the review.",
    "The Human Rights Act 1998, the Equality Act 2010 and the Accessible Information Standard.",
    "I used Gibbs' Reflective Cycle and Kitwood's Psychological Needs with the VIPS Framework.",
    "Person Centred Practice and Active Support in a Team Meeting led by the Registered Manager.",
    "Lead Person Centred Practice: Active Support: Lead Interactive Training.",
    "The Skills for Care assessment principles and Social Role Valorisation.",
])
def test_no_false_alarm_on_the_courses_own_vocabulary(text, words):
    assert kinds(text, words) == []


def test_a_number_written_3_3_4_is_an_nhs_number_whatever_its_check_digit():
    text = "Ref 943 476 5918 and 943-476-5918; not 01234 567 890 or 943 476 59181."
    assert kinds(text) == [("NHS number", "943 476 5918"), ("NHS number", "943-476-5918")]
