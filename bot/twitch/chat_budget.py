"""A channel's chat budget: at most N messages in any window of T seconds, counted exactly.

Pure, with an injectable monotonic clock, so windows are tested with a fake one.
"""

from __future__ import annotations

import bisect
import time
from collections import deque
from collections.abc import Callable

Clock = Callable[[], float]  # monotonic seconds


class SlidingWindowLimiter:
    """At most `capacity` events in any `per_seconds` window, exactly: a log of event times.

    Twitch counts "N per 30 s"; a token bucket refilling continuously could let through more
    than N inside one window, a log of the last N send times cannot. `try_take` records the event
    at the time it starts; `settle` moves it to when the send finished, so the next window is
    counted from when Twitch may last have received it.
    """

    _MIN_WAIT = 1e-3  # never ask for a zero or float-rounded wait: a fake clock would spin

    def __init__(self, capacity: int, per_seconds: float, clock: Clock = time.monotonic) -> None:
        if per_seconds <= 0:
            raise ValueError("per_seconds must be positive")
        self.per_seconds = per_seconds
        self.capacity = capacity
        self._clock = clock
        self._log: deque[float] = deque()

    @property
    def capacity(self) -> int:
        return self._capacity

    @capacity.setter
    def capacity(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._capacity = capacity

    def _prune(self, now: float) -> None:
        while self._log and now - self._log[0] >= self.per_seconds:
            self._log.popleft()

    def used(self, now: float | None = None) -> int:
        """Events in the window ending now."""
        self._prune(self._clock() if now is None else now)
        return len(self._log)

    def try_take(self, now: float | None = None) -> float:
        """Take a slot at `now` (default: the clock): 0.0 if taken, else seconds to wait."""
        now = self._clock() if now is None else now
        self._prune(now)
        over = len(self._log) - self._capacity
        if over < 0:
            self._log.append(now)
            return 0.0
        # The slot frees when the event `over` places after the oldest leaves the window (more
        # than one may have to leave after the capacity was lowered).
        return max(self._log[over] + self.per_seconds - now, self._MIN_WAIT)

    def settle(self, taken_at: float, done_at: float | None = None) -> None:
        """Move the event taken at `taken_at` to `done_at` (default: the clock)."""
        done_at = self._clock() if done_at is None else done_at
        try:
            self._log.remove(taken_at)
        except ValueError:
            return  # already out of the window
        bisect.insort(self._log, max(done_at, taken_at))
