"""Built portfolio and outcome notebooks execute headlessly and export the evidence map to HTML."""
from __future__ import annotations

from pathlib import Path

import pytest
from nbconvert import HTMLExporter

from workbook import load_course
from workbook.build.notebooks import outcome_path
from workbook.build.portfolio_notebook import portfolio_path, training_plan_outcomes
from workbook.learner.evidence import Draft, add_item
from workbook.learner.store import Store

from .executed import execute

ROOT = Path(__file__).resolve().parent.parent
AS = "active-support-lead-interactive-training"


def test_training_plan_offered_only_where_the_rules_ask():
    course = load_course()
    assert training_plan_outcomes(course.unit(AS)) == ("LO2",)
    assert training_plan_outcomes(course.unit("lead-person-centred-practice")) == ()


@pytest.mark.slow
def test_executed_notebooks_show_the_evidence_map_in_html_export(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_STORE", str(tmp_path / "store"))
    add_item(Store(), AS, Draft("training-plan", "Lunch together plan", "2026-01-10",
                                criteria=("2.1",)))
    unit = load_course().unit(AS)
    exporter = HTMLExporter()
    for rel in (outcome_path(unit, unit.outcome("LO2")), portfolio_path(unit)):
        nb = execute(ROOT / rel, tmp_path)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                  if o.output_type == "error"]
        assert errors == [], rel
        body, _ = exporter.from_notebook_node(nb)
        assert "<caption>Assessment criteria and the evidence mapped to them</caption>" in body, rel
        assert '<th scope="col">e1: Lunch together plan</th>' in body, rel
        assert "Gap: no evidence yet" in body, rel
    assert "Quiz mastery and evidence coverage by outcome" in body


def test_course_home_links_each_unit_portfolio(tmp_path):
    from workbook.widgets.home import home_html
    text = home_html(load_course(), Store(tmp_path / "store"))
    for unit in load_course().units:
        assert f'href="{unit.slug}/portfolio.ipynb"' in text
