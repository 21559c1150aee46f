"""Slowing password guessing without locking the real user out.

Failures are counted per account *and per address*. An address may mistype `MAX_FAILED - 1`
times in a row freely; from the `MAX_FAILED`th failure it must wait `FIRST_WAIT` seconds before
its next try on that account, doubling with every further failure up to `MAX_WAIT`. Meanwhile
the user, from any address that has not failed, logs in at once with their password: someone
who knows only their name can slow themselves down, never lock the user out. A good password
clears its own address's count; `workbook hub reset-password` clears them all.
"""
from __future__ import annotations

import math

from workbook.errors import WorkbookError

MAX_FAILED = 5
FIRST_WAIT = 30.0
MAX_WAIT = 15 * 60.0
#: addresses remembered per account (the most recent); older ones start afresh
MAX_ADDRESSES = 200

__all__ = ["FIRST_WAIT", "MAX_FAILED", "MAX_WAIT", "TooManyAttempts", "refuse_if_waiting",
           "wait_after", "record"]


class TooManyAttempts(WorkbookError):
    """This address failed too often on this account: it must wait before the next try."""


def wait_after(failures: int) -> float:
    """Seconds an address waits before its next try after `failures` failures in a row."""
    if failures < MAX_FAILED:
        return 0.0
    return min(FIRST_WAIT * 2 ** (failures - MAX_FAILED), MAX_WAIT)


def refuse_if_waiting(tries: dict[str, dict], address: str, now: float) -> None:
    """Raise TooManyAttempts, in words a user can act on, while `address` must still wait."""
    mine = tries.get(address)
    if mine is None:
        return
    left = mine["at"] + wait_after(mine["failed"]) - now
    if left > 0:
        raise TooManyAttempts(
            f"Too many wrong passwords from this device: wait {math.ceil(left)} seconds, then "
            "try again. If you have forgotten your password, ask your tutor for a new one.")


def record(tries: dict[str, dict], address: str, good: bool, now: float) -> None:
    """Count a failure from `address`, or clear its count after a good password."""
    if good:
        tries.pop(address, None)
        return
    failed = tries.get(address, {}).get("failed", 0) + 1
    tries[address] = {"failed": failed, "at": now}
    for old in sorted(tries, key=lambda a: tries[a]["at"])[:-MAX_ADDRESSES]:
        del tries[old]
