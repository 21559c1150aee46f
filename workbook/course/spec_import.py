"""Register unit page text -> specification data (`specs/<unit-slug>.yaml`, see specs.py).

The page is the unit as the Ofqual register shows it, saved as text: fields such as
"Unit Reference Number" (label and value on one line, or the value on the next line), an
"Assessment Guidance" block (definitions, assessment principles, outcomes to be assessed in a
real work environment), then "Learning Outcomes and Assessment Criteria": an outcome number
and its title, then each criterion id (1.1) and its text. A criterion's text may run over
several lines and hold "•" bullets; they are joined into one line, as the criterion reads.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from workbook.atomic import write_atomic
from workbook.course.model import Course, Unit
from workbook.course.seedpage import SeedPageError, read_page_text
from workbook.course.specs import SPEC_SCHEMA, normal_title, plain_quotes
from workbook.course.yamlfile import ContentError, Problems, dump_yaml
from workbook.errors import WorkbookError

FIELDS = {
    "reference": "Unit Reference Number",
    "title": "Title",
    "level": "Unit Level",
    "guided_learning_hours": "Guided Learning Hours",
    "credit_value": "Unit Credit Value",
    "grading": "Unit Grading Structure",
}
#: labels the register shows that are not read, so that a value is never taken for a label.
OTHER_LABELS = ("Qualification Framework", "Unit Sub Level", "Date of Withdrawal", "SSAs", "Unit")
GUIDANCE = "Assessment Guidance"
TABLE = "Learning Outcomes and Assessment Criteria"
#: lines that end the outcomes table when the page goes on after it.
TABLE_END = ("additional information", "back to top", "print this page", "related qualifications")
_OUTCOME = re.compile(r"^(\d+)\.?(?:\s+(\D.*))?$")
_CRITERION = re.compile(r"^(\d+)\.(\d+)\.?(?:\s+(.*))?$")
_BULLET = re.compile(r"^[•·▪◦\-*]\s*(.*)$")
#: a definition starts with its term (a few words) and "means", "may include", "is"...
_TERM = re.compile(r"^(?:an?\s+|the\s+)?(?P<term>(?:\S+\s+){0,4}?\S+)\s+"
                   r"(?:means|may include|includes|is|are|refers to)\b", re.IGNORECASE)
#: an assessment requirement: how or where the unit must be assessed.
_REQUIREMENT = re.compile(r"\bmust be assessed\b|\bassessed in (?:accordance|line) with\b|"
                          r"\bassessment principles\b|\breal work environment\b", re.IGNORECASE)
_REAL_WORK = re.compile(
    r"(?:learning outcomes?|LOs?)\s+(?P<numbers>\d[\d,\s]*(?:(?:and|&)\s*\d+)?)\s*"
    r"(?:must|should|need to|are to)\s+be\s+assessed\s+in\s+(?:an?\s+|the\s+)?real\s+work",
    re.IGNORECASE)

HEADER = ("# Imported from {source} by `workbook import-spec`: the unit as the register gives it.\n"
          "# Re-importing replaces this file; criteria texts are quoted exactly, never edited.\n")


class SpecPageError(WorkbookError):
    """A register page that cannot be imported; the message is one plain sentence."""


@dataclass
class PageOutcome:
    """An outcome of the register's table, with the line it starts on."""

    number: str
    line: int
    title: list[str] = field(default_factory=list)
    criteria: list[tuple[str, int, list[str]]] = field(default_factory=list)


@dataclass
class RegisterPage:
    """What one register page says about a unit, before it is matched to the course."""

    fields: dict[str, str]
    guidance: list[str]
    outcomes: list[PageOutcome]


def parse_register_page(text: str) -> RegisterPage:
    """Read a register page's text; SpecPageError when it has no outcomes table."""
    lines = [plain_quotes(line).strip() for line in
             text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    table = next((i for i, line in enumerate(lines) if line.lower().startswith(TABLE.lower())), None)
    if table is None:
        raise SpecPageError(f"no '{TABLE}' table: not a register unit page")
    head = lines[:table]
    outcomes = _outcomes(lines, table + 1)
    if not outcomes:
        raise SpecPageError(f"the '{TABLE}' table has no outcomes")
    for outcome in outcomes:
        if not outcome.criteria:
            raise SpecPageError(f"line {outcome.line}: outcome {outcome.number} has no criteria")
    return RegisterPage({key: _field(head, label) for key, label in FIELDS.items()},
                        _guidance(head), outcomes)


def _field(lines: list[str], label: str) -> str:
    labels = {lab.lower() for lab in (*FIELDS.values(), *OTHER_LABELS, GUIDANCE)}
    for i, line in enumerate(lines):
        if line.lower() == label.lower():
            value = next((v for v in lines[i + 1:] if v), "")
            return "" if value.lower() in labels else value
        match = re.match(re.escape(label) + r"\s*[:\t]\s*(.+)$", line, re.IGNORECASE)
        if match:
            return match.group(1).strip()
    return ""


def _guidance(lines: list[str]) -> list[str]:
    """The Assessment Guidance block as paragraphs, bullets joined to the line they follow."""
    start = next((i for i, line in enumerate(lines) if line.lower().startswith(GUIDANCE.lower())), None)
    if start is None:
        return []
    paragraphs: list[str] = []
    rest = lines[start].split(":", 1)[1].strip() if ":" in lines[start] else ""
    for line in [rest, *lines[start + 1:]]:
        bullet = _BULLET.match(line)
        if not line:
            continue
        if bullet and paragraphs:
            paragraphs[-1] += f" • {bullet.group(1)}"
        else:
            paragraphs.append(line)
    return paragraphs


def _outcomes(lines: list[str], start: int) -> list[PageOutcome]:
    outcomes: list[PageOutcome] = []
    current: list[str] | None = None  # the text being collected: a title or a criterion
    for number, line in enumerate(lines[start:], start=start + 1):
        lowered = line.lower()
        if not line or "the learner will" in lowered or "the learner can" in lowered:
            continue
        if outcomes and lowered.startswith(TABLE_END):
            break
        criterion = _CRITERION.match(line)
        outcome = _OUTCOME.match(line)
        if criterion and outcomes and criterion.group(1) == outcomes[-1].number:
            current = [criterion.group(3)] if criterion.group(3) else []
            outcomes[-1].criteria.append((f"{criterion.group(1)}.{criterion.group(2)}", number, current))
        elif outcome and outcome.group(1) == str(len(outcomes) + 1):
            current = [outcome.group(2)] if outcome.group(2) else []
            outcomes.append(PageOutcome(outcome.group(1), number, current))
        elif current is not None:
            bullet = _BULLET.match(line)
            current.append(f"• {bullet.group(1)}" if bullet else line)
    return outcomes


def spec_data(page: RegisterPage, unit: Unit, source: str, where: Path,
              problems: Problems) -> dict:
    """The page as specification data for `unit`; outcomes are matched to it by title."""
    by_title = {normal_title(o.title): o for o in unit.outcomes}
    ids: dict[str, str] = {}
    outcomes = []
    for outcome in page.outcomes:
        title = " ".join(outcome.title)
        match = by_title.get(normal_title(title))
        if match is None:
            problems.add(where, outcome.line, f"outcome {outcome.number} '{title}' matches no "
                         f"outcome of {unit.slug} ({'; '.join(o.title for o in unit.outcomes)})")
            continue
        ids[outcome.number] = match.id
        outcomes.append({"id": match.id, "title": title, "criteria": [
            {"id": cid, "text": " ".join(text)} for cid, _, text in outcome.criteria]})
    data: dict = {"schema": SPEC_SCHEMA, "unit": unit.slug, "reference": page.fields["reference"],
                  "title": page.fields["title"], "source": source}
    level = re.fullmatch(r"(?:Level\s+)?(\d+)", page.fields["level"], re.IGNORECASE)
    if page.fields["level"]:
        data["level"] = int(level.group(1)) if level else page.fields["level"]
    for key in ("guided_learning_hours", "credit_value"):
        if page.fields[key].isdigit():
            data[key] = int(page.fields[key])
    if page.fields["grading"]:
        data["grading"] = page.fields["grading"]
    requirements, definitions, real_work = [], [], []
    for paragraph in page.guidance:
        found = _REAL_WORK.search(paragraph)
        if found:
            real_work += [ids[n] for n in re.findall(r"\d+", found.group("numbers")) if n in ids]
        if _REQUIREMENT.search(paragraph):
            requirements.append({"text": paragraph, "source": source})
        elif term := _TERM.match(paragraph):
            name = term.group("term")
            definitions.append({"term": name[0].upper() + name[1:], "text": paragraph})
        else:
            requirements.append({"text": paragraph, "source": source})
    for key, value in (("requirements", requirements), ("real_work_outcomes", real_work),
                       ("definitions", definitions)):
        if value:
            data[key] = value
    # the register states no simulation allowance: none until an author adds the outcomes
    data["simulation_allowed"] = []
    data["outcomes"] = outcomes
    return data


def import_spec_pages(pages: list[Path], course: Course, out_dir: Path) -> list[Path]:
    """Import every page into out_dir/<unit-slug>.yaml; all are read before any is written."""
    results: list[tuple[Path, dict]] = []
    problems = Problems()
    for page in pages:
        try:
            parsed = parse_register_page(read_page_text(page))
        except (SpecPageError, SeedPageError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise SpecPageError(f"{page}: {reason.replace('revision page', 'register page')}") from None
        title = parsed.fields["title"]
        if not parsed.fields["reference"]:
            raise SpecPageError(f"{page}: no 'Unit Reference Number' on the page")
        unit = next((u for u in course.units if normal_title(u.title) == normal_title(title)), None)
        if unit is None:
            raise SpecPageError(f"{page}: no unit of the course is titled '{title}'")
        source = (f"Ofqual Register of Regulated Qualifications, unit {parsed.fields['reference']} "
                  f"'{title}' ({page.name})")
        results.append((page, spec_data(parsed, unit, source, page, problems)))
    problems.raise_if_any()
    slugs = [data["unit"] for _, data in results]
    if len(set(slugs)) < len(slugs):
        raise SpecPageError("two pages import to the same unit")
    written = []
    for page, data in results:
        target = out_dir / f"{data['unit']}.yaml"
        write_atomic(target, HEADER.format(source=page.name) + dump_yaml(data))
        written.append(target)
    return written


__all__ = ["ContentError", "SpecPageError", "import_spec_pages", "parse_register_page", "spec_data"]
