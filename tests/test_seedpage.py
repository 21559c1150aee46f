"""Seed importer: both page renderings, warnings, and malformed pages."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from workbook.course.seedpage import SeedPageError, parse_page, read_page_text, split_outcomes

from .helpers import ROOT, run_workbook

SEEDS = ROOT / "seeds"
PERSON_CENTRED = SEEDS / "000_b1788e11a11d64fa.txt"
ACTIVE_SUPPORT = SEEDS / "001_85bb7e45f29907ce.txt"
COMPACT = ROOT / "tests" / "fixtures" / "seeds" / "compact-partnerships.txt"
QUALIFICATION = (
    "Focus Awards Level 5 Diploma in Leadership for Health and Social Care and Children and "
    "Young People's Services (England) (RQF)"
)


def parse(path: Path):
    return parse_page(read_page_text(path), path.name)


def test_person_centred_page_outcomes_and_criteria():
    page = parse(PERSON_CENTRED)
    data = page.data
    assert data["title"] == "Lead person centred practice"
    assert data["slug"] == "lead-person-centred-practice"
    assert data["awarding_body"] == "Focus Awards Limited"
    assert data["qualifications"] == [QUALIFICATION]
    assert [o["title"] for o in data["outcomes"]] == [
        "Understand the theory and principles that underpin person centred practice",
        "Be able to lead a person-centred practice",
        "Be able to lead the implementation of active participation of individuals",
    ]
    assert [[c["id"] for c in o["criteria"]] for o in data["outcomes"]] == [["1.1"], ["2.1"], ["3.1"]]
    assert data["outcomes"][0]["criteria"][0]["text"].startswith("Award credit for demonstrating")
    assert data["unlinked_criteria"] == []
    assert data["synopsis"].startswith("This element focuses on enabling leaders")
    assert len(data["overview"]) == 3
    assert [c["name"] for c in data["key_concepts"]][:2] == [
        "Person-centred leadership", "Safeguarding and protection"]
    assert len(data["guidance"]) == 6 and data["guidance"][0].startswith("When providing witness")
    assert len(data["mistakes"]) == 3
    assert [m["misconception"] for m in data["misconceptions"]] == [
        "Leadership is the same as management.",
        "Safeguarding is only about following procedures.",
        "Partnership working means simply sharing information.",
    ]
    assert data["misconceptions"][0]["correction"].startswith("While both involve overseeing teams")
    assert len(data["prerequisites"]) == 3
    assert "key_terms" not in data and "faq" not in data  # nothing the course would use
    assert page.warnings == ["header says 3 Assessment Guidance, the page lists 6"]


def test_active_support_page_outcomes():
    data = parse(ACTIVE_SUPPORT).data
    assert data["title"] == "Active support: lead interactive training"
    assert [o["title"] for o in data["outcomes"]] == [
        "Understand the theoretical background to person-centred interactive training",
        "Be able to plan person-centred interactive training sessions to enhance whole team performance",
        "Be able to lead person-centred interactive training sessions in situ",
        "Be able to provide support to improve the performance of others",
    ]
    assert [o["id"] for o in data["outcomes"]] == ["LO1", "LO2", "LO3", "LO4"]
    assert all(len(o["criteria"]) == 1 for o in data["outcomes"])
    assert data["misconceptions"][1]["misconception"] == (
        "Person-centred care means doing whatever the service user wants.")


def test_compact_page():
    page = parse(COMPACT)
    data = page.data
    assert data["title"] == "Lead partnership working in care services"
    assert data["awarding_body"] == "CACHE Awards"
    assert data["qualifications"] == [
        "Level 5 Diploma in Leadership for Health and Social Care and Children and Young People's "
        "Services (England) (RQF)",
        "Level 5 Diploma in Leadership and Management for Adult Care (England)",
    ]
    assert [o["title"] for o in data["outcomes"]] == [
        "Understand the features of effective partnership working",
        "Be able to manage inter-agency, joint or integrated working",
        "Be able to work in partnership with professionals and other agencies",
    ]
    assert data["key_concepts"][0] == {
        "name": "Co-production",
        "explanation": "Designing and reviewing services together with the people who use them "
                       "and their families."}
    assert data["guidance"] == ["Use a real multi-agency meeting you chaired as the spine of your account."]
    assert data["mistakes"] == ["Describing meetings without saying what changed for the person."]
    assert data["misconceptions"][0]["misconception"] == "Partnership means everyone agrees."
    assert data["prerequisites"] == ["Experience of joint working."]
    assert page.warnings == []


def test_crlf_and_missing_final_newline_read_the_same(tmp_path):
    text = PERSON_CENTRED.read_text(encoding="utf-8")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(text.rstrip("\n").replace("\n", "\r\n").encode())
    assert parse(crlf).data == {**parse(PERSON_CENTRED).data, "source": "crlf.txt"}


@pytest.mark.parametrize("line, expected", [
    ("Understand A, Be able to B, Know C", ["Understand A", "Be able to B", "Know C"]),
    ("Be able to manage inter-agency, joint or integrated working, Understand roles",
     ["Be able to manage inter-agency, joint or integrated working", "Understand roles"]),
    ("Understand the Understanding, tools", ["Understand the Understanding, tools"]),
])
def test_split_outcomes_only_where_a_new_outcome_begins(line, expected):
    assert split_outcomes(line) == expected


def test_criteria_count_mismatch_keeps_them_unlinked(tmp_path):
    text = COMPACT.read_text(encoding="utf-8-sig").replace(
        "- Shows evidence of reviewing", "- An extra marking point.\n- Shows evidence of reviewing")
    page = tmp_path / "extra.txt"
    page.write_text(text, encoding="utf-8")
    parsed = parse(page)
    assert all(o["criteria"] == [] for o in parsed.data["outcomes"])
    assert [c["id"] for c in parsed.data["unlinked_criteria"]] == ["AC1", "AC2", "AC3", "AC4"]
    assert parsed.warnings == [
        "4 assessment criteria for 3 learning outcomes: criteria kept unlinked"]


def test_cli_writes_one_yaml_per_page_and_prints_paths(tmp_path):
    result = run_workbook("import-seed", PERSON_CENTRED, ACTIVE_SUPPORT, COMPACT, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    written = result.stdout.split()
    assert [Path(p).name for p in written] == [
        "lead-person-centred-practice.yaml",
        "active-support-lead-interactive-training.yaml",
        "lead-partnership-working-in-care-services.yaml",
    ]
    counts = [len(yaml.safe_load(Path(p).read_text())["outcomes"]) for p in written]
    assert counts == [3, 4, 3]
    assert "warning: " in result.stderr and "header says 3 Assessment Guidance" in result.stderr


def test_imported_units_match_the_course():
    """The shipped unit files are exactly what importing the seeds gives."""
    for seed, slug in [(PERSON_CENTRED, "lead-person-centred-practice"),
                       (ACTIVE_SUPPORT, "active-support-lead-interactive-training")]:
        shipped = yaml.safe_load((ROOT / "workbook/course/data/units" / f"{slug}.yaml").read_text())
        assert shipped == parse(seed).data


@pytest.mark.parametrize("content, reason", [
    (b"", "the page is empty"),
    (b"  \r\n\n", "the page is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file, not a revision page"),
    (b"Some unit\n\nKey Concepts\n\n- A: b\n",
     "no learning outcomes found (expected a 'Learning Objectives' section)"),
    (b"\xff\xfe bad bytes", "not UTF-8 text (byte 0)"),
])
def test_malformed_page_one_line_error_exit_2_nothing_written(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out"
    result = run_workbook("import-seed", PERSON_CENTRED, bad, "--out", out)
    assert result.returncode == 2
    assert result.stderr == f"error: {bad}: {reason}\n"
    assert result.stdout == ""
    assert not out.exists()


def test_missing_page_is_a_clear_error(tmp_path):
    result = run_workbook("import-seed", tmp_path / "nope.txt", "--out", tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path / 'nope.txt'}: No such file or directory\n"


def test_read_page_text_accepts_bom_and_emoji(tmp_path):
    page = tmp_path / "bom.txt"
    page.write_bytes("\ufeffTitle 💡\n".encode())
    assert read_page_text(page) == "Title 💡\n"
    with pytest.raises(SeedPageError):
        parse_page(read_page_text(page))
