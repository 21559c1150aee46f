"""Per-user Jupyter config: what a learner's or a tutor's single-user server offers.

Each server gets its own JUPYTER_CONFIG_DIR, the first place Jupyter looks for config, so these
files take precedence over the ones nbgrader installs (which enable every tool for everyone).
Learners keep nbgrader's assignment list (fetch and submit); formgrader, course list,
create-assignment and validation are tutors' tools and are switched off both on the server (the
URLs answer 404) and in JupyterLab (no panels, menu entries, buttons or commands). Everyone's
server shows learner pages as `make lab` does: Voilà's settings come from the project's
jupyter/jupyter_server_config.json.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from workbook.assess.assessment import assignment_units
from workbook.assess.exchange_folders import factory_lines
from workbook.atomic import write_atomic
from workbook.course.loader import load_course
from workbook.hub.settings import HubSettings

TUTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
    # formgrader's submission pages run only their own scripts (learner markup never does)
    "workbook.tutor.formgrader_policy",
    # validation runs a notebook's code and reports its test cells: learners never see code
    "nbgrader.server_extensions.validate_assignment",
)
LEARNER_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.assignment_list",
    # a refused submission (no signed declaration, say) is one plain sentence, not a traceback
    "workbook.assess.assignment_list",
)
TUTOR_LAB_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:validate-assignment",
)
#: the project's settings of learner pages (Voilà), as `make lab` reads them, and the hook that
#: lets a page shut its kernel down when the learner leaves it
PAGE_SETTINGS = Path("jupyter") / "jupyter_server_config.json"
PAGE_HOOKS = Path("jupyter") / "jupyter_server_config.py"
COURSE_FOLDER = "course"  # in a tutor's home: nbgrader's course directory (source/, release/, ...)
#: JupyterLab terminals run this, as an interactive shell but not a login shell: jupyter_server
#: would start `$SHELL -l`, and a login bash reads /etc/profile, which on Debian sets PATH afresh
#: and so drops the project's environment (`workbook: command not found` in a tutor's terminal).
TERMINAL_SHELL = "/bin/bash"


def course_id() -> str:
    """The course's id from course.yaml: nbgrader's course id too."""
    return load_course().id


def server_config(role: str, app_settings: Path) -> dict:
    """jupyter_server_config.json: nbgrader server extensions for this role, lab settings."""
    tutor = role == "tutor"
    enabled = {name: tutor for name in TUTOR_SERVER_EXTENSIONS}
    enabled.update({name: True for name in LEARNER_SERVER_EXTENSIONS})
    return {"ServerApp": {"jpserver_extensions": enabled,
                          "terminado_settings": {"shell_command": [TERMINAL_SHELL]}},
            "LabApp": {"app_settings_dir": str(app_settings)}}


def write_app_settings(project: Path, folder: Path) -> None:
    """The venv's JupyterLab app settings plus the project's overrides.json (no news toast,
    kernels start without asking), whether or not `make` copied them into the venv."""
    venv_settings = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    if venv_settings.is_dir():
        shutil.copytree(venv_settings, folder, dirs_exist_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(project / "jupyter" / "overrides.json", folder / "overrides.json")


def page_config(role: str) -> dict:
    """labconfig/page_config.json: the lab plugins this role does not get."""
    disabled = {} if role == "tutor" else {name: True for name in TUTOR_LAB_PLUGINS}
    return {"disabledExtensions": disabled}


def user_data_folder(settings: HubSettings, username: str) -> Path:
    """The user's Jupyter data folder (JUPYTER_DATA_DIR). Jupyter serves lab extensions and
    Voila's templates and static files from its data folders without a login, so this one is
    the hub's: nothing a user puts anywhere becomes a page on the hub's address. What Jupyter
    writes to its data folder goes to `home_data` instead."""
    return settings.user_config / username / "data"


def home_data(home: Path) -> Path:
    """Where a user's server writes what Jupyter keeps in its data folder (runtime files,
    notebook signatures, nbgrader's record of submissions)."""
    return home / ".local" / "share" / "jupyter"


def nbgrader_config(settings: HubSettings, role: str, home: Path) -> str:
    """nbgrader_config.py: the course and the exchange; a tutor's course directory."""
    lines = [
        "# Written by the course hub at each spawn; edits here are replaced.",
        "c = get_config()  # noqa: F821",
        f"c.CourseDirectory.course_id = {course_id()!r}",
        f"c.Exchange.root = {str(settings.exchange)!r}",
        f"c.Exchange.cache = {str(home_data(home) / 'nbgrader_cache')!r}",
    ]
    if role == "tutor":
        lines.append(f"c.CourseDirectory.root = {str(home / COURSE_FOLDER)!r}")
        # formgrader's autograde too scores saved answers in the tutor's process, never in the
        # kernel that runs submissions (workbook.tutor.autograde)
        lines += ["from workbook.tutor.autograde import configure",
                  f"configure(c, keys={str(settings.project / 'keys')!r})"]
        # Collect takes only a learner's own, well-formed submission (where each learner is a
        # Unix account, the one whose account made it); release and collect use only course
        # folders in the exchange that the hub made (workbook.assess.checked_exchange).
        lines += factory_lines(["collect", "release_assignment", "release_feedback"])
        # Several tutors share the course: what one releases (an assignment, feedback) the
        # others in the tutors group may release again, rather than only whoever released first
        # (the exchange's course folders are the hub's, group `tutors`, setgid)
        lines.append("c.CourseDirectory.groupshared = True")
    else:
        # nbgrader names a submission after the Unix user; every server here runs as the
        # hub's own user, so the hub name must be given or all learners submit as one.
        lines.append(f"c.CourseDirectory.student_id = {home.name!r}")
        # an assessment without a signed declaration of authenticity is not submitted
        lines.append("c.ExchangeFactory.submit = 'workbook.assess.submit_gate.DeclaredSubmit'")
        # which assignments are assessments comes from here, not from the learner's notebook
        units = assignment_units(load_course(), settings.project / "assessment")
        lines.append(f"c.DeclaredSubmit.assessments = {units!r}")
        # fetched only from course folders in the exchange that the hub made
        lines += factory_lines(["fetch_assignment", "fetch_feedback"])
    return "\n".join(lines) + "\n"


def write_user_config(settings: HubSettings, username: str, home: Path) -> Path:
    """Write the user's config folder and return it (their JUPYTER_CONFIG_DIR)."""
    role = settings.role(username)
    folder = settings.user_config / username
    write_app_settings(settings.project, folder / "lab-settings")
    server = server_config(role, folder / "lab-settings")
    server.update(json.loads((settings.project / PAGE_SETTINGS).read_text(encoding="utf-8")))
    # JupyterLab saves layouts and settings changes under the config folder by default; that
    # folder is the hub's (read-only for the user), so they go to the user's home instead.
    server["LabApp"].update(user_settings_dir=str(home / ".jupyter" / "lab" / "user-settings"),
                            workspaces_dir=str(home / ".jupyter" / "lab" / "workspaces"))
    server["NotebookNotary"] = {"data_dir": str(home_data(home))}
    user_data_folder(settings, username).mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "jupyter_server_config.json", json.dumps(server, indent=1))
    write_atomic(folder / PAGE_HOOKS.name,
                 (settings.project / PAGE_HOOKS).read_text(encoding="utf-8"))
    write_atomic(folder / "labconfig" / "page_config.json", json.dumps(page_config(role), indent=1))
    write_atomic(folder / "nbgrader_config.py", nbgrader_config(settings, role, home))
    return folder
