"""`workbook portfolio export|import`: thin commands over portfolio_export."""
from __future__ import annotations

import argparse
import sys

from workbook.atomic import write_atomic
from workbook.course.evidence_rules import load_rules
from workbook.course.loader import load_course
from workbook.course.model import Unit
from workbook.errors import WorkbookError
from workbook.learner.evidence import load_items
from workbook.learner.portfolio_document import gather, portfolio_page
from workbook.learner.portfolio_export import FORMATS, export_text, import_items, read_export
from workbook.learner.portfolio_html import CourseNames
from workbook.learner.store import Store

__all__ = ["FORMATS", "export", "import_"]


def export(args: argparse.Namespace) -> int:
    """Print or write the unit's evidence map in the chosen format."""
    unit = _unit(args.unit)
    store = Store(args.store)
    text = (portfolio_page(gather(store, load_course(), unit, load_rules(unit)))
            if args.format == "html" else  # the whole portfolio, as the learner's download
            export_text(args.format, unit, load_rules(unit), load_items(store, unit.slug),
                        CourseNames.of(load_course())))
    _warn(store)
    if args.out:
        write_atomic(args.out, text)
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def import_(args: argparse.Namespace) -> int:
    """Add the items of an exported file to the learner's store, never replacing saved ones."""
    unit = _unit(args.unit)
    items = read_export(args.file, unit)
    store = Store(args.store)
    for message in import_items(store, unit.slug, items):
        print(message)
    _warn(store)
    return 0


def _unit(slug: str) -> Unit:
    course = load_course()
    slugs = [u.slug for u in course.units]
    if slug not in slugs:
        raise WorkbookError(f"no unit {slug!r} (one of {', '.join(slugs)})")
    return course.unit(slug)


def _warn(store: Store) -> None:
    for warning in store.warnings:
        print(f"warning: {warning}", file=sys.stderr)
