"""Chart values as Helm sees them: YAML files merged over the chart defaults, checked by schema."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import yaml

REFERENCE = Path(__file__).resolve().parent / "reference"
CHART_VERSION = "4.4.0"
DEFAULTS_FILE = REFERENCE / f"z2jh-{CHART_VERSION}-values.yaml"
SCHEMA_FILE = REFERENCE / f"z2jh-{CHART_VERSION}-values.schema.yaml"


class ValuesError(ValueError):
    """A values file that cannot be read as a YAML mapping."""


def load_values(path: Path) -> dict[str, Any]:
    """Read a values file; a YAML error names the file and line."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValuesError(f"{path}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ValuesError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValuesError(f"{path}: the top level must be a mapping of chart values")
    return data


def helm_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge like Helm merges a values file: mappings deep, lists replaced, null deletes a key."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def with_extra_config(values: dict[str, Any], snippets: dict[str, str]) -> dict[str, Any]:
    """Values with hub.extraConfig entries added, as `helm --set-file hub.extraConfig.NAME=F`."""
    return helm_merge(values, {"hub": {"extraConfig": dict(snippets)}})


def chart_values(config: dict[str, Any]) -> dict[str, Any]:
    """The values the chart renders with: its defaults with `config` merged over them."""
    return helm_merge(load_values(DEFAULTS_FILE), config)


def dotted(path: list[Any] | tuple[Any, ...]) -> str:
    """A value path as `hub.db.type` / `singleuser.profileList[1].slug`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def schema_problems(values: dict[str, Any]) -> list[str]:
    """Every way `values` breaks the chart's schema, as `path.to.key: message`, in path order."""
    schema = load_values(SCHEMA_FILE)
    validator = jsonschema.Draft7Validator(schema)
    problems = []
    for error in validator.iter_errors(values):
        problems.append((list(error.absolute_path), _message(error)))
    problems.sort(key=lambda item: (dotted(item[0]), item[1]))
    return [f"{dotted(path)}: {message}" for path, message in problems]


def _message(error: jsonschema.ValidationError) -> str:
    """jsonschema's message, shortened where it would print a whole sub-tree."""
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"unknown key(s) {', '.join(map(repr, extra))} (not in chart {CHART_VERSION})"
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {error.validator_value}"
    if error.validator == "type":
        return f"{_short(error.instance)} is not of type {error.validator_value}"
    return error.message


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
