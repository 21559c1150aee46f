"""nbgrader's collect on a hub where each learner is a Unix account: a submission counts only
when its folder belongs to the learner it names.

nbgrader names a submission `<student>+<assignment>+<time>+<random>` after whatever student id
the learner's nbgrader used, which the learner can set (`nbgrader submit --student=someone`).
Its own `check_owner` only logs a warning and collects the forged folder anyway. Here the
owner decides: a folder learner1 made in learner2's name is refused with a warning naming both,
and learner2's own latest submission is collected as if the forgery were not there.
"""
from __future__ import annotations

import os
import pwd

from nbgrader.exchange.default.collect import ExchangeCollect


def owner_name(path: str) -> str:
    """The user name owning a file ('uid <n>' when the uid has no account)."""
    uid = os.stat(path).st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


class OwnerCheckedCollect(ExchangeCollect):
    """ExchangeCollect that refuses submissions not owned by the learner they name."""

    def _path_to_record(self, path: str) -> dict:
        record = super()._path_to_record(path)
        record["owner"] = owner_name(path)
        record["owned"] = record["owner"] == record["username"]
        if not record["owned"]:
            self.log.warning("refused %s: it names %s but was submitted by %s",
                             record["filename"], record["username"], record["owner"])
        return record

    def _sort_by_timestamp(self, records: list[dict]) -> list[dict]:
        # the learner's own submissions first, newest first: a forgery never hides the real one
        return sorted(records, key=lambda item: (item["owned"], item["timestamp"]), reverse=True)

    def init_src(self) -> None:
        super().init_src()
        self.src_records = [record for record in self.src_records if record["owned"]]
