"""Failed code checks counted per partner key and per client address, in a sliding window.

Kept in memory per process: the limit is there to make guessing short codes hopeless (80 random
bits each), and a per-process window already caps a guesser at a few dozen tries per window. A
restart forgets the counts, which costs nothing worth a table.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass
class FailedAttempts:
    limit_per_key: int
    limit_per_address: int
    window_seconds: float
    _seen: dict[str, deque[float]] = field(default_factory=dict)

    def retry_after(self, key: str, address: str, now: float) -> float:
        """0 if both may try now, else seconds until the busier of the two may try again."""
        return max(
            self._wait(f"key:{key}", self.limit_per_key, now) if key else 0.0,
            self._wait(f"addr:{address}", self.limit_per_address, now),
        )

    def failed(self, key: str, address: str, now: float) -> None:
        for name in (f"key:{key}" if key else "", f"addr:{address}"):
            if name:
                self._seen.setdefault(name, deque()).append(now)
        if len(self._seen) > 100_000:  # a flood of addresses: drop everything that is stale
            self._prune(now)

    def _wait(self, name: str, limit: int, now: float) -> float:
        times = self._seen.get(name)
        if not times:
            return 0.0
        while times and times[0] <= now - self.window_seconds:
            times.popleft()
        if len(times) < limit:
            if not times:
                del self._seen[name]
            return 0.0
        return times[-limit] + self.window_seconds - now

    def _prune(self, now: float) -> None:
        for name in list(self._seen):
            self._wait(name, 1, now)
