"""Currency notes: authored notes beside imported text that is out of date, shown in the built
notebooks and on the flashcards; the imported files stay as given; bad note files are reported
with file:line."""
from __future__ import annotations

import pytest

from workbook import ContentError, course_root, load_course
from workbook.build.notebooks import outcome_notebook
from workbook.widgets.flashcards import cards_for

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


@pytest.mark.parametrize("body, line, message", [
    ('schema: 1\nnotes:\n  - match: "Key Lines of Inquisition"\n    note: "x"\n', 3,
     "currency note: 'Key Lines of Inquisition' is in none of"),
    ('schema: 1\nnotes:\n  - match: "Key Lines of Enquiry"\n', 3, "currency note: missing 'note'"),
    ('schema: 2\nnotes: []\n', 1, "schema 2 is not supported"),
])
def test_a_bad_note_file_is_reported_with_file_and_line(course_copy, body, line, message):
    path = course_copy / "currency" / f"{LPCP}.yaml"
    path.write_text(body)
    with pytest.raises(ContentError) as caught:
        load_course(course_copy)
    assert any(str(p).startswith(f"{path}:{line}: {message}") for p in caught.value.problems), \
        caught.value.lines()
