"""Child process of tests/cohort.py: generate and release, then fetch and submit per learner.

Usage: python -m tests.cohort_learners COURSE_DIR HOMES ASSIGNMENT UNIT LEARNER...
       python -m tests.cohort_learners --fetch-feedback COURSE_DIR HOMES ASSIGNMENT LEARNER...
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from workbook.assess.keys import load_key
from workbook.assess.responses import RESPONSES, document_name
from workbook.learner.declaration import STATEMENTS, sign
from workbook.learner.evidence import EvidenceItem, Observation, Witness, save_item
from workbook.learner.store import Store
from workbook.scoring import correct_answer
from workbook.tutor.gradebook import open_api

NOTEBOOK = "assessment.ipynb"
KINDS = ("good", "partial", "empty", "broken-answers", "broken-notebook",
         "cheat-key", "cheat-files", "cheat-grading", "script-writer")
#: a written answer that would act as whoever opens it, if its markup ever ran: each vector marks
#: the page and the image also asks the tutor's own server for a terminal (as a real attack would)
SCRIPT_ANSWER = """Critical review of two approaches.

<img src=x onerror="(window.pwned=window.pwned||[]).push('img');fetch('api/terminals',{method:'POST',headers:{'X-XSRFToken':(document.cookie.match(/_xsrf=([^;]*)/)||[])[1]}})">
<script>(window.pwned=window.pwned||[]).push('script')</script>
<svg onload="(window.pwned=window.pwned||[]).push('svg')"></svg>
<iframe srcdoc="<script>parent.pwned=(parent.pwned||[]).concat('iframe')</script>"></iframe>
<details open ontoggle="(window.pwned=window.pwned||[]).push('details')"></details>

[Read my references](javascript:(window.pwned=window.pwned||[]).push('link'))
"""
#: what a dishonest learner adds after the set-up cell: each cell, if it ran at autograde,
#: would write the key's answers into the saved answers and print the key, or make every
#: check pass
CHEATS = {
    "cheat-key": """
from workbook.assess.keys import load_key
from workbook.learner.store import Store
from workbook.scoring import correct_answer
stolen = load_key('{assignment}')
print(stolen)
Store('.responses').update('quiz-{assignment}', lambda d: d.setdefault('answers', {{}}).update(
    {{q: {{'answer': correct_answer(k), 'attempts': 1, 'revealed': False}} for q, k in stolen.items()}}))
""",
    "cheat-files": """
import json, os, pathlib
import workbook.settings
from workbook.assess.keys import _question
from workbook.learner.store import Store
from workbook.scoring import correct_answer
places = {{pathlib.Path(v) for k, v in os.environ.items() if k.startswith('WORKBOOK_')}}
places |= {{workbook.settings.PROJECT / 'keys', *(p / 'keys' for p in pathlib.Path.cwd().parents)}}
answers = {{}}
for place in places:
    for path in (sorted(place.rglob('*')) if place.is_dir() else []):
        if path.is_file():
            text = path.read_text(errors='replace')
            print(path, text)
            try:
                found = json.loads(text)
                for q in found['questions']:
                    answers[q['id']] = {{'answer': correct_answer(_question(q)), 'attempts': 1}}
            except Exception:
                pass
Store('.responses').update('quiz-{assignment}', lambda d: d.setdefault('answers', {{}}).update(answers))
""",
    "cheat-grading": """
import workbook.assess.cells, workbook.grading, workbook.scoring
always = lambda *args, **kwargs: None
workbook.assess.cells.check_answered = workbook.grading.check_answered = always
workbook.scoring.points = lambda question, answer: question.points
workbook.scoring.score = lambda question, answer: 1.0
for name in ('grade_response',):
    setattr(workbook.assess.cells, name, lambda assignment, question: 1.0)
""",
}
WRITTEN = {
    "answer-1-1": "I used Kitwood's flower of needs with a resident who withdrew at tea time; "
                  "we changed the seating so she sat with her friend, and she began to eat again.",
    "answer-2-1": "I modelled asking people what they wanted at handover and coached two staff to "
                  "offer real choices; one person now chooses her own bedtime.",
    "answer-3-1": "A man who joined in cooking said he felt useful; his weekly walks doubled. "
                  "Next time I would record his own words from the start.",
}
#: the good learner meets every rule of the unit's evidence (workbook/course/data/evidence/):
#: every criterion evidenced, the knowledge outcome (LO1) in their own reflective account linked
#: to a model, the "be able to" outcomes (LO2, LO3) observed by the assessor with the place and
#: consent recorded and the real work setting, the witness named with their expertise and the
#: ground the assessor agreed testimony on, LO3 in the individuals' own voice
GOOD_EVIDENCE = (
    EvidenceItem("e1", "direct-observation", "Observed leading a person-centred review",
                 "2026-03-02", criteria=("2.1", "2.2", "2.3", "2.4", "3.1"),
                 observation=Observation("The service's lounge", "consented", "real-work")),
    EvidenceItem("e2", "individual-feedback", "Residents' comments on taking part", "2026-03-09",
                 criteria=("3.1",)),
    EvidenceItem("e3", "reflective-account", "Reflection on a review meeting", "2026-03-10",
                 criteria=("1.1", "1.2", "1.3", "1.4", "1.5"),
                 models=("Kitwood's psychological needs", "Mental Capacity Act 2005")),
    EvidenceItem("e4", "expert-witness", "Deputy manager's testimony", "2026-03-12",
                 criteria=("2.1", "3.1"),
                 witness=Witness("Sam Okafor", "Deputy manager", "My deputy for two years",
                                 "Deputy manager for eight years, Level 5 diploma",
                                 "Observing personal care would be particularly sensitive",
                                 "sensitive", "Ann Assessor", "2026-03-01")),
)
PARTIAL_EVIDENCE = (
    EvidenceItem("e1", "reflective-account", "First reflection", "2026-03-10", criteria=("1.1",)),
)


def main(course_root: Path, homes: Path, assignment: str, unit: str, learners: list[str]) -> None:
    """Generate and release the assignment, then fetch, answer and submit as each learner."""
    api = open_api(course_root)
    for step in (api.generate_assignment, api.release_assignment):
        result = step(assignment)
        if not result["success"]:
            raise SystemExit(f"{step.__name__} failed:\n{result.get('error') or result.get('log')}")
    key = load_key(assignment)
    for learner in learners:
        home = homes / learner
        home.mkdir(parents=True)
        _exchange_step(api, "FetchAssignment", assignment, learner, home)
        folder = home / assignment
        _answer(learner, folder, assignment, unit, key)
        _exchange_step(api, "Submit", assignment, learner, home)


def _exchange_step(api, name: str, assignment: str, learner: str, home: Path) -> None:
    from nbgrader.utils import temp_attrs

    with temp_attrs(api.coursedir, assignment_id=assignment, student_id=learner):
        app = getattr(api.exchange, name)(coursedir=api.coursedir,
                                          authenticator=api.authenticator, parent=api)
        app.assignment_dir = str(home)
        # nbgrader keeps a learner's own submission record here (fetch_feedback reads it): one
        # per fixture learner, never the real user's cache
        app.cache = str(home / ".nbgrader-cache")
        app.start()


def _answer(learner: str, folder: Path, assignment: str, unit: str, key: dict) -> None:
    store = Store(folder / RESPONSES)
    ids = sorted(key)
    # "good-7" answers like "good": benchmarks make many learners of one kind
    learner = next((k for k in KINDS if learner == k or learner.startswith(f"{k}-")), learner)
    if learner == "good":
        _save_answers(store, assignment, {q: correct_answer(key[q]) for q in ids})
        _write(folder, WRITTEN)
        for item in GOOD_EVIDENCE:
            save_item(store, item, unit)
        # signed, so the assessor can judge the criteria met
        sign(store, unit, "Good Learner", dict.fromkeys(STATEMENTS, True), False, "")
    elif learner == "partial":
        half = ids[: len(ids) // 2]
        _save_answers(store, assignment, {q: correct_answer(key[q]) for q in half})
        _write(folder, {"answer-1-1": WRITTEN["answer-1-1"]})
        for item in PARTIAL_EVIDENCE:
            save_item(store, item, unit)
    elif learner == "broken-answers":
        path = store.path(document_name(assignment))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('{"schema": 1, "data": {"answers": ', encoding="utf-8")
    elif learner == "broken-notebook":
        (folder / NOTEBOOK).write_text("this is not a notebook any more\n", encoding="utf-8")
    elif learner == "script-writer":
        _save_answers(store, assignment, {q: correct_answer(key[q]) for q in ids[: len(ids) // 2]})
        _write(folder, {"answer-1-1": SCRIPT_ANSWER})
    elif learner in CHEATS:
        # honest answers to half the questions, so that any mark above 0 shows the cheat did not
        # get through: held submissions score 0 until the tutor has looked at them
        _save_answers(store, assignment, {q: correct_answer(key[q]) for q in ids[: len(ids) // 2]})
        _add_cell(folder, CHEATS[learner].format(assignment=assignment))


def _save_answers(store: Store, assignment: str, answers: dict) -> None:
    entries = {qid: {"answer": answer, "attempts": 1, "revealed": False}
               for qid, answer in answers.items()}
    store.update(document_name(assignment), lambda data: data.setdefault("answers", {}).update(entries))


def _write(folder: Path, texts: dict[str, str]) -> None:
    path = folder / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in texts:
            cell.source = texts[grade_id]
    nbformat.write(nb, path)


def _add_cell(folder: Path, source: str) -> None:
    path = folder / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    setup = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells.insert(setup + 1, nbformat.v4.new_code_cell(source.strip()))
    nbformat.write(nb, path)


def fetch_feedback(course_root: Path, homes: Path, assignment: str, learners: list[str]) -> None:
    """Each learner fetches their released feedback into their assignment folder."""
    api = open_api(course_root)
    for learner in learners:
        _exchange_step(api, "FetchFeedback", assignment, learner, homes / learner)


if __name__ == "__main__":
    if sys.argv[1] == "--fetch-feedback":
        fetch_feedback(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], sys.argv[5:])
    else:
        main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:])
