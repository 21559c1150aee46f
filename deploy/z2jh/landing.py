"""Where each server opens: the same page as on the local hub (workbook.hub.hubconfig.ROLE_URLS).

Learners land on the course home shown by Voilà, tutors on the assessor's page, IQAs on theirs.
The chart's `singleuser.defaultUrl` is every server's landing page; a profile whose slug is a
role may set its own with `kubespawner_override.default_url`. The page is in the home because
the init container `workbook-seed-home` delivers it, for the role it is given (`--role`): the
chart's `singleuser.initContainers` seed for learners, since every profile without its own
`kubespawner_override.init_containers` runs them.
"""
from __future__ import annotations

from typing import Any

from workbook.hub.hubconfig import ROLE_URLS

from .values import dotted

LEARNER = "learner"
SEED_COMMAND = "workbook-seed-home"


def landing_problems(values: dict[str, Any]) -> list[str]:
    """Landing pages that differ from the local hub's: the default, and each role's profile."""
    single = values.get("singleuser", {})
    default = single.get("defaultUrl")
    problems = []
    if default != ROLE_URLS[LEARNER]:
        problems.append(f"singleuser.defaultUrl: {default!r} is not the course home shown as a "
                        f"page ({ROLE_URLS[LEARNER]!r}), where learners land on the local hub")
    for i, profile in enumerate(single.get("profileList", [])):
        role, override = profile.get("slug"), profile.get("kubespawner_override", {})
        # (a learner profile without its own landing page is the default, checked above)
        if role not in ROLE_URLS or (role == LEARNER and "default_url" not in override):
            continue
        url = override.get("default_url", default)
        if url != ROLE_URLS[role]:
            problems.append(f"{dotted(['singleuser', 'profileList', i])}: profile {role!r} "
                            f"lands on {url!r}, not {ROLE_URLS[role]!r} (the local hub's "
                            f"{role} page; set kubespawner_override.default_url)")
    return problems



def seed_role(command: list[str]) -> str:
    """The role a `workbook-seed-home` command seeds a home for (without `--role`: learner)."""
    for i, arg in enumerate(command):
        if arg == "--role" and i + 1 < len(command):
            return command[i + 1]
        if arg.startswith("--role="):
            return arg.split("=", 1)[1]
    return LEARNER


def _seeding(where: list[Any], containers: list[dict[str, Any]], role: str) -> list[str]:
    """Problems with the init containers that seed a `role` user's home."""
    roles = [seed_role(c.get("command", [])) for c in containers
             if (c.get("command") or [None])[0] == SEED_COMMAND]
    if not roles:
        return [f"{dotted(where)}: no {SEED_COMMAND} init container: a {role}'s home never gets "
                f"the course (nor the page they land on)"]
    return [f"{dotted(where)}: {SEED_COMMAND} seeds the home for {other!r}, not {role!r} "
            f"(pass --role {role})" for other in roles if other != role]


def seeding_problems(values: dict[str, Any]) -> list[str]:
    """Init containers that seed a home for another role than the profile's: the chart's own
    (run by every profile without its own) must seed for learners, so tutor files never reach a
    learner's home; each role's profile must seed for its role."""
    single = values.get("singleuser", {})
    problems = _seeding(["singleuser", "initContainers"], single.get("initContainers", []),
                        LEARNER)
    for i, profile in enumerate(single.get("profileList", [])):
        role, override = profile.get("slug"), profile.get("kubespawner_override", {})
        where: list[Any] = ["singleuser", "profileList", i]
        if role not in ROLE_URLS or (role == LEARNER and "init_containers" not in override):
            continue
        if "init_containers" not in override:
            problems.append(f"{dotted(where)}: profile {role!r} runs the chart's init containers, "
                            f"which seed a learner's home: its page is never delivered (set "
                            f"kubespawner_override.init_containers with --role {role})")
            continue
        problems += _seeding(where + ["kubespawner_override", "init_containers"],
                             override["init_containers"], role)
    return problems
