"""Shared fixtures: a real JupyterLab server and a real headless Chromium page.

`lab_server` starts plain `jupyter lab` on 127.0.0.1 and a free port, with a token, a temporary
copy of `notebooks/` as its root, `WORKBOOK_STORE` pointing at a temporary folder and the
project's `jupyter/overrides.json` in effect (no news toast, kernels start without asking).
`page` is a Playwright page in Debian's Chromium; when the test fails, a screenshot is saved to
`test-artifacts/<test name>.png`.

    @pytest.mark.slow
    @pytest.mark.browser
    def test_something(lab_server, page):
        lab_server.open(page, "lead-person-centred-practice/01-....ipynb")  # waits for "Idle"
        lab_server.run_all(page)
        ...
        assert (lab_server.store / "quiz-....json").exists()

When a test needs another root folder or extra environment variables, use the
`lab_server_factory` fixture: `lab_server_factory(root=folder, env={"NAME": "value"})`.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from workbook.course.loader import course_data
from workbook.hub.settings import free_port

PROJECT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
#: how long a server may take to answer /api/status, and a page to show a condition (ms).
SERVER_START_TIMEOUT = 90.0
PAGE_TIMEOUT_MS = 60_000


@dataclass
class LabServer:
    """A running `jupyter lab`: where it is, its token, its folders and the process."""

    url: str
    token: str
    root: Path
    store: Path
    process: subprocess.Popen
    log: Path
    env: dict[str, str] = field(default_factory=dict)

    def api(self, path: str) -> dict:
        """GET a REST endpoint (e.g. "api/status") with the token; the decoded JSON."""
        request = urllib.request.Request(f"{self.url}{path}",
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def page_url(self, path: str = "") -> str:
        """The URL that shows `path` as a learner page (Voilà), token included."""
        return f"{self.url}voila/render/{path}?token={self.token}"

    def lab_url(self, path: str = "") -> str:
        """The URL that opens `path` (relative to the root folder) in JupyterLab, token included."""
        return f"{self.url}lab/tree/{path}?token={self.token}"

    def open(self, page, path: str) -> None:
        """Open a notebook in the page and wait until its kernel shows "Idle" in the status bar."""
        page.goto(self.lab_url(path))
        # the status bar must speak for this notebook before its "Idle" means anything
        page.locator(".jp-StatusBar-TextItem", has_text=Path(path).name).first.wait_for(
            timeout=PAGE_TIMEOUT_MS)
        wait_idle(page)

    def run_all(self, page) -> None:
        """Run every cell of the open notebook and wait until each code cell has run again."""
        before = page.evaluate(_LAST_COUNT_JS)
        page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        # every code cell shows a new execution count: the run happened and finished
        page.wait_for_function(_ALL_RUN_AFTER_JS, arg=before)
        wait_idle(page)

    def restart_and_run_all(self, page) -> None:
        """Restart the kernel clearing outputs (widgets vanish), then run every cell again."""
        page.locator("#jp-MainMenu").get_by_text("Kernel", exact=True).click()
        page.get_by_role("menuitem", name="Restart Kernel and Clear Outputs of All Cells…").click()
        dialog = page.locator(".jp-Dialog")
        dialog.get_by_role("button", name="Confirm Kernel Restart").click()
        dialog.wait_for(state="detached")
        page.wait_for_function(f"() => ({_LAST_COUNT_JS})() === 0")
        wait_idle(page)
        self.run_all(page)

    def stop(self) -> None:
        """Stop the server process (and its kernels) and wait for it to exit."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


# The execution counts shown in code cells' prompts ("[3]:"); 0 stands for "[ ]:".
_COUNTS_JS = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]
    .map(p => { const m = p.textContent.match(/\\[(\\d+)\\]/); return m ? Number(m[1]) : 0; })"""
_LAST_COUNT_JS = f"() => Math.max(0, ...({_COUNTS_JS})())"
# non-empty: before the notebook renders there are no prompts, and "every" of none is true
_ALL_RUN_AFTER_JS = f"(before) => {{ const c = ({_COUNTS_JS})(); return c.length > 0 && c.every(n => n > before); }}"


def wait_idle(page, timeout_ms: int = PAGE_TIMEOUT_MS) -> None:
    """Wait until the status bar reports the notebook kernel as idle, with no cell still queued."""
    page.locator(".jp-StatusBar-TextItem", has_text="| Idle").first.wait_for(timeout=timeout_ms)
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt')]"
        ".some(p => p.textContent.includes('[*]'))",
        timeout=timeout_ms,
    )


def start_lab(tmp_path: Path, root: Path | None = None, env: dict[str, str] | None = None) -> LabServer:
    """Start `jupyter lab` on a free port; root defaults to a copy of the project's notebooks."""
    if root is None:
        root = tmp_path / "lab-root"
        shutil.copytree(PROJECT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    store = tmp_path / "store"
    store.mkdir(exist_ok=True)
    home = tmp_path / "lab-home"
    # The project's lab settings, whether or not `make` copied them into the venv: a private
    # app settings folder holding what the venv has plus the project's overrides.json.
    app_settings = home / "app-settings"
    venv_settings = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    if venv_settings.is_dir():
        shutil.copytree(venv_settings, app_settings)
    app_settings.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "jupyter" / "overrides.json", app_settings / "overrides.json")
    token = os.urandom(16).hex()
    port = free_port()
    full_env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "WORKBOOK_STORE": str(store),
        # user settings and workspaces of whoever runs the tests must not leak in
        "JUPYTERLAB_SETTINGS_DIR": str(home / "user-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        # how learner pages are shown (Voilà's settings), as `make lab` gives them
        "JUPYTER_CONFIG_PATH": str(PROJECT / "jupyter"),
        **(env or {}),
    }
    args = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        f"--LabApp.app_settings_dir={app_settings}",
    ]
    if os.geteuid() == 0:
        args.append("--allow-root")
    log = tmp_path / "jupyter-lab.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(args, env=full_env, stdout=out, stderr=subprocess.STDOUT,
                                   cwd=root, start_new_session=True)
    server = LabServer(url=f"http://127.0.0.1:{port}/", token=token, root=root, store=store,
                       process=process, log=log, env=full_env)
    _wait_until_answers(server)
    return server


def _wait_until_answers(server: LabServer) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited early:\n{server.log.read_text(errors='replace')}")
        try:
            server.api("api/status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"jupyter lab did not answer in {SERVER_START_TIMEOUT}s:\n"
                                   f"{server.log.read_text(errors='replace')}") from None
            # a polling interval while waiting on a real condition (the server answering)
            time.sleep(0.2)


@pytest.fixture
def lab_server_factory(tmp_path: Path) -> Iterator[Callable[..., LabServer]]:
    """Start JupyterLab servers with `start_lab` options; every one is stopped afterwards."""
    servers: list[LabServer] = []

    def start(root: Path | None = None, env: dict[str, str] | None = None) -> LabServer:
        server = start_lab(tmp_path, root=root, env=env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def lab_server(lab_server_factory) -> LabServer:
    """A JupyterLab server over a temporary copy of notebooks/, store in a temporary folder."""
    return lab_server_factory()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's report on the test item, so fixtures can tell a failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, shared by the session's browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pages_in_contexts(browser, request, shot_prefix: str, **options) -> Iterator[Callable]:
    """For a fixture to `yield from`: a function that makes a page in a browser context of its
    own (one per user), with `options` for the context; every page of every context is saved as
    a screenshot in test-artifacts/ when the test fails."""
    contexts = []

    def make():
        context = browser.new_context(**options)
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    report = getattr(request.node, "rep_call", None)
    for n, context in enumerate(contexts):
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for m, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"{shot_prefix}-{n}-{m}.png"), full_page=True)
        context.close()


@pytest.fixture
def page(browser, request):
    """A fresh page (own context); screenshot to test-artifacts/ when the test fails."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def course_copy(tmp_path) -> Path:
    """A copy of the shipped course's YAML folder that a test may change."""
    root = tmp_path / "course"
    shutil.copytree(course_data(), root)
    return root
