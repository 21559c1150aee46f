"""The hub's accounts: one password per user, stored hashed; guessing is slowed per address.

The accounts live in one JSON file in the hub's data folder (mode 0600, the hub's user only):
for each user name the role, an scrypt hash of the password (salted; the standard library's
`hashlib.scrypt`, so no extra dependency) and, per address, the failed logins since that
address's last good one (`workbook.hub.login_throttle` says how long an address then waits);
`workbook hub reset-password` clears them. Every change goes through one lock and an atomic write, so
the hub and the command line can change the file at the same time.
"""
from __future__ import annotations

import base64
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbook.atomic import write_atomic
from workbook.errors import Refusal
from workbook.hub.login_throttle import record, refuse_if_waiting
from workbook.hub.roles import role_named
from workbook.learner.ids import ID_RULE, id_problem

ACCOUNTS_NAME = "accounts.json"
PASSWORD_BYTES = 12  # token_urlsafe(12): 16 characters, 96 bits
MIN_PASSWORD = 10  # a password a user chooses
# scrypt's interactive-login parameters (RFC 7914 section 2): ~50 ms and 16 MiB per check.
_N, _R, _P = 2**14, 8, 1


def check_username(name: str, source: str = "user name") -> str:
    """`name` when it is a plain user name; a Refusal naming it otherwise.

    A user name becomes a Unix account, a folder, a URL part and the nbgrader student id, so
    it follows the one rule for learner ids (`workbook.learner.ids`).
    """
    if (why := id_problem(name)) is not None:
        raise Refusal(f"{source}: {name!r} is not a plain user name ({why}; {ID_RULE})")
    return name


def hash_password(password: str) -> str:
    """`scrypt$N$r$p$salt$hash` (base64) of a password with a fresh random salt."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    encode = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def password_matches(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` (from hash_password) was made from."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt),
                                n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except ValueError:
        return False  # a damaged entry matches no password
    return hmac.compare_digest(actual, expected)


class Accounts:
    """The accounts file of one hub data folder."""

    def __init__(self, data: Path):
        self.path = Path(data) / ACCOUNTS_NAME

    def exists(self) -> bool:
        """Whether any account was ever made here."""
        return self.path.is_file()

    def read(self) -> dict[str, dict]:
        """Every account: {name: {"role", "hash", "must_change", "tries"}}."""
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise Refusal(f"the accounts file is damaged ({exc}); restore it from a backup",
                          self.path) from exc
        return document.get("accounts", {}) if isinstance(document, dict) else {}

    def roles(self) -> dict[str, str]:
        """{user name: role name} for every account."""
        return {name: entry.get("role", "learner") for name, entry in self.read().items()}

    @contextmanager
    def _changing(self) -> Iterator[dict[str, dict]]:
        """The accounts, locked against other writers; written back when the block ends."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = os.open(self.path.with_name(f".{ACCOUNTS_NAME}.lock"), os.O_RDWR | os.O_CREAT,
                       0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            accounts = self.read()
            yield accounts
            # the hashes are for the hub's eyes only
            write_atomic(self.path, json.dumps({"schema": 1, "accounts": accounts},
                                               indent=1, sort_keys=True) + "\n", mode=0o600)
        finally:
            os.close(lock)

    def add(self, name: str, role: str, one_time: bool = True) -> str:
        """Make an account with a new random password; returns the password (shown once).
        A one-time password must be changed before the user's server starts."""
        check_username(name)
        role_named(role)
        password = secrets.token_urlsafe(PASSWORD_BYTES)
        with self._changing() as accounts:
            if name in accounts:
                raise Refusal(f"{name} already has an account (reset-password gives a new one)")
            accounts[name] = {"role": role, "hash": hash_password(password), "tries": {},
                              "must_change": one_time}
        return password

    def reset_password(self, name: str) -> str:
        """A new one-time password for `name`, every address's count cleared; returns it."""
        password = secrets.token_urlsafe(PASSWORD_BYTES)
        with self._changing() as accounts:
            if name not in accounts:
                raise Refusal(f"{name} has no account (add-user makes one)")
            accounts[name].update(hash=hash_password(password), tries={}, must_change=True)
            for old in ("failed", "locked_until"):  # the lock of earlier versions
                accounts[name].pop(old, None)
        return password

    def must_change(self, name: str) -> bool:
        """Whether the user still has a one-time password."""
        return bool(self.read().get(name, {}).get("must_change"))

    def change_password(self, name: str, current: str, new: str, address: str = "") -> None:
        """Replace the user's password (the current one must be right); a Refusal says why not."""
        if len(new) < MIN_PASSWORD:
            raise Refusal(f"the new password must be at least {MIN_PASSWORD} characters long")
        if new == current:
            raise Refusal("the new password must differ from the current one")
        if not self.check(name, current, address):
            raise Refusal("the current password is not right")
        with self._changing() as accounts:
            accounts[name].update(hash=hash_password(new), must_change=False)

    def add_demo_users(self, users: dict[str, str]) -> list[tuple[str, str]]:
        """On a fresh data folder, make {name: role} accounts; [(name, password)] in order.
        Their passwords are not one-time: the demo starts at once."""
        if self.exists():
            return []
        return [(name, self.add(name, role, one_time=False)) for name, role in users.items()]

    def check(self, name: str, password: str, address: str = "",
              now: float | None = None) -> bool:
        """Whether the password is right; counts a failure against `address`, and raises
        TooManyAttempts (without checking) while that address must wait."""
        now = time.time() if now is None else now
        with self._changing() as accounts:
            entry = accounts.get(name)
            if entry is None:
                # the same work as a real check, so timing does not tell who has an account
                password_matches(password, hash_password("no such account"))
                return False
            tries = entry.setdefault("tries", {})
            refuse_if_waiting(tries, address, now)
            good = password_matches(password, entry["hash"])
            record(tries, address, good, now)
            return good
