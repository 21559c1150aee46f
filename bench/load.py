"""A local-hub load run: K learners log in, spawn and save quiz answers at the same time.

Each learner (one thread) logs in through the hub's login form, asks the hub's API for a token,
starts its server through the API, starts a kernel in it and, over the kernel's websocket,
builds one outcome's quiz and answers its choice questions one by one (each change is saved to
the learner's store at once, as a click would). Afterwards the store files are read back and
every written answer compared with what is on disk.
"""
from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.hub_server import HubServer, start_hub

from .kernel_ws import KernelSocket

UNIT = "lead-person-centred-practice"
OUTCOME = "LO1"
SPAWN_TIMEOUT = 180.0
_SETUP = f"""
from workbook.course.loader import load_course
from workbook.learner.store import Store
from workbook.widgets.quiz import Quiz, document_name
outcome = load_course().unit({UNIT!r}).outcome({OUTCOME!r})
quiz = Quiz("bench", document_name({UNIT!r}, {OUTCOME!r}), outcome.questions)
choices = {{q["id"]: [o["id"] for o in q["options"]] for q in quiz.questions
           if q["type"] in ("single", "truefalse")}}
print(quiz.store.path(quiz.document.name))
"""


@dataclass
class LearnerRun:
    """What one learner did and how long it took."""

    name: str
    spawn: float = 0.0
    saves: list[float] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)
    store_file: str = ""
    error: str = ""


@contextmanager
def _learners_env(names: list[str]):
    """WORKBOOK_HUB_LEARNERS for the hub about to start (restored afterwards)."""
    before = os.environ.get("WORKBOOK_HUB_LEARNERS")
    os.environ["WORKBOOK_HUB_LEARNERS"] = " ".join(names)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("WORKBOOK_HUB_LEARNERS", None)
        else:
            os.environ["WORKBOOK_HUB_LEARNERS"] = before


def _login_token(hub: HubServer, name: str) -> str:
    """Log in through the form (own password) and create an API token for the learner."""
    web = requests.Session()
    web.get(f"{hub.url}hub/login", timeout=60).raise_for_status()
    xsrf = web.cookies.get("_xsrf", "")
    answer = web.post(f"{hub.url}hub/login", allow_redirects=False, timeout=60,
                      data={"username": name, "password": hub.passwords[name], "_xsrf": xsrf})
    if answer.status_code != 302:
        raise RuntimeError(f"login of {name} answered {answer.status_code}")
    xsrf = web.cookies.get("_xsrf", "")  # logging in sets a new one, bound to the session
    made = web.post(f"{hub.url}hub/api/users/{name}/tokens", json={"note": "load bench"},
                    headers={"X-XSRFToken": xsrf}, timeout=60)
    made.raise_for_status()
    return made.json()["token"]


def _spawn(hub: HubServer, name: str, token: str) -> float:
    """Start the learner's server through the hub API; seconds until the hub says it is ready."""
    headers = {"Authorization": f"token {token}"}
    began = time.monotonic()
    requests.post(f"{hub.url}hub/api/users/{name}/server", headers=headers,
                  timeout=SPAWN_TIMEOUT).raise_for_status()
    while True:
        user = requests.get(f"{hub.url}hub/api/users/{name}", headers=headers, timeout=60).json()
        server = user.get("servers", {}).get("")
        if server and server.get("ready"):
            return time.monotonic() - began
        if not server or time.monotonic() - began > SPAWN_TIMEOUT:
            raise RuntimeError(f"the server of {name} did not become ready: {user}")
        # polling interval while waiting on a real condition (the hub reporting the server ready)
        time.sleep(0.2)


def _learner(hub: HubServer, run: LearnerRun, number: int, start: threading.Barrier) -> None:
    """One learner's whole flow; any failure is kept in `run.error`."""
    start.wait()
    try:
        token = _login_token(hub, run.name)
        run.spawn = _spawn(hub, run.name, token)
        kernel = KernelSocket.start(f"{hub.url}user/{run.name}/", token)
        run.store_file = kernel.execute(_SETUP).strip()
        options = json.loads(kernel.execute(
            "import json; print(json.dumps(choices))"))
        for index, (question, ids) in enumerate(sorted(options.items())):
            answer = ids[(number + index) % len(ids)]
            began = time.monotonic()
            kernel.execute(f"quiz.answer({question!r}, {answer!r})")
            run.saves.append(time.monotonic() - began)
            run.written[question] = answer
        kernel.close()
    except Exception as exc:  # noqa: BLE001  (a failed learner is a figure, not a crash)
        run.error = f"{exc.__class__.__name__}: {exc}"


def lost_answers(written: dict[str, str], store_file: Path) -> int:
    """How many written answers are not what the learner's store file holds."""
    try:
        saved = json.loads(store_file.read_text(encoding="utf-8"))["data"].get("answers", {})
    except (OSError, ValueError, KeyError):
        return len(written)
    return sum(1 for q, a in written.items() if (saved.get(q) or {}).get("answer") != a)


@dataclass
class LoadResult:
    """Figures of one load run with K learners."""

    learners: int
    spawns: list[float]
    saves: list[float]
    written: int
    lost: int
    errors: list[str]


def load_run(learners: int) -> LoadResult:
    """Start a fresh hub for `learners` learners, run them all at once, check their stores."""
    names = [f"load{n:03d}" for n in range(1, learners + 1)]
    runs = [LearnerRun(name) for name in names]
    with tempfile.TemporaryDirectory() as work, _learners_env(names):
        hub = start_hub(Path(work))
        try:
            start = threading.Barrier(learners)
            threads = [threading.Thread(target=_learner, args=(hub, run, n, start))
                       for n, run in enumerate(runs)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            lost = 0
            for run in runs:
                expected = hub.home(run.name) / ".workbook" / f"quiz-{UNIT}-{OUTCOME.lower()}.json"
                if run.store_file and Path(run.store_file) != expected:
                    run.error = run.error or f"store at {run.store_file}, not in the home"
                lost += lost_answers(run.written, expected)
        finally:
            hub.stop()
    return LoadResult(learners, [r.spawn for r in runs if r.spawn],
                      [s for r in runs for s in r.saves], sum(len(r.written) for r in runs),
                      lost, [f"{r.name}: {r.error}" for r in runs if r.error])
