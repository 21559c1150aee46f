"""Small helpers shared by the tests: running the real `workbook` command."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = Path(sys.executable).parent / "workbook"


def run_workbook(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed `workbook` command and capture its output."""
    return subprocess.run([str(WORKBOOK), *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
