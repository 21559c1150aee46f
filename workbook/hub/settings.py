"""The course hub's settings, read from the environment with safe local defaults."""
from __future__ import annotations

import json
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from workbook.atomic import write_atomic
from workbook.errors import WorkbookError
from workbook.hub.accounts import Accounts, check_username
from workbook.settings import hub_variables

LEARNERS = ("learner1", "learner2")
TUTORS = ("tutor1",)
IQA = ("iqa1",)
DEFAULT_PORT = 8000
#: in the data folder: the internal ports the hub last ran on (see remembered_ports)
PORTS_FILE = "ports.json"


class SettingsError(WorkbookError):
    """A hub setting in the environment that cannot be used."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_free(port: int) -> bool:
    """Whether nothing listens on this TCP port of 127.0.0.1 right now."""
    with socket.socket() as sock:
        # as the hub binds it: connections of a hub that just ended (TIME_WAIT) do not count
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def remembered_ports(data: Path, wanted: dict[str, int | None]) -> dict[str, int]:
    """The hub's internal ports: each one set (not None) as given, else the one the hub last
    ran on when it is free, else a new free one; remembered in the data folder.

    Servers that outlive the hub (a crash, a kill) keep calling the hub's API at the address
    they were started with; a hub that came back on another port would leave each of them
    answering its user with 500 Internal Server Error until it was stopped by hand."""
    path = data / PORTS_FILE
    try:
        before = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    before = before if isinstance(before, dict) else {}
    ports = {}
    for name, given in wanted.items():
        last = before.get(name)
        if given is not None:
            ports[name] = given
        elif isinstance(last, int) and 0 < last < 65536 and is_free(last):
            ports[name] = last
        else:
            ports[name] = free_port()
    if ports != {k: before.get(k) for k in ports}:
        data.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({**before, **ports}, indent=1, sort_keys=True) + "\n")
    return ports


def _given_port(value: str, name: str) -> int | None:
    return _port(value, name, 0) or None


def _port(value: str, name: str, default: int | None) -> int:
    """The port `value` gives (`name` is its variable, for the message), else `default`."""
    text = value.strip()
    if not text:
        return default if default is not None else free_port()
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise SettingsError(f"{name}={text!r} is not a port number (1-65535)")
    return int(text)


def _users(value: str, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    text = value.strip()
    users = tuple(text.replace(",", " ").split()) if text else default
    for user in users:
        try:
            check_username(user, name)
        except WorkbookError as exc:
            raise SettingsError(exc.message) from exc
    return users


@dataclass(frozen=True)
class HubSettings:
    """Where the hub keeps its data, where it listens and who may log in."""

    project: Path          # the workbook checkout: notebooks/ and assignments/ come from here
    data: Path             # hub database, cookie secret, users' homes, the nbgrader exchange
    port: int              # the public address learners open
    hub_port: int          # the hub's own API, behind the proxy
    proxy_api_port: int    # where the hub talks to configurable-http-proxy
    learners: tuple[str, ...]   # demo accounts made on a fresh data folder, by role
    tutors: tuple[str, ...]
    iqa: tuple[str, ...]

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
    def records(self) -> Path:
        """Assessors' decisions and IQA plans and verdicts (WORKBOOK_RECORDS of tutors and IQAs)."""
        return self.data / "records"

    @property
    def user_config(self) -> Path:
        """Per-user Jupyter config folders (JUPYTER_CONFIG_DIR of each single-user server)."""
        return self.data / "jupyter-config"

    @property
    def proxy_command(self) -> Path:
        """configurable-http-proxy as installed into the project by npm."""
        return self.project / "hub" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"

    @property
    def separate_accounts(self) -> bool:
        """Whether each user's server runs as their own Unix account (the hub runs as root)."""
        return os.geteuid() == 0

    @property
    def accounts(self) -> Accounts:
        """The hub's accounts (hashed passwords and roles)."""
        return Accounts(self.data)

    def demo_users(self) -> dict[str, str]:
        """{name: role} of the demo accounts a fresh data folder starts with."""
        return {**{name: "learner" for name in self.learners},
                **{name: "tutor" for name in self.tutors},
                **{name: "iqa" for name in self.iqa}}

    def role(self, username: str) -> str:
        """The user's role name (see workbook.hub.roles): from the accounts, else the demo lists."""
        return self.accounts.roles().get(username) or self.demo_users().get(username, "learner")


def from_env(project: Path, env: Mapping[str, str] | None = None,
             remember_ports: bool = False) -> HubSettings:
    """Settings from the hub's variables (read by workbook.settings.hub_variables); free ports
    when unset (with `remember_ports`, as the hub's own config asks: the ports it last ran on,
    see remembered_ports)."""
    given = hub_variables(env)
    learners = _users(given.learners, "WORKBOOK_HUB_LEARNERS", LEARNERS)
    tutors = _users(given.tutors, "WORKBOOK_HUB_TUTORS", TUTORS)
    iqa = _users(given.iqa, "WORKBOOK_HUB_IQA", IQA)
    for first, second, what in ((learners, tutors, "a learner and a tutor"),
                                (learners, iqa, "a learner and an IQA"),
                                (tutors, iqa, "a tutor and an IQA")):
        if both := sorted(set(first) & set(second)):
            raise SettingsError(f"{', '.join(both)} cannot be both {what}")
    data = Path(given.data or project / "hub" / "data").expanduser().resolve()
    wanted = {"hub_port": _given_port(given.api_port, "WORKBOOK_HUB_API_PORT"),
              "proxy_api_port": _given_port(given.proxy_api_port, "WORKBOOK_HUB_PROXY_API_PORT")}
    ports = remembered_ports(data, wanted) if remember_ports else \
        {name: port or free_port() for name, port in wanted.items()}
    return HubSettings(
        project=project.resolve(),
        data=data,
        port=_port(given.port, "WORKBOOK_HUB_PORT", DEFAULT_PORT),
        hub_port=ports["hub_port"],
        proxy_api_port=ports["proxy_api_port"],
        learners=learners,
        tutors=tutors,
        iqa=iqa,
    )
