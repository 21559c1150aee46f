"""The shipped specification of D/602/2844: what the loader makes of it and what notebooks show."""
from __future__ import annotations

import nbformat
import pytest
import yaml

from workbook import load_course
from workbook.course.loader import course_data
from workbook.course.model import MARKING_POINT_LABEL
from workbook.learner.returned import ReturnedMarks
from workbook.learner.returned_html import marks_html
from workbook.tutor.cohort import criterion_refs

from .helpers import ROOT, run_workbook

UNIT = "lead-person-centred-practice"
NOTEBOOKS = ROOT / "notebooks" / UNIT


@pytest.fixture(scope="module")
def spec_criteria():
    """Criterion id -> text, read straight from the specification file."""
    data = yaml.safe_load((course_data() / "specs" / f"{UNIT}.yaml").read_text(encoding="utf-8"))
    return {str(c["id"]): c["text"] for o in data["outcomes"] for c in o["criteria"]}


def test_spec_gives_lo1_and_lo2_their_official_criteria(spec_criteria):
    unit = load_course().unit(UNIT)
    assert unit.spec.reference == "D/602/2844"
    assert (unit.spec.level, unit.spec.guided_learning_hours, unit.spec.credit_value,
            unit.spec.grading) == ("5", 29, 4, "Pass")
    assert [c.id for c in unit.outcome("LO1").criteria] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert [c.id for c in unit.outcome("LO2").criteria] == ["2.1", "2.2", "2.3", "2.4"]
    assert all(c.official for o in unit.outcomes[:2] for c in o.criteria)
    # the revision page's marking points stay on the outcome as guidance
    assert unit.outcome("LO1").marking_points[0].text.startswith("Award credit for")
    # LO3 has no official criteria in the course: its marking point stands in, not official
    assert [o.id for o in unit.outcomes_without_official_criteria] == ["LO3"]
    assert not unit.outcome("LO3").criteria[0].official
    assert {d.term for d in unit.spec.definitions} == {"Consent", "Others", "Individual",
                                                       "Active participation"}


def test_every_official_criterion_has_three_questions_a_route_and_a_written_task():
    unit = load_course().unit(UNIT)
    written = yaml.safe_load((ROOT / "assessment" / f"{UNIT}.yaml").read_text())["written"]
    tasks = {str(w["criterion"]): w for w in written}
    for outcome in unit.outcomes:
        routes = dict(outcome.evidence_routes)
        for criterion in (c for c in outcome.criteria if c.official):
            asked = [q for q in outcome.questions if q.criterion == criterion.id]
            assert len(asked) >= 3, criterion.id
            assert routes.get(criterion.id), criterion.id
            assert tasks[criterion.id]["guidance"], criterion.id


def cell_text(path, cell_id: str) -> str:
    notebook = nbformat.read(path, as_version=4)
    return next(c.source for c in notebook.cells if c.get("id") == cell_id)


@pytest.mark.parametrize("name, ids", [
    ("01-understand-the-theory-and-principles.ipynb", ["1.1", "1.2", "1.3", "1.4", "1.5"]),
    ("02-be-able-to-lead-a-person-centred.ipynb", ["2.1", "2.2", "2.3", "2.4"]),
])
def test_outcome_notebooks_show_the_criteria_with_their_texts(spec_criteria, name, ids):
    text = cell_text(NOTEBOOKS / name, "criteria")
    for criterion_id in ids:
        assert f"**{criterion_id}** {spec_criteria[criterion_id]}" in text
    assert "D/602/2844" in text


def test_portfolio_notebook_shows_every_criterion_and_labels_the_marking_point(spec_criteria):
    text = cell_text(NOTEBOOKS / "portfolio.ipynb", "criteria")
    for criterion_id, criterion_text in spec_criteria.items():
        assert f"**{criterion_id}** {criterion_text}" in text
    assert MARKING_POINT_LABEL.capitalize() in text
    assert "**3.1**" not in text  # a marking point never carries a criterion-like number


def test_check_lists_outcomes_without_official_criteria():
    result = run_workbook("check")
    listed = [line for line in result.stdout.splitlines() if line.startswith("no official criteria")]
    assert any(f"{UNIT} LO3" in line for line in listed)
    assert not any(f"{UNIT} LO1" in line or f"{UNIT} LO2" in line for line in listed)


def test_returned_marks_name_a_marking_point_by_its_outcome(tmp_path):
    unit = load_course().unit(UNIT)
    marks = ReturnedMarks("lpcp-assessment", "2026-01-01", 5.0, 8.0,
                          {"1.2": (3.0, 4.0), "3.1": (2.0, 4.0)}, tmp_path / "feedback.html")
    shown = marks_html(marks, unit)
    assert '<th scope="row">Criterion 1.2</th><td>3 of 4</td>' in shown
    assert '<th scope="row">LO3 marking point</th><td>2 of 4</td>' in shown
    assert "Criterion 3.1" not in shown


def test_cohort_report_labels_official_criteria_by_id_and_marking_points_by_outcome():
    unit = load_course().unit(UNIT)
    labels = [ref.label for ref in criterion_refs([unit])]
    assert labels == [f"LPCP {c}" for c in ("1.1", "1.2", "1.3", "1.4", "1.5",
                                            "2.1", "2.2", "2.3", "2.4")] + ["LPCP LO3 marking point"]
