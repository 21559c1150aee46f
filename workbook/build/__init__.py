"""Deterministic builders: course model -> files (path relative to the project -> text)."""
from __future__ import annotations

from pathlib import Path

from workbook.atomic import write_atomic
from workbook.build.assignments import assignment_files
from workbook.build.notebooks import notebook_files
from workbook.build.parsed_yaml import SNAPSHOT, parsed_yaml_files
from workbook.build.tutor_notebooks import TUTOR, tutor_files
from workbook.course.model import Course

__all__ = ["Plan", "build_plan", "stale_files", "write_plan"]

Plan = dict[Path, str]
#: folders the builders own, with the files they write; others there that the plan does not
#: list are stale.
MANAGED = ((Path("notebooks"), "*.ipynb"), (Path("assignments/source"), "*.ipynb"),
           (Path("keys"), "*.json"), (TUTOR, "*.ipynb"), (SNAPSHOT.parent, SNAPSHOT.name))


def build_plan(course: Course, assessment_root: Path, course_data: Path) -> Plan:
    """Every generated file of the course read from `course_data`; the summative banks are read
    from `assessment_root`."""
    return {**notebook_files(course), **assignment_files(course, assessment_root),
            **tutor_files(course), **parsed_yaml_files(course_data)}


def stale_files(plan: Plan, root: Path) -> list[str]:
    """Files under root that differ from the plan, are missing, or are no longer generated."""
    stale = []
    for rel, text in sorted(plan.items()):
        path = root / rel
        if not path.exists():
            stale.append(f"{rel} (missing)")
        elif path.read_text(encoding="utf-8") != text:
            stale.append(f"{rel} (out of date)")
    for rel in _orphans(plan, root):
        stale.append(f"{rel} (no longer generated)")
    return stale


def write_plan(plan: Plan, root: Path) -> list[Path]:
    """Write files that changed and remove generated files no longer in the plan."""
    changed = []
    for rel, text in sorted(plan.items()):
        path = root / rel
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
            changed.append(rel)
    for rel in _orphans(plan, root):
        (root / rel).unlink()
        changed.append(rel)
    return changed


def _orphans(plan: Plan, root: Path) -> list[Path]:
    found = []
    for folder, pattern in MANAGED:
        for path in sorted((root / folder).rglob(pattern)):
            rel = path.relative_to(root)
            if rel not in plan and ".ipynb_checkpoints" not in rel.parts:
                found.append(rel)
    return found
