"""`python -m workbook.hub`: start the course hub and say where it is and how it runs."""
from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from workbook.hub.permissions import reachability_problems
from workbook.hub.settings import SettingsError, from_env

DEMO_WARNING = """\
SINGLE-USER DEMO, not for real learners: the hub is not running as root, so every login's
server runs as {user} and every user can read every other user's files, answers and tokens.
For one Unix account per user (private homes, tutor-only keys), start it as root:
  sudo make hub"""


def main(argv: list[str] | None = None) -> int:
    """Print the URL and how users are kept apart, then run JupyterHub in the foreground."""
    project = Path.cwd()
    config = project / "hub" / "jupyterhub_config.py"
    if not config.is_file():
        print(f"error: {config.name} not found in hub/ (run this from the project folder)",
              file=sys.stderr)
        return 2
    try:
        settings = from_env(project)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    settings.data.mkdir(parents=True, exist_ok=True)
    if (failed := publish_learner_tree(project, settings.data / "published")) is not None:
        print(f"error: {failed}", file=sys.stderr)
        return 1
    if settings.separate_accounts:
        if problems := reachability_problems(settings):
            for problem in problems:
                print(f"error: {problem}", file=sys.stderr)
            return 2
        mode = "Each user's server runs as their own Unix account (made on first login)."
    else:
        mode = DEMO_WARNING.format(user=getpass.getuser())
    env = dict(os.environ, WORKBOOK_HUB_PORT=str(settings.port),
               WORKBOOK_HUB_DATA=str(settings.data))
    print("\n".join([f"Course hub: {settings.url}", mode,
                     f"Data (homes, exchange, hub database, accounts): {settings.data}",
                     "Add a user: workbook hub add-user NAME --role learner|tutor|iqa", ""]),
          flush=True)
    hub = str(Path(sys.executable).parent / "jupyterhub")
    # The hub writes its proxy's pid file into the working folder: keep that in the data folder.
    os.chdir(settings.data)
    os.execve(hub, [hub, "-f", str(config), *(argv or [])], env)


def publish_learner_tree(project: Path, dest: Path) -> str | None:
    """Publish what learners get into `dest` (workbook publish); the error, or None."""
    from workbook.build.publish import publish
    from workbook.course.loader import load_course
    from workbook.errors import WorkbookError
    from workbook.settings import settings

    try:
        found = settings()
        publish(load_course(), project, found.assessment, found.keys, dest)
    except WorkbookError as exc:
        return str(exc)
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
