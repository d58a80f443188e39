"""What the log says while a dependency (the log database, the rate-limit storage) is away: one line when it goes, a
line every so often while it stays away, one line when it is back. A line per failure floods the log under load
(5,565 lines in 10 s of a database outage); none at all leaves an operator guessing.

The callers keep their own wording: these only say when a line is due and how many failures it covers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Pause:
    """At most one line per `every` seconds, for one kind of line or several sharing the pause (thread-safe)."""

    def __init__(self, every: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.every = every
        self.clock = clock
        self._lock = threading.Lock()
        self._said_at = float("-inf")

    def due(self, force: bool = False) -> bool:
        """Whether a line may be said now (always with force); if so, the pause starts again from now."""
        with self._lock:
            now = self.clock()
            if force or now - self._said_at >= self.every:
                self._said_at = now
                return True
            return False


class Outage:
    """One dependency's outage, as the log tells it (thread-safe).

    `failed()` for each failure, `back()` for each success. A line is due at the first failure of an outage, then
    every `every` seconds while it goes on (never again with None), and at the first success after it. With a
    shared `pause` (of the same `every`), a failure's line is also held back while another line under that pause
    was said less than `every` seconds ago, the first failure's included.
    """

    def __init__(self, every: float | None = None, clock: Callable[[], float] = time.monotonic,
                 pause: Pause | None = None) -> None:
        self.every = every
        self.clock = clock
        self.pause = pause
        self._lock = threading.Lock()
        self.away = False
        self.failures = 0  # since the outage began
        self._said_at = float("-inf")

    def failed(self) -> int | None:
        """Count one failure: the failures so far in this outage (1: the first) when a line is due, else None."""
        with self._lock:
            self.failures += 1
            first, self.away = not self.away, True
            now = self.clock()
            if not (first or self.every is not None and now - self._said_at >= self.every):
                return None
            if self.pause is not None and not self.pause.due():
                return None
            self._said_at = now
            return self.failures

    def back(self) -> int | None:
        """The dependency answered: the failures of the outage that just ended (a line is due), or None when it
        was not away."""
        if not self.away:  # the usual case, without the lock: a request that found it up needs no more
            return None
        with self._lock:
            if not self.away:
                return None
            failures, self.failures, self.away = self.failures, 0, False
            return failures
