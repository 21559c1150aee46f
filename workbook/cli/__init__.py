"""The `workbook` command: thin commands over the library; one place maps errors to exit codes."""
from __future__ import annotations

from workbook.cli.main import main

__all__ = ["main"]
