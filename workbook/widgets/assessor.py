"""The assessor's page: an assessor's whole job on one page, with no terminal.

Pick an assignment; release it to learners; collect and grade it (in a process of its own, so
it goes on if the tab is closed; progress shown as it runs, and again on a page opened later); judge each learner's
criteria beside their evidence, written answers and declaration, with nothing chosen until the
assessor chooses and the IQA's comment beside a reopened decision (`DecisionsView`); release
feedback; write and open the cohort report. The page only displays and calls: grading, feedback
and the report belong to `workbook.tutor`, a later stage than widgets, which hands them in as
`AssessorActions` (`workbook.tutor.pages.assessor_page`). Whatever an action refuses or fails
at is shown as one plain sentence, never a traceback.
"""
from __future__ import annotations

import html
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from workbook.course.loader import load_course
from workbook.decisions.submissions import Submission, assessed_units
from workbook.errors import WorkbookError
from workbook.settings import settings
from workbook.widgets.base import note_html
from workbook.widgets.controls import widgets
from workbook.widgets.decisions import DecisionsView
from workbook.widgets.home import lab_link
from workbook.widgets.links import file_links

__all__ = ["FIT", "AssessorActions", "AssessorPage", "Grading", "heading", "lab_footer",
           "log_html", "one_sentence"]

log = logging.getLogger(__name__)
#: a button as wide as its words (ipywidgets' fixed width cut "Write the cohort report" short;
#: "auto" would stretch it across the page)
FIT = {"width": "max-content"}


#: seconds between two looks at a running grading job
POLL_SECONDS = 0.5


class Grading(Protocol):
    """How a grading job stands, as the page shows it (`workbook.tutor.grading_job`)."""

    @property
    def running(self) -> bool: ...
    @property
    def log(self) -> str: ...
    @property
    def text(self) -> str | None: ...
    @property
    def failed(self) -> bool: ...
    @property
    def started(self) -> str: ...
    @property
    def error(self) -> str | None: ...


@dataclass(frozen=True)
class AssessorActions:
    """What the page can do, from the tutor stage: each returns what to show."""

    #: assignment -> (problems, [] when learners can fetch it; whether it was released already)
    publish: Callable[[str], tuple[list[str], bool]]
    #: assignment -> the grading job it started (refused with WorkbookError while one runs)
    start_grading: Callable[[str], Grading]
    #: assignment -> its last grading job (None when never graded from the page)
    grading: Callable[[str], Grading | None]
    #: assignment -> problems ([] when every learner's feedback was released)
    release: Callable[[str], list[str]]
    #: () -> the cohort report's HTML file (written with its CSV files beside it)
    report: Callable[[], Path]
    #: (submission, criterion) -> the learner's written answer, rendered inert
    written: Callable[[Submission, str], str]


def one_sentence(exc: BaseException, doing: str) -> str:
    """A failure as one plain line: the workbook's own message, else what failed and why."""
    if isinstance(exc, WorkbookError):
        return exc.message.splitlines()[0] if exc.message else doing + " was refused"
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{doing} did not finish: {first or type(exc).__name__}"


def log_html(text: str) -> str:
    """Grading's progress lines, announced as they come."""
    return (f'<pre role="log" aria-live="polite" style="white-space:pre-wrap">'
            f"{html.escape(text)}</pre>") if text else ""


def heading(text: str) -> widgets.HTML:
    """A section heading of a page."""
    return widgets.HTML(f"<h2>{html.escape(text)}</h2>")


def lab_footer(tools: str = "Files, a terminal and formgrader") -> widgets.HTML:
    """Shown by Voilà (the hub's landing page): a link to the same folder in JupyterLab, where
    `tools` are; nothing in JupyterLab itself."""
    lab = lab_link()
    return widgets.HTML("" if lab is None else (
        f'<p class="wb-lab">{html.escape(tools)}: <a href="{html.escape(lab)}" '
        'target="_blank" rel="noopener">open JupyterLab</a> (in a new tab).</p>'))


class AssessorPage(widgets.VBox):
    """Grade, judge, release feedback and report for one assignment at a time."""

    def __init__(self, actions: AssessorActions, course_root: Path | str | None = None,
                 records: Path | str | None = None):
        self.actions = actions
        self.root = Path(course_root) if course_root else settings().course_root
        self.records = Path(records) if records else None
        self.units = assessed_units(self.root)
        titles = {u.slug: u.title for u in load_course().units}
        self.assignment = widgets.Dropdown(
            description="Assignment", style={"description_width": "initial"},
            layout=widgets.Layout(width="40em"),
            options=[(f"{a}: {titles.get(u, u)}", a) for a, u in self.units.items()], value=None)
        self.publish_button = widgets.Button(description="Release to learners", layout=FIT,
                                             tooltip="Generate the assessment and put it in the "
                                                     "exchange for learners to fetch")
        self.published = widgets.HTML()
        self.grade_button = widgets.Button(description="Collect and grade", button_style="primary",
                                           layout=FIT)
        self.progress = widgets.HTML()
        self.graded = widgets.HTML()
        self.judging = widgets.VBox()
        self.release_button = widgets.Button(description="Release feedback", layout=FIT)
        self.released = widgets.HTML()
        self.report_button = widgets.Button(description="Write the cohort report", layout=FIT)
        self.report_shown = widgets.HTML()
        self.view: DecisionsView | None = None
        #: the thread following a running grading job (None when none is followed)
        self.follower: threading.Thread | None = None
        self.assignment.observe(lambda _: self.choose(), names="value")
        self.publish_button.on_click(lambda _: self.publish())
        self.grade_button.on_click(lambda _: self.grade())
        self.release_button.on_click(lambda _: self.release())
        self.report_button.on_click(lambda _: self.report())
        intro = "" if self.units else note_html(
            f"No assessment in {html.escape(str(self.root / 'source'))} yet: ask whoever builds "
            "the course to run the build.", "wrong", "alert")
        super().__init__([
            widgets.HTML(intro), self.assignment,
            heading("1. Release the assessment"), self.publish_button, self.published,
            heading("2. Collect and grade"), self.grade_button, self.progress, self.graded,
            heading("3. Judge each criterion"), self.judging,
            heading("4. Release feedback"), self.release_button, self.released,
            heading("5. Cohort report"), self.report_button, self.report_shown, lab_footer()])
        self.add_class("workbook-assessor")
        self.choose()

    def _chosen(self, message: widgets.HTML) -> str | None:
        if self.assignment.value is None:
            message.value = note_html("⚠ Choose an assignment first.", "wrong", "alert")
        return self.assignment.value

    def choose(self) -> None:
        """Show the decisions view of the chosen assignment's unit."""
        self.published.value = self.graded.value = self.released.value = ""
        self.progress.value = ""
        unit = self.units.get(self.assignment.value or "")
        if unit is None:
            self.view, self.judging.children = None, (widgets.HTML(
                "<p>Choose an assignment: its learners and criteria appear here.</p>"),)
            return
        try:
            self.view = DecisionsView(unit, self.root, self.records, written=self.actions.written)
        except Exception as exc:  # a page shows a sentence, never a traceback
            log.exception("decisions view")
            self.view, self.judging.children = None, (widgets.HTML(note_html(
                "⚠ " + html.escape(one_sentence(exc, "Reading the decisions")), "wrong", "alert")),)
            return
        self.judging.children = (self.view,)
        try:
            job = self.actions.grading(self.assignment.value)
        except Exception:  # an unreadable job file: the page still judges
            log.exception("grading state")
            job = None
        if job is not None:
            self._show_job(job)
            if job.running:
                self._follow(self.assignment.value)

    def publish(self) -> bool:
        """Release the chosen assessment to learners (generated from the course's source)."""
        assignment = self._chosen(self.published)
        if assignment is None:
            return False
        self.publish_button.disabled = True
        already = False
        try:
            problems, already = self.actions.publish(assignment)
        except Exception as exc:
            log.exception("release assignment")
            problems = [one_sentence(exc, "Releasing the assessment")]
        finally:
            self.publish_button.disabled = False
        if problems:
            self.published.value = note_html(
                "⚠ Not released:<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in problems)
                + "</ul>", "wrong", "alert")
            return False
        done = "was released already (nothing changed)" if already else "released"
        self.published.value = note_html(
            f"✔ {html.escape(assignment)} {done}: learners fetch it from their unit's portfolio "
            "page.", "correct")
        return True

    def grade(self) -> bool:
        """Start collecting and grading the chosen assignment in a process of its own, and show
        its progress as it runs; False when it could not start."""
        assignment = self._chosen(self.graded)
        if assignment is None:
            return False
        self.progress.value = ""
        try:
            job = self.actions.start_grading(assignment)
        except Exception as exc:
            log.exception("grading")
            self.graded.value = note_html("⚠ " + html.escape(one_sentence(exc, "Grading")),
                                          "wrong", "alert")
            return False
        self._show_job(job)
        self._follow(assignment)
        return True

    def _follow(self, assignment: str) -> None:
        """Look at the job every POLL_SECONDS in a thread until it ends, showing each step."""
        if self.follower is not None and self.follower.is_alive():
            return
        self.grade_button.disabled = True

        def follow() -> None:
            try:
                while True:
                    job = self.actions.grading(assignment)
                    if job is None or self.assignment.value != assignment:
                        return
                    self._show_job(job)
                    if not job.running:
                        if self.view is not None:
                            self.view.reload()   # newly collected learners can be judged at once
                        return
                    time.sleep(POLL_SECONDS)
            finally:
                self.grade_button.disabled = False

        self.follower = threading.Thread(target=follow, name="grading-follower", daemon=True)
        self.follower.start()

    def _show_job(self, job: Grading) -> None:
        if self.progress.value != (shown := log_html(job.log)):
            self.progress.value = shown
        if job.running:
            said = (f"Collecting and grading (started {html.escape(job.started)}): progress shows "
                    "below. It goes on if you close this page.")
            self.graded.value = note_html(said, "note")
        elif job.error is not None:
            self.graded.value = note_html("⚠ " + html.escape(job.error), "wrong", "alert")
        else:
            said = ("⚠ Graded, with problems: see the table." if job.failed
                    else "✔ Graded every submission collected.")
            self.graded.value = (note_html(f"{said} (started {html.escape(job.started)})",
                                           "partial" if job.failed else "correct")
                                 + f'<pre style="white-space:pre-wrap">'
                                   f"{html.escape(job.text or '')}</pre>")

    def release(self) -> bool:
        """Release the chosen assignment's feedback, with the decisions, to its learners."""
        assignment = self._chosen(self.released)
        if assignment is None:
            return False
        try:
            problems = self.actions.release(assignment)
        except Exception as exc:
            log.exception("release feedback")
            self.released.value = note_html(
                "⚠ " + html.escape(one_sentence(exc, "Releasing feedback")), "wrong", "alert")
            return False
        if problems:
            self.released.value = note_html(
                "⚠ Feedback not released to everyone:<ul>"
                + "".join(f"<li>{html.escape(p)}</li>" for p in problems) + "</ul>",
                "partial", "alert")
            return False
        self.released.value = note_html(
            f"✔ Feedback on {html.escape(assignment)} released: learners get it with Get your "
            "feedback on their unit's portfolio page.", "correct")
        return True

    def report(self) -> Path | None:
        """Write the cohort report and show it, with a link to open it in its own tab."""
        try:
            page = self.actions.report()
        except Exception as exc:
            log.exception("cohort report")
            self.report_shown.value = note_html(
                "⚠ " + html.escape(one_sentence(exc, "Writing the report")), "wrong", "alert")
            return None
        text = page.read_text(encoding="utf-8")
        # the report escapes every learner text; sandboxed, it runs nothing even so
        self.report_shown.value = (
            note_html(f"✔ Report written: {file_links(page, 'text/html')}", "correct")
            + f'<iframe title="Cohort report" sandbox="" srcdoc="{html.escape(text, quote=True)}" '
              'style="width:100%;height:32em;border:1px solid #767676"></iframe>')
        return page
