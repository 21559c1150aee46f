"""The hub's roles in one table: each role's hub group, Unix group, scopes and tools.

A new role is one more row. The hub group carries the JupyterHub scopes; the Unix group (when the
hub runs as root) is what file permissions check: only the `tutors` group reads answer keys,
assessment banks and assignment sources. Tutors and IQAs are also in RECORDS_GROUP, which reads
the shared records folder (decisions and IQA journals); inside it the `tutors` group writes
decisions and the `iqa` group plans and verdicts (workbook.hub.permissions).
"""
from __future__ import annotations

from dataclasses import dataclass

from workbook.errors import Refusal


@dataclass(frozen=True)
class Role:
    """What one kind of user gets on the course hub."""

    name: str
    hub_group: str           # JupyterHub group: the scopes below are granted to it
    unix_group: str | None   # supplementary Unix group of the user's account (None: none)
    tutor_tools: bool        # formgrader, create-assignment, the course folder, the answer keys
    description: str
    scopes: tuple[str, ...]
    records: bool = False    # reads the records folder (decisions, IQA plans and verdicts)


ROLES: dict[str, Role] = {role.name: role for role in (
    Role("learner", "learners", None, False,
         "Learners: their own server only", ("self",)),
    # Tutors see who is on the course and their activity (the hub's admin page, read-only use).
    Role("tutor", "tutors", "tutors", True,
         "Course tutors: see the learners and their servers' activity",
         ("self", "admin-ui", "list:users", "read:users", "read:groups", "read:servers"),
         records=True),
    # Internal quality assurers sample assessors' decisions: they may look, never mark.
    Role("iqa", "iqa", "iqa", False,
         "Internal quality assurers: see the learners and groups, no formgrader",
         ("self", "list:users", "read:users", "read:groups"), records=True),
)}
DEFAULT_ROLE = "learner"
RECORDS_GROUP = "records"


def role_named(name: str) -> Role:
    """The role called `name`; a Refusal listing the roles otherwise."""
    if name not in ROLES:
        raise Refusal(f"no role {name!r}: use one of {', '.join(ROLES)}")
    return ROLES[name]


def hub_roles() -> list[dict]:
    """JupyterHub's load_roles for every role that grants more than `self`."""
    return [{"name": role.name, "description": role.description, "scopes": list(role.scopes),
             "groups": [role.hub_group]}
            for role in ROLES.values() if role.scopes != ("self",)]
