"""Item statistics: facility, corrected item-total discrimination, options chosen and flags.

The figures of a small synthetic cohort are checked against values worked out by hand (and by
a second, differently written formula); one slow test reads a real nbgrader gradebook.
"""
from __future__ import annotations

import math

import pytest

from workbook.spreadsheet import CsvRows
from workbook.tutor.item_stats import (
    EASY,
    HARD,
    NEGATIVE,
    UNCHOSEN,
    Item,
    Response,
    item_statistics,
    pearson,
)
from workbook.tutor.item_table import items_csv, table

ITEMS = [
    Item("q1", "1.1", 1, ("a", "b", "c"), frozenset({"a"})),
    Item("q2", "1.1", 1, ("a", "b", "c", "d"), frozenset({"b"})),
    Item("q3", "1.2", 2, ("a", "b", "c"), frozenset({"a", "b"})),
    Item("q4", "1.2", 1, ("t", "f"), frozenset({"t"})),
]
#: learner -> (score, chosen) per item; q4: the two weakest learners get it right
COHORT = {
    "l1": {"q1": (1, "a"), "q2": (1, "b"), "q3": (2, "ab"), "q4": (0, "f")},
    "l2": {"q1": (1, "a"), "q2": (0, "c"), "q3": (2, "ab"), "q4": (0, "f")},
    "l3": {"q1": (1, "a"), "q2": (1, "b"), "q3": (0, "c"), "q4": (0, "f")},
    "l4": {"q1": (0, "b"), "q2": (0, "a"), "q3": (1, "a"), "q4": (1, "t")},
    "l5": {"q1": (1, "a"), "q2": (1, "b"), "q3": (1, "b"), "q4": (1, "t")},
}


def responses(cohort=COHORT):
    return {who: {q: Response(float(s), tuple(c)) for q, (s, c) in own.items()}
            for who, own in cohort.items()}


def by_hand_r(xs, ys):
    """Pearson's r by the computational formula (n·Σxy − Σx·Σy over the root of the two
    n·Σx² − (Σx)² terms): written differently from the module's on purpose."""
    n = len(xs)
    top = n * sum(x * y for x, y in zip(xs, ys)) - sum(xs) * sum(ys)
    bottom = math.sqrt((n * sum(x * x for x in xs) - sum(xs) ** 2)
                       * (n * sum(y * y for y in ys) - sum(ys) ** 2))
    return top / bottom


def test_figures_match_hand_worked_values():
    report = item_statistics("demo", ITEMS, responses())
    figures = {f.id: f for f in report.items}
    totals = {w: sum(s for s, _ in own.values()) for w, own in COHORT.items()}   # 4, 3, 2, 2, 4
    for item in ITEMS:
        scores = [COHORT[w][item.id][0] for w in sorted(COHORT)]
        rest = [totals[w] - COHORT[w][item.id][0] for w in sorted(COHORT)]
        assert figures[item.id].facility == pytest.approx(sum(scores) / 5 / item.points, abs=0.005)
        assert figures[item.id].discrimination == pytest.approx(by_hand_r(scores, rest), abs=0.005)
    # worked on paper: q1 facility 4/5; scores 1,1,1,0,1 against the rest 3,2,1,2,3
    assert f"{figures['q1'].facility:.2f}" == "0.80"
    assert f"{figures['q1'].discrimination:.2f}" == "0.13"   # 0.2 / sqrt(0.8 * 2.8)
    # q3: 6 of 10 points; q4 is answered right only by weaker learners
    assert f"{figures['q3'].facility:.2f}" == "0.60"
    assert f"{figures['q4'].discrimination:.2f}" == "-0.48"   # -1.2 / sqrt(1.2 * 5.2)
    assert NEGATIVE in figures["q4"].flags
    # options: how many learners chose each one, and the distractor nobody chose
    assert figures["q2"].chosen == {"a": 1, "b": 3, "c": 1, "d": 0}
    assert f"{UNCHOSEN}: d" in figures["q2"].flags
    assert figures["q3"].chosen == {"a": 3, "b": 3, "c": 1}
    # criteria: the sum of their items against the rest of the test
    criteria = {f.id: f for f in report.criteria}
    c11 = [COHORT[w]["q1"][0] + COHORT[w]["q2"][0] for w in sorted(COHORT)]
    rest11 = [totals[w] - c for w, c in zip(sorted(COHORT), c11)]
    assert criteria["1.1"].facility == pytest.approx(sum(c11) / 10) == 0.70
    assert criteria["1.1"].discrimination == pytest.approx(by_hand_r(c11, rest11), abs=0.005)
    assert NEGATIVE in criteria["1.1"].flags   # -0.375: its two items pull against the rest
    assert report.learners == 5 and "fewer than 20" in report.warnings[0]


def test_flags_easy_hard_and_no_variance():
    cohort = {f"l{n}": {"q1": (1, "a"), "q2": (0, "a"), "q3": (n % 3, "a"), "q4": (n % 2, "t")}
              for n in range(25)}
    report = item_statistics("demo", ITEMS, responses(cohort))
    figures = {f.id: f for f in report.items}
    assert figures["q1"].facility == 1.0 and EASY in figures["q1"].flags
    assert figures["q1"].discrimination is None           # nobody differs: no correlation
    assert figures["q2"].facility == 0.0 and HARD in figures["q2"].flags
    assert not [w for w in report.warnings if "fewer than" in w]   # 25 learners
    assert pearson([1, 2], [1]) is None and pearson([1.0], [2.0]) is None


def test_a_learner_without_an_item_scores_zero_and_chose_nothing():
    report = item_statistics("demo", ITEMS[:1], {"l1": {}, "l2": {"q1": Response(1.0, ("a",))}})
    assert report.items[0].facility == 0.5 and report.items[0].chosen == {"a": 1, "b": 0, "c": 0}


def test_table_and_csv_show_two_decimals_and_are_formula_safe():
    report = item_statistics("=demo", ITEMS, responses())
    shown = table(report, {i.id: i.correct for i in ITEMS})
    assert "q4" in shown and "-0.48" in shown and "b* 3" in shown and "warning: only 5" in shown
    text = items_csv(report)
    assert "\r\n'=demo," in text                           # a formula-like cell is quoted
    rows = list(CsvRows(text))
    assert rows[0]["assignment"] == "=demo" and rows[0]["facility"] == "0.80"
    assert [r["kind"] for r in rows].count("criterion") == 2


@pytest.mark.slow
def test_items_command_reads_a_real_gradebook(tmp_path):
    """Three learners through real nbgrader: all right, the first half right, nothing saved."""
    from workbook.assess.keys import load_key

    from .cohort import build_cohort
    from .helpers import run_workbook

    cohort = build_cohort(tmp_path, learners=("good", "partial", "empty"))
    graded = run_workbook("grade", cohort.assignment, "--course-root", cohort.course,
                          cwd=cohort.root, env=cohort.env)
    assert graded.returncode == 0, graded.stderr
    key = load_key(cohort.assignment, cohort.root / "keys")
    ids = sorted(key)
    half = set(ids[: len(ids) // 2])
    out = tmp_path / "items.csv"
    done = run_workbook("items", cohort.assignment, "--course-root", cohort.course, "--csv", out,
                        cwd=cohort.root, env=cohort.env)
    assert done.returncode == 0, done.stderr
    assert "3 learners with final marks" in done.stdout and "fewer than 20" in done.stdout
    rows = {r["item"]: r for r in CsvRows(out.read_text(encoding="utf-8")) if r["kind"] == "item"}
    assert set(rows) == set(ids)
    # expected from the answers the fixture saved: good all, partial the first half, empty none
    learners = {"empty": set(), "good": set(ids), "partial": half}
    totals = {w: sum(key[q].points for q in right) for w, right in learners.items()}
    for qid in ids:
        scores = [key[qid].points if qid in learners[w] else 0 for w in sorted(learners)]
        rest = [totals[w] - s for w, s in zip(sorted(learners), scores)]
        assert rows[qid]["facility"] == f"{sum(scores) / 3 / key[qid].points:.2f}"
        assert rows[qid]["discrimination"] == f"{by_hand_r(scores, rest):.2f}"
        correct = {o.id for o in key[qid].options if o.correct}
        chosen = dict(part.rsplit(" ", 1) for part in rows[qid]["options chosen"].split(", "))
        assert {o.rstrip("*"): int(n) for o, n in chosen.items()} == {
            o.id: sum(1 for w in learners if qid in learners[w] and o.id in correct)
            for o in key[qid].options}
    # bad input: one line naming what is wrong, non-zero exit
    missing = run_workbook("items", "no-such-assignment", "--course-root", cohort.course,
                           cwd=cohort.root, env=cohort.env)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
    assert "no-such-assignment" in missing.stderr
    # the cohort report has the same figures: a section of the page and items.csv
    report = run_workbook("report", "--course-root", cohort.course, "--out", tmp_path / "report",
                          cwd=cohort.root, env=cohort.env)
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "report" / "cohort-report.html").read_text(encoding="utf-8")
    assert 'id="items"' in page and "fewer than 20" in page
    in_report = {r["item"]: r for r in CsvRows((tmp_path / "report" / "items.csv").read_text(
        encoding="utf-8")) if r["kind"] == "item"}
    assert {q: r["facility"] for q, r in in_report.items()} == \
        {q: r["facility"] for q, r in rows.items()}
