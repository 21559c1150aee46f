"""Write a role's Jupyter config (server extensions, lab plugins) into a Jupyter config folder.

The image installs the learner config at the environment level (the default for everyone) and
the tutor config in a second folder that the tutor profile puts first on JUPYTER_CONFIG_PATH,
which Jupyter reads before the environment's own config. The extension lists are the local
hub's (workbook.hub.userconfig), so both hubs give learners and tutors the same tools.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from workbook.atomic import write_atomic
from workbook.hub.userconfig import (
    LEARNER_SERVER_EXTENSIONS,
    TUTOR_LAB_PLUGINS,
    TUTOR_SERVER_EXTENSIONS,
)

# Sorted after nbgrader's own nbgrader.json in the same folder, so it is read last and wins.
SERVER_CONFIG_NAME = "zz-workbook-role.json"


def write_role_config(role: str, folder: Path) -> list[Path]:
    """Write the server and lab config for `role` ('learner' or 'tutor') under `folder`."""
    if role not in ("learner", "tutor"):
        raise ValueError(f"unknown role {role!r} (learner or tutor)")
    tutor = role == "tutor"
    enabled = {name: tutor for name in TUTOR_SERVER_EXTENSIONS}
    enabled.update({name: True for name in LEARNER_SERVER_EXTENSIONS})
    # `false` (not an absent key) for tutors: a higher config level must undo the environment's
    # `true`, and JupyterLab merges disabledExtensions across levels key by key.
    disabled = {name: not tutor for name in TUTOR_LAB_PLUGINS}
    server = folder / "jupyter_server_config.d" / SERVER_CONFIG_NAME
    page = folder / "labconfig" / "page_config.json"
    write_atomic(server, json.dumps({"ServerApp": {"jpserver_extensions": enabled}}, indent=1) + "\n")
    write_atomic(page, json.dumps({"disabledExtensions": disabled}, indent=1) + "\n")
    return [server, page]


def main(argv: list[str] | None = None) -> int:
    """Command line: ROLE FOLDER."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: role_config.py learner|tutor FOLDER", file=sys.stderr)
        return 2
    try:
        for path in write_role_config(args[0], Path(args[1])):
            print(f"wrote {path}")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
