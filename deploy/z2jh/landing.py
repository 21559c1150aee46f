"""Where each server opens: the same page as on the local hub (workbook.hub.hubconfig.ROLE_URLS).

Learners land on the course home shown by Voilà, tutors on the assessor's page, IQAs on theirs.
The chart's `singleuser.defaultUrl` is every server's landing page; a profile whose slug is a
role may set its own with `kubespawner_override.default_url`.
"""
from __future__ import annotations

from typing import Any

from workbook.hub.hubconfig import ROLE_URLS

from .values import dotted

LEARNER = "learner"


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
