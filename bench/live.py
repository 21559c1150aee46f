"""`python -m bench.live`: how soon an outcome notebook's widgets are live after Run All.

One JupyterLab server (as the tests' `lab_server`) and headless Chromium. For every outcome
notebook of the course, and beside it a jupyterquiz notebook with the same number of questions,
each run restarts the kernel (clearing outputs), clicks Run All and times until our outputs
have stopped changing: every question (and the deck and evidence log, where the notebook has
them) is drawn, every cell has run, the kernel is idle and the notebook's DOM has been still
for a moment. The figure is the time from the click to the last change. The two notebooks run
in turns, so a busy moment does not hit one side only; the ratio is of the medians (RUNS runs:
on a shared machine either side moves by a third from run to run).

A last cell, appended to the copies the server serves, prints the kernel's widget models and
its resident memory once everything else has run.
"""
from __future__ import annotations

import argparse
import pprint
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import requests
from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PAGE_TIMEOUT_MS, PROJECT, start_lab, wait_idle
from workbook import load_course
from workbook.course.model import Question

from .figures import median, table

#: the goal for every outcome notebook: live within this factor of jupyterquiz, fewer models
GOAL_RATIO = 2.0
GOAL_MODELS = 60
#: runs per notebook and side; each median needs enough of them to stand still
RUNS = 7
#: how long the notebook's DOM must stay unchanged before its widgets count as live (ms)
QUIET_MS = 600
#: what the appended cell prints: widget models alive in the kernel (ipywidgets' and the
#: workbook's own) and the kernel's RSS
_PROBE = """import sys as _sys
_w = _sys.modules.get('ipywidgets.widgets.widget')
_m = _sys.modules.get('workbook.widgets.model')
_rss = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:'))
print('bench-probe', len(_w._instances if _w else ()) + len(_m.MODELS if _m else ()), _rss)"""
#: selectors that must all be drawn (at least `count` of the first) before a run counts as live
OURS = ".workbook-question"
THEIRS = ".MultipleChoiceQn, .ManyChoiceQn"

# Marks the start, then records the time of every change inside the visible notebook.
_WATCH_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  window.benchStart = performance.now();
  window.benchLast = window.benchStart;
  if (window.benchObserver) { window.benchObserver.disconnect(); }
  window.benchObserver = new MutationObserver(() => { window.benchLast = performance.now(); });
  window.benchObserver.observe(panel, {subtree: true, childList: true, attributes: true,
                                       characterData: true});
}"""
# Live: enough questions drawn, other parts present, every cell run, quiet for QUIET_MS. The
# cheap test comes first: while the notebook is still changing, a poll reads nothing else (a scan
# of every output's text each 50 ms would take the page's time from the notebook it measures).
_LIVE_JS = """([selector, count, others, cells, quiet]) => {
  if (performance.now() - window.benchLast <= quiet) { return false; }
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (panel.querySelectorAll(selector).length < count) { return false; }
  if (others.some(s => !panel.querySelector(s))) { return false; }
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .map(p => p.textContent);
  if (prompts.filter(t => /\\[\\d+\\]/.test(t)).length < cells) { return false; }
  const outputs = [...panel.querySelectorAll('.jp-OutputArea-output')].map(o => o.textContent);
  return outputs.some(t => t.includes('bench-probe'));
}"""


@dataclass
class Side:
    """One notebook's runs: live times (ms), widget models and kernel RSS (KiB) per run."""

    live: list[float]
    models: list[int]
    rss: list[int]


@dataclass
class Pair:
    """An outcome notebook and the jupyterquiz notebook of the same size, measured together."""

    notebook: str
    questions: int
    ours: Side
    theirs: Side

    @property
    def ratio(self) -> float:
        """Median live time of ours over the jupyterquiz notebook's."""
        return median(self.ours.live) / median(self.theirs.live)


def jupyterquiz_question(question: Question) -> dict:
    """One of our questions as a jupyterquiz multiple-choice question (parts as options)."""
    options = list(question.options) or [o for p in question.parts for o in p.options]
    if options:
        answers = [{"answer": o.text, "correct": o.correct, "feedback": o.feedback}
                   for o in options]
    else:  # matching and ordering: their texts as options, one correct
        texts = [p.right for p in question.pairs] or list(question.steps)
        answers = [{"answer": t, "correct": i == 0, "feedback": ""} for i, t in enumerate(texts)]
    many = sum(a["correct"] for a in answers) > 1
    return {"question": question.stem, "type": "many_choice" if many else "multiple_choice",
            "answers": answers}


def jupyterquiz_notebook(questions: tuple[Question, ...]) -> nbformat.NotebookNode:
    """A notebook showing the questions with jupyterquiz, plus the probe cell."""
    data = pprint.pformat([jupyterquiz_question(q) for q in questions])
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# The same number of questions in jupyterquiz"),
        nbformat.v4.new_code_cell(f"from jupyterquiz import display_quiz\n\n"
                                  f"display_quiz({data})"),
        nbformat.v4.new_code_cell(_PROBE)])


def outcome_notebooks() -> list[tuple[Path, int]]:
    """Every outcome notebook (relative to notebooks/) with its quiz's number of questions."""
    found = []
    for unit in load_course().units:
        for number, outcome in enumerate(unit.outcomes, 1):
            path = next((PROJECT / "notebooks" / unit.slug).glob(f"{number:02d}-*.ipynb"))
            found.append((path.relative_to(PROJECT / "notebooks"), len(outcome.questions)))
    return found


def _prepare(root: Path, notebooks: list[tuple[Path, int]]) -> dict[Path, Path]:
    """Copy the notebooks under `root` with the probe appended; a jupyterquiz twin for each."""
    shutil.copytree(PROJECT / "notebooks", root,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    units = {u.slug: u for u in load_course().units}
    twins = {}
    for path, _ in notebooks:
        nb = nbformat.read(root / path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(_PROBE))
        nbformat.write(nb, root / path)
        number = int(path.name[:2])
        questions = units[path.parent.name].outcomes[number - 1].questions
        twin = path.with_name(f"jupyterquiz-{path.name}")
        nbformat.write(jupyterquiz_notebook(questions), root / twin)
        twins[path] = twin
    return twins


def _restart(page) -> None:
    """Restart the open notebook's kernel, clearing its outputs; wait until it is idle."""
    page.locator("#jp-MainMenu").get_by_text("Kernel", exact=True).click()
    page.get_by_role("menuitem", name="Restart Kernel and Clear Outputs of All Cells…").click()
    dialog = page.locator(".jp-Dialog")
    dialog.get_by_role("button", name="Confirm Kernel Restart").click()
    dialog.wait_for(state="detached")
    page.wait_for_function("() => !document.querySelector("
                           "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output')")
    wait_idle(page)


def _timed_run(page, notebook: Path, ours: bool, count: int) -> tuple[float, int, int]:
    """Run All once; (ms until live, widget models, kernel RSS KiB)."""
    cells = sum(c.cell_type == "code" for c in nbformat.read(notebook, as_version=4).cells)
    source = notebook.read_text()
    others = [s for s, used in ((".workbook-flashcards", "flashcards.show"),
                                (".workbook-evidence", "EvidenceLog")) if ours and used in source]
    page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
    item = page.get_by_role("menuitem", name="Run All Cells", exact=True)
    item.wait_for()
    page.evaluate(_WATCH_JS)
    item.click()
    page.wait_for_function(_LIVE_JS, arg=[OURS if ours else THEIRS, count, others, cells,
                                          QUIET_MS], timeout=PAGE_TIMEOUT_MS, polling=50)
    live = page.evaluate("() => window.benchLast - window.benchStart")
    outputs = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output")
    probe = re.search(r"bench-probe (\d+) (\d+)", "\n".join(outputs.all_inner_texts()))
    models, rss = probe.groups()
    wait_idle(page)
    return live, int(models), int(rss)


def live_figures(runs: int, notebooks: list[tuple[Path, int]] | None = None) -> list[Pair]:
    """Measure every outcome notebook beside its jupyterquiz twin, `runs` times each."""
    notebooks = notebooks or outcome_notebooks()
    pairs = []
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        root = Path(work) / "root"
        twins = _prepare(root, notebooks)
        server = start_lab(Path(work), root=root)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for path, count in notebooks:
                sides = {True: Side([], [], []), False: Side([], [], [])}
                pages = {}
                for ours, name in ((True, path), (False, twins[path])):
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    context.set_default_timeout(PAGE_TIMEOUT_MS)
                    pages[ours] = context.new_page()
                    # a workspace per side: each page shows its own notebook only
                    pages[ours].goto(f"{server.url}lab/workspaces/{'ours' if ours else 'theirs'}"
                                     f"/tree/{name.as_posix()}?reset&token={server.token}")
                    pages[ours].locator(".jp-StatusBar-TextItem", has_text=name.name).first \
                        .wait_for()
                    wait_idle(pages[ours])
                for _ in range(runs):
                    for ours, name in ((True, path), (False, twins[path])):
                        _restart(pages[ours])
                        live, models, rss = _timed_run(pages[ours], root / name, ours, count)
                        side = sides[ours]
                        side.live.append(live)
                        side.models.append(models)
                        side.rss.append(rss)
                for p in pages.values():
                    p.context.close()
                _shut_kernels(server)
                pairs.append(Pair(path.as_posix(), count, sides[True], sides[False]))
        finally:
            browser.close()
            server.stop()
    return pairs


def _shut_kernels(server) -> None:
    """Shut down every kernel the server runs (the next pair starts from none)."""
    headers = {"Authorization": f"token {server.token}"}
    for kernel in requests.get(f"{server.url}api/kernels", headers=headers, timeout=30).json():
        requests.delete(f"{server.url}api/kernels/{kernel['id']}", headers=headers, timeout=30)


def meets_goal(pair: Pair) -> bool:
    """Whether a notebook is live within GOAL_RATIO of jupyterquiz with < GOAL_MODELS models."""
    return pair.ratio <= GOAL_RATIO and max(pair.ours.models) < GOAL_MODELS


def live_rows(pairs: list[Pair]) -> list[tuple[str, str, str]]:
    """Table rows: one per outcome notebook, ours against the jupyterquiz notebook."""
    rows = []
    for p in pairs:
        rows.append((f"live after Run All: {p.notebook} ({p.questions} q.)",
                     f"{median(p.ours.live):.0f} ms",
                     f"jupyterquiz {median(p.theirs.live):.0f} ms (x{p.ratio:.2f}); "
                     f"{max(p.ours.models)} widget models; kernel "
                     f"{median(p.ours.rss) / 1024:.0f} MiB (jupyterquiz "
                     f"{median(p.theirs.rss) / 1024:.0f} MiB)"))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table; exit 1 when a notebook misses the goal (x2, < 60 models)."""
    parser = argparse.ArgumentParser(prog="python -m bench.live")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--first", action="store_true", help="only the first outcome notebook")
    args = parser.parse_args(argv)
    notebooks = outcome_notebooks()[:1] if args.first else None
    pairs = live_figures(args.runs, notebooks)
    print(table(live_rows(pairs)))
    return 0 if all(meets_goal(p) for p in pairs) else 1


if __name__ == "__main__":
    sys.exit(main())
