"""Each hub user's own Unix account, made on first use (the hub runs as root for this).

The account has no login shell and no password (nobody logs in to the machine with it); its
home is the user's folder in the hub's data folder, mode 0700. Its supplementary groups follow
the user's role (`tutors` for tutors). An existing account the hub did not make is never used:
a server is not started as somebody else's account.
"""
from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
from pathlib import Path

from workbook.errors import Failure, Refusal
from workbook.hub.roles import RECORDS_GROUP, ROLES, Role

COMMENT = "workbook hub user"  # marks the accounts this module made


def nologin_shell() -> str:
    """The system's no-login shell."""
    for shell in ("/usr/sbin/nologin", "/sbin/nologin"):
        if os.path.exists(shell):
            return shell
    return "/bin/false"


def _run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise Failure(f"{' '.join(command)} failed: {done.stderr.strip() or done.stdout.strip()}")


def ensure_group(name: str) -> int:
    """The gid of Unix group `name`, made (as a system group) when missing."""
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        _run("groupadd", "--system", name)
        return grp.getgrnam(name).gr_gid


def ensure_account(name: str, home: Path, role: Role) -> pwd.struct_passwd:
    """The user's Unix account (made when missing), in its role's group, home 0700 and theirs."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        _run("useradd", "--comment", COMMENT, "--home-dir", str(home), "--no-create-home",
             "--shell", nologin_shell(), "--user-group", name)
        entry = pwd.getpwnam(name)
    if entry.pw_gecos != COMMENT or entry.pw_uid == 0:
        raise Refusal(f"a Unix account {name!r} already exists (home {entry.pw_dir}) and was not "
                      "made by the course hub; the hub will not start a server as it. Remove or "
                      "rename that account, or give the hub user a different name")
    if entry.pw_dir != str(home):
        if os.path.exists(entry.pw_dir):
            raise Refusal(f"the Unix account {name!r} belongs to another course hub (home "
                          f"{entry.pw_dir}); one machine runs one hub per user name")
        # made by a hub whose data folder is gone (moved or removed): this hub takes it over
        _run("usermod", "--home", str(home), name)
        entry = pwd.getpwnam(name)
    _set_role_groups(name, role)
    if not home.is_dir():
        home.mkdir(parents=True, mode=0o700)
    if home.stat().st_uid != entry.pw_uid:
        # a home made by an earlier single-user demo run: hand all of it to its owner
        for path in (home, *home.rglob("*")):
            os.lchown(path, entry.pw_uid, entry.pw_gid)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)
    return entry


def role_groups(role: Role) -> set[str]:
    """The supplementary Unix groups an account of this role belongs to."""
    return {g for g in (role.unix_group, RECORDS_GROUP if role.records else None) if g}


def _set_role_groups(name: str, role: Role) -> None:
    """Put the account in its role's Unix groups and out of other roles' groups."""
    wanted = role_groups(role)
    for other in set().union(*(role_groups(r) for r in ROLES.values())):
        try:
            members = grp.getgrnam(other).gr_mem
        except KeyError:
            members = []
        if other in wanted and name not in members:
            ensure_group(other)
            _run("usermod", "--append", "--groups", other, name)
        elif other not in wanted and name in members:
            _run("gpasswd", "--delete", name, other)


def group_ids(name: str) -> list[int]:
    """Every group id of account `name` (its own and its supplementary groups)."""
    entry = pwd.getpwnam(name)
    return os.getgrouplist(name, entry.pw_gid)


def remove_account(name: str) -> bool:
    """Remove an account this module made (not its home); False when there was none to remove."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return False
    if entry.pw_gecos != COMMENT:
        raise Refusal(f"the Unix account {name!r} was not made by the course hub; not removing it")
    _run(shutil.which("userdel") or "userdel", name)
    return True
