"""Clocks: the system's, and one that runs faster for demos and tests.

The service asks a clock for "now"; the scheduler asks it when a drop time falls on the wall
clock, because APScheduler fires jobs by wall time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def to_wall(self, at: datetime) -> datetime:
        return at


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where sped-up drop time is pinned to the wall clock: at wall moment `wall` drop time
    was `drop`, and it runs `scale` times faster from there."""

    wall: datetime
    drop: datetime
    scale: float

    def drop_time(self, wall: datetime) -> datetime:
        """Drop time at a wall-clock moment."""
        return self.drop + (wall - self.wall) * self.scale

    def wall_time(self, at: datetime) -> datetime:
        """The wall-clock moment at which drop time is `at`."""
        return self.wall + (at - self.drop) / self.scale

    def rescaled(self, wall: datetime, scale: float) -> Anchor:
        """The same drop time at `wall`, running at `scale` from then on: no jump."""
        return Anchor(wall, self.drop_time(wall), _positive(scale))


class ScaledClock:
    """Drop time that runs `scale` times faster than the wall clock.

    With scale 3600 a drop's hour passes in a real second, so a day's claim window and the 24 h
    and 72 h summaries of a demo take seconds. Built alone, it starts from the moment it is made
    (at `origin` if given); `fairdrop run` builds it from the anchor stored in the database
    instead (`bot.store.drop_clock`), so every process and every restart share one drop time.
    `set_scale` changes speed from now on without a jump (the demo slows down while fans enter
    and speeds up for the days after); the scheduler must then replan, as wall times of what is
    planned move.
    """

    def __init__(
        self, scale: float, origin: datetime | None = None, *, anchor: Anchor | None = None
    ) -> None:
        if anchor is None:
            wall = datetime.now(UTC)
            anchor = Anchor(wall, origin or wall, _positive(scale))
        elif anchor.scale != scale:
            raise ValueError("a clock's anchor runs at another scale than the clock")
        self.anchor = anchor

    @property
    def scale(self) -> float:
        return self.anchor.scale

    @property
    def _wall(self) -> datetime:
        return self.anchor.wall

    @property
    def _drop(self) -> datetime:
        return self.anchor.drop

    def now(self) -> datetime:
        return self.anchor.drop_time(datetime.now(UTC))

    def to_wall(self, at: datetime) -> datetime:
        return self.anchor.wall_time(at)

    def set_scale(self, scale: float) -> None:
        self.anchor = self.anchor.rescaled(datetime.now(UTC), scale)


def _positive(scale: float) -> float:
    if scale <= 0:
        raise ValueError("a clock's scale must be positive")
    return scale
