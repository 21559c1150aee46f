"""The declaration gate knows an assessment by its assignment id, not by what its notebook says."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbook import load_course
from workbook.assess.assessment import assignment_units
from workbook.assess.submit_gate import REFUSAL, gate_problem

PROJECT = Path(__file__).resolve().parent.parent
UNIT = "lead-person-centred-practice"


@pytest.fixture
def assessments() -> dict[str, str]:
    return assignment_units(load_course(), PROJECT / "assessment")


def test_the_course_assessments_are_known_by_id(assessments):
    assert assessments == {"lpcp-assessment": UNIT,
                           "aslit-assessment": "active-support-lead-interactive-training"}


@pytest.mark.parametrize("notebook", [
    "this is not a notebook any more",                                      # unreadable
    json.dumps({"metadata": {"workbook": {"kind": "practice", "unit": UNIT}}, "cells": []}),
    json.dumps({"metadata": {}, "cells": []}),                              # label removed
])
def test_an_unsigned_assessment_is_refused_however_its_notebook_was_changed(tmp_path, assessments,
                                                                          notebook):
    folder = tmp_path / "lpcp-assessment"
    folder.mkdir()
    (folder / "assessment.ipynb").write_text(notebook, encoding="utf-8")
    assert gate_problem(folder) is None  # the notebook alone no longer says it is an assessment
    assert gate_problem(folder, assessments) == REFUSAL


def test_another_assignment_is_not_held_back(tmp_path, assessments):
    folder = tmp_path / "practice-week-1"
    folder.mkdir()
    (folder / "notes.ipynb").write_text("{}", encoding="utf-8")
    assert gate_problem(folder, assessments) is None


def test_learners_servers_are_configured_with_the_assessments(tmp_path, assessments):
    from workbook.hub.settings import from_env
    from workbook.hub.userconfig import nbgrader_config

    hub = from_env(PROJECT, {"WORKBOOK_HUB_DATA": str(tmp_path / "data"),
                             "WORKBOOK_HUB_LEARNERS": "amy", "WORKBOOK_HUB_TUTORS": "tess"})
    assert f"c.DeclaredSubmit.assessments = {assessments!r}" in \
        nbgrader_config(hub, "learner", hub.homes / "amy")


def test_the_submit_step_reads_them_from_its_configuration():
    from traitlets.config import Config

    from workbook.assess.submit_gate import DeclaredSubmit

    config = Config()
    config.DeclaredSubmit.assessments = {"lpcp-assessment": UNIT}
    assert DeclaredSubmit(config=config).assessments == {"lpcp-assessment": UNIT}
