"""Evidence items in the store: validation, add/edit/remove, corrupt files, export/import."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.helpers import run_workbook
from workbook import ContentError, load_course
from workbook.course.evidence_rules import load_rules
from workbook.learner.evidence import (
    Draft,
    Observation,
    add_item,
    edit_item,
    load_items,
    problems_with,
    remove_item,
    upsert_from_source,
)
from workbook.learner.portfolio_export import export_text, import_items, read_export
from workbook.learner.portfolio_html import evidence_map_html
from workbook.learner.store import Store

UNIT = "lead-person-centred-practice"
TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def unit():
    return load_course().unit(UNIT)


def draft(**changes) -> Draft:
    base = dict(type="direct-observation", title="Observed team huddle", date="2026-02-10",
                description="Assessor watched me, lead a huddle", location="Assessor's notes, file 3",
                criteria=("2.1",), observation=Observation("Team office", "consented", "real-work"))
    return Draft(**{**base, **changes})


def test_a_good_draft_has_no_problems(unit):
    assert problems_with(draft(), unit, load_rules(unit), TODAY) == []


@pytest.mark.parametrize("changes, message", [
    ({"title": "  "}, "Give the evidence a title"),
    ({"date": "2026-03-02"}, "is in the future"),
    ({"date": "31/02/2026"}, "is not a date this form can read"),
    ({"date": "2026-02-10 or so"}, "type it as day, month, year"),
    ({"criteria": ()}, "Tick at least one assessment criterion"),
    ({"criteria": ("9.9",)}, "Criteria 9.9 are not part of this unit"),
    ({"type": "poster"}, "Choose the type of evidence"),
])
def test_plain_messages_for_bad_drafts(unit, changes, message):
    problems = problems_with(draft(**changes), unit, load_rules(unit), TODAY)
    assert len(problems) == 1 and message in problems[0]


def test_add_edit_remove_keep_other_items(tmp_path):
    store = Store(tmp_path)
    first = add_item(store, UNIT, draft())
    second = add_item(store, UNIT, draft(title="Care plan review", type="product", criteria=("1.1", "2.1")))
    assert (first.id, second.id) == ("e1", "e2")
    edit_item(store, UNIT, "e1", draft(title="Observed huddle (edited)", criteria=("3.1", "2.1")))
    items = load_items(Store(tmp_path), UNIT)
    assert [(i.id, i.title, i.criteria) for i in items] == [
        ("e1", "Observed huddle (edited)", ("2.1", "3.1")), ("e2", "Care plan review", ("1.1", "2.1"))]
    remove_item(store, UNIT, "e1")
    assert [i.id for i in load_items(store, UNIT)] == ["e2"]
    assert add_item(store, UNIT, draft()).id == "e3"


def test_item_from_a_source_is_updated_not_duplicated(tmp_path):
    store = Store(tmp_path)
    upsert_from_source(store, UNIT, "reflection:r1", draft(type="reflective-account"))
    upsert_from_source(store, UNIT, "reflection:r1", draft(type="reflective-account", title="Better"))
    assert [(i.id, i.title, i.source) for i in load_items(store, UNIT)] == [("e1", "Better", "reflection:r1")]


def test_corrupt_store_file_is_kept_aside_with_a_warning_in_the_map(tmp_path):
    (tmp_path / f"evidence-{UNIT}.json").write_text("{not json", encoding="utf-8")
    store = Store(tmp_path)
    html = evidence_map_html(UNIT, store)
    assert "Warning:" in html and "is not valid JSON" in html
    assert (tmp_path / f"evidence-{UNIT}.corrupt-1.json").read_text(encoding="utf-8") == "{not json"
    add_item(store, UNIT, draft())
    assert [i.id for i in load_items(Store(tmp_path), UNIT)] == ["e1"]


def test_map_html_has_headers_and_text_gaps(tmp_path):
    store = Store(tmp_path)
    add_item(store, UNIT, draft())
    html = evidence_map_html(UNIT, store)
    assert '<th scope="col">e1: Observed team huddle</th>' in html
    assert ('<th scope="row">LO1 · 1.1 Explain person centred practice</th><td class="wb-gap">'
            '<span aria-hidden="true">⚠</span> Gap') in html
    assert "Covered (1)" in html
    assert ("LO3, marking point: A &quot;be able to&quot; criterion is assessed mainly by your "
            "assessor observing") in html


def _sample(tmp_path) -> Store:
    store = Store(tmp_path / "a")
    add_item(store, UNIT, draft(title='Quote "this", and; that', description="line one\nline two"))
    add_item(store, UNIT, Draft("reflective-account", "My reflection", "2026-01-05", "",
                                "", ("1.1", "2.1"), ("Kitwood's psychological needs", "VIPS framework")),
             source="reflection:r1")
    return store


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_import_round_trip(tmp_path, unit, fmt):
    store = _sample(tmp_path)
    items = load_items(store, UNIT)
    path = tmp_path / f"map.{fmt}"
    path.write_text(export_text(fmt, unit, load_rules(unit), items), encoding="utf-8")
    target = Store(tmp_path / "b")
    assert import_items(target, UNIT, read_export(path, unit)) == ["added e1", "added e2"]
    assert load_items(target, UNIT) == items
    assert import_items(target, UNIT, read_export(path, unit)) == [
        "e1 is already there", "e2 is already there"]


def test_import_never_overwrites_a_different_saved_item(tmp_path, unit):
    path = tmp_path / "map.json"
    path.write_text(export_text("json", unit, load_rules(unit), load_items(_sample(tmp_path), UNIT)))
    target = Store(tmp_path / "b")
    add_item(target, UNIT, draft(title="Already mine"))
    messages = import_items(target, UNIT, read_export(path, unit))
    assert messages == ["e1 differs from your saved e1: added as e2",
                        "e2 differs from your saved e2: added as e3"]
    assert [i.title for i in load_items(target, UNIT)] == [
        "Already mine", 'Quote "this", and; that', "My reflection"]


def test_import_rejects_unknown_criteria_with_line(tmp_path, unit):
    path = tmp_path / "bad.csv"
    path.write_text("id,type,title,date,description,location,criteria,models,source\n"
                    "e1,product,T,2026-01-01,,,1.1; 7.7,,\n", encoding="utf-8")
    with pytest.raises(ContentError, match=rf"{path}:2: item e1: criteria 7.7 are not in"):
        read_export(path, unit)


def test_markdown_and_html_exports_name_gaps(tmp_path, unit):
    items = load_items(_sample(tmp_path), UNIT)
    md = export_text("md", unit, load_rules(unit), items)
    assert "| LO3 · marking point | ⚠ Gap: no evidence yet | – |" in md
    # both are mapped; only the observation counts for a "be able to" criterion
    assert "| LO2 · 2.1 | ✔ Covered (1) | e1, e2 |" in md
    html = export_text("html", unit, load_rules(unit), items)
    assert html.startswith("<!DOCTYPE html>") and "<caption>Evidence items</caption>" in html


def test_cli_export_then_import(tmp_path):
    store = _sample(tmp_path)
    out = tmp_path / "map.csv"
    result = run_workbook("portfolio", "export", UNIT, "--format", "csv", "--out", out,
                          "--store", store.root)
    assert result.returncode == 0, result.stderr
    result = run_workbook("portfolio", "import", UNIT, out, "--store", tmp_path / "b")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["added e1", "added e2"]
    assert load_items(Store(tmp_path / "b"), UNIT) == load_items(store, UNIT)
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = run_workbook("portfolio", "import", UNIT, bad, "--store", tmp_path / "b")
    assert result.returncode == 2 and f"{bad}:1: not valid JSON" in result.stderr
    assert json.loads((tmp_path / "b" / "evidence.json").read_text())["data"]["items"].keys() == {"e1", "e2"}


def test_the_map_says_when_mapped_evidence_is_not_what_a_criterion_needs(tmp_path, unit):
    store = Store(tmp_path / "r")
    add_item(store, UNIT, Draft("reflective-account", "Reflection on everything", "2026-01-05",
                                criteria=tuple(c.id for c in unit.criteria),
                                models=("VIPS framework",)))
    items = load_items(store, UNIT)
    md = export_text("md", unit, load_rules(unit), items)
    assert "| LO1 · 1.1 | ✔ Covered (1) | e1 |" in md
    assert "| LO2 · 2.3 | ◐ Mapped, but not the evidence it needs yet | e1 |" in md
    html = evidence_map_html(UNIT, store)
    assert html.count("Mapped, but not the evidence it needs yet") == 5  # 2.1-2.4 and LO3's
