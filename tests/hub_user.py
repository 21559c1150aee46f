"""Hub users without a browser: log in, start the server, run code in a kernel; tutor1 at a terminal.

The code runs in a real kernel that the user's own server started (as the user's account when
the hub runs as root); the test talks to it through the kernel's connection file, which the
test (root) reads from the user's runtime folder.
"""
from __future__ import annotations

import os
import pwd
import subprocess
import sys
import time
from pathlib import Path

import requests
from jupyter_client import BlockingKernelClient

from workbook.hub.homes import user_environment
from workbook.hub.settings import from_env
from workbook.hub.unixaccounts import group_ids

from .conftest import PROJECT
from .hub_server import HubServer

# Run in a user's kernel with TARGETS = {name: (path, "read"|"list")}: prints what each
# attempt gave ("read", "PermissionError" or another exception's name) as JSON.
PROBE = """
import json, os
def attempt(path, how):
    try:
        os.listdir(path) if how == "list" else open(path, "rb").read(1)
        return "read"
    except PermissionError:
        return "PermissionError"
    except Exception as exc:
        return type(exc).__name__
print(json.dumps({name: attempt(path, how) for name, (path, how) in TARGETS.items()}))
"""

ASSIGNMENT = "lpcp-assessment"
SERVER_START_TIMEOUT = 120.0
KERNEL_TIMEOUT = 120.0
#: every kernel client made here and not closed yet: `close_clients` closes them when the hub
#: stops. One left to the garbage collector destroys its zmq context at some later moment, in
#: the middle of another test, and Context.term can wait forever on sockets that jupyter_core's
#: runner thread used (seen as a hang in test_layout, long after the hub tests).
OPEN_CLIENTS: list[BlockingKernelClient] = []


def close_clients() -> None:
    """Close every kernel client still open, in this (the main) thread."""
    while OPEN_CLIENTS:
        OPEN_CLIENTS.pop().stop_channels()


class HubUser:
    """One user's browser-less session on the hub."""

    def __init__(self, hub: HubServer, name: str):
        self.hub, self.name = hub, name
        self.session = requests.Session()
        self.landed = ""  # the page the last login ended on
        self.kernels: list[BlockingKernelClient] = []

    def login(self, password: str | None = None) -> int:
        """Post the login form; the HTTP status (200 after a good login, 403 after a bad one)."""
        self.session.get(f"{self.hub.url}hub/login", timeout=30)
        form = {"username": self.name, "password": self.hub.passwords[self.name]
                if password is None else password, "_xsrf": self.session.cookies.get("_xsrf")}
        response = self.session.post(f"{self.hub.url}hub/login", data=form, timeout=SERVER_START_TIMEOUT)
        self.landed, self.page = response.url, response.text
        return response.status_code

    def hub_xsrf(self) -> str:
        """The hub's own _xsrf cookie (a user's server sets another, for its own path)."""
        return next(c.value for c in self.session.cookies if c.name == "_xsrf" and c.path == "/hub/")

    def change_password(self, current: str, new: str) -> requests.Response:
        """Post the hub's change-password form."""
        form = {"current": current, "new": new, "_xsrf": self.hub_xsrf()}
        return self.session.post(f"{self.hub.url}hub/change-password", data=form, timeout=60)

    def wait_for_server(self) -> None:
        """Wait until the user's server answers (the login started it)."""
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        lab = f"{self.hub.url}user/{self.name}/lab"
        while True:
            # a page, not the API: the server's OAuth round trip with the hub sets its cookie
            response = self.session.get(lab, timeout=30)
            if response.status_code == 200 and response.url.startswith(lab):
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}'s server did not start: {response.status_code}")
            time.sleep(0.5)  # polling a real condition: the server answering

    def run(self, code: str) -> str:
        """Run code in a new kernel of the user's server; what it printed."""
        base = f"{self.hub.url}user/{self.name}/"
        self.session.get(f"{base}lab", timeout=60)  # sets the server's _xsrf cookie
        xsrf = next(c.value for c in self.session.cookies
                    if c.name == "_xsrf" and c.path.startswith(f"/user/{self.name}"))
        made = self.session.post(f"{base}api/kernels", json={"name": "python3"},
                                 headers={"X-XSRFToken": xsrf}, timeout=60)
        made.raise_for_status()
        runtime = self.hub.home(self.name) / ".local" / "share" / "jupyter" / "runtime"
        connection = runtime / f"kernel-{made.json()['id']}.json"
        deadline = time.monotonic() + KERNEL_TIMEOUT
        while not connection.exists():
            if time.monotonic() > deadline:
                raise TimeoutError(f"no connection file {connection}")
            time.sleep(0.2)  # the kernel writing its connection file
        client = BlockingKernelClient(connection_file=str(connection))
        client.load_connection_file()
        # no heartbeat channel: under load its first beats come late and it declares the kernel
        # dead; kernel_info (wait_for_ready) is the real sign of life
        client.start_channels(hb=False)
        self.kernels.append(client)
        OPEN_CLIENTS.append(client)
        client.wait_for_ready(timeout=KERNEL_TIMEOUT)
        printed: list[str] = []

        def collect(message: dict) -> None:
            if message["msg_type"] == "stream":
                printed.append(message["content"]["text"])
            elif message["msg_type"] == "error":
                printed.append("\n".join(message["content"]["traceback"]))

        client.execute_interactive(code, timeout=KERNEL_TIMEOUT, output_hook=collect)
        return "".join(printed)

    def close(self) -> None:
        """Close the kernel channels (the hub's stop ends the kernels)."""
        for client in self.kernels:
            if client in OPEN_CLIENTS:
                OPEN_CLIENTS.remove(client)
                client.stop_channels()


def server_pid(name: str) -> int:
    """The pid of the user's running single-user server (found through /proc)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if (any(part.endswith(b"jupyterhub-singleuser") for part in cmdline)
                and f"JUPYTERHUB_USER={name}".encode() in environ):
            return int(proc.name)
    raise LookupError(f"no server running for {name}")


def tutor_env(hub: HubServer) -> dict[str, str]:
    """The environment the hub gives the tutor's server (the same function computes both)."""
    settings = from_env(PROJECT, hub.env)
    return {**hub.env, "HOME": str(hub.home("tutor1")), **user_environment(settings, "tutor1")}


def as_account(name: str) -> dict:
    """subprocess options that run a command as the user's own account (when we are root)."""
    if os.geteuid() != 0:
        return {}
    entry = pwd.getpwnam(name)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": group_ids(name)}


def tutor_nbgrader(hub: HubServer, *args: str) -> subprocess.CompletedProcess:
    """Run an nbgrader command as tutor1 would in a terminal: their account, env and course."""
    return subprocess.run([str(Path(sys.executable).parent / "nbgrader"), *args],
                          cwd=hub.home("tutor1") / "course", env=tutor_env(hub),
                          capture_output=True, text=True, timeout=180, **as_account("tutor1"))


def release(hub: HubServer, assignment: str) -> None:
    """The tutor generates and releases an assignment with nbgrader's own commands."""
    for step in ("generate_assignment", "release_assignment"):
        done = tutor_nbgrader(hub, step, assignment)
        assert done.returncode == 0, done.stdout + done.stderr


def nbgrader_in_kernel(step: str, assignment: str = ASSIGNMENT) -> str:
    """Kernel code: run one nbgrader step as the Assignments tab does; prints its output, then
    `exit <code>` on the last line, in one message (the step's own output is captured, so it
    cannot arrive after the exit code)."""
    return ("import subprocess\n"
            f"done = subprocess.run(['nbgrader', {step!r}, {assignment!r}], capture_output=True, "
            "text=True)\n"
            "print(done.stdout + done.stderr + f'\\nexit {done.returncode}')\n")


def succeeded(printed: str) -> bool:
    """Whether the nbgrader step run by `nbgrader_in_kernel` exited 0."""
    return printed.strip().splitlines()[-1:] == ["exit 0"]


def sign_declaration(assignment: str = ASSIGNMENT, unit: str = "lead-person-centred-practice") -> str:
    """Kernel code: the learner signs the unit's declaration of authenticity in their store and
    runs the assessment's evidence cell (which carries it into the fetched assignment), as the
    portfolio and assessment notebooks do; without it the learner's submit is refused."""
    return (
        "import os\n"
        "from workbook.assess.notebook import show_evidence\n"
        "from workbook.learner.declaration import STATEMENTS, sign\n"
        "from workbook.learner.store import Store\n"
        f"sign(Store(), {unit!r}, 'A Learner', dict.fromkeys(STATEMENTS, True), False, '')\n"
        "here = os.getcwd()\n"
        f"os.chdir(os.path.join(os.path.expanduser('~'), {assignment!r}))\n"
        f"show_evidence({assignment!r}, {unit!r})\n"
        "os.chdir(here)\n"
        "print('signed')\n")
