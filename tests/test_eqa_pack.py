"""The EQA pack: only the sampled learners, names removed, no key or summative item, and a
manifest that names any file altered, missing or added.

Records are made with the real decision and IQA functions on the course's real unit, so the
check for summative text runs against the real question banks."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from workbook.assess.assessment import load_assessments
from workbook.cli.main import main
from workbook.course.loader import load_course
from workbook.decisions import iqa, record
from workbook.decisions.eqa_pack import MANIFEST, write_pack
from workbook.decisions.eqa_verify import verify_pack
from workbook.decisions.journal import writer
from workbook.decisions.submissions import Submission
from workbook.learner import declaration
from workbook.learner.evidence import EvidenceItem
from workbook.learner.store import Store
from workbook.settings import PROJECT

UNIT = "lead-person-centred-practice"
NOW = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
#: account -> the name they sign with
LEARNERS = {"amyj": "Amy Jones", "benf": "Ben Fox", "cara": "Cara Lin", "dev": "Dev Patel"}


def make_records(tmp_path: Path) -> Path:
    """Decisions on two criteria for four learners (one changed), a plan, a verdict."""
    unit = load_course().unit(UNIT)
    records = tmp_path / "records"
    for n, (account, name) in enumerate(LEARNERS.items()):
        store = Store(tmp_path / "stores" / account)
        signed = declaration.sign(store, UNIT, name, dict.fromkeys(declaration.STATEMENTS, True),
                                  False, "", now=NOW)
        items = (EvidenceItem("e1", "reflective-account", f"Reflection <b>{name}</b>", "2026-10-01",
                              description=f"My review with {name.split()[0]}'s team; benf helped",
                              criteria=("1.1", "1.2")),)
        sub = Submission(account, tmp_path / account, items, signed)
        for criterion in ("1.1", "1.2"):
            if n == 0 and criterion == "1.1":
                record.record_decision(records, unit, sub, criterion, record.NOT_YET_MET, (),
                                       f"{name.split()[0]}, link it to a model", "Asha Rao", "tutor",
                                       now=NOW - dt.timedelta(days=3))
            record.record_decision(records, unit, sub, criterion, record.MET, ("e1",),
                                   f"Well done {name.split()[0]}", "Asha Rao", "tutor",
                                   now=NOW - dt.timedelta(days=2 - n / 10))
    iqa.sample(records, unit, {}, "Ivy Stone", "iqa", rate=0.25, seed=7, now=NOW)
    return records


def sampled_accounts(records: Path) -> set[str]:
    return {s["learner"] for s in iqa.plans(records, UNIT)[-1]["sampled"]}


def test_pack_holds_exactly_the_sampled_learners_with_names_removed(tmp_path):
    records = make_records(tmp_path)
    plan = iqa.plans(records, UNIT)[-1]
    decision = plan["sampled"][0]
    iqa.record_verdict(records, UNIT, decision["learner"], decision["criterion"], False,
                       f"Ask {LEARNERS[decision['learner']].split()[0]} for a witness", "Ivy Stone",
                       "iqa", now=NOW)
    picked = sampled_accounts(records)
    assert 0 < len(picked) < len(LEARNERS)
    out = tmp_path / "pack.zip"
    done = write_pack(records, load_course().unit(UNIT), out, now=NOW)
    files = dict(zip_files(out))
    shown = sorted(f"L{n:03d}" for n in range(1, len(picked) + 1))
    assert sorted(n for n in files if n.startswith("learners/")) == \
        [f"learners/{s}.json" for s in shown]
    assert done.learners == len(picked) and set(files) == {
        "index.html", "plan.json", "chain.json", MANIFEST, *(f"learners/{s}.json" for s in shown)}
    # every journal's hash chain, checked as the pack was made
    chains = json.loads(files["chain.json"])
    assert [c["journal"] for c in chains] == ["decisions/A1", "plans/A1", "verdicts/A1"]
    assert all(c["intact"] and c["verified"] == c["entries"] > 0 for c in chains)
    text = "\n".join(data.decode("utf-8") for data in files.values())
    # no account, person's name, or signer's first or last name anywhere
    for name in [*LEARNERS, *(w for n in LEARNERS.values() for w in n.split()),
                 "Asha", "Rao", "Ivy", "Stone", writer()]:
        assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I), name
    # each sampled learner's history is there: decisions, evidence copies, declaration, verdict
    learner = json.loads(files["learners/L001.json"])
    history = learner["criteria"][0]["history"]
    assert history[-1]["evidence"][0]["type"] == "reflective-account"
    assert learner["declarations"][0].startswith("signed by L001 on 2026-11-02")
    verdicts = [v for c in learner["criteria"] for e in c["history"] for v in e["verdicts"]]
    assert verdicts == [] or verdicts[0]["iqa"] == "IQA1"
    # "benf helped" in every learner's evidence: benf's id, or another learner's mark
    assert ("[another learner]" in text) == ("benf" not in picked)
    # learner text is escaped in the page
    index = files["index.html"].decode()
    assert "&lt;b&gt;" in index and "<b>" not in index
    # same records, same day: the same bytes
    again = tmp_path / "again.zip"
    write_pack(records, load_course().unit(UNIT), again, now=NOW)
    assert again.read_bytes() == out.read_bytes()
    assert verify_pack(out, done.manifest_sha256).problems == ()


def test_pack_has_no_answer_key_or_summative_text(tmp_path):
    records = make_records(tmp_path)
    out = tmp_path / "pack.zip"
    write_pack(records, load_course().unit(UNIT), out, now=NOW)
    text = "\n".join(data.decode("utf-8") for _, data in zip_files(out))
    (assessment,) = [a for a in load_assessments(load_course(), PROJECT / "assessment")
                     if a.unit.slug == UNIT]
    secret = [q.stem for q in assessment.questions] + [w.prompt for w in assessment.written]
    secret += [o.text for q in assessment.questions for o in q.options if len(o.text) > 25]
    assert secret and not [s for s in secret if s in text]
    assert '"correct"' not in text and "workbook-answer-keys" not in text


def test_verify_names_an_altered_a_missing_and_an_added_file(tmp_path):
    records = make_records(tmp_path)
    out = tmp_path / "pack.zip"
    done = write_pack(records, load_course().unit(UNIT), out, now=NOW)
    files = dict(zip_files(out))
    # one byte changed in a repacked zip
    changed = dict(files)
    data = bytearray(changed["plan.json"])
    data[10] ^= 1
    changed["plan.json"] = bytes(data)
    assert verify_pack(rezip(tmp_path / "a.zip", changed)).problems == \
        ("plan.json: altered (its SHA-256 differs from MANIFEST.sha256)",)
    # one byte changed in the zip itself: the zip's own check catches it, naming the file
    raw = bytearray(out.read_bytes())
    start = raw.index(b"plan.json") + len("plan.json") + 5
    raw[start] ^= 0xFF
    (tmp_path / "b.zip").write_bytes(bytes(raw))
    assert any(p.startswith("plan.json: altered") for p in verify_pack(tmp_path / "b.zip").problems)
    # a file taken out, one put in
    fewer = {k: v for k, v in files.items() if k != "index.html"}
    fewer["notes.txt"] = b"added"
    assert verify_pack(rezip(tmp_path / "c.zip", fewer)).problems == (
        "index.html: missing (listed in MANIFEST.sha256)", "notes.txt: added (not in MANIFEST.sha256)")
    # a rewritten manifest is caught by the fingerprint sent apart
    forged = dict(changed)
    forged[MANIFEST] = b"".join(
        f"{__import__('hashlib').sha256(v).hexdigest()}  {k}\n".encode()
        for k, v in sorted(changed.items()) if k != MANIFEST)
    assert verify_pack(rezip(tmp_path / "d.zip", forged)).problems == ()
    assert "the manifest itself was changed" in verify_pack(
        tmp_path / "d.zip", done.manifest_sha256).problems[0]


def test_commands_pack_and_verify_with_centre_ids_and_refuse_bad_input(tmp_path, monkeypatch, capsys):
    records = make_records(tmp_path)
    monkeypatch.setenv("WORKBOOK_RECORDS", str(records))
    picked = sorted(sampled_accounts(records))
    ids = records / "centre-ids.csv"
    ids.write_text("account,centre id\r\n" + "".join(f"{a},C-{n}\r\n" for n, a in enumerate(picked)),
                   encoding="utf-8")
    out = tmp_path / "pack.zip"
    assert main(["eqa", "pack", UNIT, "--out", str(out)]) == 0
    said = capsys.readouterr().out
    fingerprint = re.search(r"manifest SHA-256 ([0-9a-f]{64})", said)[1]
    assert sorted(n for n, _ in zip_files(out) if n.startswith("learners/")) == \
        [f"learners/C-{n}.json" for n in range(len(picked))]
    assert main(["eqa", "verify", str(out), "--expect", fingerprint]) == 0
    rezip(tmp_path / "bad.zip", {**dict(zip_files(out)), "plan.json": b"{}\n"})
    assert main(["eqa", "verify", str(tmp_path / "bad.zip")]) == 1
    assert "plan.json: altered" in capsys.readouterr().err
    # bad input: one line naming the file, exit 2
    for argv, named in [(["eqa", "verify", str(tmp_path / "nothing.zip")], "nothing.zip"),
                        (["eqa", "verify", str(ids)], "centre-ids.csv"),
                        (["eqa", "pack", UNIT, "--out", str(tmp_path / "x.txt")], "x.txt")]:
        assert main(argv) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and named in err[0], err
    ids.write_text("account,centre id\r\namyj,C-1\r\nbenf,C-1\r\n", encoding="utf-8")
    assert main(["eqa", "pack", UNIT, "--out", str(out)]) == 2
    assert "centre-ids.csv:3:" in capsys.readouterr().err
    monkeypatch.setenv("WORKBOOK_RECORDS", str(tmp_path / "empty"))
    assert main(["eqa", "pack", UNIT, "--out", str(out)]) == 2
    assert "no IQA sampling plan" in capsys.readouterr().err


def zip_files(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(n, archive.read(n)) for n in archive.namelist()]


def rezip(path: Path, files: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture(autouse=True)
def _no_outside_records(monkeypatch):
    monkeypatch.delenv("WORKBOOK_RECORDS", raising=False)


def test_pack_reports_a_journal_altered_after_the_fact(tmp_path):
    records = make_records(tmp_path)
    journal = record.journal_folder(records, UNIT) / f"{writer()}.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[-1] = lines[-1].replace("Well done", "Excellent")   # the last decision, edited in place
    journal.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "pack.zip"
    write_pack(records, load_course().unit(UNIT), out, now=NOW)
    files = dict(zip_files(out))
    (decisions,) = [c for c in json.loads(files["chain.json"]) if c["journal"].startswith("decisions/")]
    assert not decisions["intact"] and decisions["broken_at"] == len(lines)
    assert "⚠ broken at entry" in files["index.html"].decode()
