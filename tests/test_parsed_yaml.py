"""The parsed-YAML snapshot: same data and line numbers as parsing, and kernels skip PyYAML."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from workbook import course_data, load_course
from workbook.course import parsed
from workbook.course.yamlfile import ContentError, Problems, parse_yaml, read_yaml

from .helpers import ROOT


def _same(a, b) -> bool:
    """Equal values, and equal `.line`/`.lines` wherever they are mappings or sequences."""
    if a != b or type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return (a.line, a.lines) == (b.line, b.lines) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return (a.line, a.lines) == (b.line, b.lines) and all(map(_same, a, b))
    return True


def test_every_course_file_comes_from_the_snapshot_as_parsing_gives_it():
    files = sorted(course_data().rglob("*.yaml"))
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        cached = parsed.cached(text)
        assert cached is not None, f"{path} is not in the snapshot: run `workbook build`"
        assert _same(cached, parse_yaml(text)), path


def test_the_snapshot_holds_no_assessment_file():
    for path in sorted((ROOT / "assessment").glob("*.yaml")):
        assert parsed.cached(path.read_text(encoding="utf-8")) is None, path


def test_a_changed_file_is_parsed_and_its_errors_name_their_lines(course_copy):
    unit = course_copy / "units" / "lead-person-centred-practice.yaml"
    lines = unit.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "surprise: [unclosed")
    unit.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_course(course_copy)
    assert f"{unit}:4: invalid YAML" in str(caught.value) or f"{unit}:5: invalid YAML" in str(caught.value)


def test_an_edit_the_snapshot_has_not_seen_gives_the_new_content(course_copy):
    unit = course_copy / "units" / "lead-person-centred-practice.yaml"
    text = unit.read_text(encoding="utf-8")
    assert parsed.cached(text) is not None
    edited = text.replace("title: Lead person centred practice", "title: Lead person-centred practice", 1)
    assert edited != text
    unit.write_text(edited, encoding="utf-8")
    assert parsed.cached(edited) is None
    assert read_yaml(unit, Problems())["title"] == "Lead person-centred practice"


def test_values_json_cannot_hold_are_left_to_the_parser():
    timestamp = "when: 2026-12-01 10:00:00\n"
    date = "when: 2026-12-01\nplain: [1, 2.5, true, null]\n"
    snapshot = json.loads(parsed.snapshot_text({timestamp: parse_yaml(timestamp),
                                                date: parse_yaml(date)}))
    assert list(snapshot) == [parsed.digest(date)]
    assert parsed._decode(snapshot[parsed.digest(date)]) == parse_yaml(date)


def test_a_kernel_drawing_an_outcome_never_imports_pyyaml(tmp_path):
    code = ("import sys\nfrom workbook.widgets import flashcards, quiz\n"
            "from workbook.widgets.evidence import EvidenceLog\n"
            "quiz.show('lead-person-centred-practice', 'LO1')\n"
            "flashcards.show('lead-person-centred-practice')\n"
            "EvidenceLog('lead-person-centred-practice', 'LO1')\n"
            "print('yaml' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, cwd=ROOT / "notebooks" / "lead-person-centred-practice",
                            env={**os.environ, "WORKBOOK_STORE": str(tmp_path / "store")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
