"""A home made ready for a server that runs as the user's own Unix account.

The hub (root) decides what to deliver and writes the user's Jupyter config, which lives outside
the home and stays root's (readable by the user's group). The course files are then copied into
the home by a small process running as the user: root never writes inside a folder a learner
controls, where a symbolic link could point it at any file on the machine.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from workbook.course.loader import load_course
from workbook.errors import Failure
from workbook.hub.delivery import Delivery, deliver
from workbook.hub.homes import delivered_files, user_environment
from workbook.hub.journals import log_notes, prepare_journals
from workbook.hub.roles import role_named
from workbook.hub.settings import HubSettings
from workbook.hub.unixaccounts import ensure_account, group_ids
from workbook.hub.userconfig import write_user_config

DELIVERY_TIMEOUT = 120  # seconds: a first delivery copies the whole course


def prepare_account_home(settings: HubSettings, username: str) -> tuple[dict[str, str], Delivery]:
    """Make the account, write its config, deliver the course as the user; the server's env."""
    home = settings.homes / username
    entry = ensure_account(username, home, role_named(settings.role(username)))
    if settings.records.is_dir():  # a tutor's or IQA's journals: theirs, made before anyone's
        log_notes(prepare_journals(settings.records, username, settings.role(username),
                                   [unit.slug for unit in load_course().units]))
    config = write_user_config(settings, username, home)
    # Jupyter writes this marker into the config folder once, on its first run; the folder is
    # root's (root never writes where a user could plant a link), so it is there already.
    (config / "migrated").touch()
    for folder, _dirs, files in os.walk(config):
        os.chown(folder, 0, entry.pw_gid)
        os.chmod(folder, 0o750)
        for name in files:
            os.chown(os.path.join(folder, name), 0, entry.pw_gid)
            os.chmod(os.path.join(folder, name), 0o640)
    delivered = {relative: str(source)
                 for relative, source in delivered_files(settings, username).items()}
    done = subprocess.run(
        [sys.executable, "-m", "workbook.hub.accounthome", str(home)],
        input=json.dumps(delivered), capture_output=True, text=True, timeout=DELIVERY_TIMEOUT,
        user=entry.pw_uid, group=entry.pw_gid, extra_groups=group_ids(username), cwd=home,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
             "LANG": "C.UTF-8"})
    if done.returncode != 0:
        raise Failure(f"delivering the course to {username} failed:\n{done.stderr.strip()}")
    return user_environment(settings, username), Delivery(**json.loads(done.stdout))


def main(argv: list[str]) -> int:
    """As the user: deliver {relative path: source} (JSON on stdin) into the home `argv[0]`."""
    files = {relative: Path(source) for relative, source in json.load(sys.stdin).items()}
    print(json.dumps(asdict(deliver(files, Path(argv[0])))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
