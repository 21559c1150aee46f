"""One base error for everything the workbook refuses, with the file and line where known.

The command line maps errors to exit codes in one place (`workbook.cli.main`):
0 done, 1 something failed or is stale, 2 bad input or a refusal.
"""
from __future__ import annotations

from pathlib import Path

BAD_INPUT = 2
FAILED = 1


class WorkbookError(Exception):
    """A problem a user can act on; `lines()` gives one `file:line: message` line per problem."""

    exit_code = BAD_INPUT

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def lines(self) -> list[str]:
        """The problem as printed by the command line (without the `error: ` prefix)."""
        if self.path is None:
            return [self.message]
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return [f"{where}: {self.message}"]

    def __str__(self) -> str:
        return "\n".join(self.lines())


class Refusal(WorkbookError):
    """A command declined to act because acting would lose work or leak something (exit 2)."""


class Failure(WorkbookError):
    """Something the command tried did not work, or what it checked is stale (exit 1)."""

    exit_code = FAILED
