"""YAML reading that remembers line numbers, and a collector of `file:line: message` problems."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from workbook.course import parsed
from workbook.course.lines import LineDict, LineList
from workbook.errors import WorkbookError


@cache
def _line_loader() -> type:
    """PyYAML's safe loader (libyaml's when there, ~5x faster, same marks) building Line* types;
    PyYAML is imported only when a file is not in the parsed snapshot."""
    import yaml

    class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        def construct_mapping(self, node, deep=False):
            mapping = LineDict(super().construct_mapping(node, deep=True))
            mapping.line = node.start_mark.line + 1
            mapping.lines = {
                self.construct_object(k, deep=True): k.start_mark.line + 1 for k, _ in node.value
            }
            return mapping

        def construct_sequence(self, node, deep=False):
            items = LineList(super().construct_sequence(node, deep=True))
            items.line = node.start_mark.line + 1
            items.lines = [child.start_mark.line + 1 for child in node.value]
            return items

    LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_mapping)
    LineLoader.add_constructor("tag:yaml.org,2002:seq", LineLoader.construct_sequence)
    return LineLoader


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class ContentError(WorkbookError):
    """Content that failed validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        first = self.problems[0] if self.problems else None
        super().__init__("\n".join(str(p) for p in self.problems),
                         first.path if first else None, first.line if first else None)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class Problems(list):
    """Collects problems so that validation reports all of them at once."""

    def add(self, path: Path, line: int, message: str) -> None:
        self.append(Problem(path, line, message))

    def raise_if_any(self) -> None:
        if self:
            raise ContentError(self)


def read_yaml(path: Path, problems: Problems) -> Any:
    """Parse a YAML file with line numbers; on failure record a problem and return None."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(path, 0, "file not found")
        return None
    except UnicodeDecodeError:
        problems.add(path, 0, "not UTF-8 text")
        return None
    known = parsed.cached(text)
    if known is not None:
        return known
    import yaml
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.add(path, mark.line + 1 if mark else 0, f"invalid YAML: {reason}")
        return None


def parse_yaml(text: str) -> Any:
    """YAML text as LineDict/LineList/scalars (raises yaml.YAMLError)."""
    import yaml
    return yaml.load(text, Loader=_line_loader())  # noqa: S506 - a SafeLoader subclass


#: the type (or types) a field's value must have.
FieldType = type | tuple[type, ...]


def check_fields(
    mapping: Any,
    path: Path,
    problems: Problems,
    where: str,
    required: Mapping[str, FieldType],
    optional: Mapping[str, FieldType] | None = None,
    line: int = 0,
) -> bool:
    """Check a mapping's keys and value types; record every problem; True when all is well."""
    if not isinstance(mapping, dict):
        problems.add(path, getattr(mapping, "line", line), f"{where} must be a mapping")
        return False
    ok = True
    allowed = {**required, **(optional or {})}
    at = getattr(mapping, "lines", {})
    for key in required:
        if key not in mapping:
            problems.add(path, getattr(mapping, "line", line), f"{where}: missing '{key}'")
            ok = False
    for key, value in mapping.items():
        if key not in allowed:
            problems.add(path, at.get(key, 0), f"{where}: unknown field '{key}'")
            ok = False
        elif not isinstance(value, allowed[key]) or isinstance(value, bool) and allowed[key] is int:
            wanted = allowed[key]
            names: tuple[type, ...] = wanted if isinstance(wanted, tuple) else (wanted,)
            expected = " or ".join(t.__name__.replace("str", "text") for t in names)
            problems.add(path, at.get(key, 0), f"{where}: '{key}' must be {expected}")
            ok = False
    return ok


def dump_yaml(data: Any) -> str:
    """Readable, stable YAML text (insertion order kept, unicode as is)."""
    import yaml
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
