"""Clocks: the system's, and one that runs faster for demos and tests.

The service asks a clock for "now"; the scheduler asks it when a drop time falls on the wall
clock, because APScheduler fires jobs by wall time.
"""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def to_wall(self, at: datetime) -> datetime:
        return at


class ScaledClock:
    """Drop time that runs `scale` times faster than the wall clock, from the moment it starts.

    With scale 3600 a drop's hour passes in a real second, so a day's claim window and the 24 h
    and 72 h summaries of a demo take seconds. `set_scale` changes speed from now on without a
    jump (the demo slows down while fans enter and speeds up for the days after); the scheduler
    must then replan, as wall times of what is planned move.
    """

    def __init__(self, scale: float, origin: datetime | None = None) -> None:
        wall = datetime.now(UTC)
        self._wall, self._drop = wall, origin or wall
        self.scale = _positive(scale)

    def now(self) -> datetime:
        return self._drop + (datetime.now(UTC) - self._wall) * self.scale

    def to_wall(self, at: datetime) -> datetime:
        return self._wall + (at - self._drop) / self.scale

    def set_scale(self, scale: float) -> None:
        wall = datetime.now(UTC)
        self._drop = self._drop + (wall - self._wall) * self.scale
        self._wall, self.scale = wall, _positive(scale)


def _positive(scale: float) -> float:
    if scale <= 0:
        raise ValueError("a clock's scale must be positive")
    return scale
