"""`workbook decide`, `workbook decisions` and `workbook iqa sample|record`: thin wrappers.

Who acts comes from the session: the name from `--assessor`/`--iqa` (default: the hub user or
the account's name), the role from $WORKBOOK_ROLE. Decisions need the tutor's role; sampling
and verdicts need the IQA's. Decisions and IQA journals are in $WORKBOOK_RECORDS (a hub's shared
records folder), else the course folder; an IQA works from the records alone (on a hub they
cannot read the tutors' course folder).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook.cli.common import add_course_root, course_root
from workbook.course.loader import load_course
from workbook.course.model import Unit
from workbook.decisions import iqa, record
from workbook.decisions.standing import ignored_records, unit_standing
from workbook.decisions.submissions import Submission, submissions
from workbook.errors import WorkbookError
from workbook.learner.ids import check_id
from workbook.settings import acting_user, settings

__all__ = ["add_commands"]


def add_commands(commands) -> None:
    """Register `decide`, `decisions` and `iqa` on the main parser."""
    cmd = commands.add_parser("decide", help="record an assessor's decision on a learner's criterion")
    cmd.add_argument("unit", help="unit slug")
    cmd.add_argument("learner")
    cmd.add_argument("criterion", help="criterion id, e.g. 1.1")
    cmd.add_argument("outcome", choices=("met", "not-yet-met"))
    cmd.add_argument("--evidence", default="", help="evidence item ids it rests on, e.g. e1,e3")
    cmd.add_argument("--feedback", default="", help="feedback for the learner")
    cmd.add_argument("--assessor", default=None, help="your name (default: your user name)")
    add_course_root(cmd)
    cmd.set_defaults(run=_decide)

    cmd = commands.add_parser("decisions", help="each learner's decisions on a unit, with IQA state")
    cmd.add_argument("unit", help="unit slug")
    add_course_root(cmd)
    cmd.set_defaults(run=_show)

    cmd = commands.add_parser("iqa", help="internal quality assurance: sample decisions, record verdicts")
    actions = cmd.add_subparsers(title="actions", metavar="ACTION")
    act = actions.add_parser("sample", help="draw a sampling plan over a unit's decisions")
    act.add_argument("unit", help="unit slug")
    act.add_argument("--rate", type=float, default=iqa.DEFAULT_RATE,
                     help=f"share of decisions to sample (default {iqa.DEFAULT_RATE:g})")
    act.add_argument("--seed", type=int, default=None, help="random seed (default: the time)")
    act.add_argument("--iqa", default=None, help="your name (default: your user name)")
    add_course_root(act)
    act.set_defaults(run=_sample)
    act = actions.add_parser("record", help="agree or disagree with a sampled decision")
    act.add_argument("unit", help="unit slug")
    act.add_argument("learner")
    act.add_argument("criterion")
    act.add_argument("verdict", choices=("agree", "disagree"))
    act.add_argument("--comment", default="")
    act.add_argument("--iqa", default=None, help="your name (default: your user name)")
    add_course_root(act)
    act.set_defaults(run=_verdict)


def unit_named(slug: str) -> Unit:
    """The course's unit with this slug (bad input when there is none)."""
    course = load_course()
    try:
        return course.unit(slug)
    except KeyError:
        raise WorkbookError(f"the course has no unit {slug!r} "
                            f"(units: {', '.join(u.slug for u in course.units)})") from None


def records(args: argparse.Namespace) -> Path:
    """The decisions' folder: $WORKBOOK_RECORDS, else the course folder."""
    return settings().records_folder(course_root(args))


def found_for_role(args: argparse.Namespace, unit: Unit) -> dict[str, Submission]:
    """The unit's submissions; none for an IQA, who judges from what the decisions recorded.
    A learner whose files cannot be read is left out with one warning line."""
    if settings().role == iqa.IQA_ROLE:
        return {}
    skipped: list[str] = []
    found = submissions(course_root(args), unit.slug, skipped)
    for message in skipped:
        print(f"warning: {message}", file=sys.stderr)
    return found


def warn_ignored(folder: Path, unit: Unit) -> bool:
    """Say which journal files or entries were not counted (planted under another's name, or
    altered); True when a record was altered."""
    messages = ignored_records(folder, unit.slug)
    for message in messages:
        print(f"warning: {message}", file=sys.stderr)
    return any(m.startswith("record altered:") for m in messages)


def _decide(args: argparse.Namespace) -> int:
    learner = check_id(args.learner)
    unit, root = unit_named(args.unit), course_root(args)
    skipped: list[str] = []
    found = submissions(root, unit.slug, skipped)
    if learner not in found and (why := [m for m in skipped if m.startswith(f"{learner} ")]):
        raise WorkbookError(why[0])  # their submission is there but cannot be used
    evidence = tuple(e.strip() for e in args.evidence.split(",") if e.strip())
    decision = record.record_decision(records(args), unit, found.get(learner), args.criterion,
                                      args.outcome.replace("-", " "), evidence, args.feedback,
                                      acting_user(args.assessor), settings().role)
    print(f"recorded {decision.id}: {decision.learner} {unit.slug} {decision.criterion} "
          f"{decision.outcome} by {decision.assessor} at {decision.at}")
    return 0


def _show(args: argparse.Namespace) -> int:
    unit, folder = unit_named(args.unit), records(args)
    altered = warn_ignored(folder, unit)
    for learner in unit_standing(folder, unit, found_for_role(args, unit)):
        print(f"{learner.learner}: declaration {learner.declaration}; "
              f"{'READY TO CLAIM' if learner.ready else 'not ready'}")
        for s in learner.criteria:
            d = s.decision
            said = f"{d.outcome} by {d.assessor} at {d.at} on {' '.join(d.evidence) or '-'}" if d else "no decision"
            print(f"  {s.criterion}: {said}; IQA {s.iqa}"
                  + (f" ({s.verdict.comment})" if s.verdict and s.verdict.comment else ""))
    # everything readable is shown; the exit status still says a record needs looking at
    return 1 if altered else 0


def _sample(args: argparse.Namespace) -> int:
    unit, folder = unit_named(args.unit), records(args)
    warn_ignored(folder, unit)
    plan = iqa.sample(folder, unit, found_for_role(args, unit), acting_user(args.iqa), settings().role,
                      rate=args.rate, seed=args.seed)
    print(f"plan {plan['id']} drawn by {plan['drawn_by']} at {plan['at']} (seed {plan['seed']}): "
          f"{len(plan['sampled'])} of {plan['of']} decisions")
    for s in plan["sampled"]:
        print(f"  {s['learner']} {s['criterion']} {s['outcome']} by {s['assessor']} "
              f"({', '.join(s['evidence_types']) or 'no evidence'})")
    return 0


def _verdict(args: argparse.Namespace) -> int:
    learner = check_id(args.learner)
    unit = unit_named(args.unit)
    verdict = iqa.record_verdict(records(args), unit.slug, learner, args.criterion,
                                 args.verdict == "agree", args.comment, acting_user(args.iqa),
                                 settings().role)
    what = "agrees with" if verdict.agree else "disagrees with (decision reopened)"
    print(f"recorded {verdict.id}: {verdict.iqa} {what} {verdict.learner} {verdict.criterion} "
          f"({verdict.decision})")
    return 0
