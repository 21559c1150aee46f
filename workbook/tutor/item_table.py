"""Item statistics for people: a terminal table and a CSV file (safe for spreadsheets)."""
from __future__ import annotations

from workbook.spreadsheet import csv_text
from workbook.tutor.item_stats import Figures, ItemReport

HEADER = ("kind", "item", "criterion", "learners", "facility", "discrimination",
          "options chosen", "flags")


def number(value: float | None) -> str:
    """A figure to two decimals, or "-" when it cannot be computed."""
    return "-" if value is None else f"{value:.2f}"


def options_text(figures: Figures, correct: frozenset[str] = frozenset()) -> str:
    """How many chose each option, e.g. "a 3, b* 12, c 0" (* the keyed answer)."""
    return ", ".join(f"{o}{'*' if o in correct else ''} {n}" for o, n in figures.chosen.items())


def rows(report: ItemReport, keyed: dict[str, frozenset[str]] | None = None) -> list[list[str]]:
    """One row per item, then one per criterion, as text."""
    keyed = keyed or {}
    found = [["item", f.id, f.criterion, str(f.learners), number(f.facility),
              number(f.discrimination), options_text(f, keyed.get(f.id, frozenset())),
              "; ".join(f.flags)] for f in report.items]
    found += [["criterion", "", f.criterion, str(f.learners), number(f.facility),
               number(f.discrimination), "", "; ".join(f.flags)] for f in report.criteria]
    return found


def table(report: ItemReport, keyed: dict[str, frozenset[str]] | None = None) -> str:
    """The terminal table: warnings first, then the items and criteria in aligned columns."""
    body = rows(report, keyed)
    lines = [f"{report.assignment}: {report.learners} learners with final marks"]
    lines += [f"warning: {w}" for w in report.warnings]
    shown = [list(HEADER), *body]
    widths = [max(len(r[i]) for r in shown) for i in range(len(HEADER) - 1)]
    for n, row in enumerate(shown):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[-1])
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(HEADER[-1]))
    return "\n".join(line.rstrip() for line in lines)


def items_csv(report: ItemReport, keyed: dict[str, frozenset[str]] | None = None) -> str:
    """The same rows as CSV, with the assignment in the first column."""
    return reports_csv([report], keyed)


def reports_csv(reports: list[ItemReport], keyed: dict[str, frozenset[str]] | None = None) -> str:
    """Several assignments' rows in one CSV."""
    return csv_text(("assignment", *HEADER),
                    [[report.assignment, *r] for report in reports for r in rows(report, keyed)])
