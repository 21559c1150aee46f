"""The anonymisation check: what in a description looks like a person's full name, a date of
birth or an NHS number, so the evidence widget can warn before it is saved.

Portfolios must not identify the people supported. The check cannot be sure, so it says what it
found and leaves the decision to the learner: the portfolio forms save such text as evidence
only once the learner ticks "I have removed names and identifying details". Capitalised
phrases made of the course's own vocabulary ("Care Act", "Mental Capacity Act") are not names.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: capitalised words that start or join phrases but are never a given name or surname.
COMMON = frozenset("""
a an and as at by for from he her his i if in it its my of on or our she so the their them then
they this that to we when where while with you your after before during today yesterday
tomorrow last next each every all some both one two three first second also however although
because but not no yes mr mrs ms miss dr afterwards later earlier recently now once since until
here there following during
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december
act acts standard standards code practice care health social council trust nhs service services
team home house court road street lane avenue centre center hospital ward unit level diploma
framework model cycle principle principles policy procedure plan review meeting session training
support active person people individual individuals family manager assessor learner tutor
""".split())
#: last words of the titles of laws, standards, models and places, which are not names either.
TITLE_ENDS = frozenset("""
act acts standard standards code framework frameworks model models cycle principle principles
theory approach policy regulations guidance needs valorisation accomplishments trust council
court house home centre hospital road street lane avenue close way
""".split())
#: a capitalised word of two letters or more ("Mr B" and "Mary S" are already anonymised),
#: with O'Neill, Smith-Jones and a possessive allowed.
_WORD = r"[A-Z](?:[a-z]+|['’][A-Z][a-z]+)(?:-[A-Z]?[a-z]+)*(?:['’]s?)?"
HONORIFIC = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+{_WORD}(?:\s+{_WORD})?")
CAPITALISED_RUN = re.compile(rf"\b{_WORD}(?:\s+{_WORD})+")
_DATE = (r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
         r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4})")
BIRTH_DATE = re.compile(rf"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on)?)\s*[:\-]?\s*{_DATE}",
                        re.IGNORECASE)
NHS_NUMBER = re.compile(r"(?<!\d)(?<!\d[ -])(?:\d{3}([ -])\d{3}\1\d{4}|\d{10})(?!\d)(?![ -]\d)")


@dataclass(frozen=True)
class Finding:
    """Something that may identify a person: what kind, the text, and what to do."""

    kind: str
    text: str
    message: str


def valid_nhs_number(digits: str) -> bool:
    """True when ten digits pass the NHS number's modulus 11 check."""
    digits = digits.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Lower-case words of the course's own titles and terms, which never count as names."""
    return frozenset(_bare(w) for text in texts for w in re.findall(r"[A-Za-z'’-]+", text))


def findings(text: str, known: Iterable[str] = ()) -> list[Finding]:
    """What in `text` looks like a full name, a date of birth or an NHS number."""
    words = COMMON | {_bare(w) for w in known}
    found: list[Finding] = []
    for match in HONORIFIC.finditer(text):
        found.append(_name(match.group(0)))
    named = {f.text for f in found}
    for match in CAPITALISED_RUN.finditer(text):
        if _bare(match.group(0).split()[-1]) in TITLE_ENDS:
            continue
        name = _name_in(match.group(0), words)
        if name and not any(name in n or n in name for n in named):
            found.append(_name(name))
            named.add(name)
    for match in BIRTH_DATE.finditer(text):
        found.append(Finding("date of birth", match.group(0),
                             f"“{match.group(0)}” looks like a date of birth. Leave it out, or "
                             "give an age range if it matters."))
    for match in NHS_NUMBER.finditer(text):
        # written 3-3-4 it is an NHS number whatever its check digit (a mistyped one is still
        # someone's); ten digits in a row only when the check digit holds
        if match.group(1) or valid_nhs_number(match.group(0)):
            found.append(Finding("NHS number", match.group(0),
                                 f"“{match.group(0)}” looks like an NHS number. Remove it."))
    return found


def _name_in(phrase: str, words: frozenset[str]) -> str:
    """The longest run of two or more words in a capitalised phrase that are not vocabulary."""
    best: list[str] = []
    run: list[str] = []
    for word in phrase.split() + [""]:
        if word and _bare(word) not in words:
            run.append(word)
            continue
        if len(run) >= 2 and len(run) > len(best):
            best = run
        run = []
    return " ".join(best)


def _bare(word: str) -> str:
    """Lower case without a possessive ending: "Kitwood's" -> "kitwood"."""
    return re.sub(r"(?:['’]s|['’])$", "", word.lower())


def _name(text: str) -> Finding:
    return Finding("name", text, f"“{text}” looks like a person's full name. Use initials or a "
                                 "role instead, such as “the person I support” or “team member A”.")
