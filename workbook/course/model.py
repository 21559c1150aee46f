"""Content types of the course: plain, immutable data with no I/O."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: how an outcome's revision-page marking point is named where it stands in for criteria.
MARKING_POINT_LABEL = "marking point"


@dataclass(frozen=True)
class Criterion:
    """What an assessor signs off: an awarding body's criterion, or a page's marking point.

    Official criteria carry the specification's id ("1.4") and exact text. Where a unit has no
    official criteria for an outcome, its revision-page marking points stand in for them, with
    ids such as "LO3.mp1" that cannot be mistaken for an awarding body's number.
    """

    id: str
    text: str
    official: bool = False
    note: str = ""

    @property
    def label(self) -> str:
        """How the criterion is named to people: its id, or what a marking point is."""
        return self.id if self.official else MARKING_POINT_LABEL

    @property
    def caption(self) -> str:
        """The criterion as one line for people: '1.4 Explain ...' or 'Marking point ...: ...'."""
        if self.official:
            return f"{self.id} {self.text}"
        return f"{MARKING_POINT_LABEL[0].upper()}{MARKING_POINT_LABEL[1:]}: {self.text}"

    @property
    def verb(self) -> str:
        """The command word an assessor judges against ("explain", "critically review", ...)."""
        words = self.text.split()
        if len(words) > 2 and words[0].lower() == "support" and words[1].lower() == "others":
            return "support others"
        if len(words) > 1 and words[0].lower() == "critically":
            return f"critically {words[1].lower()}"
        return words[0].lower() if words else ""


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
    """A learning outcome of a unit, with the criteria that evidence it.

    `criteria` are the awarding body's criteria when the unit's specification gives them, else
    the revision page's marking points; `marking_points` always holds the page's marking points,
    which are guidance on the outcome once official criteria exist.
    """

    id: str
    title: str
    slug: str
    criteria: tuple[Criterion, ...] = ()
    marking_points: tuple[Criterion, ...] = ()
    summary: str = ""
    models: tuple[KeyConcept, ...] = ()
    topics: tuple[Topic, ...] = ()
    evidence_routes: tuple[tuple[str, str], ...] = ()  # (criterion id, how to evidence it)
    questions: tuple[Question, ...] = ()

    @property
    def kind(self) -> str:
        """'competence' for "Be able to" outcomes (shown in real work), else 'knowledge'."""
        return "competence" if self.title.lower().startswith("be able to") else "knowledge"

    @property
    def has_official_criteria(self) -> bool:
        """True when the awarding body's criteria for this outcome are in the course."""
        return any(c.official for c in self.criteria)


@dataclass(frozen=True)
class Topic:
    """A teaching note of an outcome, naming the criteria it prepares a learner for."""

    title: str
    text: str
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyConcept:
    """A named idea or model with a short explanation."""

    name: str
    explanation: str


@dataclass(frozen=True)
class CurrencyNote:
    """An authored note shown beside imported text that contains `match` (ignoring case).

    `checked` is the day the note was last checked against `source` (a named publication or
    body with its date or address); `line` is where the note starts in its file.
    """

    match: str
    note: str
    checked: date | None = None
    source: str = ""
    line: int = 0

    @property
    def text(self) -> str:
        """The note as learners see it: what it says, then where it comes from and when."""
        if self.checked is None:
            return self.note
        day = f"{self.checked.day} {self.checked:%B %Y}"
        return f"{self.note} [Checked {day}. Source: {self.source}.]"


@dataclass(frozen=True)
class Reference:
    """A source the unit's teaching draws on: who, when, what, and where to find it."""

    author: str
    year: str
    title: str
    publisher: str = ""
    url: str = ""

    @property
    def citation(self) -> str:
        """One line in the house style: 'Author (year) *Title*. Publisher. URL'."""
        parts = [f"{self.author} ({self.year}) *{self.title}*."]
        if self.publisher:
            parts.append(f"{self.publisher}.")
        if self.url:
            parts.append(f"<{self.url}>")
        return " ".join(parts)


@dataclass(frozen=True)
class Misconception:
    """A common misconception and its correction."""

    misconception: str
    correction: str


@dataclass(frozen=True)
class Definition:
    """A term the specification defines for its criteria (e.g. "Others", "Consent")."""

    term: str
    text: str


@dataclass(frozen=True)
class Requirement:
    """An assessment requirement of the specification, with where it comes from."""

    text: str
    source: str


@dataclass(frozen=True)
class UnitSpec:
    """An awarding body's specification of a unit, as the regulator's register gives it."""

    reference: str
    title: str
    source: str
    level: str = ""
    guided_learning_hours: int | None = None
    credit_value: int | None = None
    grading: str = ""
    requirements: tuple[Requirement, ...] = ()
    #: outcomes that must be assessed in the learner's real work environment.
    real_work_outcomes: tuple[str, ...] = ()
    #: outcomes for which the awarding body allows evidence from a simulation (usually none).
    simulation_allowed: tuple[str, ...] = ()
    definitions: tuple[Definition, ...] = ()


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
    spec: UnitSpec | None = None
    currency: tuple[CurrencyNote, ...] = ()
    references: tuple[Reference, ...] = ()

    def notes_for(self, text: str) -> tuple[str, ...]:
        """The currency notes that answer this imported text (its `match` occurs in it)."""
        flat = " ".join(text.lower().split())
        return tuple(n.text for n in self.currency if n.match.lower() in flat)

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

    @property
    def outcomes_without_official_criteria(self) -> tuple[Outcome, ...]:
        """Outcomes still assessed against revision-page marking points."""
        return tuple(o for o in self.outcomes if not o.has_official_criteria)


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
