"""Checks across banks: summative items that echo a formative one fail `workbook check` with
file:line; answer cues (the key is the longest option, or crowds one position) are warned about."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from workbook import course_data, load_course
from workbook.course.bank_checks import CUE_LIMIT, answer_cues, check_banks, read_items, similarity
from workbook.course.yamlfile import ContentError, Problems
from workbook.settings import settings

from .helpers import run_workbook

UNIT = "lead-person-centred-practice"


def formative_single(course: Path) -> dict:
    """The first single-choice question of the copied course's LO1 bank, as read from YAML."""
    data = yaml.safe_load((course / "questions" / UNIT / "lo1.yaml").read_text())
    return next(q for q in data["questions"] if q["type"] == "single")


def write_summative(root: Path, questions: list[dict]) -> Path:
    """A summative bank for the unit's LO1 in an assessment folder; returns its path."""
    bank = root / UNIT / "lo1.yaml"
    bank.parent.mkdir(parents=True)
    bank.write_text(yaml.safe_dump({"schema": 1, "unit": UNIT, "outcome": "LO1",
                                    "questions": questions}, sort_keys=False))
    return bank


def summative_item(qid: str, stem: str, key: str) -> dict:
    return {"id": qid, "type": "single", "criterion": "1.1", "stem": stem, "options": [
        {"id": "a", "text": "A different leadership response entirely", "correct": False},
        {"id": "b", "text": key, "correct": True},
        {"id": "c", "text": "Another unrelated course of action", "correct": False}]}


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_similarity_ignores_case_punctuation_and_function_words():
    assert similarity("Which regulation applies?", "which REGULATION applies") == 1.0
    assert similarity("the cat", "a dog") == 0.0
    assert similarity("Regulation 9 applies", "Regulation 13 applies") == pytest.approx(2 / 4)


def test_shipped_summative_banks_have_no_echoes_twins_or_answer_cues():
    # check_banks raises on an echo, a twin or a cued summative bank; formative banks only warn
    warnings = check_banks(load_course(), course_data(), settings().assessment)
    assert [w for w in warnings if str(settings().assessment) in w] == []


def test_a_summative_stem_that_restates_a_formative_one_fails_check(course_copy, tmp_path):
    formative = formative_single(course_copy)
    stem = formative["stem"].replace("Which", "In your view, which", 1)
    bank = write_summative(tmp_path / "assessment",
                           [summative_item("echo-stem", stem, "A fresh answer about staff rotas")])
    env = {**os.environ, "WORKBOOK_COURSE": str(course_copy),
           "WORKBOOK_ASSESSMENT": str(tmp_path / "assessment")}
    result = run_workbook("check", env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert (f"error: {bank}:{line_of(bank, 'stem:')}: 'echo-stem': stem is too close to "
            f"formative question '{formative['id']}'") in result.stderr


def test_a_summative_key_that_repeats_a_formative_key_fails_check(course_copy, tmp_path):
    formative = formative_single(course_copy)
    key = next(o["text"] for o in formative["options"] if o.get("correct"))
    bank = write_summative(tmp_path / "assessment", [summative_item(
        "echo-key", "A new team meets a family who disagree with the plan. What now?", key)])
    with pytest.raises(ContentError) as caught:
        check_banks(load_course(course_copy), course_copy, tmp_path / "assessment")
    assert [str(p) for p in caught.value.problems] == [
        f"{bank}:{line_of(bank, key[:30])}: 'echo-key': correct answer is too close to the key "
        f"of formative question '{formative['id']}' (lo1.yaml; similarity 1.00, limit 0.6)"]


def test_distinct_summative_items_pass(course_copy, tmp_path):
    write_summative(tmp_path / "assessment", [summative_item(
        "fresh", "A night worker records a refusal of personal care. What does it show?",
        "The worker respected a capacitous refusal and recorded it")])
    warnings = check_banks(load_course(course_copy), course_copy, tmp_path / "assessment")
    # one item: its bank's cue warnings only (formative banks may warn as well)
    assert all("single-choice questions" in w for w in warnings
               if str(tmp_path / "assessment") in w)


def cue_bank(path: Path, keys: list[tuple[int, bool]]) -> Path:
    """A bank of single-choice items: per item, the key's position and whether it is longest."""
    questions = []
    for n, (place, longest) in enumerate(keys):
        options = [{"id": f"o{i}", "text": f"option {i} text", "correct": i == place}
                   for i in range(4)]
        options[place]["text"] = "the key, written at much greater length" if longest else "key"
        questions.append({"id": f"q{n}", "type": "single", "stem": f"Stem {n}?", "options": options})
    path.write_text(yaml.safe_dump({"questions": questions}, sort_keys=False))
    return path


def test_answer_cues_warn_above_the_limit_only(tmp_path):
    bad = cue_bank(tmp_path / "bad.yaml", [(0, True)] * 4 + [(1, False)] * 1)
    warnings = answer_cues(bad, read_items(bad, Problems()))
    assert warnings == [
        f"{bad}: the correct option is the longest (or tied) in 4 of 5 single-choice questions "
        f"(limit {CUE_LIMIT:.0%})",
        f"{bad}: option 1 (as written) is correct in 4 of 5 single-choice questions "
        f"(limit {CUE_LIMIT:.0%})"]
    # exactly 40% is allowed: 2 of 5 longest, 2 of 5 in one place
    good = cue_bank(tmp_path / "good.yaml",
                    [(0, True), (0, True), (1, False), (2, False), (3, False)])
    assert answer_cues(good, read_items(good, Problems())) == []


def test_check_command_warns_about_a_formative_bank_with_cues(course_copy):
    bank = course_copy / "questions" / UNIT / "lo1.yaml"
    data = yaml.safe_load(bank.read_text())
    items = [i for q in data["questions"] for i in [q, *q.get("parts", [])]]
    singles = [i for i in items if i["type"] == "single"]
    for item in singles:  # key first and longest, as authors tend to write
        item["options"].sort(key=lambda o: not o.get("correct"))
        longest = max(len(o["text"]) for o in item["options"])
        item["options"][0]["text"] = (item["options"][0]["text"].ljust(longest)
                                      + ", as every thorough and careful answer would say")
    bank.write_text(yaml.safe_dump(data, sort_keys=False))
    result = run_workbook("check", env={**os.environ, "WORKBOOK_COURSE": str(course_copy),
                                        "WORKBOOK_ASSESSMENT": str(course_copy / "none")})
    assert result.returncode == 0, result.stderr
    singles = len(singles)
    assert (f"warning: {bank}: the correct option is the longest (or tied) in {singles} of "
            f"{singles} single-choice questions") in result.stdout
    assert f"warning: {bank}: option 1 (as written) is correct in {singles} of" in result.stdout


TWIN_FORMATIVE = {
    "id": "practice-structured-observation", "type": "single", "criterion": "4.1",
    "stem": "When is an observation of a colleague's practice 'structured'?",
    "explanation": "An agreed focus and a set way of recording make results comparable.",
    "options": [
        {"id": "a", "text": "It is unannounced, so that the colleague cannot put on a show, and the "
                            "observer notes everything", "correct": False, "feedback": "No."},
        {"id": "b", "text": "It is carried out by someone senior who is trained to judge quality",
         "correct": False, "feedback": "No."},
        {"id": "c", "text": "It has an agreed focus and a set way of recording, so results can be "
                            "compared", "correct": True, "feedback": "Yes."},
        {"id": "d", "text": "The observer writes general impressions at the end of the day",
         "correct": False, "feedback": "No."}]}
# The summative item an assessor found to be its twin: same point, same wrong ideas, new words.
TWIN_SUMMATIVE = {
    "id": "assess-fair-repeat", "type": "single", "criterion": "4.1",
    "stem": "You want to repeat a structured observation of a worker at teatime after coaching. "
            "Which plan gives a fair comparison with the first observation?",
    "explanation": "Same conditions and method.", "options": [
        {"id": "a", "text": "A different, busier shift, to see whether her new skill holds up",
         "correct": False, "feedback": "No."},
        {"id": "b", "text": "An unannounced visit, so she cannot prepare", "correct": False,
         "feedback": "No."},
        {"id": "c", "text": "Ask a senior for their general impression of her practice instead",
         "correct": False, "feedback": "No."},
        {"id": "d", "text": "The same time of day, focus and recording sheet, agreed with her "
                            "beforehand", "correct": True, "feedback": "Yes."}]}


def test_a_summative_twin_of_a_formative_item_fails_check(course_copy, tmp_path):
    unit = "active-support-lead-interactive-training"
    formative = course_copy / "questions" / unit / "lo4.yaml"
    data = yaml.safe_load(formative.read_text())
    data["questions"].append(TWIN_FORMATIVE)
    formative.write_text(yaml.safe_dump(data, sort_keys=False))
    bank = tmp_path / "assessment" / unit / "lo4.yaml"
    bank.parent.mkdir(parents=True)
    bank.write_text(yaml.safe_dump({"schema": 1, "unit": unit, "outcome": "LO4",
                                    "questions": [TWIN_SUMMATIVE]}, sort_keys=False))
    with pytest.raises(ContentError) as caught:
        check_banks(load_course(course_copy), course_copy, tmp_path / "assessment")
    twins = [str(p) for p in caught.value.problems if "structural twin" in str(p)]
    assert len(twins) == 1, caught.value.problems
    assert twins[0].startswith(f"{bank}:{line_of(bank, 'stem:')}: 'assess-fair-repeat': is a "
                               "structural twin of formative question ")
