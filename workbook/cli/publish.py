"""`workbook publish DEST`: write the learners' copy of the course (a thin wrapper)."""
from __future__ import annotations

import argparse
from pathlib import Path

from workbook.settings import settings

__all__ = ["add_commands"]


def add_commands(commands) -> None:
    """Register `publish` on the main parser."""
    cmd = commands.add_parser("publish", help="write the learners' copy of the course "
                              "(no assessment banks, keys or assignment sources)")
    cmd.add_argument("dest", type=Path, help="folder to write: new, or an earlier publication "
                     "(a git checkout keeps its .git)")
    cmd.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    cmd.set_defaults(run=_publish)


def _publish(args: argparse.Namespace) -> int:
    from workbook.build.publish import publish
    from workbook.course.loader import load_course

    found = settings()
    written = publish(load_course(), args.root, found.assessment, found.keys, args.dest)
    print(f"ok: {len(written)} files published to {args.dest}; nothing of assessment/, keys/ "
          "or assignments/ is in it")
    return 0
