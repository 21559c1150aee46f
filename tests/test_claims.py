"""claims.csv: ready learners with the unit reference, their centre id and the dates an awarding
body asks for (last criterion met, IQA sampling, claim); the centre ids file and its faults."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbook.course.loader import load_course
from workbook.decisions import iqa, record
from workbook.decisions.centre_ids import read_ids
from workbook.decisions.claims import claims
from workbook.decisions.standing import unit_standing
from workbook.decisions.submissions import Submission
from workbook.errors import WorkbookError
from workbook.learner import declaration
from workbook.learner.evidence import EvidenceItem
from workbook.learner.store import Store
from workbook.spreadsheet import CsvRows

UNIT = "lead-person-centred-practice"
NOW = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 6)


def ready_learners(tmp_path: Path, learners: tuple[str, ...]) -> tuple[Path, dict[str, Submission]]:
    """Every criterion met for each learner, the last one a day later per learner."""
    unit = load_course().unit(UNIT)
    records, found = tmp_path / "records", {}
    for n, learner in enumerate(learners):
        signed = declaration.sign(Store(tmp_path / learner), UNIT, learner.title(),
                                  dict.fromkeys(declaration.STATEMENTS, True), False, "", now=NOW)
        items = (EvidenceItem("e1", "reflective-account", "Reflection", "2026-10-01",
                              criteria=tuple(c.id for c in unit.criteria)),)
        found[learner] = Submission(learner, tmp_path / learner, items, signed)
        for m, criterion in enumerate(unit.criteria):
            record.record_decision(records, unit, found[learner], criterion.id, record.MET, ("e1",),
                                   "", "asha", "tutor",
                                   now=NOW + dt.timedelta(days=n, minutes=m))
    return records, found


def test_claims_carry_reference_centre_id_and_dates(tmp_path):
    unit = load_course().unit(UNIT)
    records, found = ready_learners(tmp_path, ("amy", "ben"))
    # the IQA samples everything on 2026-11-20 and agrees, so both stay ready
    iqa.sample(records, unit, found, "ivy", "iqa", rate=1.0, seed=1,
               now=dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC))
    for learner in ("amy", "ben"):
        for c in unit.criteria:
            iqa.record_verdict(records, UNIT, learner, c.id, True, "", "ivy", "iqa")
    ids = records / "centre-ids.csv"
    ids.write_text("account,centre id\r\namy,=HYPERLINK(1)\r\n", encoding="utf-8")
    done = claims(unit_standing(records, unit, found), records, [unit], today=TODAY)
    rows = {r["learner"]: r for r in CsvRows(done.text)}
    assert set(rows) == {"amy", "ben"}
    assert rows["amy"]["unit reference"] == "D/602/2844" == unit.spec.reference
    assert rows["amy"]["centre id"] == "=HYPERLINK(1)" and "'=HYPERLINK(1)" in done.text
    assert (rows["amy"]["date last criterion met"], rows["ben"]["date last criterion met"]) == \
        ("2026-11-02", "2026-11-03")
    assert rows["amy"]["date of IQA sampling"] == "2026-11-20"
    assert rows["ben"]["date of claim"] == "2026-12-06"
    # ben is not in the file: blank, and a warning naming him and the file
    assert rows["ben"]["centre id"] == ""
    assert done.warnings == (f"ben ({UNIT}): no centre id in {ids}; the column is left blank",)


def test_a_learner_not_sampled_has_no_sampling_date(tmp_path):
    unit = load_course().unit(UNIT)
    records, found = ready_learners(tmp_path, ("cara",))
    done = claims(unit_standing(records, unit, found), records, [unit], today=TODAY)
    (row,) = CsvRows(done.text)
    assert row["date of IQA sampling"] == "" and row["centre id"] == ""
    assert "no centre id" in done.warnings[0] and "centre-ids.csv" in done.warnings[0]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("learner,id\r\n", 1, "first line"),
    ("account,centre id\r\namy,\r\n", 2, "both needed"),
    ("account,centre id\r\namy,C1\r\nben,C1\r\n", 3, "is given to"),
    ("account,centre id\r\namy,C1\r\namy,C2\r\n", 3, "listed twice"),
])
def test_a_bad_centre_ids_file_is_named_with_its_line(tmp_path, text, line, message):
    path = tmp_path / "centre-ids.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkbookError, match=message) as caught:
        read_ids(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
