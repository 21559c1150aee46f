"""Item statistics of a summative assessment: which questions work. Pure functions, no I/O.

For each automatically marked item, over the learners whose marks are final:
- *facility*: the mean score as a share of the item's points (0 nobody, 1 everybody);
- *discrimination*: the corrected item-total correlation, Pearson's r between the item's score
  and each learner's total less that item (so an item is not correlated with itself); None when
  either side does not vary;
- how many learners chose each option, and flags: too easy (facility above 0.9), too hard
  (below 0.2), negative discrimination, a distractor (wrong option) nobody chose.
Each criterion gets the same figures over the sum of its items. Below `SMALL_COHORT` learners
the figures move a lot with one learner's answers: the result says so in plain words.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

TOO_EASY, TOO_HARD = 0.9, 0.2
SMALL_COHORT = 20
EASY, HARD, NEGATIVE, UNCHOSEN = "too easy", "too hard", "negative discrimination", "distractor never chosen"


@dataclass(frozen=True)
class Item:
    """One automatically marked question as the statistics need it."""

    id: str
    criterion: str
    points: float
    options: tuple[str, ...] = ()      # option ids, in the question's order
    correct: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Response:
    """One learner's mark on one item and the options they chose."""

    score: float
    chosen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figures:
    """The statistics of one item or one criterion."""

    id: str
    criterion: str
    learners: int
    facility: float | None
    discrimination: float | None
    chosen: dict[str, int] = field(default_factory=dict)   # option id -> learners who chose it
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemReport:
    """Every item's and criterion's figures, and warnings about the cohort."""

    assignment: str
    learners: int
    items: tuple[Figures, ...]
    criteria: tuple[Figures, ...]
    warnings: tuple[str, ...] = ()


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean (0 for no values)."""
    return sum(values) / len(values) if values else 0.0


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's correlation of two equal-length series (None when either does not vary)."""
    if len(xs) != len(ys) or len(xs) < 2:
        return None
    mx, my = mean(xs), mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def flags(facility: float | None, discrimination: float | None,
          unchosen: Sequence[str] = ()) -> tuple[str, ...]:
    """The flags a set of figures raises, in a fixed order."""
    found = []
    if facility is not None and facility > TOO_EASY:
        found.append(EASY)
    if facility is not None and facility < TOO_HARD:
        found.append(HARD)
    if discrimination is not None and discrimination < 0:
        found.append(NEGATIVE)
    found.extend(f"{UNCHOSEN}: {option}" for option in unchosen)
    return tuple(found)


def _figures(name: str, criterion: str, scores: list[float], rest: list[float],
             maximum: float, chosen: dict[str, int], unchosen: Sequence[str]) -> Figures:
    facility = mean(scores) / maximum if scores and maximum else None
    discrimination = pearson(scores, rest)
    return Figures(name, criterion, len(scores), facility, discrimination, chosen,
                   flags(facility, discrimination, unchosen if scores else ()))


def item_statistics(assignment: str, items: Sequence[Item],
                    responses: Mapping[str, Mapping[str, Response]]) -> ItemReport:
    """The figures of every item and criterion over `responses` (learner -> item id -> response;
    an item missing from a learner's responses scores 0 and chose nothing)."""
    learners = sorted(responses)
    none = Response(0.0)
    score = {i.id: [responses[who].get(i.id, none).score for who in learners] for i in items}
    totals = [sum(score[i.id][n] for i in items) for n in range(len(learners))]
    found = []
    for item in items:
        chosen = {o: sum(1 for who in learners if o in responses[who].get(item.id, none).chosen)
                  for o in item.options}
        unchosen = [o for o in item.options if o not in item.correct and not chosen[o]]
        rest = [t - s for t, s in zip(totals, score[item.id], strict=True)]
        found.append(_figures(item.id, item.criterion, score[item.id], rest, item.points,
                              chosen, unchosen))
    criteria = []
    for criterion in dict.fromkeys(i.criterion for i in items):
        own = [i for i in items if i.criterion == criterion]
        sums = [sum(score[i.id][n] for i in own) for n in range(len(learners))]
        rest = [t - s for t, s in zip(totals, sums, strict=True)]
        criteria.append(_figures(criterion, criterion, sums, rest, sum(i.points for i in own), {}, ()))
    warnings = []
    if len(learners) < SMALL_COHORT:
        warnings.append(f"only {len(learners)} learner{'s' if len(learners) != 1 else ''} "
                        f"(fewer than {SMALL_COHORT}): these figures change a lot with one "
                        "learner's answers; read them as hints, not verdicts")
    if len(items) < 3:
        warnings.append("few items: discrimination is measured against a short rest-of-test score")
    return ItemReport(assignment, len(learners), tuple(found), tuple(criteria), tuple(warnings))
