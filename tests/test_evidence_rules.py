"""Evidence rules YAML: the shipped files load, and every wrong reference is reported file:line."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import run_workbook
from workbook import ContentError, load_course
from workbook.course.evidence_rules import load_all_rules, load_rules

UNIT = "active-support-lead-interactive-training"


def test_shipped_rules_load_with_scopes_resolved():
    rules = load_all_rules(load_course())
    assert set(rules) == {"lead-person-centred-practice", UNIT}
    by_id = {r.id: r for r in rules[UNIT].rules}
    assert by_id["competence-observed"].outcomes == ("LO2", "LO3", "LO4")
    assert by_id["competence-observed"].with_reason == ("expert-witness",)
    assert by_id["competence-observed"].kind == "criterion_observed"
    assert by_id["competence-observed"].grounds == ("specialist", "sensitive")
    # real work where the specification says so: ASLIT has none, LPCP lists LO2 and LO3
    assert by_id["competence-observed"].real_work == "spec"
    lpcp = {r.id: r for r in rules["lead-person-centred-practice"].rules}
    assert lpcp["competence-observed"].real_work == "spec"
    assert lpcp["competence-observed"].outcomes == ("LO2", "LO3")
    assert by_id["knowledge-own-account"].outcomes == ("LO1",)
    assert by_id["lo2-training-plan"].types == ("training-plan",)
    assert by_id["every-criterion-evidenced"].outcomes == ("LO1", "LO2", "LO3", "LO4")


def _break(root: Path, old: str, new: str) -> Path:
    path = root / "evidence" / f"{UNIT}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, message", [
    ("outcomes: [LO2]", "outcomes: [LO9]", "'LO9' is not an outcome of"),
    ("types: [training-plan]", "types: [poster]", "'poster' is not an evidence type"),
    ("kind: links_models", "kind: vibes", "unknown kind 'vibes'"),
    ("min_models: 1", "min_models: 0", "min_models must be at least 1"),
    ("outcomes: competence", "outcomes: some", "outcomes must be a list"),
    ("- id: product\n", "- id: direct-observation\n", "duplicate evidence type"),
    ("with_reason: [expert-witness]", "with_reason: [neighbour]", "'neighbour' is not an evidence type"),
    ("grounds: [specialist, sensitive]", "grounds: [specialist, not-possible]",
     "unknown ground 'not-possible' (one of specialist, sensitive)"),
    ("real_work: spec", "real_work: sometimes", "real_work belongs to kind criterion_observed"),
])
def test_wrong_reference_is_reported_with_file_and_line(course_copy, old, new, message):
    path = _break(course_copy, old, new)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = max(n for n, text in enumerate(lines, 1) if new.strip() in text)
    unit = load_course(course_copy).unit(UNIT)
    with pytest.raises(ContentError) as caught:
        load_rules(unit, course_copy)
    texts = [str(p) for p in caught.value.problems]
    assert any(message in t and t.startswith(f"{path}:{line}:") for t in texts), texts


def test_workbook_check_reports_rule_problems(course_copy):
    path = _break(course_copy, "outcomes: [LO2]", "outcomes: [LO7]")
    result = run_workbook("check", env={**os.environ, "WORKBOOK_COURSE": str(course_copy)})
    assert result.returncode == 2
    assert f"{path}:" in result.stderr and "'LO7' is not an outcome" in result.stderr


def test_missing_rules_file_is_reported(course_copy):
    (course_copy / "evidence" / f"{UNIT}.yaml").unlink()
    with pytest.raises(ContentError, match="file not found"):
        load_all_rules(load_course(course_copy), course_copy)


def test_testimony_types_need_their_grounds(course_copy):
    path = _break(course_copy, "    grounds: [specialist, sensitive]\n", "")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if "with_reason: [expert-witness]" in text)
    with pytest.raises(ContentError) as caught:
        load_rules(load_course(course_copy).unit(UNIT), course_copy)
    assert any(str(p).startswith(f"{path}:{line}:") and "with_reason and grounds go together" in str(p)
               for p in caught.value.problems), caught.value.problems


def test_spec_simulation_allowed_names_outcomes_of_the_unit(course_copy):
    path = course_copy / "specs" / "lead-person-centred-practice.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("simulation_allowed: []", "simulation_allowed: [LO8]"), encoding="utf-8")
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if t.startswith("simulation_allowed"))
    with pytest.raises(ContentError) as caught:
        load_course(course_copy)
    assert any(str(p).startswith(f"{path}:{line}:")
               and "simulation_allowed: 'LO8' is not an outcome" in str(p)
               for p in caught.value.problems), caught.value.problems
