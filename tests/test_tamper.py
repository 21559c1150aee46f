"""A submission compared with its source notebook, the grading kernel's environment, and the
search of feedback pages for answer-key text (the e2e tests run them inside nbgrader)."""
from __future__ import annotations

import sys
import types
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from workbook.assess.keys import KIND
from workbook.course.model import Option, Question
from workbook.tutor.autograde import kernel_environment
from workbook.tutor.leaks import find_leaks, key_texts
from workbook.tutor.tamper import restore, unexpected_files


def _cell(make, grade_id: str, source: str, **nbgrader):
    cell = make(source)
    cell.id = grade_id
    cell.metadata["nbgrader"] = {"grade_id": grade_id, "locked": True, **nbgrader}
    return cell


def source_notebook():
    return new_notebook(cells=[
        _cell(new_markdown_cell, "intro", "# Assessment"),
        _cell(new_code_cell, "setup", "from workbook.assess.notebook import show_question"),
        _cell(new_code_cell, "test-q1", "check_answered('a', 'q1')\n### BEGIN HIDDEN TESTS\n"
              "secret()\n### END HIDDEN TESTS", grade=True, points=1),
        _cell(new_markdown_cell, "answer-1", "YOUR ANSWER HERE", grade=True, solution=True,
              locked=False),
    ])


def released(nb):
    """What learners receive: hidden tests gone."""
    out = nbformat.from_dict(nbformat.v4.new_notebook(cells=[c.copy() for c in nb.cells]))
    out.cells[2].source = "check_answered('a', 'q1')\n"
    return out


def test_an_honest_submission_keeps_its_answers_and_changes_nothing():
    submitted = released(source_notebook())
    submitted.cells[3].source = "My answer."
    submitted.cells[1].outputs = [nbformat.v4.new_output("stream", text="widget\n")]
    rebuilt, changes = restore(source_notebook(), submitted)
    assert changes == []
    assert [c.source for c in rebuilt.cells] == [c.source for c in source_notebook().cells[:3]] + ["My answer."]
    assert rebuilt.cells[1].outputs == []


def test_added_changed_removed_and_duplicated_code_is_dropped_and_named():
    submitted = released(source_notebook())
    submitted.cells[1].source = "import os; os.system('cp keys/* .')"
    submitted.cells[2].metadata = {}  # no longer recognisable as the test: counts as removed
    extra = new_code_cell("print(open('/keys/x.json').read())")
    extra.id = "added1"
    twin = _cell(new_code_cell, "setup", "steal()")
    twin.id = "twin"
    submitted.cells[2].id = "renamed"
    submitted.cells[1:1] = []
    submitted.cells.insert(2, extra)
    submitted.cells.append(twin)
    submitted.cells.append(new_code_cell("   \n"))  # an empty cell is not a change
    rebuilt, changes = restore(source_notebook(), submitted)
    assert changes == ["code cell setup changed", "code cell test-q1 removed",
                       "code cell added1 added after setup", "code cell renamed added after setup",
                       "code cell twin added after answer-1"]
    assert [c.source for c in rebuilt.cells] == [c.source for c in source_notebook().cells]


def test_a_markdown_cell_made_into_code_is_a_change():
    submitted = released(source_notebook())
    code = new_code_cell("steal()")
    code.id, code.metadata = "answer-1", submitted.cells[3].metadata
    submitted.cells[3] = code
    rebuilt, changes = restore(source_notebook(), submitted)
    assert rebuilt.cells[3].cell_type == "markdown" and rebuilt.cells[3].source == "YOUR ANSWER HERE"
    assert changes == []  # the learner's answer is lost, but no code of theirs is kept


def test_unexpected_files_are_everything_but_the_release_and_saved_answers():
    found = [Path(p) for p in ("assessment.ipynb", ".responses/quiz-a.json", ".responses/.quiz-a.lock",
                               "ipykernel_launcher.py", "workbook/__init__.py", ".responses/x/y.json",
                               ".responses/run.py")]
    assert unexpected_files(found, {Path("assessment.ipynb")}) == [
        Path(".responses/run.py"), Path(".responses/x/y.json"), Path("ipykernel_launcher.py"),
        Path("workbook/__init__.py")]


def test_the_grading_kernel_gets_no_way_to_the_keys():
    env = kernel_environment({"PATH": "/bin", "WORKBOOK_KEYS": "/k", "WORKBOOK_ASSESSMENT": "/a",
                              "WORKBOOK_STORE": "/s"})
    assert env == {"PATH": "/bin", "WORKBOOK_STORE": "/s"}


def test_feedback_pages_with_key_text_are_found(tmp_path):
    question = Question(id="q1", type="single", stem="Which?", points=1, criterion="1.1",
                        explanation="Because the Care Act says so in section one.",
                        options=(Option("a", "A", True, "Right: the wellbeing principle applies."),
                                 Option("b", "B", False, "No.")))
    texts = key_texts({"q1": question})
    assert texts == sorted(["Because the Care Act says so in section one.",
                            "Right: the wellbeing principle applies.", KIND])
    pages = {"clean.html": "<p>1 of 1 point(s).</p>",
             "explained.html": "<pre>Because the Care Act says so in <b>section</b> one.</pre>",
             "escaped.html": "<p>Right: the wellbeing principle applies.</p>".replace(":", "&#58;"),
             "flagged.html": "<pre>{&quot;id&quot;: &quot;a&quot;, &quot;correct&quot;: true}</pre>",
             "repr.html": "Option(id='a', text='A', correct=True)"}
    for name, text in pages.items():
        (tmp_path / "x" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "x" / name).write_text(text)
    found = find_leaks(tmp_path, texts)
    assert [line.split(":")[0] for line in found] == [
        "x/escaped.html", "x/explained.html", "x/flagged.html", "x/repr.html"]


def _autograde_steps(config) -> tuple[list[str], str]:
    steps = [s.__name__ for s in [*config.Autograde.sanitize_preprocessors,
                                  *config.Autograde.autograde_preprocessors]]
    return steps, config.ScoreResponses.keys_dir


OUT_OF_KERNEL = ["RestoreRelease", "ScoreResponses", "ClearOutput", "DeduplicateIds",
                 "OverwriteKernelspec", "OverwriteCells", "CheckCellMetadata", "KeylessExecute",
                 "WriteScores", "IgnorePattern", "ClearMetadataPreprocessor", "LimitOutput",
                 "SaveAutoGrades", "HoldForReview", "AssignLatePenalties", "CheckCellMetadata"]


def test_every_autograde_a_tutor_can_start_scores_outside_the_kernel(tmp_path, monkeypatch):
    """The course folder's config, the hub tutor's (formgrader) and the image's tutor config."""
    from traitlets.config.loader import PyFileConfigLoader

    from workbook.hub.settings import from_env
    from workbook.hub.userconfig import write_user_config

    root = Path(__file__).resolve().parent.parent
    monkeypatch.delenv("WORKBOOK_KEYS", raising=False)
    course = PyFileConfigLoader("nbgrader_config.py", path=str(root / "assignments")).load_config()
    assert _autograde_steps(course) == (OUT_OF_KERNEL, str(root / "keys"))

    settings = from_env(root, {"WORKBOOK_HUB_DATA": str(tmp_path / "data"),
                               "WORKBOOK_HUB_TUTORS": "tess"})
    folder = write_user_config(settings, "tess", tmp_path / "home")
    hub = PyFileConfigLoader("nbgrader_config.py", path=str(folder)).load_config()
    assert _autograde_steps(hub) == (OUT_OF_KERNEL, str(root / "keys"))

    # the image's exchange client is not installed here: a stand-in module for its import
    plugin = types.ModuleType("nbexchange.plugin")
    plugin.ExchangeSubmit = type("ExchangeSubmit", (), {})
    monkeypatch.setitem(sys.modules, "nbexchange", types.ModuleType("nbexchange"))
    monkeypatch.setitem(sys.modules, "nbexchange.plugin", plugin)
    monkeypatch.setenv("WORKBOOK_ROLE", "tutor")
    monkeypatch.setenv("WORKBOOK_KEYS", "/srv/workbook/keys")
    image = PyFileConfigLoader("nbgrader_config.py", path=str(root / "deploy" / "image")).load_config()
    assert _autograde_steps(image) == (OUT_OF_KERNEL, "/srv/workbook/keys")
    monkeypatch.setenv("WORKBOOK_ROLE", "learner")
    learner = PyFileConfigLoader("nbgrader_config.py", path=str(root / "deploy" / "image")).load_config()
    assert "sanitize_preprocessors" not in learner.Autograde


def test_code_is_compared_with_what_the_learner_received():
    """A notebook fetched before the source was rebuilt is not a changed one."""
    old_release = released(source_notebook())
    old_release.cells[1].source = "from workbook.grading import show_question  # older wording"
    rebuilt, changes = restore(source_notebook(), old_release, released=old_release)
    assert changes == []
    assert rebuilt.cells[1].source == source_notebook().cells[1].source  # the tutor's code runs
    assert restore(source_notebook(), old_release)[1] == ["code cell setup changed"]


def test_the_grading_kernel_really_starts_without_the_keys_variable(tmp_path, monkeypatch):
    """nbgrader's Execute as autograde runs it, in a real kernel, with the tutor's variables set."""
    monkeypatch.setenv("WORKBOOK_KEYS", str(tmp_path / "keys"))
    monkeypatch.setenv("WORKBOOK_STORE", str(tmp_path / "store"))
    nb = new_notebook(cells=[new_code_cell(
        "import os; print(os.environ.get('WORKBOOK_KEYS'), os.environ.get('WORKBOOK_STORE'))")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    # in a child process, as autograde runs it: no kernel client is left in the test process
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        done = pool.submit(_keyless_execute, nb, str(tmp_path)).result(timeout=240)
    assert done.cells[0].outputs[0]["text"].split() == ["None", str(tmp_path / "store")]


def _keyless_execute(nb, path: str):
    from workbook.tutor.autograde import KeylessExecute

    return KeylessExecute().preprocess(nb, {"metadata": {"path": path}})[0]
