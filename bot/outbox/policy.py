"""When to try a failed delivery again, and when to give up on it: pure arithmetic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_MAX_ATTEMPTS = 10  # with the default backoff, a message is parked after ~13 minutes
DEFAULT_BASE = 2.0
DEFAULT_CAP = 300.0
DEFAULT_JITTER = 0.5


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Capped exponential backoff with jitter, and a last attempt.

    The wait after the n-th failed attempt is `base * 2**(n-1)`, at most `cap`, shortened by a
    random part of up to `jitter` of itself (so senders that failed together, in one process or
    several, do not come back in step). The `max_attempts`-th failure parks the message.
    """

    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    base: float = DEFAULT_BASE
    cap: float = DEFAULT_CAP
    jitter: float = DEFAULT_JITTER

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.base <= 0 or self.cap < self.base:
            raise ValueError("backoff needs 0 < base <= cap")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter must be between 0 and 1")

    def gives_up(self, attempts: int) -> bool:
        """Whether a message that has now failed `attempts` times is parked."""
        return attempts >= self.max_attempts

    def delay(self, attempts: int, random: Callable[[], float]) -> float:
        """Seconds to wait after the `attempts`-th failure; `random()` is uniform in [0, 1)."""
        full = min(self.cap, self.base * 2.0 ** min(max(attempts, 1) - 1, 60))
        return full * (1.0 - self.jitter * random())
