"""File permissions of a hub that gives each user their own Unix account.

Who may read what (the hub runs as root):
- the hub's data folder: traversable, not listable; its database, cookie secret and accounts
  file are the hub's only (0600);
- each home: its owner only (0700, made in workbook.hub.unixaccounts);
- answer keys, assessment banks and assignment sources in the project: root and the `tutors`
  group (dirs 2750, files 0640); the project's git history, which holds all of them, root only;
- the nbgrader exchange: world-writable with the sticky bit, as nbgrader's multi-user exchange
  needs; the course's folders in it are root's, made before anyone logs in
  (workbook.assess.exchange_folders): inbound unlistable but by tutors, submissions hidden by name;
- the records folder (assessors' decisions, IQA plans and verdicts): entered only by the
  `records` group (tutors and IQAs, 0750); in it `decisions/<unit>/` is writable by the `tutors`
  group only and `plans/<unit>/`, `verdicts/<unit>/` by the `iqa` group only, each setgid and
  sticky (3775), so a writer makes and replaces their own `<account>.jsonl` (0644) and nobody
  else's; the reader counts a file only when its owner is the account it is named after;
- the venv and the course: readable by everyone, and so must every folder above them be.
"""
from __future__ import annotations

import grp
import os
import pwd
import stat
import sys
from pathlib import Path

from workbook.assess.exchange_folders import prepare_course_folders
from workbook.atomic import write_atomic
from workbook.build.tutor_notebooks import IQA_PAGE
from workbook.course.loader import load_course
from workbook.hub.roles import RECORDS_GROUP, ROLES
from workbook.hub.settings import HubSettings
from workbook.hub.shared_release import share_released
from workbook.hub.unixaccounts import ensure_group

TUTOR_ONLY = ("keys", "assessment", "assignments")  # relative to the project
ROOT_ONLY = (".git",)
# JupyterHub writes its cookie secret 0600 itself; the database takes the mode of the file.
HUB_PRIVATE = ("jupyterhub.sqlite",)


def unreachable(path: Path) -> Path | None:
    """The first folder at or above `path` that other accounts cannot enter, if any."""
    for folder in (path, *path.parents):
        if folder.is_dir() and not folder.stat().st_mode & stat.S_IXOTH:
            return folder
    return None


def needed_paths(settings: HubSettings) -> dict[str, Path]:
    """What every user's account must be able to reach, by what it is."""
    return {"the project (course files)": settings.project,
            "the Python environment": Path(sys.prefix),
            "the Python interpreter": Path(os.path.realpath(sys.executable)).parent,
            "Python's standard library": Path(sys.base_prefix),
            "the hub's data folder": settings.data}


def unreachable_folders(settings: HubSettings) -> list[Path]:
    """The folders that keep users' accounts from what they need (see needed_paths)."""
    return sorted({blocked for path in needed_paths(settings).values()
                   if (blocked := unreachable(path))})


def reachability_problems(settings: HubSettings) -> list[str]:
    """What users' accounts could not reach, one line each with the folder that blocks it."""
    problems = []
    for what, path in needed_paths(settings).items():
        if blocked := unreachable(path):
            mode = stat.S_IMODE(blocked.stat().st_mode)
            problems.append(f"users' accounts cannot reach {what} at {path}: {blocked} is mode "
                            f"{mode:04o} (run `chmod o+x {blocked}` or move it elsewhere)")
    return problems


def protect_tutor_files(project: Path, group: str) -> None:
    """Keys, banks and assignment sources readable by root and `group` only; git history root's."""
    gid = ensure_group(group)
    for name in TUTOR_ONLY:
        top = project / name
        if not top.exists():
            continue
        for folder, _dirs, files in os.walk(top):
            os.chown(folder, 0, gid)
            os.chmod(folder, 0o2750)
            for file in files:
                path = Path(folder, file)
                if not path.is_symlink():
                    os.chown(path, 0, gid)
                    os.chmod(path, 0o640)
    for name in ROOT_ONLY:
        if (project / name).is_dir():
            os.chmod(project / name, 0o700)


#: records folder -> the role whose Unix group writes in it (every other reader: `records`)
RECORDS_WRITERS = {"decisions": "tutor", "plans": "iqa", "verdicts": "iqa"}
#: in the records folder: a copy of the built decisions notebooks and the IQA's page, for IQAs
#: (who cannot read the tutor-only assignments folder they are built into)
VIEWS_FOLDER = "views"


def prepare_records(settings: HubSettings) -> None:
    """The records folder and a folder per unit and kind, owned by root (see the docstring).

    The unit folders are made here, root's, rather than by the first writer: a writer who owned
    one could remove or replace the other writers' files in it.
    """
    top = settings.records
    top.mkdir(exist_ok=True)
    os.chown(top, 0, ensure_group(RECORDS_GROUP))
    os.chmod(top, 0o750)
    units = [unit.slug for unit in load_course().units]
    for kind, role in RECORDS_WRITERS.items():
        gid = ensure_group(ROLES[role].unix_group or role)
        for folder in (top / kind, *(top / kind / unit for unit in units)):
            folder.mkdir(exist_ok=True)
            os.chown(folder, 0, gid)
            # the kind's folder: nobody adds a unit; a unit's folder: its writers add their file
            os.chmod(folder, 0o755 if folder.parent == top else 0o3775)
    views = top / VIEWS_FOLDER
    views.mkdir(exist_ok=True)
    os.chmod(views, 0o755)
    built = settings.project / "assignments" / "tutor"
    for notebook in sorted([*built.glob("decisions-*.ipynb"), *built.glob(IQA_PAGE)]):
        write_atomic(views / notebook.name, notebook.read_bytes())
        os.chmod(views / notebook.name, 0o644)

def _uid(name: str) -> int | None:
    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return None


def prepare_data_folder(settings: HubSettings) -> None:
    """The data folder's own permissions: private hub files, shared exchange, private homes."""
    data = settings.data
    data.mkdir(parents=True, exist_ok=True)
    os.chmod(data, 0o711)
    for folder in (settings.homes, settings.user_config):
        folder.mkdir(exist_ok=True)
        os.chmod(folder, 0o711)
    settings.exchange.mkdir(exist_ok=True)
    os.chmod(settings.exchange, 0o1777)
    # the course's folders in it too, before any learner can make them (a learner who made
    # them would decide what the others fetch and read what they submit)
    tutors = ensure_group(ROLES["tutor"].unix_group or "tutor")
    # folders a tutor's release made before the hub made them are taken over, not moved aside
    members = frozenset(uid for name in grp.getgrgid(tutors).gr_mem
                        if (uid := _uid(name)) is not None)
    for line in prepare_course_folders(settings.exchange, load_course().id, tutors, members):
        print(f"warning: {line}", file=sys.stderr)
    # assignments released before tutors shared the exchange: any tutor may release them again
    for line in share_released(settings.exchange / load_course().id / "outbound", tutors, members):
        print(f"warning: {line}", file=sys.stderr)
    for name in HUB_PRIVATE:
        # made before JupyterHub opens it: SQLite keeps the mode of an existing file
        path = data / name
        path.touch(mode=0o600, exist_ok=True)
        os.chmod(path, 0o600)
