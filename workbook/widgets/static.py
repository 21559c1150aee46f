"""Static renderings of what a learner entered, for nbconvert, formgrader and GitHub.

Widgets only render where a live kernel (or saved widget state plus JavaScript) is present.
Next to each widget we display a plain output that holds what the learner entered: quizzes and
flashcards keep it as a `StaticSummary` updated in place on every save, portfolio widgets
(`Summarised`) write theirs when displayed. Inside JupyterLab the live widget hides every
such copy with one style rule, so learners see each thing once; where the widget is not drawn
(an HTML export, a reloaded page without a kernel) the rule is absent and the copy shows.
"""
from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from IPython.display import HTML, display

from workbook import scoring
from workbook.course.model import Question
from workbook.widgets.base import describe_answer

#: the class of every static copy.
STATIC_CLASS = "workbook-static-summary"
#: put inside a live widget: hides the static copies wherever widgets render.
HIDE_STATIC_IN_LAB = f"<style>.{STATIC_CLASS} {{ display: none; }}</style>"
#: a plain heading tag (`<h3>`), which JupyterLab's table of contents would list
_HEADING = re.compile(r"<h([1-6])>")


def toc_skipped(markup: str) -> str:
    """The markup with its plain headings marked `tocSkip`, which JupyterLab's table of contents
    leaves out: a hidden copy adds no entries, and drawing it does not redo every heading's
    numbering in the notebook 200 ms later (a change the learner would wait for)."""
    return _HEADING.sub(r'<h\1 class="tocSkip">', markup)


class StaticSummary:
    """A display output that can be shown once and updated in place afterwards."""

    def __init__(self, bundle: dict[str, str]):
        self.bundle = _skipped(bundle)
        self._handle = None

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return self.bundle

    def display(self) -> None:
        """Show the summary as its own output, remembering it for later updates."""
        self._handle = display(self, display_id=True)

    def update(self, bundle: dict[str, str]) -> None:
        """Replace the summary's content (and the shown output, if it was displayed)."""
        self.bundle = _skipped(bundle)
        if self._handle is not None:
            self._handle.update(self)


class Summarised:
    """A widget whose display adds a static HTML summary (override `static_html`)."""

    def static_html(self) -> str:
        """The summary nbconvert shows in place of the widget."""
        raise NotImplementedError

    if TYPE_CHECKING:  # given by the widget class it is mixed into (comes after it in the MRO)
        def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any: ...

    def _ipython_display_(self) -> None:
        bundle = self._repr_mimebundle_()  # some widgets give (data, metadata)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        display(data, metadata=metadata, raw=True)
        display(HTML(self.static_copy()))

    def static_copy(self) -> str:
        """The summary as displayed: hidden in the lab, its headings out of the contents."""
        return f'<div class="{STATIC_CLASS}">{toc_skipped(self.static_html())}</div>'


def _skipped(bundle: dict[str, str]) -> dict[str, str]:
    """A bundle whose HTML headings stay out of the table of contents."""
    return {mime: toc_skipped(data) if mime == "text/html" else data
            for mime, data in bundle.items()}


def result_text(question: Question, entry: dict) -> str:
    """'✔ Correct', '✘ Not quite', '◐ Partly right (50%)' or 'not checked yet'."""
    if entry.get("attempts", 0) == 0:
        return "not checked yet"
    fraction = scoring.score(question, entry.get("answer"))
    if fraction == 1:
        return "✔ Correct"
    return "✘ Not quite" if fraction == 0 else f"◐ Partly right ({round(fraction * 100)}%)"


def quiz_summary(title: str, questions: tuple[Question, ...],
                 entries: dict[str, Any]) -> dict[str, str]:
    """text/html and text/plain of a quiz's saved answers, each one's result and the score."""
    rows, lines = [], [title]
    earned = 0.0
    for number, question in enumerate(questions, 1):
        found = entries.get(question.id)
        entry: dict[str, Any] = found if isinstance(found, dict) else {}
        answer = entry.get("answer")
        shown = describe_answer(question, answer)
        result = result_text(question, entry)
        if entry.get("attempts", 0) > 0:
            earned += scoring.points(question, answer)
        rows.append(f"<tr><td>{number}</td><td>{html.escape(question.stem)}</td><td>{shown}</td>"
                    f"<td>{result}</td></tr>")
        plain = html.unescape(shown.replace("<i>", "").replace("</i>", ""))
        lines.append(f"{number}. {question.stem}\n   Answer: {plain} ({result})")
    total = sum(q.points for q in questions)
    footer = f"Score: {scoring.shown_points(earned)} of {scoring.shown_points(total)} points."
    lines.append(footer)
    head = "<th>#</th><th>Question</th><th>Your answer</th><th>Result</th>"
    table = (f'<div class="{STATIC_CLASS}"><h3>{html.escape(title)}: your answers</h3>'
             f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
             f"<p><b>{footer}</b></p></div>")
    return {"text/html": table, "text/plain": "\n".join(lines)}
