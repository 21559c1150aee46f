"""`workbook` command: thin wrappers over the library.

Exit codes, the same for every command: 0 done, 1 something failed or is stale, 2 bad input or a
refusal (see `workbook.errors`)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook import build
from workbook.cli import assignments as assignments_cli
from workbook.cli import decisions as decisions_cli
from workbook.cli import hub as hub_cli
from workbook.cli import portfolio as portfolio_cli
from workbook.cli import publish as publish_cli
from workbook.cli import quality as quality_cli
from workbook.cli import tutor as tutor_cli
from workbook.course import bank_checks, banks, currency
from workbook.course.evidence_rules import load_all_rules
from workbook.course.loader import course_data, load_course
from workbook.course.seedpage import import_pages
from workbook.course.spec_import import import_spec_pages
from workbook.errors import WorkbookError
from workbook.settings import settings


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except WorkbookError as exc:  # the one place errors become exit codes
        for line in exc.lines():
            for part in line.splitlines():
                print(f"error: {part}", file=sys.stderr)
        return exc.exit_code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbook", description=__doc__.split(":")[0])
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    cmd = commands.add_parser("import-seed", help="import unit revision pages as unit YAML")
    cmd.add_argument("pages", nargs="+", type=Path, metavar="PAGE")
    cmd.add_argument("--out", type=Path, default=None,
                     help="folder for <unit-slug>.yaml (default: the course's units folder)")
    cmd.set_defaults(run=_import_seed)

    cmd = commands.add_parser("import-spec", help="import register unit pages as unit specifications")
    cmd.add_argument("pages", nargs="+", type=Path, metavar="PAGE")
    cmd.add_argument("--out", type=Path, default=None,
                     help="folder for <unit-slug>.yaml (default: the course's specs folder)")
    cmd.set_defaults(run=_import_spec)

    cmd = commands.add_parser("check", help="validate the course content")
    cmd.set_defaults(run=_check)

    cmd = commands.add_parser("build", help="build the learner notebooks from the course")
    cmd.add_argument("--check", action="store_true",
                     help="change nothing; exit 1 and list files that are stale")
    cmd.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    cmd.set_defaults(run=_build)

    cmd = commands.add_parser("portfolio", help="export or import a learner's evidence map")
    actions = cmd.add_subparsers(title="actions", metavar="ACTION")
    act = actions.add_parser("export", help="write the unit's evidence map (md, html, csv, json)")
    act.add_argument("unit", help="unit slug")
    act.add_argument("--format", choices=portfolio_cli.FORMATS, default="md")
    act.add_argument("--out", type=Path, default=None, help="file to write (default: print)")
    act.add_argument("--store", type=Path, default=None, help="learner store folder")
    act.set_defaults(run=portfolio_cli.export)
    act = actions.add_parser("import", help="add items from an exported .csv or .json file")
    act.add_argument("unit", help="unit slug")
    act.add_argument("file", type=Path)
    act.add_argument("--store", type=Path, default=None, help="learner store folder")
    act.set_defaults(run=portfolio_cli.import_)

    assignments_cli.add_commands(commands)
    tutor_cli.add_commands(commands)
    publish_cli.add_commands(commands)
    decisions_cli.add_commands(commands)
    hub_cli.add_commands(commands)
    quality_cli.add_commands(commands)
    return parser


def _import_seed(args: argparse.Namespace) -> int:
    written, warnings = import_pages(args.pages, args.out or course_data() / "units")
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for path in written:
        print(path)
    return 0


def _import_spec(args: argparse.Namespace) -> int:
    for path in import_spec_pages(args.pages, load_course(), args.out or course_data() / "specs"):
        print(path)
    return 0


def _check(args: argparse.Namespace) -> int:
    course = load_course()
    load_all_rules(course)
    outcomes = sum(len(u.outcomes) for u in course.units)
    criteria = sum(len(u.criteria) for u in course.units)
    print(f"ok: {course.title}: {len(course.units)} units, {outcomes} outcomes, {criteria} criteria")
    print("\n".join(banks.count_lines(course.units)))
    print("\n".join(bank_checks.strategy_lines(course, course_data(), settings().assessment)))
    # answer cues only warn; a summative item that echoes a formative one raises (exit 2)
    for warning in bank_checks.check_banks(course, course_data(), settings().assessment):
        print(f"warning: {warning}")
    for warning in currency.stale_notes(course, course_data()):  # law moves on: re-check notes
        print(f"warning: {warning}")
    for unit in course.units:  # not an error: the register may not give every outcome's criteria
        for outcome in unit.outcomes_without_official_criteria:
            print(f"no official criteria: {unit.slug} {outcome.id} ({outcome.title}); "
                  "assessed on the revision page's marking point")
    return 0


def _build(args: argparse.Namespace) -> int:
    plan = build.build_plan(load_course(), settings().assessment, settings().course)
    if args.check:
        stale = build.stale_files(plan, args.root)
        for line in stale:
            print(f"stale: {line}")
        if stale:
            print("run `workbook build` to refresh them", file=sys.stderr)
            return 1
        print(f"ok: {len(plan)} generated files are up to date")
        return 0
    changed = build.write_plan(plan, args.root)
    for rel in changed:
        print(f"wrote {rel}")
    print(f"{len(changed)} of {len(plan)} files changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
