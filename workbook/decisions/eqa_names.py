"""Who is who in an EQA pack: learners and staff by ids the centre chose, names taken out of text.

Learners are shown by the centre's id (`centre_ids`) or, without one, `L001`, `L002`, ... in the
order of their account names; assessors as `A1`, `A2`, ... and IQAs as `IQA1`, ... unless the
centre's file lists them too. Free text (feedback, evidence titles, comments, declarations) has
every account name, assessor and IQA name and declaration signer's name (and each word of it)
replaced by the person's id; a learner outside the sample becomes "[another learner]".
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

OTHER_LEARNER = "[another learner]"
#: a declaration's summary, as `workbook.learner.declaration.Declaration.summary` writes it
SIGNED = re.compile(r"signed by (?P<name>.+?) on (?P<date>\d{4}-\d{2}-\d{2})")
#: shorter words of a name are too likely to be ordinary words
MIN_WORD = 3


class Names:
    """The ids shown in a pack, and a scrubber for free text."""

    def __init__(self, sampled: Iterable[str], others: Iterable[str], assessors: Iterable[str],
                 iqas: Iterable[str], centre_ids: Mapping[str, str]):
        self.ids: dict[str, str] = {}
        for n, learner in enumerate(sorted(set(sampled)), 1):
            self.ids[learner] = centre_ids.get(learner) or f"L{n:03d}"
        staff = [(sorted(set(assessors)), "A"), (sorted(set(iqas) - set(assessors)), "IQA")]
        for people, prefix in staff:
            for n, person in enumerate(people, 1):
                self.ids.setdefault(person, centre_ids.get(person) or f"{prefix}{n}")
        self._replace: dict[str, str] = {o: OTHER_LEARNER for o in set(others) - set(self.ids)}
        self._replace.update({name: shown for name, shown in self.ids.items()})
        self._pattern: re.Pattern[str] | None = None

    def alias(self, name: str, shown: str) -> None:
        """Also replace `name` (a signer's full name, an account) in text by `shown`."""
        for part in [name, *name.split()]:
            part = part.strip()
            if len(part) >= MIN_WORD and part not in self._replace:
                self._replace[part] = shown
        self._pattern = None

    def same(self, account: str, name: str) -> None:
        """The account `account` is the person `name`: show it by the same id."""
        if account and account not in self.ids and name in self.ids:
            self.ids[account] = self.ids[name]
            self._replace[account] = self.ids[name]
            self._pattern = None

    def of(self, name: str) -> str:
        """The id shown for a person (their scrubbed name when they have none)."""
        return self.ids.get(name) or self.text(name)

    def entry_id(self, entry_id: str) -> str:
        """A journal entry id (`<account>:d3`) with the account replaced by its id."""
        account, sep, rest = entry_id.partition(":")
        return f"{self.of(account)}{sep}{rest}" if sep else self.text(entry_id)

    def learn_signer(self, summary: str, learner: str) -> None:
        """Remember the name a declaration was signed with, as the learner (or another)."""
        if found := SIGNED.search(summary):
            self.alias(found["name"], self.ids.get(learner, OTHER_LEARNER))

    def declaration(self, summary: str, learner: str) -> str:
        """A declaration's summary with the signer's name replaced by the learner's id."""
        self.learn_signer(summary, learner)
        summary = SIGNED.sub(lambda m: f"signed by {self.of(learner)} on {m['date']}", summary)
        return self.text(summary)

    def text(self, value: str) -> str:
        """Free text with every known name replaced (whole words, any case)."""
        if not self._replace:
            return value
        if self._pattern is None:
            names = sorted(self._replace, key=len, reverse=True)
            self._pattern = re.compile(
                r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)
        lower = {k.lower(): v for k, v in self._replace.items()}
        return self._pattern.sub(lambda m: lower[m.group(0).lower()], value)
