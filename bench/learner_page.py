"""`python -m bench.learner_page`: how soon a learner can answer the quiz of an outcome page.

A learner opens an outcome page in Voilà and waits until the first question can be answered: the
page runs itself. The comparison is what a notebook author would otherwise hand out: a
jupyterquiz notebook with the same number of questions, opened in JupyterLab, where the learner
waits for the kernel, chooses Run All and waits for the quiz. Both are timed from the moment the
address is opened to the moment the first question's options are on screen and enabled, each run
in a fresh browser context (nothing cached) and with no kernel left from the run before. The
two sides run in turns; the figure is each side's median and their ratio.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PAGE_TIMEOUT_MS, start_lab, wait_idle
from workbook import load_course
from workbook.build.notebooks import NOTEBOOKS, notebook_files, outcome_path

from .figures import median, table
from .live import THEIRS, _shut_kernels, jupyterquiz_notebook

RUNS = 5
UNIT = "lead-person-centred-practice"
#: the first question's first option is on screen and can be chosen
_OURS_READY = ("() => { const i = document.querySelector("
               "'.workbook-question:not([hidden]) input, .workbook-question:not([hidden]) select');"
               " return !!i && !i.disabled && i.offsetParent !== null; }")
_THEIRS_READY = f"() => !!document.querySelector('{THEIRS.split(',')[0]}')"


@dataclass
class PageFigure:
    """Median times (ms) until the first question can be answered, and the question count."""

    page: str
    questions: int
    voila: list[float]
    jupyterlab: list[float]

    @property
    def ratio(self) -> float:
        """The learner page's median over the jupyterquiz notebook's in JupyterLab."""
        return median(self.voila) / median(self.jupyterlab)


def _voila_run(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    start = time.monotonic()
    page.goto(url, wait_until="commit")
    page.wait_for_function(_OURS_READY, polling=50, timeout=PAGE_TIMEOUT_MS)
    elapsed = (time.monotonic() - start) * 1000
    context.close()
    return elapsed


def _lab_run(browser, url: str, name: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    start = time.monotonic()
    page.goto(url, wait_until="commit")
    page.locator(".jp-StatusBar-TextItem", has_text=name).first.wait_for()
    wait_idle(page)
    page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(_THEIRS_READY, polling=50, timeout=PAGE_TIMEOUT_MS)
    elapsed = (time.monotonic() - start) * 1000
    context.close()
    return elapsed


def page_figures(runs: int = RUNS, outcome_id: str = "LO1") -> PageFigure:
    """Time the outcome page in Voilà and its jupyterquiz twin in JupyterLab, `runs` times each."""
    unit = load_course().unit(UNIT)
    outcome = unit.outcome(outcome_id)
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        root = Path(work) / "root"
        for rel, text in notebook_files(load_course()).items():
            path = root / rel.relative_to(NOTEBOOKS)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        page = outcome_path(unit, outcome).relative_to(NOTEBOOKS)
        twin = page.with_name(f"jupyterquiz-{page.name}")
        nbformat.write(jupyterquiz_notebook(outcome.questions), root / twin)
        server = start_lab(Path(work), root=root)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        figure = PageFigure(page.as_posix(), len(outcome.questions), [], [])
        try:
            for _ in range(runs):
                figure.voila.append(_voila_run(browser, server.page_url(page.as_posix())))
                _shut_kernels(server)
                lab = (f"{server.url}lab/workspaces/bench/tree/{twin.as_posix()}"
                       f"?reset&token={server.token}")
                figure.jupyterlab.append(_lab_run(browser, lab, twin.name))
                _shut_kernels(server)
        finally:
            browser.close()
            server.stop()
    return figure


def page_rows(figure: PageFigure) -> list[tuple[str, str, str]]:
    """One table row: the learner page against the jupyterquiz notebook in JupyterLab."""
    return [(f"learner page usable (Voilà): {figure.page} ({figure.questions} q.)",
             f"{median(figure.voila):.0f} ms",
             f"jupyterquiz in JupyterLab, open + Run All {median(figure.jupyterlab):.0f} ms "
             f"(x{figure.ratio:.2f}); runs {len(figure.voila)}")]


def main(argv: list[str] | None = None) -> int:
    """Measure and print the figure."""
    parser = argparse.ArgumentParser(prog="python -m bench.learner_page")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    print(table(page_rows(page_figures(args.runs))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
