"""The EQA pack: what an external quality assurer samples, for the latest IQA plan's learners only.

One zip: `index.html` (self-contained, every piece of text escaped), `plan.json` (the plan),
`chain.json` (each journal file's hash chain, checked
when the pack is made), `learners/<id>.json` (each sampled learner's decisions with their history, the evidence each
rests on as the decision recorded it, the declarations relied on, the IQA's verdicts) and
`MANIFEST.sha256` (the SHA-256 of every other file). People are shown by ids
(`workbook.decisions.eqa_names`); nothing of other learners, answer keys, question banks or
marks is read. Same records, same day, same bytes: entries are sorted, dated 1980-01-01 and
written with fixed permissions.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.atomic import write_atomic
from workbook.course.model import Unit
from workbook.decisions.centre_ids import ids_or_empty
from workbook.decisions.eqa_html import render_index
from workbook.decisions.eqa_names import Names
from workbook.decisions.iqa import plans, plans_folder, verdicts, verdicts_folder
from workbook.decisions.journal import read_folder, verified
from workbook.decisions.record import Decision, history, journal_folder
from workbook.decisions.standing import ignored_records
from workbook.errors import WorkbookError

MANIFEST = "MANIFEST.sha256"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
ITEM_KEYS = ("id", "type", "title", "date", "description")


@dataclass(frozen=True)
class PackResult:
    """What was written: how many learners and files, the manifest's own hash, warnings."""

    learners: int
    files: int
    manifest_sha256: str
    warnings: tuple[str, ...] = ()


def manifest_text(files: dict[str, bytes]) -> str:
    """`<sha256>  <path>` per file, sorted by path (the format `sha256sum -c` reads)."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                   for name, data in sorted(files.items()))


def file_name(shown: str) -> str:
    """A learner's id made safe as a file name."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", shown).strip("._") or "learner"


def pack_files(records: Path, unit: Unit, centre_ids: dict[str, str],
               prepared: str) -> tuple[dict[str, bytes], int]:
    """Every file of the pack but the manifest (path -> bytes), and how many learners."""
    drawn = plans(records, unit.slug)
    if not drawn:
        raise WorkbookError(f"no IQA sampling plan for {unit.slug}: an IQA draws one with "
                            f"`workbook iqa sample {unit.slug}`", plans_folder(records, unit.slug))
    plan = drawn[-1]
    picks = [s for s in plan.get("sampled", []) if isinstance(s, dict)]
    sampled = sorted({str(s.get("learner", "")) for s in picks})
    every = history(records, unit.slug)
    own = [d for d in every if d.learner in sampled]
    judged = [v for v in verdicts(records, unit.slug) if v.learner in sampled]
    iqas = {str(plan.get("drawn_by", "")), *(v.iqa for v in judged)}
    names = Names(sampled, {d.learner for d in every}, {d.assessor for d in own}, iqas, centre_ids)
    for d in own:
        names.same(d.account or d.id.partition(":")[0], d.assessor)
    names.same(str(plan["id"]).partition(":")[0], str(plan.get("drawn_by", "")))
    for v in judged:
        names.same(v.id.partition(":")[0], v.iqa)
    for d in every:   # every signer's name is known before any text is scrubbed
        names.learn_signer(d.declaration, d.learner)
    plan_out = {
        "id": names.entry_id(str(plan["id"])), "unit": unit.slug, "at": plan.get("at", ""),
        "drawn_by": names.of(str(plan.get("drawn_by", ""))), "rate": plan.get("rate"),
        "seed": plan.get("seed"), "decisions_in_force": plan.get("of"),
        "sampled": [{"learner": names.of(str(s.get("learner", ""))),
                     "criterion": str(s.get("criterion", "")),
                     "decision": names.entry_id(str(s.get("decision", ""))),
                     "assessor": names.of(str(s.get("assessor", ""))),
                     "outcome": str(s.get("outcome", "")),
                     "evidence_types": [str(t) for t in s.get("evidence_types", [])]}
                    for s in picks]}
    learners = [_learner(unit, who, names, own, judged, {str(s.get("criterion")) for s in picks
                                                          if s.get("learner") == who})
                for who in sampled]
    reference = unit.spec.reference if unit.spec else ""
    chains = chain_checks(records, unit.slug, names)
    files = {"plan.json": _json(plan_out), "chain.json": _json(chains)}
    for learner in learners:
        files[f"learners/{file_name(learner['learner'])}.json"] = _json(learner)
    files["index.html"] = render_index(unit.title, reference, prepared, plan_out, learners,
                                       chains, sorted(files)).encode("utf-8")
    return files, len(learners)


def chain_checks(records: Path, unit_slug: str, names: Names) -> list[dict[str, Any]]:
    """Each of the unit's journal files, its hash chain checked now (writers shown by id)."""
    found = []
    for kind, folder in (("decisions", journal_folder(records, unit_slug)),
                         ("plans", plans_folder(records, unit_slug)),
                         ("verdicts", verdicts_folder(records, unit_slug))):
        for path in read_folder(folder).files:
            checked = verified(path)
            found.append({"journal": f"{kind}/{names.of(path.stem)}", "entries": checked.total,
                          "verified": len(checked.entries) - checked.unchained,
                          "unchained": checked.unchained, "intact": checked.intact,
                          "broken_at": checked.broken_at, "problem": names.text(checked.problem),
                          "last_hash": checked.head})
    return found


def _learner(unit: Unit, who: str, names: Names, own: list[Decision], judged: list,
             picked: set[str]) -> dict[str, Any]:
    mine = [d for d in own if d.learner == who]
    criteria = []
    for criterion in unit.criteria:
        entries = [d for d in mine if d.criterion == criterion.id]
        if not entries and criterion.id not in picked:
            continue
        criteria.append({
            "criterion": criterion.id, "text": criterion.text, "sampled": criterion.id in picked,
            "in_force": names.entry_id(entries[-1].id) if entries else "",
            "history": [{
                "id": names.entry_id(d.id), "outcome": d.outcome, "at": d.at,
                "assessor": names.of(d.assessor), "feedback": names.text(d.feedback),
                "evidence": [dict(zip(ITEM_KEYS, [item[0], item[1], *map(names.text, item[2:])],
                                      strict=True)) for item in d.items],
                "declaration": names.declaration(d.declaration, who),
                "verdicts": [{"id": names.entry_id(v.id), "agree": v.agree,
                              "comment": names.text(v.comment), "iqa": names.of(v.iqa),
                              "at": v.at} for v in judged if v.decision == d.id],
            } for d in entries]})
    declarations = sorted({names.declaration(d.declaration, who) for d in mine if d.declaration})
    return {"learner": names.of(who), "unit": unit.slug, "declarations": declarations,
            "criteria": criteria}


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """The files and their manifest as one zip, the same bytes for the same files."""
    everything = {**files, MANIFEST: manifest_text(files).encode("utf-8")}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(everything):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, everything[name])
    return out.getvalue()


def write_pack(records: Path, unit: Unit, out: Path, ids_file: Path | None = None,
               now: dt.datetime | None = None) -> PackResult:
    """Write the unit's EQA pack to `out` (a .zip); the IQA's page and `workbook eqa pack` call it."""
    if out.suffix.lower() != ".zip":
        raise WorkbookError("the pack is a .zip file: give a name ending in .zip", out)
    centre_ids, ids_path = ids_or_empty(ids_file, records)
    prepared = (now or dt.datetime.now(dt.UTC)).date().isoformat()
    files, learners = pack_files(records, unit, centre_ids, prepared)
    data = zip_bytes(files)
    write_atomic(out, data)
    warnings = [f"{n} journal file(s) or entries not counted (see `workbook decisions "
                f"{unit.slug}`)" for n in [len(ignored_records(records, unit.slug))] if n]
    if not centre_ids:
        warnings.append(f"no centre ids ({ids_path} not found): learners are shown as L001, ...")
    manifest = manifest_text(files).encode("utf-8")
    return PackResult(learners, len(files) + 1, hashlib.sha256(manifest).hexdigest(),
                      tuple(warnings))
