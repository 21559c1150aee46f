"""One call that runs every offline check on a deployment config and its extra-config files."""
from __future__ import annotations

from pathlib import Path

from .hubchecks import (
    hub_config_problems,
    image_problems,
    profile_problems,
    run_extra_config,
    scope_problems,
)
from .landing import landing_problems, seeding_problems
from .securitychecks import auth_problems, keys_volume_problems, records_volume_problems
from .values import ValuesError, chart_values, load_values, schema_problems, with_extra_config


def extra_snippets(folder: Path) -> dict[str, str]:
    """The hub.extraConfig entries the README's `--set-file` flags add: {file stem: code}."""
    if not folder.is_dir():
        return {}
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.py"))}


def validate(config: Path, extra: Path | None = None) -> list[str]:
    """Every problem with `config` (plus `extra`/*.py as extra config) as `file: key: message`."""
    try:
        own = load_values(config)
    except ValuesError as exc:
        return [str(exc)]
    snippets = extra_snippets(extra if extra is not None else config.parent / "extra")
    values = with_extra_config(chart_values(own), snippets)
    problems = schema_problems(values)
    if problems:
        # The other checks read the structure the schema guarantees: report the schema first.
        return [f"{config}: {problem}" for problem in problems]
    problems = hub_config_problems(values) + profile_problems(values) + scope_problems(values)
    problems += image_problems(values)
    problems += auth_problems(values) + keys_volume_problems(values)
    problems += records_volume_problems(values) + landing_problems(values)
    problems += seeding_problems(values)
    problems += run_extra_config(values)[1]
    return [f"{config}: {problem}" for problem in problems]
