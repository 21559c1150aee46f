"""The course hub's settings, read from the environment with safe local defaults."""
from __future__ import annotations

import os
import re
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from workbook.errors import WorkbookError

PASSWORD_ENV = "WORKBOOK_HUB_PASSWORD"
MIN_PASSWORD = 8  # JupyterHub's SharedPasswordAuthenticator refuses shorter ones
LEARNERS = ("learner1", "learner2")
TUTORS = ("tutor1",)
DEFAULT_PORT = 8000
_USERNAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


class SettingsError(WorkbookError):
    """A hub setting in the environment that cannot be used."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port(env: dict[str, str], name: str, default: int | None) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default if default is not None else free_port()
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise SettingsError(f"{name}={text!r} is not a port number (1-65535)")
    return int(text)


def _users(env: dict[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    text = env.get(name, "").strip()
    users = tuple(text.replace(",", " ").split()) if text else default
    # Names become folder names and URL parts: keep them plain.
    if bad := [u for u in users if not _USERNAME.match(u)]:
        raise SettingsError(f"{name}: {bad[0]!r} is not a plain user name (a-z, 0-9, - and _)")
    return users


@dataclass(frozen=True)
class HubSettings:
    """Where the hub keeps its data, where it listens and who may log in."""

    project: Path          # the workbook checkout: notebooks/ and assignments/ come from here
    data: Path             # hub database, cookie secret, users' homes, the nbgrader exchange
    port: int              # the public address learners open
    hub_port: int          # the hub's own API, behind the proxy
    proxy_api_port: int    # where the hub talks to configurable-http-proxy
    password: str
    password_generated: bool
    learners: tuple[str, ...]
    tutors: tuple[str, ...]

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def homes(self) -> Path:
        """Each user's home is a folder in here."""
        return self.data / "homes"

    @property
    def exchange(self) -> Path:
        """nbgrader's exchange: released assignments and submissions."""
        return self.data / "exchange"

    @property
    def user_config(self) -> Path:
        """Per-user Jupyter config folders (JUPYTER_CONFIG_DIR of each single-user server)."""
        return self.data / "jupyter-config"

    @property
    def proxy_command(self) -> Path:
        """configurable-http-proxy as installed into the project by npm."""
        return self.project / "hub" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"

    def role(self, username: str) -> str:
        """'tutor' or 'learner'."""
        return "tutor" if username in self.tutors else "learner"

    def logins(self) -> list[str]:
        """Lines naming the demo logins, for the start-up banner."""
        lines = [f"  learner: {name}" for name in self.learners]
        lines += [f"  tutor:   {name}  (formgrader: {self.url}user/{name}/formgrader)"
                  for name in self.tutors]
        return lines + [f"  password (everyone): {self.password}"]


def from_env(project: Path, env: dict[str, str] | None = None) -> HubSettings:
    """Settings from WORKBOOK_HUB_* variables; free ports and a fresh password when unset."""
    env = dict(os.environ if env is None else env)
    password = env.get(PASSWORD_ENV, "")
    generated = not password
    if generated:
        password = secrets.token_urlsafe(12)
    elif len(password) < MIN_PASSWORD:
        raise SettingsError(f"{PASSWORD_ENV} must be at least {MIN_PASSWORD} characters long")
    learners = _users(env, "WORKBOOK_HUB_LEARNERS", LEARNERS)
    tutors = _users(env, "WORKBOOK_HUB_TUTORS", TUTORS)
    if both := sorted(set(learners) & set(tutors)):
        raise SettingsError(f"{', '.join(both)} cannot be both a learner and a tutor")
    data = Path(env.get("WORKBOOK_HUB_DATA") or project / "hub" / "data").expanduser().resolve()
    return HubSettings(
        project=project.resolve(),
        data=data,
        port=_port(env, "WORKBOOK_HUB_PORT", DEFAULT_PORT),
        hub_port=_port(env, "WORKBOOK_HUB_API_PORT", None),
        proxy_api_port=_port(env, "WORKBOOK_HUB_PROXY_API_PORT", None),
        password=password,
        password_generated=generated,
        learners=learners,
        tutors=tutors,
    )
