"""Tamper evidence of the decision journals: a record its writer cannot rewrite unnoticed.

Each attack edits a real journal file the way its writer could (an entry changed, removed,
moved, cut short, the whole file swapped, the chain recomputed after an edit) and checks that
`workbook.decisions` names the file and entry and counts nothing from the break on.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from workbook.decisions import iqa, record
from workbook.decisions.chain import digest, seal
from workbook.decisions.journal import read_folder, writer
from workbook.decisions.standing import AGREED, ignored_records, unit_standing
from workbook.errors import Refusal

from .test_decisions import NOW, UNIT, decide, submission


def journal(root: Path) -> Path:
    return record.journal_folder(root, UNIT.slug) / f"{writer()}.jsonl"


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def rewrite(path: Path, entries: list[dict]) -> None:
    """What a writer with an editor does: replace the file with an edited copy."""
    path.write_text("".join(json.dumps(e, sort_keys=True) + "\n" for e in entries), encoding="utf-8")


@pytest.fixture
def three(tmp_path):
    """Three decisions by this account on one learner, in one journal."""
    ready = submission(tmp_path, "ready")
    for criterion in ("1.1", "1.2", "2.1"):
        decide(tmp_path, ready, criterion, evidence=("e2",) if criterion == "1.2" else ("e1",))
    return tmp_path


def altered(root: Path) -> list[str]:
    return [m for m in ignored_records(root, UNIT.slug) if m.startswith("record altered:")]


def test_entries_are_chained_from_a_start_that_names_the_file(three):
    entries = lines(journal(three))
    assert all(e["hash"] == digest(e) for e in entries)
    assert [e["prev"] for e in entries[1:]] == [e["hash"] for e in entries[:-1]]
    assert ignored_records(three, UNIT.slug) == []
    assert len(record.history(three, UNIT.slug)) == 3


def test_an_edited_entry_is_named_and_it_and_the_rest_are_not_counted(three):
    entries = lines(journal(three))
    entries[1]["feedback"], entries[1]["evidence"] = "Changed later.", []
    rewrite(journal(three), entries)
    assert altered(three) == [f"record altered: {journal(three)}, entry 2 (its content does not "
                              "match its hash (it was changed)): entries 2-3 not counted"]
    assert [d.criterion for d in record.history(three, UNIT.slug)] == ["1.1"]


def test_a_deleted_entry_is_named(three):
    entries = lines(journal(three))
    rewrite(journal(three), [entries[0], entries[2]])
    assert altered(three) == [f"record altered: {journal(three)}, entry 2 (its id "
                              f"'{writer()}:d3' is not entry 2's (an entry before it was removed "
                              "or moved)): not counted"]
    assert [d.criterion for d in record.history(three, UNIT.slug)] == ["1.1"]


def test_reordered_entries_are_named(three):
    entries = lines(journal(three))
    rewrite(journal(three), [entries[0], entries[2], entries[1]])
    assert altered(three)[0].startswith(f"record altered: {journal(three)}, entry 2 ")
    assert len(record.history(three, UNIT.slug)) == 1


def test_a_truncated_last_line_is_named(three):
    text = journal(three).read_text(encoding="utf-8")
    journal(three).write_text(text[:-40], encoding="utf-8")
    assert altered(three) == [f"record altered: {journal(three)}, entry 3 (not valid JSON (cut "
                              "short or edited)): not counted"]
    assert len(record.history(three, UNIT.slug)) == 2


def test_a_whole_file_from_another_unit_does_not_verify(three, tmp_path):
    other = record.journal_folder(three, "other-unit") / f"{writer()}.jsonl"
    other.parent.mkdir(parents=True)
    other.write_bytes(journal(three).read_bytes())
    assert read_folder(other.parent).entries == []
    assert read_folder(other.parent).ignored[0].startswith(f"record altered: {other}, entry 1 (it "
                                                           "does not follow the entry before it")


def test_a_decision_changed_after_the_iqa_agreed_is_caught_even_with_its_chain_recomputed(three):
    iqa.sample(three, UNIT, {}, "ina", "iqa", rate=1.0, seed=1, now=NOW)
    verdict = iqa.record_verdict(three, UNIT.slug, "ready", "2.1", True, "", "ina", "iqa")
    assert {s.criterion: s.iqa for s in unit_standing(three, UNIT, {})[0].criteria}["2.1"] == AGREED
    # the writer empties the evidence of the agreed decision and reseals every entry after it
    entries = lines(journal(three))
    entries[2] = seal({**entries[2], "evidence": [], "items": [], "feedback": "Changed."},
                      entries[2]["prev"])
    rewrite(journal(three), entries)
    assert verdict.decision == entries[2]["id"]
    assert altered(three) == [
        f"record altered: {journal(three)}, entry 3 (changed after IQA plan {writer()}:p1 recorded "
        "it): it and the entries after it not counted"]
    standing = unit_standing(three, UNIT, {})[0]
    assert {s.criterion: s.decision for s in standing.criteria}["2.1"] is None


def test_a_sampled_decision_deleted_from_the_end_is_caught(three):
    iqa.sample(three, UNIT, {}, "ina", "iqa", rate=1.0, seed=1, now=NOW)
    entries = lines(journal(three))
    rewrite(journal(three), entries[:2])
    assert altered(three) == [
        f"record altered: {journal(three)}, entry 3 ({writer()}:d3, which IQA plan {writer()}:p1 "
        "recorded, is gone): it and the entries after it not counted"]


def test_old_journals_are_read_as_unchained_and_sealed_by_the_next_entry(tmp_path):
    ready = submission(tmp_path, "ready")
    path = journal(tmp_path)
    path.parent.mkdir(parents=True)
    old = {"id": f"{writer()}:d1", "unit": UNIT.slug, "learner": "ready", "criterion": "1.1",
           "outcome": "met", "evidence": ["e1"], "feedback": "", "assessor": "asha",
           "at": "2026-01-01T00:00:00+00:00", "account": writer()}
    rewrite(path, [old])
    assert ignored_records(tmp_path, UNIT.slug) == [
        f"{path}: entry 1 unchained (written before tamper evidence)"]
    assert len(record.history(tmp_path, UNIT.slug)) == 1
    decide(tmp_path, ready, "1.2", evidence=("e2",))
    assert lines(path)[1]["prev"] != lines(path)[0].get("hash")  # it follows the old entry's fold
    # from now on the old entry cannot change unnoticed either
    rewrite(path, [{**old, "outcome": "not yet met"}, lines(path)[1]])
    assert altered(tmp_path)[0].startswith(f"record altered: {path}, entry 2 (it does not follow")


def test_nothing_is_written_after_a_break_and_nothing_into_anothers_file(three, tmp_path):
    entries = lines(journal(three))
    rewrite(journal(three), entries[1:])
    with pytest.raises(Refusal, match="nothing recorded: record altered"):
        decide(three, submission(tmp_path, "ready"), "1.1")
    # a file of this account's name that belongs to another account is refused in one line
    if os.geteuid() != 0:
        pytest.skip("giving a file to another account needs root")
    path = journal(tmp_path / "elsewhere")
    path.parent.mkdir(parents=True)
    path.write_text("", encoding="utf-8")
    os.chown(path, 65534, 65534)
    with pytest.raises(Refusal) as caught:
        decide(tmp_path / "elsewhere", submission(tmp_path, "ready"), "1.1")
    assert str(caught.value) == (f"{path} is not {writer()}'s own journal (it belongs to "
                                 "nobody or is not a plain file): nothing recorded; ask the hub's "
                                 "administrator to remove it")
    assert path.read_text(encoding="utf-8") == ""


def test_a_planted_link_is_never_followed(tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("keep\n", encoding="utf-8")
    path = journal(tmp_path)
    path.parent.mkdir(parents=True)
    path.symlink_to(target)
    with pytest.raises(Refusal):
        decide(tmp_path, submission(tmp_path, "ready"), "1.1")
    assert target.read_text(encoding="utf-8") == "keep\n"
    assert read_folder(path.parent).entries == []


def test_a_pipe_under_a_journals_name_is_named_without_waiting(tmp_path):
    path = journal(tmp_path)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    found = read_folder(path.parent)
    assert (found.entries, found.ignored) == ([], [f"{path}: is not a regular file: not counted"])
