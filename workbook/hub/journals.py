"""Each tutor's and IQA's journal files, made by the hub (root) before anyone else can make them.

In the records folder (workbook.hub.permissions) a tutor could otherwise create another tutor's
`decisions/<unit>/<account>.jsonl` first, after which that tutor could record nothing on the
unit. So the hub makes every file itself, when it starts and before each server starts: owned
by the account it is named after, mode 0644, and append-only (`chattr +a`) where the file
system and the hub's privileges allow it, so that not even its writer can rewrite, shorten or
remove it. Where append-only is not available a line is logged and the hash chain
(workbook.decisions.chain) still shows any change. A file of that name that someone else made
first is moved aside (`<account>.jsonl.planted-by-<owner>`, which no reader counts) and logged.

Root never follows a link here: files are made with O_EXCL and O_NOFOLLOW, and changed only
through the descriptor that made or opened them.
"""
from __future__ import annotations

import array
import errno
import fcntl
import logging
import os
import pwd
import stat
import struct
from pathlib import Path

from workbook.decisions.journal import FILE_MODE

log = logging.getLogger("JupyterHub")

#: records folder -> the role that writes a journal in it (workbook.hub.permissions agrees)
WRITERS = {"decisions": "tutor", "plans": "iqa", "verdicts": "iqa"}
#: Linux's inode flag for append-only files, and the ioctls that read and set the flags
APPEND_FLAG = 0x20
_LONG = struct.calcsize("l")
GET_FLAGS = (2 << 30) | (_LONG << 16) | (ord("f") << 8) | 1
SET_FLAGS = (1 << 30) | (_LONG << 16) | (ord("f") << 8) | 2


def journal_paths(records: Path, account: str, role: str, units: list[str]) -> list[Path]:
    """The journal files an account of this role writes, one per unit and kind."""
    return [records / kind / unit / f"{account}.jsonl"
            for kind, writer in WRITERS.items() if writer == role for unit in units]


def set_append_only(fd: int) -> str | None:
    """Make the open file append-only; why not, in words, when that is not possible here."""
    try:
        flags = array.array("i", [0])
        fcntl.ioctl(fd, GET_FLAGS, flags, True)
        if not flags[0] & APPEND_FLAG:
            fcntl.ioctl(fd, SET_FLAGS, array.array("i", [flags[0] | APPEND_FLAG]))
    except OSError as exc:
        if exc.errno in (errno.ENOTTY, errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
            return "the file system does not support append-only files"
        if exc.errno == errno.EPERM:
            return "the hub lacks the privilege to set it (CAP_LINUX_IMMUTABLE)"
        return exc.strerror or exc.__class__.__name__
    return None


def is_append_only(path: Path) -> bool:
    """Whether a file has the append-only flag (False where flags cannot be read)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        flags = array.array("i", [0])
        fcntl.ioctl(fd, GET_FLAGS, flags, True)
        return bool(flags[0] & APPEND_FLAG)
    except OSError:
        return False
    finally:
        os.close(fd)


def make_journal(path: Path, uid: int, gid: int) -> list[str]:
    """Make (or keep) `path` as the account's own append-only journal; lines saying what was
    done out of the ordinary (a planted file moved aside, append-only not available)."""
    notes = []
    for _ in range(2):  # a second try after moving a planted file aside
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
            break
        except FileExistsError:
            pass
        info = path.lstat()
        if stat.S_ISREG(info.st_mode) and info.st_uid == uid:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            break
        owner = _name(info.st_uid)
        aside = path.with_name(f"{path.name}.planted-by-{owner}")
        os.rename(path, aside)
        notes.append(f"records: {path} was made by {owner}, not its account: moved to {aside}")
    else:
        return [*notes, f"records: {path} could not be made for its account"]
    try:
        info = os.fstat(fd)
        if info.st_uid != uid:
            os.fchown(fd, uid, gid)
        if stat.S_IMODE(info.st_mode) != FILE_MODE:
            try:
                os.fchmod(fd, FILE_MODE)
            except PermissionError:  # append-only already: it keeps the mode it was given
                pass
        if why := set_append_only(fd):
            notes.append(f"records: {path} is not append-only ({why}); its hash chain still "
                         "shows any change")
    finally:
        os.close(fd)
    return notes


def prepare_journals(records: Path, account: str, role: str, units: list[str]) -> list[str]:
    """Make every journal file of one tutor or IQA (nothing for other roles); lines to log."""
    paths = journal_paths(records, account, role, units)
    if not paths:
        return []
    try:
        uid = pwd.getpwnam(account).pw_uid
    except KeyError:
        return []  # no Unix account yet: its files are made before its server first starts
    notes: list[str] = []
    plain: list[str] = []
    for path in paths:
        if not path.parent.is_dir():
            notes.append(f"records: {path.parent} is missing: restart the hub to make it")
            continue
        # the folder's group (tutors, iqa), as a file made in its setgid folder would have
        for note in make_journal(path, uid, path.parent.stat().st_gid):
            (plain if " is not append-only (" in note else notes).append(note)
    if plain:  # one line, not one per file: the reason is the same for all of them
        why = plain[0].split(" is not append-only (", 1)[1].split(")", 1)[0]
        notes.append(f"records: {len(plain)} journal file(s) of {account} are not append-only "
                     f"({why}); their hash chains still show any change")
    return notes


def prepare_all(records: Path, roles: dict[str, str], units: list[str]) -> list[str]:
    """Every tutor's and IQA's journal files (roles: account -> role name); lines to log."""
    notes: list[str] = []
    for account, role in sorted(roles.items()):
        notes.extend(prepare_journals(records, account, role, units))
    return notes


def log_notes(notes: list[str]) -> None:
    """Log each line once (the hub's log)."""
    for note in notes:
        log.warning("%s", note)


def _name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)
