"""The portfolio page's Assessment section: fetch the unit's assessment, open it, submit it, and
get and read the tutor's feedback.

    from workbook.widgets.submission import AssessmentSubmit
    AssessmentSubmit("lead-person-centred-practice")

A learner who never opens JupyterLab still gets their assessment and hands it in: the section
says where it stands (not released yet, ready to fetch, fetched, submitted), fetches it, links
to its page and submits it; once the tutor returns feedback it fetches that too and links to the
feedback page (served by Jupyter's file handler, which sandboxes HTML). The exchange work is `workbook.assess.learner_exchange`: the same
configured nbgrader steps as the Assignments tab, so an unsigned declaration is refused with
the gate's own sentence. Where the server has no exchange for learners (`make lab`), the section
says so and offers nothing to press.
"""
from __future__ import annotations

import asyncio
import html
import os
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from workbook.assess import learner_exchange
from workbook.assess.learner_exchange import AssessmentState
from workbook.learner.store import Store
from workbook.widgets.base import note_html
from workbook.widgets.controls import SummarisedBox, hider, widgets
from workbook.widgets.guided import form_style, wide_button

__all__ = ["AssessmentSubmit", "feedback_link", "page_links"]

SAYS = {
    "not-released": "Your tutor has not released this unit's assessment yet.",
    "released": "Your assessment is released: fetch it to start.",
    "fetched": "Your assessment is ready. Open it, answer every part, then submit it here.",
    "submitted": "✔ Submitted. You can submit again until the deadline: your tutor marks "
                 "the last one.",
}
#: added to the status when the tutor has returned feedback on the last submission
FEEDBACK_SAYS = {
    "ready": " Your tutor has returned feedback: press Get your feedback.",
    "fetched": " Your tutor's feedback is here.",
}


def page_links(notebook: Path, root: Path, here: Path, base_url: str | None) -> str:
    """Links to the assessment as a page (Voilà, relative to this page's folder `here`) and in
    JupyterLab (for those who prefer it), as HTML."""
    page = quote(Path(os.path.relpath(notebook, here)).as_posix())
    links = f'<a class="wb-go" href="{page}">Open your assessment</a>'
    if base_url:
        lab = f"{base_url.rstrip('/')}/lab/tree/{quote(notebook.relative_to(root).as_posix())}"
        links += f' · or <a href="{html.escape(lab)}">open it in JupyterLab</a>'
    return f"<p>{links}</p>"


def feedback_link(page: Path, root: Path, base_url: str | None) -> str:
    """A link to the fetched feedback page through the server's file handler, as HTML (where
    the server's address is unknown, where the page is)."""
    where = page.relative_to(root).as_posix()
    if not base_url:
        return f"<p>Your tutor's feedback is in your folder: {html.escape(where)}</p>"
    href = f"{base_url.rstrip('/')}/files/{quote(where)}"
    return (f'<p><a class="wb-go" href="{html.escape(href)}" target="_blank" rel="noopener">'
            "Read your tutor's feedback</a> (opens in a new tab)</p>")


def _after_this_cell(task: Callable[[], None]) -> None:
    """Run `task` once the running cell has finished (in a kernel), or now (anywhere else, even
    where some other event loop happens to be running)."""
    ipython = sys.modules.get("IPython")
    in_kernel = ipython is not None and getattr(ipython.get_ipython(), "kernel", None) is not None
    try:
        loop = asyncio.get_running_loop() if in_kernel else None
    except RuntimeError:
        loop = None
    if loop is None:
        task()
    else:
        loop.call_soon(task)


class AssessmentSubmit(SummarisedBox):
    """Where the unit's assessment stands, with Fetch and Submit."""

    def __init__(self, unit_slug: str, root: Path | None = None, store: Store | None = None):
        self.unit, self.root, self.store = unit_slug, root or Path.home(), store
        self.state: AssessmentState | None = None
        self.status = widgets.HTML()
        self.links = widgets.HTML()
        self.message = widgets.HTML()
        self.fetch_button = wide_button("Fetch the assessment", button_style="primary",
                                        tooltip="Copy the released assessment into your folder")
        self.submit_button = wide_button("Submit assessment", button_style="primary",
                                         tooltip="Hand your assessment in to your tutor")
        self.feedback_button = wide_button("Get your feedback", button_style="primary",
                                           tooltip="Copy your tutor's feedback into your folder")
        self.fetch_button.on_click(lambda _: self.fetch())
        self.submit_button.on_click(lambda _: self.submit())
        self.feedback_button.on_click(lambda _: self.get_feedback())
        super().__init__([hider(), form_style(), self.status, self.links,
                          widgets.HBox([self.fetch_button, self.submit_button,
                                        self.feedback_button]), self.message])
        self.add_class("workbook-submission")
        self.add_class("wb-form-wrap")
        for button in (self.fetch_button, self.submit_button, self.feedback_button):
            button.layout.display = "none"
        self.status.value = note_html("Looking for your assessment…")
        # nbgrader takes about a second to import: the page shows first, then where it stands
        _after_this_cell(self.refresh)

    def refresh(self) -> None:
        """Read where the assessment stands and show it, with only the buttons that apply."""
        try:
            self.state = learner_exchange.assessment_state(self.unit, self.root)
        except Exception as error:  # the exchange unreadable: say so, offer nothing to press
            self.state = None
            self.status.value = note_html("The assessment list cannot be read just now "
                                          f"({html.escape(str(error)[:200])}). Ask your tutor.",
                                          "wrong", "alert")
        else:
            if self.state is None:
                text = ("No assessment of this unit to fetch here: your tutor releases "
                        "assessments on the course hub.")
            else:
                text = SAYS[self.state.status] + FEEDBACK_SAYS.get(self.state.feedback, "")
            self.status.value = note_html(html.escape(text),
                                          "correct" if text.startswith("✔") else "note")
        status = self.state.status if self.state else ""
        self.fetch_button.layout.display = None if status == "released" else "none"
        self.submit_button.layout.display = (None if status in ("fetched", "submitted")
                                             else "none")
        self.feedback_button.layout.display = (None if self.state and self.state.feedback == "ready"
                                               else "none")
        notebook = self.state.notebook if self.state else None
        feedback = self.state.feedback_page if self.state else None
        base_url = os.environ.get("VOILA_BASE_URL")
        self.links.value = ((page_links(notebook, self.root, Path.cwd(), base_url)
                             if notebook is not None else "")
                            + (feedback_link(feedback, self.root, base_url)
                               if feedback is not None else ""))

    def fetch(self) -> bool:
        """Fetch the released assessment; True when it is here."""
        return self._act(lambda state: learner_exchange.fetch(state.assignment, self.root),
                         "✔ Fetched: your assessment is in your folder.", "status")

    def get_feedback(self) -> bool:
        """Fetch the tutor's returned feedback; True when it is here."""
        return self._act(lambda state: learner_exchange.fetch_feedback(state.assignment,
                                                                       self.root),
                         "✔ Your tutor's feedback is here: read it with the link above.")

    def submit(self) -> bool:
        """Submit the fetched assessment (the declaration gate decides); True when submitted."""
        return self._act(lambda state: learner_exchange.submit(state.assignment, self.unit,
                                                               self.root, self.store),
                         "✔ Your assessment is submitted to your tutor.")

    def _act(self, step: Callable[[AssessmentState], str | None], done: str,
             role: str = "alert") -> bool:
        """One exchange step, then where the assessment stands and what happened; whether it
        worked."""
        if self.state is None:
            return False
        problem = step(self.state)
        self.refresh()
        self.message.value = (note_html(f"⚠ {html.escape(problem)}", "wrong", "alert") if problem
                              else note_html(done, "correct", role))
        return problem is None

    def static_html(self) -> str:
        """The section as an HTML export shows it: where the assessment stands."""
        status = SAYS.get(self.state.status, "") if self.state else "No assessment here."
        return f"<h4>Assessment</h4><p>{html.escape(status)}</p>"
