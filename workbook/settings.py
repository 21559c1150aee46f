"""Every WORKBOOK_* environment variable and default path, defined once.

`Settings.from_env()` reads them; library code takes paths as arguments and only the edges
(commands, widgets, notebook cells, the nbgrader config) ask for the settings. No other module
reads a WORKBOOK_* variable (tests/test_layout.py checks it): the hub's own variables are read
here by `hub_variables()` and checked by `workbook.hub.settings`, the Kubernetes image's nbgrader
config asks `image_settings()`. The one exception is the text of the course's generated
nbgrader_config.py (`workbook.build.assignments`), whose defaults are relative to where that
file lies. The README's tables are checked against `VARIABLES` and `OTHER_VARIABLES` by a test.
"""
from __future__ import annotations

import getpass
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
    "WORKBOOK_EXCHANGE_URL": ("the nbexchange service's address (the Kubernetes image's "
                              "nbgrader config)", "`http://proxy-public` (the chart's proxy)"),
}

# Variables other software sets that the workbook reads: name -> (who sets it, what for).
OTHER_VARIABLES: dict[str, tuple[str, str]] = {
    "JUPYTERHUB_USER": ("JupyterHub", "who acts (`acting_user`), else the account's name"),
    "JUPYTERHUB_SERVICE_PREFIX": ("JupyterHub", "links to files the learner's server serves"),
    "VOILA_BASE_URL": ("Voilà", "the course home's link to the same folder in JupyterLab"),
    "VOILA_REQUEST_URL": ("Voilà", "the course home's link to JupyterLab; an assessment shown as a page skips its answered-check"),
    "NBGRADER_EXECUTION": ("nbgrader", "an assessment notebook run by autograde leaves the "
                           "grader's own store alone"),
    "PATH": ("the system", "passed on to the commands the hub runs as each user"),
}

#: variables that lead to tutor-only files: a kernel that runs learner code never gets them
TUTOR_ONLY_VARIABLES = ("WORKBOOK_KEYS", "WORKBOOK_ASSESSMENT")
#: the largest learner-made JSON file read when WORKBOOK_MAX_LEARNER_FILE_MB is unset or unusable
DEFAULT_LEARNER_FILE_MB = 5.0


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
    #: whether WORKBOOK_KEYS is set: only tutors' processes have it, never a kernel that runs
    #: learner code, so `keys` is its default only where keys are not needed (see keys_root)
    keys_set: bool = False
    max_learner_file_mb: float = DEFAULT_LEARNER_FILE_MB

    def records_folder(self, course_root: Path | None = None) -> Path:
        """Where decisions and IQA journals live: WORKBOOK_RECORDS, else the nbgrader course
        folder in use (`course_root` when given, e.g. by --course-root; else the setting)."""
        return self.records or (course_root if course_root is not None else self.course_root)

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
            keys_set=bool(env.get("WORKBOOK_KEYS")),
            max_learner_file_mb=_megabytes(env.get("WORKBOOK_MAX_LEARNER_FILE_MB", "")),
        )


def _megabytes(text: str) -> float:
    try:
        value = float(text) if text.strip() else DEFAULT_LEARNER_FILE_MB
    except ValueError:
        value = DEFAULT_LEARNER_FILE_MB  # a typo in the setting never lets an unbounded file through
    return max(value, 0.001)


def settings() -> Settings:
    """The current settings (read afresh: tests and the hub change the environment)."""
    return Settings.from_env()


def acting_user(given: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """Who acts: the name given, else the hub's user name, else the account's name."""
    env = os.environ if env is None else env
    return given or env.get("JUPYTERHUB_USER") or getpass.getuser()


@dataclass(frozen=True)
class HubVariables:
    """The hub's variables as set ("" when not): `workbook.hub.settings` checks and applies them."""

    port: str
    api_port: str
    proxy_api_port: str
    data: str
    learners: str
    tutors: str
    iqa: str


def hub_variables(env: Mapping[str, str] | None = None) -> HubVariables:
    """The hub's variables (WORKBOOK_HUB_PORT and the rest) from `env` (default: os.environ)."""
    env = os.environ if env is None else env
    return HubVariables(
        port=env.get("WORKBOOK_HUB_PORT", ""),
        api_port=env.get("WORKBOOK_HUB_API_PORT", ""),
        proxy_api_port=env.get("WORKBOOK_HUB_PROXY_API_PORT", ""),
        data=env.get("WORKBOOK_HUB_DATA", ""),
        learners=env.get("WORKBOOK_HUB_LEARNERS", ""),
        tutors=env.get("WORKBOOK_HUB_TUTORS", ""),
        iqa=env.get("WORKBOOK_HUB_IQA", ""),
    )


@dataclass(frozen=True)
class ImageSettings:
    """What the Kubernetes image's nbgrader config (deploy/image/nbgrader_config.py) needs."""

    exchange_url: str
    tutor: bool                 # WORKBOOK_ROLE is `tutor` (the tutor profile sets it)
    keys: str
    gradebook_url: str | None


def image_settings(env: Mapping[str, str] | None = None) -> ImageSettings:
    """The image's nbgrader settings, with the image's own defaults (its mount points)."""
    env = os.environ if env is None else env
    return ImageSettings(
        exchange_url=env.get("WORKBOOK_EXCHANGE_URL") or "http://proxy-public",
        # set explicitly: a profile that does not say it is the tutor's gets no tutor config
        tutor=env.get("WORKBOOK_ROLE") == "tutor",
        keys=env.get("WORKBOOK_KEYS", "/srv/workbook/keys"),
        gradebook_url=env.get("WORKBOOK_GRADEBOOK_URL") or None,
    )
