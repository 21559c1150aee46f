"""Revision page text -> unit data (a dict ready to dump as unit YAML).

Two renderings of the same page format are read:
- *expanded*: headings such as "Key Concepts" followed by a subtitle line and "•" bullets,
  plus a count header ("1 / Learning Outcomes / 3 / Assessment Guidance ...");
- *compact*: headings such as "Key Concepts & Core Principles" followed by "- " bullets.
A heading that is followed by no bullets (the page's tab labels) is ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook.atomic import write_atomic
from workbook.course.slugs import slugify
from workbook.course.yamlfile import dump_yaml
from workbook.errors import WorkbookError

#: heading text -> field it fills; both renderings map onto the same fields.
SECTION_FIELDS = {
    "Key Concepts": "key_concepts",
    "Key Concepts & Core Principles": "key_concepts",
    "Learning Objectives": "outcomes",
    "Learning Outcomes": "outcomes",
    "Assessment Criteria": "criteria",
    "Examiner Marking Points": "criteria",
    "Assessment Guidance": "guidance",
    "Exam Tips & Revision Strategies": "guidance",
    "Common Mistakes": "mistakes",
    "Common Misconceptions & Mistakes to Avoid": "mistakes",
    "Before You Start": "prerequisites",
    # read only to check the header's count: the pages list the outcomes again here
    "Key Terminology": "key_terms",
}
PARAGRAPH_SECTIONS = {"Topic Synopsis": "synopsis", "Topic Overview": "overview"}
# headings whose content is not imported (the pages leave the questions section empty)
OTHER_HEADINGS = {"Ready to learn?", "Frequently Asked Questions"}
HEADINGS = set(SECTION_FIELDS) | set(PARAGRAPH_SECTIONS) | OTHER_HEADINGS
#: count-header labels -> field whose bullet count they announce.
COUNT_LABELS = {
    "Learning Outcomes": "outcomes",
    "Assessment Guidance": "guidance",
    "Key Terms": "key_terms",
    "Assessment Criteria": "criteria",
}
OUTCOME_STARTERS = ("Understand", "Know", "Be able to", "Be aware", "Demonstrate")
_OUTCOME_SPLIT = re.compile(r",\s+(?=(?:" + "|".join(OUTCOME_STARTERS) + r")\b)")
_BULLET = re.compile(r"^(?:•|-|\*)\s*(.*)$")
_LEADING_SYMBOLS = re.compile(r"^[^\w'\"(‘“]+")
_TRAILING_SYMBOLS = re.compile(r"[^\w)?!.’'\"]+$")
_QUALIFICATION = re.compile(
    r"\bLevel \d+\b.*\b(?:Diploma|Certificate|Award|Apprenticeship)\b", re.IGNORECASE
)
_BODY_LINE = re.compile(r"^(?P<head>.+?)\s*(?:Occupational|Vocational|Technical) Qualification\b")


class SeedPageError(WorkbookError):
    """A page that cannot be imported; the message is one plain sentence."""


@dataclass
class ParsedPage:
    """The result of reading one page: unit data and the warnings met on the way."""

    data: dict
    warnings: list[str] = field(default_factory=list)


def read_page_text(path: Path) -> str:
    """The page's text, or SeedPageError when it is empty, binary or not UTF-8."""
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise SeedPageError("binary file, not a revision page")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SeedPageError(f"not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise SeedPageError("the page is empty")
    return text


def parse_page(text: str, source: str = "") -> ParsedPage:
    """Read a revision page's text into unit data; SeedPageError if it has no outcomes."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    warnings: list[str] = []
    bullets, paragraphs = _sections(lines)
    title, body = _title_and_body(lines)
    outcome_bullets = bullets.get("outcomes", [])
    outcome_titles = [t for b in outcome_bullets for t in split_outcomes(b)]
    if not outcome_titles:
        raise SeedPageError("no learning outcomes found (expected a 'Learning Objectives' section)")
    if not title:
        raise SeedPageError("no unit title found on the first line")
    criteria_texts = bullets.get("criteria", [])
    outcomes, unlinked = _link_criteria(outcome_titles, criteria_texts, warnings)
    warnings.extend(_check_counts(lines, bullets))
    mistakes, misconceptions = _split_mistakes(bullets.get("mistakes", []))
    data = {
        "schema": 1,
        "slug": slugify(title),
        "title": title,
        "awarding_body": body,
        "qualifications": _qualifications(lines),
        "synopsis": " ".join(paragraphs.get("synopsis", [])[:1]),
        "overview": paragraphs.get("overview", []),
        "key_concepts": [_concept(b) for b in bullets.get("key_concepts", [])],
        "outcomes": outcomes,
        "unlinked_criteria": unlinked,
        "guidance": [_clean(b) for b in bullets.get("guidance", [])],
        "mistakes": mistakes,
        "misconceptions": misconceptions,
        "prerequisites": bullets.get("prerequisites", []),
        "source": source,
    }
    return ParsedPage(data, warnings)


def split_outcomes(line: str) -> list[str]:
    """Split a comma-joined outcomes line only where a new outcome begins."""
    return [part.strip().rstrip(".") for part in _OUTCOME_SPLIT.split(line) if part.strip()]


def _sections(lines: list[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Bullets per field and paragraphs per paragraph section."""
    bullets: dict[str, list[str]] = {}
    paragraphs: dict[str, list[str]] = {}
    current: str | None = None
    in_bullets = False
    for line in lines:
        if line in HEADINGS:
            current, in_bullets = line, False
            continue
        if current is None or not line:
            continue
        if current in PARAGRAPH_SECTIONS:
            if _is_page_chrome(line):
                current = None
                continue
            paragraphs.setdefault(PARAGRAPH_SECTIONS[current], []).append(line)
            continue
        match = _BULLET.match(line)
        if match and current in SECTION_FIELDS:
            in_bullets = True
            bullets.setdefault(SECTION_FIELDS[current], []).append(match.group(1).strip())
        elif in_bullets:
            current, in_bullets = None, False  # the section ended
        # else: the subtitle line under an expanded heading
    return bullets, paragraphs


def _is_page_chrome(line: str) -> bool:
    """Short lines inside paragraph sections that belong to the page, not the text."""
    return len(line.split()) < 6 and not line.endswith(".")


def _title_and_body(lines: list[str]) -> tuple[str, str]:
    """Unit title and awarding body from the page's first line."""
    first = next((line for line in lines if line), "")
    match = _BODY_LINE.match(first)
    head = match.group("head") if match else first
    # Prefer a later line standing alone that the first line starts with (the expanded page).
    standalone = [line for line in lines[1:] if line and head.startswith(line) and len(line) < len(head)]
    if standalone:
        title = max(standalone, key=len)
        return title, head[len(title):].strip()
    # Otherwise the title runs into the body with no space: "...practiceFocus Awards Limited".
    joins = [m.start() + 1 for m in re.finditer(r"[^\sA-Z\-'’/(&][A-Z]", head)]
    if joins:
        return _TRAILING_SYMBOLS.sub("", head[: joins[-1]]), head[joins[-1]:].strip()
    return _TRAILING_SYMBOLS.sub("", head), ""


def _qualifications(lines: list[str]) -> list[str]:
    """Every qualification named on a line of its own (several may be listed)."""
    found: list[str] = []
    for line in lines:
        line = re.sub(r"^Qualifications?:\s*", "", line)
        for part in re.split(r"\s*(?:;|\|)\s*", line):
            part = part.lstrip("•- ").strip()
            if _QUALIFICATION.search(part) and len(part) < 250 and not part.endswith("."):
                if part not in found:
                    found.append(part)
    return found


def _link_criteria(
    titles: list[str], criteria: list[str], warnings: list[str]
) -> tuple[list[dict], list[dict]]:
    """Outcomes with their criteria linked in order when the counts match."""
    outcomes: list[dict[str, Any]] = [
        {"id": f"LO{n}", "title": title, "criteria": []} for n, title in enumerate(titles, 1)
    ]
    if len(criteria) == len(titles):
        for n, (outcome, text) in enumerate(zip(outcomes, criteria), 1):
            outcome["criteria"].append({"id": f"{n}.1", "text": text})
        return outcomes, []
    if criteria:
        warnings.append(
            f"{len(criteria)} assessment criteria for {len(titles)} learning outcomes: "
            "criteria kept unlinked"
        )
    return outcomes, [{"id": f"AC{n}", "text": text} for n, text in enumerate(criteria, 1)]


def _check_counts(lines: list[str], bullets: dict[str, list[str]]) -> list[str]:
    """Warnings where the count header disagrees with the bullets found."""
    warnings = []
    for i, line in enumerate(lines[1:], 1):
        if line in COUNT_LABELS and lines[i - 1].isdigit():
            announced = int(lines[i - 1])
            found = len(bullets.get(COUNT_LABELS[line], []))
            if announced != found:
                warnings.append(f"header says {announced} {line}, the page lists {found}")
    return warnings


def _split_mistakes(items: list[str]) -> tuple[list[str], list[dict]]:
    """Plain mistakes, and Misconception/Correction pairs split out."""
    mistakes, pairs = [], []
    for item in items:
        match = re.match(r"Misconception:\s*(.+?)\s*Correction:\s*(.+)$", item)
        if match:
            pairs.append({"misconception": _unquote(match.group(1)), "correction": match.group(2)})
        else:
            mistakes.append(item)
    return mistakes, pairs


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) > 1 and text[0] in "'‘\"“" and text[-1] in "'’\"”.":
        text = text.strip(".").strip("'‘’\"“”")
    return text.rstrip(".") + "."


def _concept(item: str) -> dict:
    name, sep, explanation = item.partition(":")
    if not sep or len(name.split()) > 8:
        return {"name": "", "explanation": item}
    return {"name": name.strip(), "explanation": explanation.strip()}


def _clean(item: str) -> str:
    """Drop decorative symbols (emoji) at the start of a bullet."""
    return _LEADING_SYMBOLS.sub("", item).strip()


HEADER = (
    "# Imported from {source} by `workbook import-seed`; re-importing replaces this file.\n"
    "# Authored material (outcome notes, question banks, evidence rules) lives in other files.\n"
)


def import_pages(pages: list[Path], out_dir: Path) -> tuple[list[Path], list[str]]:
    """Import every page into out_dir/<slug>.yaml; all pages are read before any is written.

    Returns the written paths and warnings (`<file>: <warning>`); raises SeedPageError naming
    the first page that cannot be imported, in which case nothing is written.
    """
    parsed: list[tuple[Path, ParsedPage]] = []
    for page in pages:
        try:
            parsed.append((page, parse_page(read_page_text(page), source=page.name)))
        except (SeedPageError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise SeedPageError(f"{page}: {reason}") from None
    slugs = [result.data["slug"] for _, result in parsed]
    for slug in slugs:
        if slugs.count(slug) > 1:
            raise SeedPageError(f"two pages import to the same unit '{slug}'")
    written: list[Path] = []
    warnings: list[str] = []
    for page, result in parsed:
        target = out_dir / f"{result.data['slug']}.yaml"
        write_atomic(target, HEADER.format(source=page.name) + dump_yaml(result.data))
        written.append(target)
        warnings.extend(f"{page}: {w}" for w in result.warnings)
    return written, warnings
