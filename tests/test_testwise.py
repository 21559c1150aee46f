"""Test-wise strategies on small banks with known answers: a summative bank that length, wording
or the number of right options gives away fails `workbook check`; a balanced one passes."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from workbook import load_course
from workbook.course.bank_checks import check_banks, read_items, strategy_lines
from workbook.course.testwise import MARGIN, chance, cued, results
from workbook.course.yamlfile import ContentError, Problems

from .helpers import run_workbook

UNIT = "lead-person-centred-practice"
# Words no formative item uses, so that no synthetic item is anyone's twin.
FILLER = ["quartz", "walrus", "zephyr", "lantern", "marzipan", "origami", "trombone", "velcro"]


def single(n: int, key_rank: int) -> dict:
    """A single-choice item whose options have four lengths; the key has rank `key_rank`."""
    word = FILLER[n % len(FILLER)]
    texts = [f"{word} " + "x" * (40 - 10 * rank) for rank in range(4)]
    return {"id": f"s{n}", "type": "single", "criterion": "1.1",
            "stem": f"Synthetic {word} question number {n}?",
            "explanation": "Synthetic.", "options": [
                {"id": f"o{rank}", "text": texts[rank], "correct": rank == key_rank,
                 "feedback": "Synthetic."} for rank in (2, 0, 3, 1)]}


def multiple(n: int, right: int, wrong: int) -> dict:
    """A multiple-response item with this many right and wrong options."""
    return {"id": f"m{n}", "type": "multiple", "criterion": "1.2",
            "stem": f"Synthetic {FILLER[n % 8]} multiple {n}? Select all that apply.",
            "explanation": "Synthetic.", "options": [
                {"id": f"o{i}", "text": f"{FILLER[i % 8]} choice {i}", "correct": i < right,
                 "feedback": "Synthetic."} for i in range(right + wrong)]}


def truefalse(n: int, stem: str, answer: bool) -> dict:
    return {"id": f"t{n}", "type": "truefalse", "criterion": "1.3", "stem": stem,
            "explanation": "Synthetic.", "options": [
                {"id": "true", "text": "True", "correct": answer, "feedback": "Synthetic."},
                {"id": "false", "text": "False", "correct": not answer, "feedback": "Synthetic."}]}


def bank(root: Path, questions: list[dict]) -> Path:
    """A summative LO1 bank of the unit under `root`; returns the unit's folder."""
    path = root / UNIT / "lo1.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"schema": 1, "unit": UNIT, "outcome": "LO1",
                                    "questions": questions}, sort_keys=False))
    return path.parent


def scores(questions: list[dict], tmp_path: Path) -> dict[str, float]:
    folder = bank(tmp_path / "scored", questions)
    return {r.strategy: r.score for r in results(read_items(folder / "lo1.yaml", Problems()))}


def test_a_bank_whose_key_is_always_the_longest_fails_check(course_copy, tmp_path):
    folder = bank(tmp_path / "assessment", [single(n, 0) for n in range(8)])
    with pytest.raises(ContentError) as caught:
        check_banks(load_course(course_copy), course_copy, tmp_path / "assessment")
    messages = [str(p) for p in caught.value.problems]
    assert messages[0] == (
        f"{folder}: test-wise strategy 'pick the longest' scores 100% on 8 single-choice items, "
        f"75 points above chance (25%; limit 15); worst items: s0, s1, s2, s3, s4, s5 and 2 more")
    assert any("'pick one of the two longest' scores 50%" in m for m in messages)
    assert len(messages) == 2  # one line per problem, nothing else


def test_a_bank_whose_key_rank_is_balanced_passes(course_copy, tmp_path):
    bank(tmp_path / "assessment", [single(n, n % 4) for n in range(8)]
         + [multiple(8, 2, 2), multiple(9, 3, 3)]
         + [truefalse(10, "Synthetic walrus claim that holds only sometimes.", True),
            truefalse(11, "Synthetic quartz claim that never holds.", False),
            truefalse(12, "Synthetic zephyr claim, plainly worded.", True),
            truefalse(13, "Synthetic origami claim, plainly worded.", False)])
    warnings = check_banks(load_course(course_copy), course_copy, tmp_path / "assessment")
    assert [w for w in warnings if str(tmp_path / "assessment") in w] == []  # formative may warn


def test_single_choice_rank_strategies_and_ties(tmp_path):
    got = scores([single(n, n % 4) for n in range(4)] + [single(4, 1)], tmp_path)
    assert got["pick the longest"] == pytest.approx(1 / 5)
    assert got["pick the 2nd longest"] == pytest.approx(2 / 5)
    assert got["pick one of the two longest"] == pytest.approx(3 / 10)
    tied = single(0, 0)
    for option in tied["options"]:
        option["text"] = "same length!"
    assert scores([tied], tmp_path / "tied")["pick the longest"] == pytest.approx(1 / 4)


def test_multiple_response_is_scored_as_the_course_scores_it(tmp_path):
    heavy = [multiple(n, 3, 1) for n in range(5)]  # right options outnumber wrong ones
    got = scores(heavy, tmp_path)
    assert got["tick all"] == pytest.approx(2 / 3)  # (3 right - 1 wrong) / 3
    assert got["tick all but one"] == pytest.approx((3 * (2 - 1) / 3 + 1) / 4)
    item = read_items(bank(tmp_path / "one", [multiple(0, 1, 1)]) / "lo1.yaml", Problems())[0]
    assert chance(item) == pytest.approx(1 / 3)  # {right} 1, {wrong} 0, {both} 0
    found = results(read_items(bank(tmp_path / "h", heavy) / "lo1.yaml", Problems()))
    assert any(m.startswith("test-wise strategy 'tick all' scores 67% on 5 multiple-response")
               for m in cued(found))


def test_absolute_words_on_true_false(tmp_path):
    cued_bank = [truefalse(n, f"Synthetic claim {n} holds only {FILLER[n]}.", False)
                 for n in range(3)] + [truefalse(3, "A plain synthetic claim.", True)]
    assert scores(cued_bank, tmp_path)["absolute word means false"] == 1.0
    assert scores(cued_bank, tmp_path / "mirror")["absolute word means true"] == 0.0
    flipped = [truefalse(n, f"Synthetic claim {n} is never {FILLER[n]}.", n % 2 == 0)
               for n in range(4)]
    assert scores(flipped, tmp_path / "flipped")["absolute word means false"] == 0.5
    overcorrected = [truefalse(n, f"Claim {n} holds only for {FILLER[n]}.", True) for n in range(5)]
    found = results(read_items(bank(tmp_path / "over", overcorrected) / "lo1.yaml", Problems()))
    assert [m.split(" scores")[0] for m in cued(found)] == [
        "test-wise strategy 'absolute word means true'"]


def test_margin_is_the_line_between_pass_and_fail(tmp_path):
    # keys at ranks 0,0,1,2,3 and 0,1,2,3,0... : 'longest' scores 40%, exactly 15 points over
    items = read_items(bank(tmp_path, [single(n, r) for n, r in enumerate([0, 0, 1, 2, 3])])
                       / "lo1.yaml", Problems())
    longest = next(r for r in results(items) if r.strategy == "pick the longest")
    assert longest.excess == pytest.approx(MARGIN)
    assert cued([longest]) == []


def test_check_prints_every_strategy_per_bank_and_exits_2_on_a_cued_summative_bank(
        course_copy, tmp_path):
    folder = bank(tmp_path / "assessment", [single(n, 1) for n in range(6)])
    lines = strategy_lines(load_course(course_copy), course_copy, tmp_path / "assessment")
    assert (f"test-wise, summative {UNIT}: single-choice (6 items, chance 25%): pick the longest "
            "0%, pick the 2nd longest 100%, pick the 3rd longest 0%, pick the 4th longest 0%, "
            "pick one of the two longest 50%") in lines
    assert any(line.startswith(f"test-wise, formative {UNIT}: ") for line in lines)
    result = run_workbook("check", env={**os.environ, "WORKBOOK_COURSE": str(course_copy),
                                        "WORKBOOK_ASSESSMENT": str(tmp_path / "assessment")})
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"test-wise, summative {UNIT}: single-choice (6 items" in result.stdout
    assert (f"error: {folder}: test-wise strategy 'pick the 2nd longest' scores 100% on 6 "
            "single-choice items") in result.stderr
