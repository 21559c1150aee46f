"""`workbook items ASSIGNMENT` and `workbook eqa pack|verify`: thin wrappers.

Item statistics say which summative questions work; the EQA pack gives an external quality
assurer the sampled learners' decisions, evidence and verdicts, names removed, with a manifest
that shows whether anything was altered.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook.atomic import write_atomic
from workbook.cli.common import add_course_root, course_root
from workbook.errors import Failure
from workbook.settings import settings

__all__ = ["add_commands"]


def add_commands(commands) -> None:
    """Register `items` and `eqa` on the main parser."""
    cmd = commands.add_parser("items", help="item statistics of an assignment's questions")
    cmd.add_argument("assignment")
    add_course_root(cmd)
    cmd.add_argument("--csv", type=Path, default=None, help="also write the table as CSV here")
    cmd.set_defaults(run=_items)

    cmd = commands.add_parser("eqa", help="a pack for the external quality assurer, and its check")
    actions = cmd.add_subparsers(title="actions", metavar="ACTION")
    act = actions.add_parser("pack", help="zip the latest IQA sample's records, names removed")
    act.add_argument("unit", help="unit slug")
    act.add_argument("--out", type=Path, required=True, help="the .zip file to write")
    act.add_argument("--ids", type=Path, default=None,
                     help="CSV of account,centre id to show learners by (default: "
                          "centre-ids.csv in the records folder if there is one, else L001...)")
    add_course_root(act)
    act.set_defaults(run=_eqa_pack)
    act = actions.add_parser("verify", help="check a pack against its manifest")
    act.add_argument("file", type=Path)
    act.add_argument("--expect", default=None,
                     help="the manifest's SHA-256 as sent separately when the pack was made")
    act.set_defaults(run=_eqa_verify)


def _items(args: argparse.Namespace) -> int:
    from workbook.tutor.item_data import assignment_items
    from workbook.tutor.item_table import items_csv, table

    found = assignment_items(course_root(args), args.assignment)
    for note in found.notes:
        print(f"note: {note}", file=sys.stderr)
    print(table(found.report, found.keyed))
    if args.csv:
        write_atomic(args.csv, items_csv(found.report, found.keyed))
        print(f"wrote {args.csv}")
    return 0


def _eqa_pack(args: argparse.Namespace) -> int:
    from workbook.cli.decisions import unit_named
    from workbook.decisions.eqa_pack import write_pack

    records = settings().records_folder(course_root(args))
    done = write_pack(records, unit_named(args.unit), args.out, ids_file=args.ids)
    for warning in done.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {args.out}: {done.learners} learners, {done.files} files")
    print(f"manifest SHA-256 {done.manifest_sha256}: send it to the EQA apart from the pack "
          "(e-mail or the portal), so they can check it with `workbook eqa verify --expect`")
    return 0


def _eqa_verify(args: argparse.Namespace) -> int:
    from workbook.decisions.eqa_verify import verify_pack

    result = verify_pack(args.file, args.expect)
    for problem in result.problems:
        print(f"{args.file}: {problem}", file=sys.stderr)
    if result.problems:
        raise Failure(f"the pack does not match its manifest ({len(result.problems)} "
                      "problem(s) above)", args.file)
    print(f"ok: {args.file}: {result.files} files match the manifest "
          f"(SHA-256 {result.manifest_sha256})")
    return 0
