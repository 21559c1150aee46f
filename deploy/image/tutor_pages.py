"""`tutor_pages.py SHARE`: the tutor's and the IQA's pages for the image, as `workbook build`
writes them.

The assessor's page, the IQA's page and the decisions notebooks are small notebooks that call
the package's page functions (workbook.build.tutor_notebooks): nothing in them is private. They
go into SHARE/assignments/tutor/, where the local hub finds them, so `workbook-seed-home`
delivers them with the local hub's rule (tutors: course/tutor/, IQAs: decisions/). Nothing else
of assignments/ is in the image: no sources, no course nbgrader_config.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

from workbook.atomic import write_atomic
from workbook.build.tutor_notebooks import tutor_files
from workbook.course.loader import load_course


def write_tutor_pages(share: Path) -> list[Path]:
    """Write the pages of the installed package's course under `share`; the paths written."""
    written = []
    for relative, text in sorted(tutor_files(load_course()).items()):
        write_atomic(share / relative, text)
        written.append(share / relative)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: SHARE."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: tutor_pages.py SHARE", file=sys.stderr)
        return 2
    written = write_tutor_pages(Path(args[0]))
    print(f"wrote {len(written)} tutor and IQA pages into {Path(args[0])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
