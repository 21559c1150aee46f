"""Progress of a batch of submissions: a bar on a terminal, one plain line each otherwise.

nbgrader prints nothing between submissions, so a tutor grading 200 learners cannot tell a
slow run from a stuck one; this shows "learner n of N" and the time left, estimated from the
mean time per submission so far.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 24


def format_duration(seconds: float) -> str:
    """Seconds as "42s", "3m 05s" or "1h 02m"."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


class Progress:
    """Reports "learner n of N" as each item starts and finishes; a bar only on a TTY."""

    def __init__(self, total: int, stream: TextIO | None = None, tty: bool | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.clock = clock
        self.done = 0
        self.started = clock()

    def time_left(self) -> float | None:
        """Estimated seconds until the last item is done (None before the first finishes)."""
        if not self.done:
            return None
        per_item = (self.clock() - self.started) / self.done
        return per_item * (self.total - self.done)

    def start(self, name: str) -> None:
        """Item `name` (the next one) begins."""
        n = self.done + 1
        left = self.time_left()
        eta = f", about {format_duration(left)} left" if left is not None else ""
        if self.tty:
            filled = BAR_WIDTH * self.done // max(self.total, 1)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            # \r and clear-to-end-of-line redraw the same terminal line
            self.stream.write(f"\r\x1b[K[{bar}] learner {n} of {self.total}: {name}{eta}")
        else:
            self.stream.write(f"learner {n} of {self.total}: {name}{eta}\n")
        self.stream.flush()

    def finish(self, name: str, outcome: str) -> None:
        """Item `name` ended with a short outcome ("ok", "failed: ...")."""
        self.done += 1
        if self.tty:
            self.stream.write(f"\r\x1b[K{name}: {outcome}\n")
        else:
            self.stream.write(f"  {name}: {outcome}\n")
        self.stream.flush()

    def close(self) -> None:
        """All items are done: say how long it took."""
        took = format_duration(self.clock() - self.started)
        self.stream.write(f"{self.done} of {self.total} learners processed in {took}\n")
        self.stream.flush()
