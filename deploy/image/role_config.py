"""Write a role's Jupyter config (server extensions, lab plugins) into a Jupyter config folder.

The image installs the learner config at the environment level (the default for everyone) and
the tutor config in a second folder that the tutor profile puts first on JUPYTER_CONFIG_PATH,
which Jupyter reads before the environment's own config. The extension lists are the local
hub's (workbook.hub.userconfig), so both hubs give learners and tutors the same tools. The
learner config also says which assignments are assessments (`DeclaredSubmit.assessments`, from
`assessments.py`), so the submit gate does not depend on what a learner's notebook says.
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
# nbgrader reads nbgrader_config.json beside nbgrader_config.py in every config folder.
NBGRADER_CONFIG_NAME = "nbgrader_config.json"


def write_role_config(role: str, folder: Path,
                      assessments: dict[str, str] | None = None) -> list[Path]:
    """Write the server and lab config for `role` ('learner' or 'tutor') under `folder`; the
    learner's also holds `assessments` ({assignment id: unit slug}, required)."""
    if role not in ("learner", "tutor"):
        raise ValueError(f"unknown role {role!r} (learner or tutor)")
    tutor = role == "tutor"
    if not tutor and not assessments:
        raise ValueError("the learner config needs the course's assessments (assessments.py)")
    enabled = {name: tutor for name in TUTOR_SERVER_EXTENSIONS}
    enabled.update({name: True for name in LEARNER_SERVER_EXTENSIONS})
    # `false` (not an absent key) for tutors: a higher config level must undo the environment's
    # `true`, and JupyterLab merges disabledExtensions across levels key by key.
    disabled = {name: not tutor for name in TUTOR_LAB_PLUGINS}
    server = folder / "jupyter_server_config.d" / SERVER_CONFIG_NAME
    page = folder / "labconfig" / "page_config.json"
    write_atomic(server, json.dumps({"ServerApp": {"jpserver_extensions": enabled}}, indent=1) + "\n")
    write_atomic(page, json.dumps({"disabledExtensions": disabled}, indent=1) + "\n")
    if tutor:
        return [server, page]
    nbgrader = folder / NBGRADER_CONFIG_NAME
    write_atomic(nbgrader, json.dumps({"DeclaredSubmit": {"assessments": assessments}},
                                      indent=1, sort_keys=True) + "\n")
    return [server, page, nbgrader]


def main(argv: list[str] | None = None) -> int:
    """Command line: ROLE FOLDER [ASSESSMENTS_JSON] (the learner's needs the third)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (2, 3):
        print("usage: role_config.py learner|tutor FOLDER [ASSESSMENTS_JSON]", file=sys.stderr)
        return 2
    try:
        assessments = json.loads(Path(args[2]).read_text(encoding="utf-8")) if args[2:] else None
        for path in write_role_config(args[0], Path(args[1]), assessments):
            print(f"wrote {path}")
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
