"""How far a test-wise learner gets in a bank without knowing the subject.

Each strategy answers every item of one type from surface cues only, and is scored as the
course scores answers (`workbook.scoring`): single choice and true/false 1 or 0; multiple
response (right ticked - wrong ticked) / right options, never below 0. Where a strategy leaves
a choice open (options of equal length, which option to leave unticked) the score is the
expected value of choosing at random among what it leaves. Chance is the expected score of
answering at random: 1/n options for single choice, 1/2 for true/false, and for multiple
response the mean score over every non-empty set of ticks.

Strategies:
- single choice: always pick the option of one length rank (longest, 2nd longest, ...), and
  pick one of the two longest;
- true/false: "an absolute word means false": a statement with only, never, always, alone,
  purely, all, none, every, must ... is answered False, any other True; and its mirror image,
  which a bank rewritten against the first cue can end up teaching;
- multiple response: tick every option, and tick all but one.

A bank whose strategy beats chance by more than `MARGIN` on at least `MIN_ITEMS` items of a type
is cued: the length, wording or number of options gives away answers that the subject should
decide. (On fewer items some strategy beats chance by luck alone; `outnumbered` judges each
multiple-response item by itself.)
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Protocol

__all__ = ["ABSOLUTE_WORDS", "MARGIN", "MIN_ITEMS", "Choice", "Result", "chance", "cued", "outnumbered", "results", "summary"]

#: how far (a fraction: 0.15 is 15 percentage points) a strategy may beat chance on a bank.
MARGIN = 0.15
#: fewer items of a type than this are reported but not judged: one item always "beats" chance.
MIN_ITEMS = 5
#: words that test-wise learners take to mark a false statement.
ABSOLUTE_WORDS = frozenset(
    "only never always alone purely all none every nobody nothing must solely entirely "
    "completely automatically whatever".split())
_RANKS = ("longest", "2nd longest", "3rd longest", "4th longest", "5th longest")


class Choice(Protocol):
    """What a strategy sees of an item: its type, stem and (text, correct) options."""

    @property
    def id(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def stem(self) -> str: ...

    @property
    def options(self) -> tuple[tuple[str, bool, int], ...]: ...


@dataclass(frozen=True)
class Result:
    """One strategy's mean score on one item type of a bank, against chance."""

    strategy: str
    type: str
    items: int
    score: float
    chance: float
    best_items: tuple[str, ...]  # items it beats chance on, furthest first

    @property
    def excess(self) -> float:
        """How far the strategy beats chance (negative: it does worse)."""
        return self.score - self.chance


def results(items: Sequence[Choice]) -> list[Result]:
    """Every strategy that applies to the bank's items, with its score and chance."""
    singles = [i for i in items if i.type == "single" and _correct_count(i) == 1]
    found = []
    if singles:
        most = max(len(i.options) for i in singles)
        for rank in range(min(most, len(_RANKS))):
            found.append(_result(f"pick the {_RANKS[rank]}", "single", singles,
                                 lambda item, r=rank: _by_rank(item, r)))
        found.append(_result("pick one of the two longest", "single", singles, _two_longest))
    truefalse = [i for i in items if i.type == "truefalse"]
    if truefalse:
        found.append(_result("absolute word means false", "truefalse", truefalse, _absolute))
        # a bank written against that cue can teach the opposite one
        found.append(_result("absolute word means true", "truefalse", truefalse,
                             lambda item: 1.0 - _absolute(item)))
    multiple = [i for i in items if i.type == "multiple" and i.options]
    if multiple:
        found.append(_result("tick all", "multiple", multiple,
                             lambda item: _tick(item, set(range(len(item.options))))))
        found.append(_result("tick all but one", "multiple", multiple, _all_but_one))
    return found


def chance(item: Choice) -> float:
    """The expected score of a random answer to the item."""
    if item.type == "single":
        return 1 / len(item.options)
    if item.type == "truefalse":
        return 0.5
    ticks = [set(c) for n in range(1, len(item.options) + 1)
             for c in combinations(range(len(item.options)), n)]
    return sum(_tick(item, t) for t in ticks) / len(ticks)


def outnumbered(item: Choice) -> bool:
    """True for a multiple-response item with more right options than wrong ones: ticking
    everything then scores above chance whatever the subject."""
    right = _correct_count(item)
    return item.type == "multiple" and right > len(item.options) - right


def _result(name: str, kind: str, items: list[Choice], strategy) -> Result:
    scores = [(item, strategy(item), chance(item)) for item in items]
    ahead = sorted((c - s, item.id) for item, s, c in scores if s > c + 1e-9)
    return Result(name, kind, len(items), sum(s for _, s, _ in scores) / len(items),
                  sum(c for _, _, c in scores) / len(items), tuple(i for _, i in ahead))


def _correct_count(item: Choice) -> int:
    return sum(1 for _, correct, _ in item.options if correct)


def _by_rank(item: Choice, rank: int) -> float:
    """Expected score of the option at this length rank (ties: one of the tied at random)."""
    lengths = sorted((len(text) for text, _, _ in item.options), reverse=True)
    length = lengths[min(rank, len(lengths) - 1)]
    tied = [correct for text, correct, _ in item.options if len(text) == length]
    return sum(tied) / len(tied)


def _two_longest(item: Choice) -> float:
    return (_by_rank(item, 0) + _by_rank(item, 1)) / 2


def _absolute(item: Choice) -> float:
    words = set(re.findall(r"[a-z]+", item.stem.lower()))
    guess = "false" if words & ABSOLUTE_WORDS else "true"
    return 1.0 if any(correct and text.strip().lower() == guess
                      for text, correct, _ in item.options) else 0.0


def _tick(item: Choice, ticked: set[int]) -> float:
    """The multiple-response score of ticking these options (as workbook.scoring scores it)."""
    right = {n for n, (_, correct, _) in enumerate(item.options) if correct}
    if not right:
        return 0.0
    return max(0.0, (len(ticked & right) - len(ticked - right)) / len(right))


def _all_but_one(item: Choice) -> float:
    every = set(range(len(item.options)))
    return sum(_tick(item, every - {n}) for n in every) / len(every)


def summary(results_: list[Result]) -> list[str]:
    """One line per item type: each strategy's score, and chance."""
    lines = []
    for kind in dict.fromkeys(r.type for r in results_):
        of_kind = [r for r in results_ if r.type == kind]
        scores = ", ".join(f"{r.strategy} {r.score:.0%}" for r in of_kind)
        lines.append(f"{_TYPE_NAMES[kind]} ({of_kind[0].items} items, chance "
                     f"{of_kind[0].chance:.0%}): {scores}")
    return lines


def cued(results_: list[Result]) -> list[str]:
    """A message for each strategy that beats chance by more than MARGIN, naming its items."""
    messages = []
    for r in results_:
        if r.items >= MIN_ITEMS and r.excess > MARGIN + 1e-9:
            named = ", ".join(r.best_items[:6]) + (
                f" and {len(r.best_items) - 6} more" if len(r.best_items) > 6 else "")
            messages.append(
                f"test-wise strategy '{r.strategy}' scores {r.score:.0%} on {r.items} "
                f"{_TYPE_NAMES[r.type]} items, {r.excess * 100:.0f} points above chance "
                f"({r.chance:.0%}; limit {MARGIN * 100:.0f}); worst items: {named}")
    return messages


_TYPE_NAMES = {"single": "single-choice", "truefalse": "true/false",
               "multiple": "multiple-response"}
