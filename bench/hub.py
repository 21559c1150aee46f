"""`python -m bench.hub`: course hub figures: hub start, learner spawn, learner quiz flow.

Starts a real hub on free ports with a fresh data folder (as the end-to-end tests do), logs a
learner in with headless Chromium, runs an outcome notebook and answers one question.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PAGE_TIMEOUT_MS, wait_idle
from tests.hub_server import start_hub
from tests.test_hub_e2e import run_all
from workbook import load_course

from .figures import table

UNIT = "lead-person-centred-practice"


def hub_figures() -> list[tuple[str, str, str]]:
    """Measure once: table rows for hub start, login + spawn, and the learner's quiz flow."""
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        hub = start_hub(Path(work))
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.set_default_timeout(PAGE_TIMEOUT_MS)
            page = context.new_page()
            spawn = hub.login(page, "learner1")
            notebook = next((hub.home("learner1") / "notebooks" / UNIT).glob("01-*.ipynb"))
            began = time.monotonic()
            page.goto(hub.lab_url("learner1", notebook.relative_to(hub.home("learner1")).as_posix()))
            wait_idle(page)
            run_all(page, notebook)
            number, asked = next((n, q) for n, q in enumerate(
                load_course().unit(UNIT).outcome("LO1").questions) if q.type == "single")
            question = page.locator(".workbook-question").nth(number)
            question.get_by_role("radio", name=asked.options[0].text).click()
            question.get_by_role("button", name="Check answer").click()
            question.get_by_role("alert").wait_for()
            flow = time.monotonic() - began
            browser.close()
        finally:
            hub.stop()
    return [("hub start (until it answers)", f"{hub.started_in:.1f} s", ""),
            ("browser: learner login + spawn until the course home shows", f"{spawn:.1f} s", ""),
            ("browser: open outcome, run all, answer one question", f"{flow:.1f} s", "")]


def main() -> int:
    """Measure once and print the table."""
    print(table(hub_figures()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
