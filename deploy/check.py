"""`python -m deploy.check CONFIG [--extra DIR]`: validate a Zero to JupyterHub config offline.

Exit 0 when the config passes every check, 2 with one `file: path.to.key: message` line per
problem otherwise.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .z2jh.validate import validate
from .z2jh.values import CHART_VERSION


def main(argv: list[str] | None = None) -> int:
    """Run the checks and print the result; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m deploy.check",
                                     description=__doc__.split("\n")[0].split(": ", 1)[1])
    parser.add_argument("config", type=Path, help="chart values file (config.yaml)")
    parser.add_argument("--extra", type=Path, default=None,
                        help="folder of hub extra-config *.py (default: extra/ next to CONFIG)")
    args = parser.parse_args(argv)
    problems = validate(args.config, args.extra)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 2
    print(f"ok: {args.config} validates against Zero to JupyterHub {CHART_VERSION}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
