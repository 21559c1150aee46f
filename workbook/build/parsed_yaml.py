"""The parsed-YAML snapshot of the course (see `workbook.course.parsed`), as a generated file."""
from __future__ import annotations

from pathlib import Path

from workbook.course.parsed import snapshot_text
from workbook.course.yamlfile import parse_yaml

#: where the snapshot goes, relative to the project
SNAPSHOT = Path("workbook/course/parsed_yaml.json")


def parsed_yaml_files(course_data: Path) -> dict[Path, str]:
    """{SNAPSHOT: text}: every YAML file under the course folder, parsed (the course's own data
    only: the assessment's files are never in it)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(course_data.rglob("*.yaml"))]
    return {SNAPSHOT: snapshot_text({text: parse_yaml(text) for text in texts})}
