"""A user's home before each spawn: course files delivered, Jupyter config written."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from workbook.assess.exchange_folders import prepare_course_folders
from workbook.build.tutor_notebooks import ASSESSOR_PAGE, IQA_PAGE
from workbook.hub.delivery import Delivery, course_files, deliver
from workbook.hub.permissions import VIEWS_FOLDER
from workbook.hub.settings import HubSettings
from workbook.hub.userconfig import (
    COURSE_FOLDER,
    course_id,
    home_data,
    user_data_folder,
    write_user_config,
)

IQA_FOLDER = "decisions"  # in an IQA's home: the IQA's page and the decisions notebooks
#: the pages tutors and IQAs open on (workbook.hub.hubconfig), relative to their home
TUTOR_PAGE_PATH = f"{COURSE_FOLDER}/tutor/{ASSESSOR_PAGE}"
IQA_PAGE_PATH = f"{IQA_FOLDER}/{IQA_PAGE}"
# From the project's assignments/ only what a tutor's nbgrader course directory starts with;
# release/, submitted/ and the gradebook are made there by nbgrader itself.
TUTOR_COURSE_PATTERNS = ("nbgrader_config.py", "source/**/*", "tutor/decisions-*.ipynb",
                         f"tutor/{ASSESSOR_PAGE}")
#: from the built tutor notebooks, what an IQA's home gets (into IQA_FOLDER)
IQA_PATTERNS = ("decisions-*.ipynb", IQA_PAGE)


def learner_tree(settings: HubSettings) -> Path:
    """Where learners' notebooks come from: the tree `python -m workbook.hub` publishes at start
    (`workbook publish`, checked for tutor-only text), else the project's own notebooks."""
    published = settings.data / "published"
    return published if (published / "notebooks").is_dir() else settings.project


def iqa_views(settings: HubSettings) -> Path:
    """Where an IQA's decisions notebooks come from: the records folder's copy (readable by the
    records group) when the hub made one as root, else the project's own built ones."""
    views = settings.records / VIEWS_FOLDER
    return views if views.is_dir() else settings.project / "assignments" / "tutor"


def delivered_files(settings: HubSettings, username: str) -> dict[str, Path]:
    """The course files this user gets: every learner notebook; tutors also the assignment
    sources and decisions notebooks, IQAs the decisions notebooks (to sample and judge)."""
    files = course_files(learner_tree(settings) / "notebooks", "notebooks")
    role = settings.role(username)
    if role == "tutor":
        files.update(course_files(settings.project / "assignments", COURSE_FOLDER,
                                  TUTOR_COURSE_PATTERNS))
    elif role == "iqa":
        files.update(course_files(iqa_views(settings), IQA_FOLDER, IQA_PATTERNS))
    return files


def prepare_home(settings: HubSettings, username: str) -> tuple[dict[str, str], Delivery]:
    """Deliver the course into the user's home; return the server's extra environment."""
    home = settings.homes / username
    home.mkdir(parents=True, exist_ok=True)
    # The exchange is shared by every user (all servers run as the hub's user here): nbgrader
    # needs it to exist and to be writable for fetching and submitting.
    settings.exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(settings.exchange, 0o777)
    # the course's folders in it are made here, the hub's, before any user's server starts
    prepare_course_folders(settings.exchange, course_id())
    delivery = deliver(delivered_files(settings, username), home)
    write_user_config(settings, username, home)
    return user_environment(settings, username), delivery


def user_environment(settings: HubSettings, username: str) -> dict[str, str]:
    """The variables a user's server runs with, on top of what JupyterHub sets."""
    home = settings.homes / username
    environment = {
        "JUPYTER_CONFIG_DIR": str(settings.user_config / username),
        # the hub's folder, never served from the user's home (see user_data_folder)
        "JUPYTER_DATA_DIR": str(user_data_folder(settings, username)),
        "JUPYTER_RUNTIME_DIR": str(home_data(home) / "runtime"),
        "WORKBOOK_STORE": str(home / ".workbook"),
        # nbgrader runs alembic, and terminals should find the workbook tools.
        "PATH": os.pathsep.join([str(Path(sys.executable).parent),
                                 os.environ.get("PATH", "/usr/bin:/bin")]),
        # read by the course's nbgrader_config.py (a tutor's course/ holds a copy)
        "WORKBOOK_COURSE_ID": course_id(),
        "WORKBOOK_EXCHANGE": str(settings.exchange),
        # who acts: decisions need the tutor's role, IQA sampling and verdicts the IQA's
        "WORKBOOK_ROLE": settings.role(username),
    }
    if settings.role(username) in ("tutor", "iqa"):
        # decisions and IQA journals, shared by tutors and IQAs (workbook.hub.permissions)
        environment["WORKBOOK_RECORDS"] = str(settings.records)
    if settings.role(username) == "tutor":
        environment["WORKBOOK_COURSE_ROOT"] = str(home / COURSE_FOLDER)
        # answer keys stay in the project, outside every home; autograde scores with them in
        # the tutor's own process (the kernel that runs submissions never gets this variable)
        environment["WORKBOOK_KEYS"] = str(settings.project / "keys")
    return environment
