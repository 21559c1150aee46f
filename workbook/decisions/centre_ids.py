"""The centre's own ids for people: a CSV file the centre keeps, `account,centre id` per line.

Claims carry a learner's centre id (the number the awarding body registered them under), and an
EQA pack shows learners (and, if listed, staff) by these ids instead of their account names. By
default the file is `centre-ids.csv` in the records folder.
"""
from __future__ import annotations

from pathlib import Path

from workbook.errors import WorkbookError
from workbook.spreadsheet import CsvRows, read_csv_file

FILE_NAME = "centre-ids.csv"
HEADER = ("account", "centre id")
MAX_CHARS = 40


def default_path(records: Path) -> Path:
    """Where the centre keeps its ids unless told otherwise."""
    return records / FILE_NAME


def read_ids(path: Path) -> dict[str, str]:
    """Account -> centre id (WorkbookError naming the file and line for anything wrong)."""
    try:
        text = read_csv_file(path)
    except FileNotFoundError:
        raise WorkbookError("not found", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbookError(f"cannot be read ({exc.__class__.__name__})", path) from None
    rows = CsvRows(text)
    if rows.header[:2] != HEADER:
        raise WorkbookError(f"the first line must be the columns {','.join(HEADER)}", path, 1)
    found: dict[str, str] = {}
    given: dict[str, str] = {}
    for row in rows:
        account, centre_id = row["account"].strip(), row["centre id"].strip()
        if not account or not centre_id:
            raise WorkbookError("an account and a centre id are both needed", path, rows.line)
        if len(centre_id) > MAX_CHARS or not centre_id.isprintable():
            raise WorkbookError(f"centre id {centre_id[:MAX_CHARS]!r} must be printable and at "
                                f"most {MAX_CHARS} characters", path, rows.line)
        if account in found:
            raise WorkbookError(f"account {account!r} is listed twice", path, rows.line)
        if centre_id in given:
            raise WorkbookError(f"centre id {centre_id!r} is given to {given[centre_id]!r} and "
                                f"{account!r}", path, rows.line)
        found[account], given[centre_id] = centre_id, account
    return found


def ids_or_empty(path: Path | None, records: Path) -> tuple[dict[str, str], Path]:
    """The ids in `path`, else in the records folder's file if there is one, else none."""
    chosen = path or default_path(records)
    if path is None and not chosen.is_file():
        return {}, chosen
    return read_ids(chosen), chosen
