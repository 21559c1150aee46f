"""Assessors' decisions per learner and criterion: met or not yet met, on which evidence, why.

Journals in the records folder (the tutors' and IQAs' shared folder on a hub, else the course
folder): `<records>/decisions/<unit>/<account>.jsonl`, one file per assessor's account (see
workbook.decisions.journal). Each entry is one decision: learner, criterion, outcome (`met` /
`not yet met`), the evidence item ids it rests on with a copy of what those items said (so an
IQA, who cannot read the submissions, sees what the decision rested on), the declaration it
relied on, feedback, the assessor and when. A changed decision is a new entry; the current
decision on a learner's criterion is its latest entry. Criteria are checked against the unit
loaded from the course, never a list written here.

Every IQA plan and verdict records the hash of each decision entry it is about. A decision
entry that no longer has that hash, or is gone, was changed after the IQA saw it, even when its
writer recomputed the chain: it and the entries after it in its file are not counted, and the
break is reported like any other (`record altered: <file>, entry <n>`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.course.model import Unit
from workbook.decisions.chain import digest
from workbook.decisions.journal import Journals, append_entry, read_folder
from workbook.decisions.submissions import Submission
from workbook.errors import Refusal, WorkbookError

MET, NOT_YET_MET = "met", "not yet met"
OUTCOMES = (MET, NOT_YET_MET)
FOLDER = "decisions"
#: the IQA's journals (workbook.decisions.iqa), which record the hash of each decision they judge
PLANS, VERDICTS = "plans", "verdicts"
#: roles that may record decisions (an IQA samples and comments, never decides).
ASSESSOR_ROLES = ("tutor",)
ITEM_FIELDS = ("id", "type", "title", "date", "description")


@dataclass(frozen=True)
class Decision:
    """One recorded decision (an entry of the unit's journal)."""

    id: str
    unit: str
    learner: str
    criterion: str
    outcome: str
    evidence: tuple[str, ...]
    feedback: str
    assessor: str
    at: str  # ISO date and time, UTC
    account: str = ""   # the Unix account that wrote it (the journal file's owner)
    #: (id, type, title, date, description) of each evidence item, as submitted
    items: tuple[tuple[str, str, str, str, str], ...] = ()
    declaration: str = ""   # the declaration's summary when the decision was made
    hash: str = ""          # the entry's hash (workbook.decisions.chain.digest)

    @property
    def met(self) -> bool:
        """True when the criterion was judged met."""
        return self.outcome == MET

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> Decision:
        """A decision from a journal entry."""
        return cls(id=entry["id"], unit=str(entry.get("unit", "")), learner=str(entry.get("learner", "")),
                   criterion=str(entry.get("criterion", "")), outcome=str(entry.get("outcome", "")),
                   evidence=tuple(str(e) for e in entry.get("evidence", [])),
                   feedback=str(entry.get("feedback", "")), assessor=str(entry.get("assessor", "")),
                   at=str(entry.get("at", "")), account=str(entry.get("account", "")),
                   items=tuple(tuple(str(i.get(k, "")) for k in ITEM_FIELDS)  # type: ignore[misc]
                               for i in entry.get("items", []) if isinstance(i, dict)),
                   declaration=str(entry.get("declaration", "")), hash=digest(entry))

    def evidence_types(self) -> set[str]:
        """The types of the evidence items the decision rests on."""
        return {item[1] for item in self.items}



def journal_folder(records: Path, unit_slug: str) -> Path:
    """The unit's decisions journals (one file per assessor's account)."""
    return records / FOLDER / unit_slug


def journals(records: Path, unit_slug: str) -> Journals:
    """The unit's decision entries, and the files or entries not counted (a chain broken, or
    an entry changed or removed after an IQA plan or verdict recorded its hash)."""
    found = read_folder(journal_folder(records, unit_slug))
    by_id = {e["id"]: e for e in found.entries}
    cut: dict[Path, tuple[int, str]] = {}   # file -> (first entry not trusted, why)
    for decision_id, wanted, by in _anchors(records, unit_slug):
        entry = by_id.get(decision_id)
        if entry is not None:
            if digest(entry) == wanted:
                continue
            path, number = found.located[decision_id]
            why = f"changed after {by} recorded it"
        else:
            account, _, tail = decision_id.partition(":")
            path = journal_folder(records, unit_slug) / f"{account}.jsonl"
            digits = tail.lstrip("abcdefghijklmnopqrstuvwxyz")
            if path not in found.files or not digits.isdigit():
                continue  # a file not counted is reported already
            number, why = int(digits), f"{decision_id}, which {by} recorded, is gone"
        if path not in cut or number < cut[path][0]:
            cut[path] = (number, why)
    if not cut:
        return found
    kept = [e for e in found.entries
            if not ((where := found.located[e["id"]])[0] in cut and where[1] >= cut[where[0]][0])]
    messages = [f"record altered: {path}, entry {number} ({why}): it and the entries after it "
                "not counted" for path, (number, why) in sorted(cut.items())]
    return Journals(kept, [*found.ignored, *messages],
                    {e["id"]: found.located[e["id"]] for e in kept}, found.files)


def _anchors(records: Path, unit_slug: str) -> list[tuple[str, str, str]]:
    """(decision id, the hash an IQA plan or verdict recorded for it, which one), every one
    (plans and verdicts written before tamper evidence recorded none)."""
    anchors = []
    for entry in read_folder(records / PLANS / unit_slug).entries:
        for sampled in entry.get("sampled", []):
            if isinstance(sampled, dict) and isinstance(sampled.get("decision_hash"), str):
                anchors.append((str(sampled.get("decision")), sampled["decision_hash"],
                                f"IQA plan {entry['id']}"))
    for entry in read_folder(records / VERDICTS / unit_slug).entries:
        if isinstance(entry.get("decision_hash"), str):
            anchors.append((str(entry.get("decision")), entry["decision_hash"],
                            f"IQA verdict {entry['id']}"))
    return anchors


def history(records: Path, unit_slug: str) -> list[Decision]:
    """Every decision ever recorded on the unit, oldest first."""
    return [Decision.from_entry(e) for e in journals(records, unit_slug).entries]


def current(records: Path, unit_slug: str) -> dict[tuple[str, str], Decision]:
    """(learner, criterion) -> the decision in force (the latest entry)."""
    latest: dict[tuple[str, str], Decision] = {}
    for decision in history(records, unit_slug):
        latest[(decision.learner, decision.criterion)] = decision
    return latest


def problems_with(unit: Unit, submission: Submission | None, criterion: str, outcome: str,
                  evidence: tuple[str, ...], feedback: str, assessor: str) -> list[str]:
    """Plain messages for what stops the decision being recorded ([] when it can be)."""
    problems = []
    if criterion not in {c.id for c in unit.criteria}:
        problems.append(f"{unit.slug} has no criterion {criterion!r} "
                        f"(it has {', '.join(c.id for c in unit.criteria)})")
    if outcome not in OUTCOMES:
        problems.append(f"a decision is {' or '.join(repr(o) for o in OUTCOMES)}, not {outcome!r}")
    if not assessor.strip():
        problems.append("the assessor's name is missing")
    if submission is None:
        problems.append("this learner has submitted nothing for the unit: collect the assignment first")
        return problems
    if unknown := [e for e in evidence if submission.item(e) is None]:
        problems.append(f"{submission.learner} submitted no evidence item {', '.join(unknown)}")
    if outcome == MET:
        if not evidence:
            problems.append("a criterion judged met must rest on at least one evidence item")
        if not submission.signed:
            problems.append(f"{submission.learner} has not signed the declaration of authenticity: "
                            "no criterion can be judged met until they sign it and submit again")
    if outcome == NOT_YET_MET and not feedback.strip():
        problems.append("say in the feedback what the learner needs to do to meet the criterion")
    return problems


def record_decision(records: Path, unit: Unit, submission: Submission | None, criterion: str,
                    outcome: str, evidence: tuple[str, ...], feedback: str, assessor: str,
                    role: str, now: dt.datetime | None = None) -> Decision:
    """Append a decision (Refusal for an IQA or a learner; WorkbookError for bad input)."""
    if role not in ASSESSOR_ROLES:
        who = {"iqa": "an internal quality assurer", "learner": "a learner"}.get(role, f"role {role!r}")
        raise Refusal(f"{who} cannot record or change an assessor's decision")
    learner = submission.learner if submission else "?"
    if problems := problems_with(unit, submission, criterion, outcome, evidence, feedback, assessor):
        raise WorkbookError("; ".join(problems))
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    chosen = sorted(set(evidence))
    found = [submission.item(e) for e in chosen] if submission else []
    items = [{k: str(getattr(item, k)) for k in ITEM_FIELDS} for item in found if item]
    declaration = submission.declaration.summary() if submission and submission.declaration \
        else "not signed"
    entry = append_entry(journal_folder(records, unit.slug), "d", lambda next_id: {
        "id": next_id, "unit": unit.slug, "learner": learner, "criterion": criterion,
        "outcome": outcome, "evidence": chosen, "items": items, "declaration": declaration,
        "feedback": feedback.strip(), "assessor": assessor.strip(), "at": when})
    return Decision.from_entry(entry)
