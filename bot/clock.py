"""Clocks: the system's, and one that runs faster for demos and tests.

The service asks a clock for "now"; the scheduler asks it when a drop time falls on the wall
clock, because APScheduler fires jobs by wall time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.kernel.clock import Clock


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
    planned move, and whoever `watch`es the clock hears the new anchor (the public listener's
    worker processes run from it: `FollowedClock`).
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
        self._watchers: list[Callable[[Anchor], None]] = []

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
        for heard in list(self._watchers):
            heard(self.anchor)

    def watch(self, heard: Callable[[Anchor], None]) -> None:
        """Call `heard` with the new anchor whenever the clock changes speed."""
        self._watchers.append(heard)


class FollowedClock:
    """Another process's drop time, in a process of its own: the anchor that process's clock
    runs from (None: the wall clock), replaced by `follow` when it changes speed.

    A public listener's worker process answers with drop time (a feed's phase and countdowns),
    so it must run the bot's: the system clock there lagged a sped-up bot by all the drop time
    it had run ahead.
    """

    def __init__(self, anchor: Anchor | None) -> None:
        self.anchor = anchor

    def now(self) -> datetime:
        wall = datetime.now(UTC)
        return wall if self.anchor is None else self.anchor.drop_time(wall)

    def to_wall(self, at: datetime) -> datetime:
        return at if self.anchor is None else self.anchor.wall_time(at)

    def follow(self, anchor: Anchor | None) -> None:
        """Run from `anchor` from now on (the followed clock changed speed)."""
        self.anchor = anchor


def anchor_of(clock: Clock | None) -> Anchor | None:
    """What another process needs to run `clock`'s drop time: its anchor, or None for the wall
    clock (or a clock that cannot be followed across processes, like a test's manual one)."""
    if isinstance(clock, ScaledClock | FollowedClock):
        return clock.anchor
    return None


def _positive(scale: float) -> float:
    if scale <= 0:
        raise ValueError("a clock's scale must be positive")
    return scale
