"""Every WORKBOOK_* environment variable and default path, defined once.

`Settings.from_env()` reads them; library code takes paths as arguments and only the edges
(commands, widgets, notebook cells, the nbgrader config) ask for the settings. The README's
table of variables is checked against `VARIABLES` by a test. The hub's own variables (the
WORKBOOK_HUB_PORT family) are read by `workbook.hub.settings` and listed here too.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PROJECT = PACKAGE.parent

# name -> (meaning, default as shown in the README)
VARIABLES: dict[str, tuple[str, str]] = {
    "WORKBOOK_COURSE": ("course YAML folder", "the course shipped in the package"),
    "WORKBOOK_ASSESSMENT": ("tutor-only summative banks", "`assessment/` in the project"),
    "WORKBOOK_KEYS": ("tutor-only answer keys", "`keys/` in the project"),
    "WORKBOOK_STORE": ("a learner's saved work", "`~/.workbook`"),
    "WORKBOOK_ASSIGNMENTS_DIR": ("where a learner's fetched assignments are", "the home folder"),
    "WORKBOOK_COURSE_ROOT": ("nbgrader course folder (tutors)", "`assignments/`"),
    "WORKBOOK_COURSE_ID": ("nbgrader course id", "the course's id"),
    "WORKBOOK_EXCHANGE": ("nbgrader exchange folder", "`exchange/` in the course folder"),
    "WORKBOOK_GRADEBOOK_URL": ("gradebook database URL", "SQLite `gradebook.db` in the course folder"),
    "WORKBOOK_ROLE": ("who acts: `learner`, `tutor` (assessor) or `iqa`; the hub sets it", "`tutor`"),
    "WORKBOOK_RECORDS": ("assessors' decisions and IQA plans and verdicts (tutors and IQAs)",
                         "the nbgrader course folder"),
    "WORKBOOK_MAX_LEARNER_FILE_MB": ("largest learner-made JSON file read (evidence, answers, "
                                     "declarations), in megabytes", "5"),
    "WORKBOOK_OWNER_CHECK": ("whether a collected submission must belong to the learner it names: "
                             "`on`, `off` (every account is one uid) or `auto` (on, except for "
                             "submissions owned by the account that collects)", "`auto`"),
    "WORKBOOK_SUBMISSION_LIMIT_MB": ("largest submission collected, in megabytes", "50"),
    "WORKBOOK_HUB_PORT": ("the hub's public port", "8000"),
    "WORKBOOK_HUB_API_PORT": ("the hub's internal API port", "a free port"),
    "WORKBOOK_HUB_PROXY_API_PORT": ("the proxy's API port", "a free port"),
    "WORKBOOK_HUB_DATA": ("everything the hub keeps", "`hub/data/`"),
    "WORKBOOK_HUB_LEARNERS": ("demo learner names", "`learner1 learner2`"),
    "WORKBOOK_HUB_TUTORS": ("demo tutor names", "`tutor1`"),
    "WORKBOOK_HUB_IQA": ("demo internal quality assurer names", "`iqa1`"),
}


@dataclass(frozen=True)
class Settings:
    """The paths and names the workbook uses, from the environment or their defaults."""

    course: Path
    assessment: Path
    keys: Path
    store: Path
    assignments_dir: Path
    course_root: Path
    course_id: str | None
    exchange: Path | None
    gradebook_url: str | None
    role: str = "tutor"
    records: Path | None = None
    owner_check: str = "auto"
    submission_limit_mb: str = "50"

    @property
    def records_folder(self) -> Path:
        """Where decisions and IQA journals live: WORKBOOK_RECORDS, else the course folder."""
        return self.records or self.course_root

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Settings from `env` (default: the process environment)."""
        env = os.environ if env is None else env

        def path(name: str, default: Path) -> Path:
            value = env.get(name)
            return Path(value).expanduser() if value else default

        exchange = env.get("WORKBOOK_EXCHANGE")
        return cls(
            course=path("WORKBOOK_COURSE", PACKAGE / "course" / "data"),
            assessment=path("WORKBOOK_ASSESSMENT", PROJECT / "assessment"),
            keys=path("WORKBOOK_KEYS", PROJECT / "keys"),
            store=path("WORKBOOK_STORE", Path.home() / ".workbook"),
            assignments_dir=path("WORKBOOK_ASSIGNMENTS_DIR", Path.home()),
            course_root=path("WORKBOOK_COURSE_ROOT", Path("assignments")),
            course_id=env.get("WORKBOOK_COURSE_ID") or None,
            exchange=Path(exchange) if exchange else None,
            gradebook_url=env.get("WORKBOOK_GRADEBOOK_URL") or None,
            role=env.get("WORKBOOK_ROLE") or "tutor",
            records=path("WORKBOOK_RECORDS", Path()) if env.get("WORKBOOK_RECORDS") else None,
            # checked where they are used (collect), so a bad value stops only that
            owner_check=(env.get("WORKBOOK_OWNER_CHECK") or "auto").strip().lower(),
            submission_limit_mb=(env.get("WORKBOOK_SUBMISSION_LIMIT_MB") or "50").strip(),
        )


def settings() -> Settings:
    """The current settings (read afresh: tests and the hub change the environment)."""
    return Settings.from_env()
