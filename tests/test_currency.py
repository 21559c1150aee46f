"""Currency notes: authored notes beside imported text that is out of date, shown in the built
notebooks and on the flashcards; the imported files stay as given; bad note files are reported
with file:line."""
from __future__ import annotations

import os
from datetime import date

import pytest

from workbook import ContentError, course_root, load_course
from workbook.build.notebooks import outcome_notebook
from workbook.course.currency import stale_notes
from workbook.widgets.flashcards import cards_for

from .helpers import run_workbook

LPCP, ASLIT = "lead-person-centred-practice", "active-support-lead-interactive-training"


def markdown_of(unit, outcome) -> str:
    nb = outcome_notebook(load_course(), unit, outcome)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def line_with(markdown: str, needle: str) -> str:
    return next(line for line in markdown.splitlines() if needle in line)


def test_out_of_date_seed_text_is_shown_with_its_note_beside_it():
    course = load_course()
    for slug in (LPCP, ASLIT):
        unit = course.unit(slug)
        text = markdown_of(unit, unit.outcomes[0])
        kloe = line_with(text, "Key Lines of Enquiry")
        assert "Single Assessment Framework" in kloe.split("Key Lines of Enquiry", 1)[1]
        working_together = line_with(text, "Working Together to Safeguard Children")
        assert "Currency note:" in working_together and "2023" in working_together
    lpcp = markdown_of(course.unit(LPCP), course.unit(LPCP).outcomes[0])
    assert "no higher marks or grades" in line_with(lpcp, "higher marks")
    assert "no examiners" in line_with(lpcp, "examiners look for")
    aslit = markdown_of(course.unit(ASLIT), course.unit(ASLIT).outcomes[0])
    assert "graded Pass" in line_with(aslit, "Examiners look for")


def test_text_that_no_note_answers_is_shown_without_one():
    unit = load_course().unit(LPCP)
    text = markdown_of(unit, unit.outcomes[0])
    plain = [line for line in text.splitlines() if line.startswith("- ") and not unit.notes_for(line)]
    assert plain and not any("Currency note" in line for line in plain)


def test_imported_unit_files_stay_as_given():
    for slug in (LPCP, ASLIT):
        imported = (course_root() / "units" / f"{slug}.yaml").read_text()
        assert "Currency note" not in imported and "Key Lines of Enquiry" in imported


def test_flashcards_carry_the_note_on_the_back():
    unit = load_course().unit(ASLIT)
    card = next(c for c in cards_for(unit) if "Key Lines of Enquiry" in c.back)
    before, after = card.back.split("Currency note:", 1)
    assert "Key Lines of Enquiry" in before and "Single Assessment Framework" in after
    assert all("Currency note" not in c.back for c in cards_for(unit) if not unit.notes_for(c.back))


DATED = '    checked: 2026-12-06\n    source: "CQC, draft framework, 24 March 2026"\n'


@pytest.mark.parametrize("body, line, message", [
    ('schema: 1\nnotes:\n  - match: "Key Lines of Inquisition"\n    note: "x"\n' + DATED, 3,
     "currency note: 'Key Lines of Inquisition' is in none of"),
    ('schema: 1\nnotes:\n  - match: "Key Lines of Enquiry"\n' + DATED, 3,
     "currency note: missing 'note'"),
    ('schema: 2\nnotes: []\n', 1, "schema 2 is not supported"),
    ('schema: 1\nnotes:\n  - match: "x"\n  - match: "Key Lines of Enquiry"\n    note: "y"\n'
     '    source: "CQC"\n', 4, "currency note: missing 'checked'"),
    ('schema: 1\nnotes:\n  - match: "Key Lines of Enquiry"\n    note: "y"\n'
     '    checked: 2026-12-06\n', 3, "currency note: missing 'source'"),
    ('schema: 1\nnotes:\n  - match: "Key Lines of Enquiry"\n    note: "y"\n'
     '    source: "CQC"\n    checked: "last spring"\n', 6,
     "currency note: 'checked' must be an ISO date such as 2026-12-06, not 'last spring'"),
    ('schema: 1\nnotes:\n  - match: "Key Lines of Enquiry"\n    note: "y"\n'
     '    checked: 2026-12-06\n    source: " "\n', 3,
     "currency note: 'match', 'note' and 'source' must not be empty"),
])
def test_a_bad_note_file_is_reported_with_file_and_line(course_copy, body, line, message):
    path = course_copy / "currency" / f"{LPCP}.yaml"
    path.write_text(body)
    with pytest.raises(ContentError) as caught:
        load_course(course_copy)
    assert any(str(p).startswith(f"{path}:{line}: {message}") for p in caught.value.problems), \
        caught.value.lines()


def test_every_note_shows_its_source_and_the_day_it_was_checked():
    course = load_course()
    for slug in (LPCP, ASLIT):
        unit = course.unit(slug)
        assert unit.currency and all(n.checked and n.source for n in unit.currency)
        kloe = line_with(markdown_of(unit, unit.outcomes[0]), "Key Lines of Enquiry")
        assert "24 March 2026" in kloe and "12 June 2026" in kloe
        assert "[Checked 6 December 2026. Source: CQC" in kloe


def _dated(course_copy, checked: str):
    path = course_copy / "currency" / f"{LPCP}.yaml"
    text = path.read_text()
    assert "checked: 2026-12-06" in text
    path.write_text(text.replace("checked: 2026-12-06", f"checked: {checked}", 1))
    return path


def test_a_note_checked_more_than_twelve_months_ago_is_named_in_a_warning(course_copy):
    path = _dated(course_copy, "2025-12-05")
    lines = stale_notes(load_course(course_copy), course_copy, today=date(2026, 12, 6))
    first = next(n for n, line in enumerate(path.read_text().splitlines(), 1) if "- match:" in line)
    assert lines == [f"{path}:{first}: currency note 'Key Lines of Enquiry' was last checked on "
                     "2025-12-05, more than 12 months ago: check it against its source again"]


@pytest.mark.parametrize("checked, today", [
    ("2025-12-06", date(2026, 12, 6)),   # exactly twelve months: still current
    ("2026-12-06", date(2026, 12, 6)),
    ("2023-02-28", date(2024, 2, 29)),   # a leap day looks back to the 28th
])
def test_a_note_checked_within_twelve_months_gives_no_warning(course_copy, checked, today):
    _dated(course_copy, checked)
    assert stale_notes(load_course(course_copy), course_copy, today=today) == []


def test_check_command_warns_about_an_old_note_and_still_succeeds(course_copy, tmp_path):
    _dated(course_copy, "2019-03-01")
    # an empty summative folder: this test is about the course's notes, not the banks
    env = {**os.environ, "WORKBOOK_COURSE": str(course_copy),
           "WORKBOOK_ASSESSMENT": str(tmp_path / "no-banks")}
    result = run_workbook("check", env=env)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if "currency note" in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: ")
    assert "'Key Lines of Enquiry' was last checked on 2019-03-01" in warnings[0]
