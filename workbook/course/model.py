"""Content types of the course: plain, immutable data with no I/O."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Criterion:
    """An assessment criterion an assessor looks for in the portfolio."""

    id: str
    text: str


QUESTION_TYPES = ("single", "multiple", "truefalse", "matching", "ordering", "scenario")


@dataclass(frozen=True)
class Option:
    """One choice of a single, multiple or true/false question, with its feedback."""

    id: str
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Pair:
    """A matching item: the left-hand prompt and the right-hand answer that belongs to it."""

    left: str
    right: str


@dataclass(frozen=True)
class Question:
    """A quiz question of one of QUESTION_TYPES; scenario questions hold their parts."""

    id: str
    type: str
    stem: str
    criterion: str = ""
    points: int = 1
    explanation: str = ""
    models: tuple[str, ...] = ()
    from_misconception: bool = False
    options: tuple[Option, ...] = ()
    pairs: tuple[Pair, ...] = ()
    distractors: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    scenario: str = ""
    parts: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """A learning outcome of a unit, with the criteria that evidence it."""

    id: str
    title: str
    slug: str
    criteria: tuple[Criterion, ...] = ()
    summary: str = ""
    models: tuple[KeyConcept, ...] = ()
    questions: tuple[Question, ...] = ()

    @property
    def kind(self) -> str:
        """'competence' for "Be able to" outcomes (shown in real work), else 'knowledge'."""
        return "competence" if self.title.lower().startswith("be able to") else "knowledge"


@dataclass(frozen=True)
class KeyConcept:
    """A named idea or model with a short explanation."""

    name: str
    explanation: str


@dataclass(frozen=True)
class Misconception:
    """A common misconception and its correction."""

    misconception: str
    correction: str


@dataclass(frozen=True)
class Unit:
    """A unit of the qualification, as imported from its revision page plus authored notes."""

    slug: str
    title: str
    awarding_body: str = ""
    qualifications: tuple[str, ...] = ()
    synopsis: str = ""
    overview: tuple[str, ...] = ()
    key_concepts: tuple[KeyConcept, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    unlinked_criteria: tuple[Criterion, ...] = ()
    guidance: tuple[str, ...] = ()
    mistakes: tuple[str, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    prerequisites: tuple[str, ...] = ()
    source: str = ""

    def outcome(self, outcome_id: str) -> Outcome:
        """The outcome with this id (KeyError if there is none)."""
        for outcome in self.outcomes:
            if outcome.id == outcome_id:
                return outcome
        raise KeyError(f"{self.slug} has no outcome {outcome_id!r}")

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion of the unit, linked ones first."""
        linked = tuple(c for o in self.outcomes for c in o.criteria)
        return linked + self.unlinked_criteria


@dataclass(frozen=True)
class Course:
    """The whole course: units in teaching order."""

    id: str
    title: str
    qualification: str
    units: tuple[Unit, ...] = field(default_factory=tuple)

    def unit(self, slug: str) -> Unit:
        """The unit with this slug (KeyError if there is none)."""
        for unit in self.units:
            if unit.slug == slug:
                return unit
        raise KeyError(f"the course has no unit {slug!r}")
