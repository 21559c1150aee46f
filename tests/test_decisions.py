"""Assessor decisions, IQA sampling and verdicts, standing and claims, the learner's declaration.

Units here are built from the model (criteria read from the unit, as the code reads them); the
end-to-end test on the real nbgrader pipeline is tests/test_decisions_e2e.py.
"""
from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
from pathlib import Path

import pytest

from workbook.course.model import Criterion, Outcome, Unit
from workbook.decisions import iqa, record
from workbook.decisions.journal import read_entries, read_folder, writer
from workbook.decisions.standing import (
    AGREED,
    AWAITING,
    DISAGREED,
    NOT_SAMPLED,
    claims_csv,
    ignored_records,
    unit_standing,
)
from workbook.decisions.submissions import Submission
from workbook.errors import Refusal, WorkbookError
from workbook.learner import declaration
from workbook.learner.evidence import EvidenceItem
from workbook.learner.store import Store

UNIT = Unit(slug="test-unit", title="Test unit", outcomes=(
    Outcome("LO1", "Understand the ideas", "lo1", (Criterion("1.1", "Explain"), Criterion("1.2", "Describe"))),
    Outcome("LO2", "Be able to lead practice", "lo2", (Criterion("2.1", "Lead"),)),
))
CONFIRMED = dict.fromkeys(declaration.STATEMENTS, True)
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def submission(tmp_path: Path, learner: str, signed: bool = True) -> Submission:
    items = (EvidenceItem("e1", "direct-observation", "Observed", "2026-02-01", criteria=("1.1", "2.1")),
             EvidenceItem("e2", "reflective-account", "Reflection", "2026-02-02", criteria=("1.2",)))
    store = Store(tmp_path / learner)
    signed_as = declaration.sign(store, UNIT.slug, learner.title(), CONFIRMED, False, "") if signed else None
    return Submission(learner, tmp_path / learner, items, signed_as)


def decide(root, sub, criterion, outcome=record.MET, evidence=("e1",), assessor="asha", role="tutor",
           feedback="Clear evidence."):
    return record.record_decision(root, UNIT, sub, criterion, outcome, evidence, feedback, assessor,
                                  role, now=NOW)


def test_declaration_needs_every_statement_and_a_name(tmp_path):
    store = Store(tmp_path)
    assert declaration.load(store, UNIT.slug) is None
    problems = declaration.problems_with("", {"own_work": True}, True, " ")
    assert len(problems) == 4 and "Type your full name to sign." in problems
    assert any("AI tools helped" in p for p in problems)
    with pytest.raises(ValueError, match="Confirm"):
        declaration.sign(store, UNIT.slug, "Sam Lee", {"own_work": True}, False, "")
    signed = declaration.sign(store, UNIT.slug, " Sam Lee ", CONFIRMED, True, "Spell-checker rewording", now=NOW)
    assert signed.signed and declaration.load(store, UNIT.slug) == signed
    assert signed.summary() == ("signed by Sam Lee on 2026-03-01; AI help declared: "
                                "Spell-checker rewording")
    # the copy carried in a submission reads the same, and a damaged one is simply not signed
    (tmp_path / "sub" / ".responses").mkdir(parents=True)
    copy = tmp_path / "sub" / ".responses" / f"declaration-{UNIT.slug}.json"
    copy.write_text(store.path(declaration.document_name(UNIT.slug)).read_text(), encoding="utf-8")
    assert declaration.read_submitted(tmp_path / "sub", UNIT.slug) == signed
    copy.write_text("{not json", encoding="utf-8")
    assert declaration.read_submitted(tmp_path / "sub", UNIT.slug) is None


def test_decisions_keep_history_and_refuse_what_a_centre_would_refuse(tmp_path):
    ready, unsigned = submission(tmp_path, "ready"), submission(tmp_path, "unsigned", signed=False)
    first = decide(tmp_path, ready, "1.1", record.NOT_YET_MET, feedback="Link it to a model.")
    second = decide(tmp_path, ready, "1.1")
    assert (first.id, second.id) == (f"{writer()}:d1", f"{writer()}:d2")
    assert first.account == writer() and first.declaration.startswith("signed by")
    assert [i[0] for i in second.items] == ["e1"]
    assert [d.outcome for d in record.history(tmp_path, UNIT.slug)] == [record.NOT_YET_MET, record.MET]
    assert record.current(tmp_path, UNIT.slug)[("ready", "1.1")] == second
    refusals = [
        (dict(sub=unsigned, criterion="1.1"), "has not signed the declaration of authenticity"),
        (dict(sub=ready, criterion="9.9"), "test-unit has no criterion '9.9' (it has 1.1, 1.2, 2.1)"),
        (dict(sub=ready, criterion="1.2", evidence=()), "must rest on at least one evidence item"),
        (dict(sub=ready, criterion="1.2", evidence=("e7",)), "ready submitted no evidence item e7"),
        (dict(sub=ready, criterion="1.2", outcome=record.NOT_YET_MET, feedback=" "), "say in the feedback"),
        (dict(sub=None, criterion="1.2"), "has submitted nothing"),
    ]
    for kwargs, message in refusals:
        with pytest.raises(WorkbookError, match=message.replace("(", r"\(").replace(")", r"\)")):
            decide(tmp_path, **kwargs)
    with pytest.raises(Refusal, match="an internal quality assurer cannot record or change an assessor's"):
        decide(tmp_path, ready, "1.2", role="iqa")
    with pytest.raises(Refusal, match="a learner cannot record"):
        decide(tmp_path, ready, "1.2", role="learner")
    # nothing refused reached the journal
    assert len(record.history(tmp_path, UNIT.slug)) == 2


def _record_many(root: str, learner: str, n: int) -> None:
    sub = Submission(learner, Path(root), (EvidenceItem("e1", "feedback", "t", "2026-01-01", criteria=("1.1",)),),
                     declaration.Declaration(UNIT.slug, learner, True, True, True, False, "", "2026-01-01"))
    for i in range(n):
        record.record_decision(Path(root), UNIT, sub, "1.1", record.MET, ("e1",), f"{learner} {i}",
                               learner, "tutor")


def test_two_tutors_recording_at_once_lose_nothing(tmp_path):
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_record_many, args=(str(tmp_path), name, 60)) for name in ("asha", "ben")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    # both processes run as this account, so they share its file: the lock keeps every line
    entries = read_entries(record.journal_folder(tmp_path, UNIT.slug) / f"{writer()}.jsonl")
    assert len(entries) == 120
    assert [e["id"] for e in entries] == [f"{writer()}:d{n}" for n in range(1, 121)]
    assert sorted(e["feedback"] for e in entries) == sorted(f"{a} {i}" for a in ("asha", "ben") for i in range(60))


def test_a_damaged_journal_is_named_with_its_entry_and_the_rest_is_still_read(tmp_path):
    first = decide(tmp_path, submission(tmp_path, "ready"), "1.1")
    path = record.journal_folder(tmp_path, UNIT.slug) / f"{writer()}.jsonl"
    with open(path, "a", encoding="utf-8") as journal:
        journal.write("{oops\n")
    # a damaged line is a break in the record: reported, not counted, and nothing stops
    assert record.history(tmp_path, UNIT.slug) == [first]
    assert ignored_records(tmp_path, UNIT.slug) == [
        f"record altered: {path}, entry 2 (not valid JSON (cut short or edited)): not counted"]
    # and nothing more is written after it until the journal is restored
    with pytest.raises(Refusal, match=f"nothing recorded: record altered: {path}, entry 2"):
        decide(tmp_path, submission(tmp_path, "ready"), "1.2", evidence=("e2",))
    assert path.read_text(encoding="utf-8").endswith("{oops\n")


def test_a_journal_under_another_accounts_name_is_reported_and_not_counted(tmp_path):
    ready = submission(tmp_path, "ready")
    real = decide(tmp_path, ready, "1.1")
    folder = record.journal_folder(tmp_path, UNIT.slug)
    # a file named after another account, but owned by this one: a forged decision
    forged = {**json.loads((folder / f"{writer()}.jsonl").read_text()), "id": "x:d1",
              "criterion": "1.2", "assessor": "someone-else", "account": "someone-else"}
    (folder / "someone-else.jsonl").write_text(json.dumps(forged) + "\n", encoding="utf-8")
    # and an entry in this account's own file that claims another account
    with open(folder / f"{writer()}.jsonl", "a", encoding="utf-8") as own:
        own.write(json.dumps({**forged, "account": "nobody"}) + "\n")
    assert record.current(tmp_path, UNIT.slug) == {("ready", "1.1"): real}
    messages = ignored_records(tmp_path, UNIT.slug)
    assert sorted(messages) == sorted([
        f"{folder / 'someone-else.jsonl'}: written by {writer()}, not someone-else: not counted",
        f"{folder / (writer() + '.jsonl')}: entry 2 names account 'nobody', not {writer()}: "
        "not counted"])


def _decisions(assessors: dict[str, str]) -> list[record.Decision]:
    return [record.Decision(f"d{n}", UNIT.slug, f"l{n}", crit, record.MET, ("e1",), "", who, "")
            for n, (crit, who) in enumerate(assessors.items(), 1)]


def test_sampling_is_seeded_covers_every_assessor_and_weighs_competence_and_new_assessors():
    decisions = [record.Decision(f"d{n}", UNIT.slug, f"l{n % 10}", c, record.MET, ("e1",), "",
                                 "asha" if n < 29 else "ben", "")
                 for n, c in enumerate([c.id for c in UNIT.criteria] * 10)]
    types = lambda d: {"observation" if d.criterion == "2.1" else "reflection"}  # noqa: E731
    one = iqa.draw(decisions, UNIT, types, set(), 0.1, seed=7)
    assert one == iqa.draw(decisions, UNIT, types, set(), 0.1, seed=7)
    assert len(one) == 3 and {d.assessor for d in one} == {"asha", "ben"}
    assert iqa.draw(decisions, UNIT, types, set(), 1.0, seed=1) and len(iqa.draw(decisions, UNIT, types, set(), 1.0, 1)) == 30
    # over many seeds, "met" on the competence criterion (2.1) and a new assessor are drawn more
    counts = {"1.1": 0, "2.1": 0}
    for seed in range(300):
        for d in iqa.draw(decisions, UNIT, lambda d: set(), set(), 0.2, seed):
            counts[d.criterion] = counts.get(d.criterion, 0) + 1
    assert counts["2.1"] > 1.3 * counts["1.1"]
    halves = [record.Decision(d.id, d.unit, d.learner, "1.1", d.outcome, d.evidence, "",
                              ("asha", "ben")[n % 2], "") for n, d in enumerate(decisions)]
    drawn = {"asha": 0, "ben": 0}
    for seed in range(300):
        for d in iqa.draw(halves, UNIT, lambda d: set(), {"ben"}, 0.2, seed):
            drawn[d.assessor] += 1
    assert drawn["ben"] > 1.3 * drawn["asha"]
    with pytest.raises(WorkbookError, match="sampling rate"):
        iqa.draw(decisions, UNIT, types, set(), 0, seed=1)


def test_iqa_verdicts_reopen_decisions_and_settle_claims(tmp_path):
    ready, other = submission(tmp_path, "ready"), submission(tmp_path, "other")
    for sub in (ready, other):
        for c in UNIT.criteria:
            decide(tmp_path, sub, c.id, evidence=("e2",) if c.id == "1.2" else ("e1",))
    found = {"ready": ready, "other": other}
    with pytest.raises(Refusal, match="only an internal quality assurer"):
        iqa.sample(tmp_path, UNIT, found, "ina", "tutor", rate=0.5, seed=3)
    plan = iqa.sample(tmp_path, UNIT, found, "ina", "iqa", rate=1.0, seed=3, now=NOW)
    assert (plan["drawn_by"], plan["at"], plan["seed"], len(plan["sampled"])) == ("ina", NOW.isoformat(), 3, 6)
    standing = {s.learner: s for s in unit_standing(tmp_path, UNIT, found)}
    assert {s.iqa for s in standing["ready"].criteria} == {AWAITING} and not standing["ready"].ready
    for c in UNIT.criteria:
        iqa.record_verdict(tmp_path, UNIT.slug, "ready", c.id, True, "", "ina", "iqa")
        iqa.record_verdict(tmp_path, UNIT.slug, "other", c.id, c.id != "2.1", "e1 does not show 2.1", "ina", "iqa")
    with pytest.raises(Refusal, match="asha made this decision"):
        iqa.record_verdict(tmp_path, UNIT.slug, "ready", "1.1", True, "", "asha", "iqa")
    with pytest.raises(WorkbookError, match="why you disagree"):
        iqa.record_verdict(tmp_path, UNIT.slug, "ready", "1.1", False, "", "ina", "iqa")
    standing = {s.learner: s for s in unit_standing(tmp_path, UNIT, found)}
    assert standing["ready"].ready and {s.iqa for s in standing["ready"].criteria} == {AGREED}
    reopened = [s for s in standing["other"].criteria if s.reopened]
    assert [(s.criterion, s.iqa, s.verdict.comment) for s in reopened] == [("2.1", DISAGREED, "e1 does not show 2.1")]
    assert not standing["other"].ready
    assert [line.split(",")[0] for line in claims_csv(list(standing.values())).splitlines()] == ["learner", "ready"]
    # the assessor looks again: a new decision, which the IQA has not checked yet
    decide(tmp_path, other, "2.1", evidence=("e1",), feedback="Observed leading the review.")
    again = {s.learner: s for s in unit_standing(tmp_path, UNIT, found)}["other"]
    assert {s.criterion: s.iqa for s in again.criteria}["2.1"] == AWAITING
    # the verdicts are a journal of their own: the decisions journal holds only decisions
    assert all("agree" not in e for e in read_folder(record.journal_folder(tmp_path, UNIT.slug)).entries)
    assert (tmp_path / "verdicts" / UNIT.slug / f"{writer()}.jsonl").is_file()
    assert {s.iqa for s in unit_standing(tmp_path, UNIT, {"new": submission(tmp_path, "new")})[0].criteria} \
        == {NOT_SAMPLED}


def test_claims_csv_never_writes_a_formula(tmp_path):
    sub = submission(tmp_path, "=cmd")
    for c in UNIT.criteria:
        decide(tmp_path, sub, c.id, evidence=("e2",) if c.id == "1.2" else ("e1",), assessor="@asha")
    text = claims_csv(unit_standing(tmp_path, UNIT, {"=cmd": sub}))
    assert text.splitlines()[1].startswith("'=cmd,test-unit,3,'@asha,")


def test_declaration_widget_signs_only_a_complete_declaration(tmp_path):
    from workbook.course.loader import load_course
    from workbook.widgets.declaration import DeclarationForm

    unit = load_course().units[0].slug
    form = DeclarationForm(unit, Store(tmp_path))
    assert "not signed yet" in form.message.value and "not signed" in form.static_html()
    form.name.value = "Sam Lee"
    form.boxes["own_work"].value = True
    form.ai_used.value = True
    assert not form.sign()
    assert "Confirm: The people I support" in form.message.value and "Say which AI tools" in form.message.value
    assert declaration.load(Store(tmp_path), unit) is None
    for box in form.boxes.values():
        box.value = True
    form.ai_help.value = "A grammar checker on my reflective account"
    assert form.sign()
    assert "✔ Declaration signed by Sam Lee on" in form.message.value
    # shown again, it comes back signed
    again = DeclarationForm(unit, Store(tmp_path))
    assert all(box.value for box in again.boxes.values()) and again.name.value == "Sam Lee"
    assert "AI help declared: A grammar checker on my reflective account" in again.static_html()


def test_hub_users_act_in_their_role_and_only_tutors_get_the_decisions_notebooks(tmp_path):
    from workbook.hub.homes import delivered_files, user_environment
    from workbook.hub.settings import from_env
    from workbook.hub.userconfig import nbgrader_config

    project = Path(__file__).resolve().parent.parent
    hub = from_env(project, {"WORKBOOK_HUB_DATA": str(tmp_path / "data"), "WORKBOOK_HUB_LEARNERS": "amy",
                             "WORKBOOK_HUB_TUTORS": "tess", "WORKBOOK_HUB_IQA": "ivy"})
    assert {name: user_environment(hub, name)["WORKBOOK_ROLE"] for name in ("amy", "tess", "ivy")} == \
        {"amy": "learner", "tess": "tutor", "ivy": "iqa"}
    decisions = {name: sorted(p for p in delivered_files(hub, name) if "/tutor/decisions-" in p)
                 for name in ("amy", "tess", "ivy")}
    assert decisions["tess"] and decisions["amy"] == decisions["ivy"] == []
    gate = "c.ExchangeFactory.submit = 'workbook.assess.submit_gate.DeclaredSubmit'"
    assert gate in nbgrader_config(hub, "learner", hub.homes / "amy")
    assert gate not in nbgrader_config(hub, "tutor", hub.homes / "tess")


def test_commands_refuse_bad_input_with_exit_2_and_change_nothing(tmp_path):
    from workbook.course.loader import load_course

    from .helpers import run_workbook
    from .test_decisions_view import UNIT as COURSE_UNIT
    from .test_decisions_view import course_folder

    root = course_folder(tmp_path)
    first = load_course().unit(COURSE_UNIT).criteria[0].id
    env = {**os.environ, "WORKBOOK_ROLE": "tutor"}
    cases = [
        (("decide", "no-such-unit", "ready", first, "met"), "the course has no unit 'no-such-unit'"),
        (("decide", COURSE_UNIT, "nobody", first, "met", "--evidence", "e1"), "has submitted nothing"),
        (("decide", COURSE_UNIT, "ready", "9.9", "met", "--evidence", "e1"), "has no criterion '9.9'"),
        (("iqa", "sample", COURSE_UNIT), "only an internal quality assurer"),
        (("iqa", "record", COURSE_UNIT, "ready", first, "agree"), "only an internal quality assurer"),
    ]
    for args, message in cases:
        result = run_workbook(*args, "--course-root", str(root), env=env)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)
    assert not any((root / name).exists() for name in ("decisions", "plans", "verdicts"))
    journal = root / "decisions" / COURSE_UNIT / f"{writer()}.jsonl"
    journal.parent.mkdir(parents=True)
    journal.write_text("{broken\n", encoding="utf-8")
    result = run_workbook("decisions", COURSE_UNIT, "--course-root", str(root), env=env)
    # the damaged journal is named and left out; the rest is shown, and the exit says "look"
    assert result.returncode == 1
    assert result.stderr.startswith(f"warning: record altered: {journal}, entry 1 (not valid JSON")
    assert "ready: declaration" in result.stdout
    assert journal.read_text(encoding="utf-8") == "{broken\n"
