"""`assessments.py PROJECT OUT`: which assignments are assessments, for the image's submit gate.

The image holds the learners' tree only (no `assessment/`), so `build-context` works this out
from the project with the local hub's own function (workbook.assess.assessment.assignment_units)
and puts it in the build context as JSON; `role_config.py` writes it into the learners' config as
`DeclaredSubmit.assessments`, as the local hub writes it into each learner's.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from workbook.assess.assessment import assignment_units
from workbook.atomic import write_atomic
from workbook.course.loader import load_course

#: the file's name in the build context, next to this script
FILE_NAME = "assessments.json"


def course_assessments(project: Path) -> dict[str, str]:
    """{assignment id: unit slug} of the course in `project` (its course data and assessment/)."""
    return assignment_units(load_course(project / "workbook" / "course" / "data"),
                            project / "assessment")


def main(argv: list[str] | None = None) -> int:
    """Command line: PROJECT OUT; exit 2 when the project has no assessment."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: assessments.py PROJECT OUT", file=sys.stderr)
        return 2
    project, out = Path(args[0]), Path(args[1])
    found = course_assessments(project)
    if not found:
        print(f"error: {project / 'assessment'}: no unit has an assessment (the submit gate "
              "would not know which assignments need a signed declaration)", file=sys.stderr)
        return 2
    write_atomic(out, json.dumps(found, indent=1, sort_keys=True) + "\n")
    print(f"wrote {out}: {len(found)} assessments")
    return 0


if __name__ == "__main__":
    sys.exit(main())
