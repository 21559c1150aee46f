"""The tutor's decisions view for one unit: learners × criteria, the evidence behind each, and a
decision in a few keystrokes (choose learner and criterion, tick evidence, met or not yet met,
feedback, Record). Every control has a label and is reached with Tab; the view keeps arrow and
letter keys for its own controls instead of JupyterLab's notebook shortcuts.

An IQA (role `iqa`) sees the same view with agree/disagree in place of the decision controls,
for decisions in a sampling plan; the decisions themselves stay the assessor's.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from IPython.display import display

from workbook.course.loader import load_course
from workbook.decisions import iqa, record
from workbook.decisions.standing import LearnerStanding, ignored_records, unit_standing
from workbook.decisions.submissions import Submission, submissions
from workbook.errors import WorkbookError
from workbook.settings import acting_user, settings
from workbook.widgets.base import note_html
from workbook.widgets.controls import SummarisedBox, hider, widgets

#: keys the view's own controls use; JupyterLab would otherwise take them as notebook commands.
_KEEP_KEYS_JS = """
(() => {
  if (window.workbookDecisionKeys) { return; }
  window.workbookDecisionKeys = true;
  const keep = event => {
    if (event.key !== 'Tab' && event.key !== 'Escape'
        && event.target.matches('input, select, textarea, button')) {
      event.stopPropagation();
    }
  };
  const attach = () => document.querySelectorAll('.workbook-decisions').forEach(node => {
    if (!node.dataset.workbookKeys) {
      node.dataset.workbookKeys = 'kept';
      node.addEventListener('keydown', keep);
    }
  });
  attach();
  new MutationObserver(attach).observe(document.body, {childList: true, subtree: true});
})();
"""
SYMBOLS = {record.MET: "✔ met", record.NOT_YET_MET: "✘ not yet met"}
WIDE = widgets.Layout(width="95%")
GRID_CSS = (".wb-decisions-grid { border-collapse: collapse; margin-bottom: 1em; } "
            ".wb-decisions-grid th, .wb-decisions-grid td { border: 1px solid #767676; "
            "padding: 2px 6px; text-align: left; vertical-align: top; }")
LABEL = {"description_width": "initial"}


def who() -> str:
    """The person using the view: the hub user, else the account's name."""
    return acting_user()


def grid_html(standings: list[LearnerStanding], found: dict[str, Submission], criteria: list[str]) -> str:
    """Learners × criteria: each decision in force (or none), IQA state, evidence mapped."""
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in criteria)
    rows = []
    for learner in standings:
        submission = found.get(learner.learner)
        cells = []
        for s in learner.criteria:
            items = sum(1 for i in submission.items if s.criterion in i.criteria) if submission else 0
            said = SYMBOLS[s.decision.outcome] if s.decision else "· no decision"
            if s.reopened:
                said = f"⚠ reopened ({said})"
            cells.append(f"<td>{said}<br><small>{items} item(s); IQA {html.escape(s.iqa)}</small></td>")
        rows.append(f'<tr><th scope="row">{html.escape(learner.learner)}<br><small>declaration '
                    f'{html.escape(learner.declaration)}</small></th>{"".join(cells)}</tr>')
    return (f"<style>{GRID_CSS}</style>"
            '<table class="wb-decisions-grid"><caption>Decision in force per learner and criterion'
            f'</caption><thead><tr><th scope="col">learner</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


class DecisionsView(SummarisedBox):
    """Record decisions on a unit's criteria, seeing the submitted evidence behind each."""

    def __init__(self, unit_slug: str, course_root: Path | str | None = None,
                 records: Path | str | None = None,
                 written: Callable[[Submission, str], str] | None = None):
        # written(submission, criterion): the learner's written answer as inert HTML (the
        # assessor's page passes workbook.tutor's renderer; widgets may not import it)
        self.written = written
        self.unit = load_course().unit(unit_slug)
        self.root = Path(course_root) if course_root else settings().course_root
        # decisions and IQA journals: the hub's shared records folder, else the course folder
        self.records = Path(records) if records else settings().records_folder(self.root)
        self.role = settings().role
        self.criteria = [c.id for c in self.unit.criteria]
        self.grid = widgets.HTML()
        self.learner = widgets.Dropdown(description="Learner", options=[], style=LABEL)
        self.criterion = widgets.Dropdown(
            description="Criterion", style=LABEL, layout=WIDE,
            options=[(f"{c.id} {c.text[:90]}", c.id) for c in self.unit.criteria])
        self.behind = widgets.HTML()
        self.evidence = widgets.VBox()
        # nothing is chosen until the assessor (or IQA) chooses: a default would be a decision
        self.outcome = widgets.RadioButtons(description="Decision", options=list(record.OUTCOMES),
                                            value=None, style=LABEL)
        self.agree = widgets.RadioButtons(description="IQA verdict", options=["agree", "disagree"],
                                          value=None, style=LABEL)
        # typed text goes to the kernel once, when the field is left: sent key by key, a fast
        # typist's last characters could still be on their way when Record is pressed
        self.feedback = widgets.Textarea(description="Feedback", style=LABEL, layout=WIDE,
                                         continuous_update=False)
        self.name = widgets.Text(value=who(), description="Your name", style=LABEL,
                                 continuous_update=False)
        self.record_button = widgets.Button(
            description="Record verdict" if self.role == iqa.IQA_ROLE else "Record decision",
            button_style="primary")
        self.message = widgets.HTML()
        self.found: dict[str, Submission] = {}
        self.standings: dict[str, LearnerStanding] = {}
        self.boxes: list[tuple[str, widgets.Checkbox]] = []
        self.learner.observe(lambda _: self.show(), names="value")
        self.criterion.observe(lambda _: self.show(), names="value")
        self.record_button.on_click(lambda _: self.record())
        for choice in (self.outcome, self.agree, self.feedback):
            choice.observe(lambda _: self._ready_again(), names="value")
        judge = [self.agree] if self.role == iqa.IQA_ROLE else [self.evidence, self.outcome]
        super().__init__([hider(), self.grid, self.learner, self.criterion, self.behind, *judge,
                          self.feedback, self.name, self.record_button, self.message])
        self.add_class("workbook-decisions")
        self.reload()

    def reload(self) -> None:
        """Re-read submissions, decisions and IQA verdicts."""
        try:
            # an IQA cannot read the tutors' course folder: they judge what the decision recorded
            skipped: list[str] = []  # learners whose files cannot be used: named, left out
            self.found = {} if self.role == iqa.IQA_ROLE else submissions(self.root, self.unit.slug,
                                                                           skipped)
            standings = unit_standing(self.records, self.unit, self.found)
            if ignored := [*ignored_records(self.records, self.unit.slug), *skipped]:
                self.message.value = note_html("⚠ " + html.escape("; ".join(ignored)), "wrong", "alert")
        except WorkbookError as exc:  # no assignment built yet, or a damaged journal: say which
            self.found, standings = {}, []
            self.message.value = note_html(f"⚠ {html.escape(str(exc))}", "wrong", "alert")
        self.standings = {s.learner: s for s in standings}
        self.grid.value = grid_html(standings, self.found, self.criteria)
        names = [s.learner for s in standings]
        if list(self.learner.options) != names:
            chosen = self.learner.value if self.learner.value in names else (names[0] if names else None)
            self.learner.options = names
            self.learner.value = chosen
        self.show()

    def show(self) -> None:
        """The evidence behind the chosen learner's criterion, with its history and IQA state."""
        submission = self.found.get(self.learner.value)
        criterion = self.criterion.value
        if self.role == iqa.IQA_ROLE:
            self.show_recorded()
            return
        if submission is None:
            self.behind.value = "<p>No submission to judge yet: collect the assignment first.</p>"
            self.boxes, self.evidence.children = [], ()
            return
        decisions = [d for d in record.history(self.records, self.unit.slug)
                     if (d.learner, d.criterion) == (submission.learner, criterion)]
        chosen = set(decisions[-1].evidence) if decisions else \
            {i.id for i in submission.items if criterion in i.criteria}
        self.boxes = [(i.id, widgets.Checkbox(
            value=i.id in chosen, indent=False, layout=WIDE,
            description=f"{i.id}: {i.title} ({i.type}, {i.date})"
                        f"{' · mapped here' if criterion in i.criteria else ''}"))
            for i in submission.items]
        self.evidence.children = [box for _, box in self.boxes]
        items = "".join(f"<li><strong>{html.escape(i.id)}</strong> {html.escape(i.title)} "
                        f"({html.escape(i.type)}, {html.escape(i.date)}): {html.escape(i.description)}</li>"
                        for i in submission.items if criterion in i.criteria) or "<li>none mapped</li>"
        past = "".join(f"<li>{html.escape(d.at)}: {html.escape(d.outcome)} by {html.escape(d.assessor)} on "
                       f"{html.escape(' '.join(d.evidence) or '-')}: {html.escape(d.feedback)}</li>"
                       for d in decisions) or "<li>no decision yet</li>"
        signed = html.escape(submission.declaration.summary() if submission.declaration else "not signed")
        answer = self.written(submission, criterion) if self.written else ""
        self.behind.value = (self.iqa_note(submission.learner, criterion)
                             + f"<p>Declaration: <strong>{signed}</strong></p>"
                             f"<p>Evidence mapped to {html.escape(criterion)}:</p><ul>{items}</ul>"
                             + (f"<p>Written answer:</p>{answer}" if self.written else "")
                             + f"<p>History:</p><ol>{past}</ol>")

    def iqa_note(self, learner: str, criterion: str) -> str:
        """The IQA's comment on the decision in force, first, when they disagreed with it."""
        standing = self.standings.get(learner)
        found = next((s for s in standing.criteria if s.criterion == criterion), None) \
            if standing else None
        if found is None or found.verdict is None:
            return ""
        said = "disagreed: decision reopened" if found.reopened else "agreed"
        comment = html.escape(found.verdict.comment or "no comment")
        return note_html(f"IQA {html.escape(found.verdict.iqa)} {said} ({html.escape(found.verdict.at)}): "
                         f"{comment}", "wrong" if found.reopened else "note")

    def show_recorded(self) -> None:
        """For an IQA: the decisions on the chosen learner's criterion, with the evidence and
        declaration each recorded."""
        decisions = [d for d in record.history(self.records, self.unit.slug)
                     if (d.learner, d.criterion) == (self.learner.value, self.criterion.value)]
        past = "".join(
            f"<li>{html.escape(d.at)}: {html.escape(d.outcome)} by {html.escape(d.assessor)}: "
            f"{html.escape(d.feedback)}<br>declaration: {html.escape(d.declaration or '-')}<ul>"
            + "".join(f"<li><strong>{html.escape(i)}</strong> {html.escape(title)} "
                      f"({html.escape(kind)}, {html.escape(date)}): {html.escape(text)}</li>"
                      for i, kind, title, date, text in d.items)
            + "</ul></li>" for d in decisions) or "<li>no decision yet</li>"
        self.behind.value = f"<p>Decisions and the evidence they rest on:</p><ol>{past}</ol>"

    def record(self) -> bool:
        """Record the decision (or, for an IQA, the verdict); say what happened."""
        submission = self.found.get(self.learner.value)
        choice = self.agree.value if self.role == iqa.IQA_ROLE else self.outcome.value
        if choice is None:
            wanted = "agree or disagree" if self.role == iqa.IQA_ROLE else "met or not yet met"
            self.message.value = note_html(f"⚠ Not recorded: choose {wanted} first.", "wrong", "alert")
            return False
        try:
            if self.role == iqa.IQA_ROLE:
                verdict = iqa.record_verdict(self.records, self.unit.slug, self.learner.value or "",
                                             self.criterion.value, self.agree.value == "agree",
                                             self.feedback.value, self.name.value, self.role)
                said = f"{verdict.id}: you {self.agree.value} with {verdict.learner} {verdict.criterion}"
            else:
                chosen = tuple(item for item, box in self.boxes if box.value)
                decision = record.record_decision(self.records, self.unit, submission, self.criterion.value,
                                                  self.outcome.value, chosen, self.feedback.value,
                                                  self.name.value, self.role)
                said = (f"{decision.id}: {decision.learner} {decision.criterion} {decision.outcome}, "
                        f"recorded by {decision.assessor} at {decision.at}")
        except WorkbookError as exc:
            self.message.value = note_html(f"⚠ Not recorded: {html.escape(exc.message)}", "wrong", "alert")
            return False
        self.feedback.value = ""
        self.outcome.value = self.agree.value = None   # the next decision starts unchosen
        self.reload()
        self.message.value = note_html(f"✔ Recorded {html.escape(said)}.", "correct")
        return True

    def _ready_again(self) -> None:
        """A refusal stays only until the assessor changes what it was about."""
        if "Not recorded" in self.message.value:
            self.message.value = note_html(
                f"Press “{html.escape(self.record_button.description)}” when ready.")

    def static_html(self) -> str:
        """The grid, for a notebook rendered without widgets."""
        return self.grid.value

    def _ipython_display_(self) -> None:
        display({"application/javascript": _KEEP_KEYS_JS, "text/plain": ""}, raw=True)
        super()._ipython_display_()
