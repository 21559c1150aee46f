"""nbgrader's collect on a hub where each learner is a Unix account (kept for configs that name
it): the course's checked collect with the owner check always on.

nbgrader names a submission `<student>+<assignment>+<time>+<random>` after whatever student id
the learner's nbgrader used, which the learner can set (`nbgrader submit --student=someone`).
Here the owner decides: a folder learner1 made in learner2's name is refused with a line naming
both, and learner2's own latest submission is collected as if the forgery were not there
(workbook.assess.checked_exchange has every check).
"""
from __future__ import annotations

import os

from workbook.assess.checked_exchange import CheckedCollect
from workbook.assess.submission_checks import account_name

__all__ = ["OwnerCheckedCollect", "owner_name"]


def owner_name(path: str) -> str:
    """The user name owning a file ('uid <n>' when the uid has no account)."""
    return account_name(os.stat(path).st_uid)


class OwnerCheckedCollect(CheckedCollect):
    """CheckedCollect that refuses every submission not owned by the learner it names."""

    forced_owner_check = "on"
