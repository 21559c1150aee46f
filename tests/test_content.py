"""Course loader: the shipped course loads; broken content reports every problem as file:line."""
from __future__ import annotations

from pathlib import Path

import pytest

from workbook import ContentError, load_course
from workbook.build.notebooks import outcome_notebook

from .helpers import run_workbook


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_course(root)
    return [str(p) for p in caught.value.problems]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_shipped_course_loads():
    course = load_course()
    assert [u.slug for u in course.units] == [
        "lead-person-centred-practice", "active-support-lead-interactive-training"]
    assert [len(u.outcomes) for u in course.units] == [3, 4]
    unit = course.unit("active-support-lead-interactive-training")
    assert unit.outcome("LO3").title == "Be able to lead person-centred interactive training sessions in situ"
    assert unit.outcome("LO3").kind == "competence" and unit.outcome("LO1").kind == "knowledge"
    assert [c.id for c in unit.criteria] == ["1.1", "2.1", "3.1", "4.1"]


def test_environment_variable_points_at_another_course(course_copy, monkeypatch):
    replace_in(course_copy / "course.yaml", "title: Leadership", "title: Other Leadership")
    monkeypatch.setenv("WORKBOOK_COURSE", str(course_copy))
    assert load_course().title.startswith("Other Leadership")


def test_yaml_syntax_error_has_file_and_line(course_copy):
    unit = course_copy / "units" / "lead-person-centred-practice.yaml"
    replace_in(unit, "title: Lead person centred practice", "title: [unclosed")
    line = line_of(unit, "title: [unclosed")
    (problem,) = problems_of(course_copy)
    assert problem.startswith(f"{unit}:")
    assert "invalid YAML" in problem
    assert int(problem.split(":")[1]) >= line


def test_every_problem_is_reported_with_its_line(course_copy):
    unit = course_copy / "units" / "active-support-lead-interactive-training.yaml"
    replace_in(unit, "- id: LO2", "- id: LO1")
    replace_in(unit, "awarding_body: Focus Awards Limited", "awarding_body: 42")
    replace_in(unit, "- id: '3.1'", "- id: '1.1'")
    found = problems_of(course_copy)
    assert found == [
        f"{unit}:{line_of(unit, 'awarding_body: 42')}: unit: 'awarding_body' must be text",
    ]  # a unit with wrong field types is not read further
    replace_in(unit, "awarding_body: 42", "awarding_body: Focus Awards Limited")
    found = problems_of(course_copy)
    second_lo1 = [n for n, text in enumerate(unit.read_text().splitlines(), 1) if text == "- id: LO1"][1]
    dup_crit = [n for n, text in enumerate(unit.read_text().splitlines(), 1) if "- id: '1.1'" in text][1]
    notes = course_copy / "outcomes" / "active-support-lead-interactive-training.yaml"
    assert found == [
        f"{unit}:{second_lo1}: duplicate outcome id 'LO1'",
        f"{unit}:{dup_crit}: duplicate criterion id '1.1'",
        f"{notes}:{line_of(notes, 'LO2:') + 1}: notes for 'LO2', which is not an outcome of "
        "active-support-lead-interactive-training",
    ]


def test_cross_references_and_unknown_fields(course_copy):
    course_file = course_copy / "course.yaml"
    replace_in(course_file, "  - active-support-lead-interactive-training",
               "  - active-support-lead-interactive-training\n  - no-such-unit\n  - lead-person-centred-practice")
    unit = course_copy / "units" / "lead-person-centred-practice.yaml"
    replace_in(unit, "synopsis:", "synopsys: typo\nsynopsis:")
    found = problems_of(course_copy)
    assert f"{course_file}:{line_of(course_file, 'no-such-unit')}: unit 'no-such-unit' has no file units/no-such-unit.yaml" in found
    assert f"{course_file}:{line_of(course_file, 'no-such-unit') + 1}: unit 'lead-person-centred-practice' is listed twice" in found
    assert f"{unit}:{line_of(unit, 'synopsys')}: unit: unknown field 'synopsys'" in found


def test_notes_for_unknown_outcome(course_copy):
    notes = course_copy / "outcomes" / "lead-person-centred-practice.yaml"
    notes.parent.mkdir(exist_ok=True)
    existing = notes.read_text() if notes.exists() else ""
    notes.write_text(existing + "LO9:\n  summary: An outcome that does not exist.\n")
    assert f"{notes}:{line_of(notes, 'LO9:') + 1}: notes for 'LO9', which is not an outcome of lead-person-centred-practice" in problems_of(course_copy)


def test_unsupported_schema_version(course_copy):
    replace_in(course_copy / "course.yaml", "schema: 1", "schema: 7")
    assert f"{course_copy / 'course.yaml'}:3: schema 7 is not supported (expected 1)" in problems_of(course_copy)


def test_check_command_exit_codes(course_copy):
    ok = run_workbook("check", env={**_env(), "WORKBOOK_COURSE": str(course_copy)})
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("ok: ")
    replace_in(course_copy / "course.yaml", "id: l5-leadership-hsc-cyp", "id: [1, 2]")
    bad = run_workbook("check", env={**_env(), "WORKBOOK_COURSE": str(course_copy)})
    assert bad.returncode == 2
    assert bad.stderr == f"error: {course_copy / 'course.yaml'}:4: course: 'id' must be text\n"


def _env() -> dict:
    import os
    return dict(os.environ)


LPCP = "lead-person-centred-practice"


def test_every_outcome_of_lead_person_centred_practice_is_taught():
    unit = load_course().unit(LPCP)
    for outcome in unit.outcomes:
        words = sum(len(topic.text.split()) for topic in outcome.topics)
        assert words >= 1200, f"{outcome.id} has {words} words of teaching"
        for criterion in (c for c in outcome.criteria if c.official):
            text = " ".join(t.text for t in outcome.topics if criterion.id in t.criteria)
            assert "Worked case" in text and "Activity" in text, criterion.id
            assert "adult" in text.lower() and "child" in text.lower(), criterion.id


def test_teaching_speaks_honestly_to_learners():
    unit = load_course().unit(LPCP)
    texts = [t.text for o in unit.outcomes for t in o.topics]
    texts += [o.summary for o in unit.outcomes] + [m.explanation for o in unit.outcomes
                                                   for m in o.models]
    for text in texts:
        lowered = text.lower()
        assert not any(word in lowered for word in ("revision page", "seed", "marking point"))
    # the six safeguarding principles come from the statutory guidance, not the Act itself
    joined = " ".join(" ".join(texts).split())
    assert "Care Act 2014 principles" not in joined
    assert joined.count("Care and support statutory guidance") >= 2
    # restriction is taught with the law as it stands in December 2026
    for needed in ("[2026] UKSC 16", "2 June 2026", "multifactorial", "Liberty Protection",
                   "section 181", "Right support, right care, right culture",
                   "Children's Homes (England) Regulations 2015", "Ofsted"):
        assert needed in joined, needed


def test_the_reference_list_is_on_every_outcome_page():
    course = load_course()
    unit = course.unit(LPCP)
    assert len(unit.references) >= 20
    for outcome in unit.outcomes:
        cell = next(c for c in outcome_notebook(course, unit, outcome).cells
                    if c.get("id") == "references")
        assert cell.source.startswith(f"## Sources for {unit.title}")
        assert "[2026] UKSC 16" in cell.source and "<https://www.legislation.gov.uk/" in cell.source


def test_a_bad_reference_is_reported_with_file_and_line(course_copy):
    notes = course_copy / "outcomes" / f"{LPCP}.yaml"
    notes.write_text(notes.read_text() + '  - {author: "Someone", title: "No year"}\n'
                     '  - {author: "A", year: 2020, title: "B", url: "http://x.org"}\n')
    lines = notes.read_text().splitlines()
    found = problems_of(course_copy)
    assert found == [f"{notes}:{len(lines) - 1}: reference: missing 'year'",
                     f"{notes}:{len(lines)}: reference: 'url' must start with https://"]
