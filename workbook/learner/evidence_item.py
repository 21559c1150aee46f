"""An evidence item as plain data, the learner's draft of one, and what is wrong with a draft.

An item maps to criteria of any number of units (`mapping`); as one unit sees it, `criteria` are
that unit's. Witness testimony carries who the witness is, the ground and reason for using it in
place of the assessor's observation, and the assessor who agreed to it and when; an observation
carries where it took place (real work or a simulation), its place and whether the people
supported consented or cannot be identified. No I/O: the store document is
`workbook.learner.evidence`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from workbook.course.evidence_rules import SETTINGS, WITNESS_GROUNDS, EvidenceRules
from workbook.course.model import Unit
from workbook.learner.dates import date_problem, long_date, parse_date

#: fields of an item, in the order exports show them (lists joined in one CSV cell).
FIELDS = ("id", "type", "title", "date", "description", "location", "criteria", "models", "source")
#: what an observation item records about the people supported.
CONSENT = (
    ("consented", "The people supported agreed to the observation"),
    ("not-identifiable", "The people supported cannot be identified from this record"),
)
#: the evidence types that carry witness or observation details.
WITNESS_TYPE = "expert-witness"
OBSERVATION_TYPE = "direct-observation"


@dataclass(frozen=True)
class Witness:
    """Who gave expert witness testimony, their expertise, and why the assessor did not observe."""

    name: str = ""
    role: str = ""
    relationship: str = ""
    competence: str = ""
    #: why testimony is used instead of the assessor's observation, in the learner's words.
    reason: str = ""
    #: the ground the assessment principles allow it on (evidence_rules.WITNESS_GROUNDS).
    grounds: str = ""
    #: the assessor who agreed to testimony in place of observation, and the day (YYYY-MM-DD).
    agreed_by: str = ""
    agreed_on: str = ""

    def missing(self) -> list[str]:
        """Plain names of the details not yet given (the reason is checked by the rules)."""
        labels = (("name", "the witness's name"), ("role", "their job role"),
                  ("relationship", "how they know you"),
                  ("competence", "a statement of their occupational competence"))
        return [label for key, label in labels if not getattr(self, key).strip()]


@dataclass(frozen=True)
class Observation:
    """Where the assessor observed, and the consent or anonymity of the people supported."""

    place: str = ""
    consent: str = ""
    #: "real-work" or "simulation" (evidence_rules.SETTINGS); "" when not recorded.
    setting: str = ""

    def missing(self) -> list[str]:
        """Plain names of the details not yet given."""
        found = [] if self.place.strip() else ["the place of the observation"]
        if self.consent not in dict(CONSENT):
            found.append("whether the people supported consented or cannot be identified")
        return found


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of portfolio evidence, as one unit sees it (`criteria` are that unit's)."""

    id: str
    type: str
    title: str
    date: str
    description: str = ""
    location: str = ""
    criteria: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    #: what made it: "" when logged by hand, "reflection:<id>" or "training-plan" of `home`.
    source: str = ""
    #: the unit it was logged in (its source belongs to that unit).
    home: str = ""
    #: the outcome whose page it was logged from ("" when not known): it stays listed there
    page: str = ""
    #: every unit's criteria: ((unit_slug, (criterion ids)), ...), sorted.
    mapping: tuple[tuple[str, tuple[str, ...]], ...] = ()
    witness: Witness | None = None
    observation: Observation | None = None

    def units(self) -> dict[str, tuple[str, ...]]:
        """Unit slug -> the criteria the item is mapped to there."""
        return dict(self.mapping)

    def for_unit(self, unit_slug: str) -> EvidenceItem:
        """The item as a unit sees it."""
        return replace(self, criteria=self.units().get(unit_slug, ()))

    def elsewhere(self, unit_slug: str) -> dict[str, tuple[str, ...]]:
        """The other units it counts towards, with their criteria."""
        return {u: c for u, c in self.mapping if u != unit_slug}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data as a unit sees it: `criteria` a list, `mapping` every unit's."""
        data = {key: getattr(self, key) for key in FIELDS}
        data.update(criteria=list(self.criteria), models=list(self.models), home=self.home,
                    mapping={u: list(c) for u, c in self.mapping})
        if self.page:
            data["page"] = self.page
        data.update(_details(self))
        return data

    def record(self) -> dict[str, Any]:
        """The stored form: `criteria` maps every unit to its criteria."""
        data = self.to_dict()
        data["criteria"] = data.pop("mapping")
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], unit_slug: str = "") -> EvidenceItem:
        """An item from a stored record, an old per-unit item or an export; unknown keys ignored.

        `criteria` may map units to criteria (stored form) or list one unit's (`unit_slug`).
        """
        criteria = data.get("criteria", [])
        if isinstance(criteria, Mapping):
            mapping = {str(u): _ids(c) for u, c in criteria.items()}
        else:
            mapping = {str(u): _ids(c) for u, c in (data.get("mapping") or {}).items()}
            if unit_slug:
                mapping[unit_slug] = _ids(criteria)
        witness, observation = data.get("witness"), data.get("observation")
        item = cls(
            id=str(data["id"]), type=str(data.get("type", "")), title=str(data.get("title", "")),
            date=str(data.get("date", "")), description=str(data.get("description", "")),
            location=str(data.get("location", "")),
            models=tuple(str(m) for m in data.get("models", [])),
            source=str(data.get("source", "")), home=str(data.get("home", "") or unit_slug),
            page=str(data.get("page", "")),
            mapping=tuple(sorted((u, c) for u, c in mapping.items() if c)),
            witness=_details_of(Witness, witness), observation=_details_of(Observation, observation),
        )
        return item.for_unit(unit_slug) if unit_slug else item


@dataclass(frozen=True)
class Draft:
    """What the learner typed, before it becomes an item.

    `criteria` are the current unit's; `elsewhere` maps other units to theirs, or is None to
    leave the item's other units as they are (a reflection refreshing its item, say).
    """

    type: str
    title: str
    date: str
    description: str = ""
    location: str = ""
    criteria: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    elsewhere: Mapping[str, tuple[str, ...]] | None = None
    witness: Witness | None = None
    observation: Observation | None = None
    #: the outcome page the form is on ("" when it is not an outcome's page)
    page: str = ""


#: the fields of a draft a problem can belong to, in the order the form shows them.
PROBLEM_FIELDS = ("type", "title", "date", "witness", "grounds", "reason", "agreed_by", "agreed_on",
                  "setting", "observation", "criteria")


def field_problems(draft: Draft, unit: Unit, rules: EvidenceRules, today: dt.date | None = None,
                   future: bool = False) -> dict[str, list[str]]:
    """Plain messages for what is wrong with a draft, by the field they belong to ({} when it can
    be saved); `future` allows a date after today (a training plan's planned date)."""
    today = today or dt.date.today()
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if not draft.title.strip():
        add("title", "Give the evidence a title, so that you and your assessor can find it.")
    if draft.type not in {t.id for t in rules.types}:
        add("type", "Choose the type of evidence.")
    if why := date_problem(draft.date, today, future, "the date the evidence was produced"):
        add("date", why)
    known = {c.id for c in unit.criteria}
    if not draft.criteria and not any((draft.elsewhere or {}).values()):
        add("criteria", "Tick at least one assessment criterion that this evidence shows.")
    elif unknown := sorted(set(draft.criteria) - known):
        add("criteria", f"Criteria {', '.join(unknown)} are not part of this unit.")
    if draft.type == WITNESS_TYPE:
        for field, message in _witness_problems(draft.witness or Witness(), today):
            add(field, message)
    if draft.type == OBSERVATION_TYPE:
        observation = draft.observation or Observation()
        if observation.setting not in dict(SETTINGS):
            add("setting", "Say where the observation took place: at work, with the people you "
                           "support, or in a simulation or role-play.")
        if missing := observation.missing():
            add("observation", f"An observation must record {_listed(missing)}.")
    return {field: problems[field] for field in PROBLEM_FIELDS if field in problems}


def _witness_problems(witness: Witness, today: dt.date) -> list[tuple[str, str]]:
    """What testimony lacks before it can stand in for observation: who the witness is, the
    ground, the reason, and the assessor who agreed to it and when (the assessment principles)."""
    found = []
    if missing := witness.missing():
        found.append(("witness", f"Witness testimony must record {_listed(missing)}."))
    if witness.grounds not in dict(WITNESS_GROUNDS):
        found.append(("grounds", "Choose why an expert witness is used instead of your "
                                 "assessor's observation."))
    if not witness.reason.strip():
        found.append(("reason", "Say why witness testimony is used instead of your assessor's "
                                "observation: the witness has occupational expertise for a "
                                "specialist area, or observation would be particularly sensitive."))
    if not witness.agreed_by.strip():
        found.append(("agreed_by", "Enter the name of the assessor who agreed to witness "
                                   "testimony instead of observation."))
    when = parse_date(witness.agreed_on)
    if why := date_problem(witness.agreed_on, today, True, "the date your assessor agreed to it"):
        found.append(("agreed_on", why))
    elif when and when > today:
        found.append(("agreed_on", f"{long_date(when)} is in the future: enter the day your "
                                   "assessor agreed to the testimony (today or earlier)."))
    return found


def problems_with(draft: Draft, unit: Unit, rules: EvidenceRules, today: dt.date | None = None,
                  future: bool = False) -> list[str]:
    """Plain messages for what is wrong with a draft ([] when it can be saved)."""
    found = field_problems(draft, unit, rules, today, future)
    return [message for messages in found.values() for message in messages]


def _details(item: EvidenceItem) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if item.witness:
        found["witness"] = vars(item.witness).copy()
    if item.observation:
        found["observation"] = vars(item.observation).copy()
    return found


def _details_of(kind, data: Any):
    if not isinstance(data, Mapping):
        return None
    names = kind.__dataclass_fields__
    return kind(**{k: str(v) for k, v in data.items() if k in names})


def _ids(criteria: Any) -> tuple[str, ...]:
    return tuple(sorted(str(c) for c in criteria)) if isinstance(criteria, (list, tuple)) else ()


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
