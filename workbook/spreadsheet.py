"""CSV text that a spreadsheet opens as text, never as formulas; and reading it back exactly.

Every CSV the workbook writes goes through `csv_text`. A cell a spreadsheet could take for a
formula (it starts with =, +, -, @, a tab or a carriage return, as OWASP lists) is written with
a single quote in front, which spreadsheets show as text. A cell that already starts with a
quote gets one more, so that `read_csv` can take exactly one off wherever one was added and
give back the original text, whatever it was. Lines end in CRLF (RFC 4180), so a cell holding
a line break is quoted; read such a file with `newline=""` (see `read_csv_file`).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

#: first characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value: object) -> object:
    """The cell as written: text that could run as a formula (or starts with a quote) is quoted."""
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, QUOTE)):
        return QUOTE + value
    return value


def original_cell(text: str) -> str:
    """The text `safe_cell` was given: the quote it added, and only that, is taken off."""
    if text.startswith(QUOTE) and text[1:].startswith((*FORMULA_STARTS, QUOTE)):
        return text[1:]
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document with every cell made safe for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def read_csv_file(path: Path) -> str:
    """A CSV file's text with its line ends as written (a cell's carriage return kept)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


class CsvRows:
    """Rows of a CSV written by `csv_text`, as dicts of the original text, with line numbers."""

    def __init__(self, text: str):
        self._reader = csv.DictReader(io.StringIO(text))

    @property
    def header(self) -> tuple[str, ...]:
        """The column names, as given to `csv_text`."""
        return tuple(original_cell(name) for name in self._reader.fieldnames or ())

    @property
    def line(self) -> int:
        """The line of the file where the row last returned ends."""
        return self._reader.line_num

    def __iter__(self) -> Iterator[dict[str, str]]:
        names = self.header
        for row in self._reader:
            values = [row.get(raw) for raw in self._reader.fieldnames or ()]
            yield {name: original_cell(value or "") for name, value in zip(names, values, strict=True)}
