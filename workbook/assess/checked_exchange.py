"""nbgrader's exchange steps with the course's checks: the course config's ExchangeFactory.

- Collect takes a learner's newest submission that passes `submission_problem` (their own, plain
  files only, within the size limit, not dated in the future), copies it first into a private
  snapshot that is checked again, and collects from that snapshot: nothing a learner changes
  afterwards reaches the course folder. Each refused submission is one warning line naming the
  learner and why; the rest of the cohort is collected, and an earlier collected copy stays.
- Release, fetch and collect first refuse course folders in the exchange that the hub did not
  make (`course_folder_problems`), with one line.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from nbgrader.exchange import ExchangeError
from nbgrader.exchange.default import (
    ExchangeCollect,
    ExchangeFetchAssignment,
    ExchangeFetchFeedback,
    ExchangeReleaseAssignment,
    ExchangeReleaseFeedback,
)

from workbook.assess.exchange_folders import course_folder_problems, trusted_owners
from workbook.assess.submission_checks import (
    OWNER_CHECKS,
    Limits,
    account_name,
    snapshot,
    submission_problem,
)
from workbook.settings import settings

__all__ = ["REFUSED", "CheckedCollect", "CheckedFetchAssignment", "CheckedFetchFeedback",
           "CheckedReleaseAssignment", "CheckedReleaseFeedback", "collect_limits", "refusals"]

#: every refusal line starts with this (`refusals` finds them in nbgrader's captured log)
REFUSED = "refused the submission"


def collect_limits() -> Limits:
    """The owner check and size limit from WORKBOOK_OWNER_CHECK, WORKBOOK_SUBMISSION_LIMIT_MB."""
    current = settings()
    if current.owner_check not in OWNER_CHECKS:
        raise ValueError(f"WORKBOOK_OWNER_CHECK={current.owner_check!r}: use one of "
                         f"{', '.join(OWNER_CHECKS)}")
    try:
        megabytes = float(current.submission_limit_mb)
    except ValueError:
        megabytes = -1
    if not 0 < megabytes < 1e9:  # (also refuses "nan" and "inf")
        raise ValueError(f"WORKBOOK_SUBMISSION_LIMIT_MB={current.submission_limit_mb!r}: "
                         "give a size in megabytes, e.g. 50")
    return Limits(owner_check=current.owner_check, max_bytes=int(megabytes * 1000 * 1000))


def refusals(log: str) -> list[str]:
    """The refusal lines in a captured collect log."""
    return [line[line.index(REFUSED):] for line in log.splitlines() if REFUSED in line]


def _shown(text: str) -> str:
    """Text a learner chose, safe on one line of a log."""
    return text if text.isprintable() else repr(text)


class CourseFolderCheck:
    """Mixin for an exchange step: refuse course folders in the exchange the hub did not make."""

    # given by nbgrader's Exchange, which comes after this mixin
    root: str
    coursedir: Any
    fail: Callable[[str], NoReturn]

    def start(self):
        """Check the course folders, then run the step."""
        course = self.coursedir.course_id
        if course and (problems := course_folder_problems(Path(self.root), course)):
            self.fail(problems[0])
        return super().start()  # type: ignore[misc]

    def ensure_directory(self, path: str, mode: int) -> None:
        """A missing course folder is made only by a trusted owner; an existing one is used
        when the hub made it (nbgrader would insist that the releasing tutor owns it)."""
        if os.path.isdir(path):
            return
        if os.geteuid() not in trusted_owners(Path(self.root)):
            self.fail(f"{path}: not found; the hub makes the course's exchange folders when it "
                      "starts (ask an administrator to restart it)")
        super().ensure_directory(path, mode)  # type: ignore[misc]


class CheckedReleaseAssignment(CourseFolderCheck, ExchangeReleaseAssignment):
    """nbgrader's release_assignment into hub-made course folders only."""


class CheckedReleaseFeedback(CourseFolderCheck, ExchangeReleaseFeedback):
    """nbgrader's release_feedback into hub-made course folders only."""


class CheckedFetchAssignment(CourseFolderCheck, ExchangeFetchAssignment):
    """nbgrader's fetch_assignment from hub-made course folders only."""


class CheckedFetchFeedback(CourseFolderCheck, ExchangeFetchFeedback):
    """nbgrader's fetch_feedback from hub-made course folders only."""


class CheckedCollect(CourseFolderCheck, ExchangeCollect):
    """nbgrader's collect, taking only submissions that pass the checks (see the module)."""

    staging: str | None = None
    #: an owner check mode that WORKBOOK_OWNER_CHECK cannot change (None: the setting decides)
    forced_owner_check: str | None = None
    src_records: list[dict]
    inbound_path: str

    def _path_to_record(self, path: str) -> dict:
        name = os.path.basename(path)
        try:
            record = super()._path_to_record(path)
        except (ExchangeError, ValueError, OverflowError):
            # an unreadable name would stop nbgrader's collect for everyone: refuse this one
            record = {"username": name.split("+")[0], "filename": name,
                      "timestamp": datetime.min}
        parts = name.rsplit("+", 3)
        stamp = parts[2] if len(parts) >= 3 else ""
        record["problem"] = submission_problem(Path(path), record["username"], stamp,
                                               self._limits)
        try:
            record["owner_uid"] = os.lstat(path).st_uid
        except OSError:
            record["owner_uid"] = None
        self._seen.append(record)
        return record

    def _sort_by_timestamp(self, records: list[dict]) -> list[dict]:
        # the newest submission that passes the checks first: a refused one never hides it
        return sorted(records, key=lambda item: (item["problem"] is None, item["timestamp"]),
                      reverse=True)

    def init_src(self) -> None:
        """Pick each learner's newest good submission and snapshot it (see the module)."""
        try:
            self._limits = collect_limits()
        except ValueError as exc:
            self.fail(str(exc))
        # nbgrader's own size limit must never fire: it stops the whole collect
        self._limits = Limits(self.forced_owner_check or self._limits.owner_check,
                              min(self._limits.max_bytes, self.coursedir.max_dir_size * 1000))
        self._seen: list[dict] = []
        super().init_src()
        for record in self._seen:
            if record["problem"]:
                self._refuse(record, record["problem"])
        self._say_if_unchecked()
        chosen = [record for record in self.src_records if not record["problem"]]
        self.staging = tempfile.mkdtemp(prefix="workbook-collect-")
        self.src_records = []
        for record in chosen:
            source = Path(self.inbound_path, record["filename"])
            if not self._newer(record):  # nbgrader keeps the collected copy: nothing to take
                self.src_records.append(record)
            elif problem := snapshot(source, Path(self.staging, record["filename"]), self._limits):
                self._refuse(record, problem)
            else:
                self.src_records.append(record)
        # nbgrader copies from here on: the checked snapshots, which no learner can change
        self.inbound_path = self.staging
        self.check_owner = False  # checked above; nbgrader's own check would only warn

    def _newer(self, record: dict) -> bool:
        """Whether nbgrader's copy step would take this submission (as it decides)."""
        dest = self.coursedir.format_path(self.coursedir.submitted_directory, record["username"],
                                          self.coursedir.assignment_id)
        if self.before_duedate or not os.path.isdir(dest):
            return True
        try:
            existing = self.coursedir.get_existing_timestamp(dest)
        except Exception:  # an unreadable time stamp in the collected copy: let nbgrader say
            return True
        return existing is None or record["timestamp"] > existing

    def _say_if_unchecked(self) -> None:
        collector = os.geteuid()
        unchecked = [r for r in self._seen if r["owner_uid"] == collector
                     and r["username"] != account_name(collector)]
        if self._limits.owner_check == "auto" and unchecked:
            self.log.info("owner check not made for %d submission(s): they belong to %s, the "
                          "account that collects, as where one account runs everyone (a "
                          "single-user set-up, containers); WORKBOOK_OWNER_CHECK=on refuses them",
                          len(unchecked), account_name(collector))

    def _refuse(self, record: dict, problem: str) -> None:
        learner = _shown(record["username"])
        self.log.warning("%s of %s (%s): %s; nothing was copied from it", REFUSED, learner,
                         _shown(record["filename"]), problem)

    def copy_files(self) -> None:
        """nbgrader's copy from the snapshots, which are then removed."""
        try:
            super().copy_files()
        finally:
            if self.staging:
                shutil.rmtree(self.staging, ignore_errors=True)

    def start(self):
        """Run the collect; the snapshots go even when it fails."""
        try:
            return super().start()
        finally:
            if self.staging and os.path.isdir(self.staging):
                shutil.rmtree(self.staging, ignore_errors=True)
