"""The demo's clock: drop time that runs slowly while fans enter and fast for the days after.

`ScaledClock` maps drop time to wall time from the last speed change on. The transcript also
needs the reverse for moments long past (a chat message sent before the speed-up), so this clock
keeps every speed it ran at.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from bot.clock import ScaledClock
from bot.demo.world import DemoError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Pace:
    wall: datetime  # from this wall-clock moment on
    drop: datetime  # drop time was this
    scale: float  # and ran this many times faster


class DemoClock(ScaledClock):
    def __init__(self, scale: float) -> None:
        super().__init__(scale)
        self.paces = [Pace(self._wall, self._drop, scale)]

    def set_scale(self, scale: float) -> None:
        super().set_scale(scale)
        self.paces.append(Pace(self._wall, self._drop, scale))

    def drop_time(self, wall: datetime) -> datetime:
        """Drop time at a wall-clock moment, at the speed the clock ran then."""
        pace = next((p for p in reversed(self.paces) if p.wall <= wall), self.paces[0])
        return pace.drop + (wall - pace.wall) * pace.scale

    async def until(self, at: datetime) -> None:
        """Sleep until drop time `at`, and not much longer: at tens of thousands of times real
        speed, every millisecond overslept is most of a minute."""
        while True:
            left = (self.to_wall(at) - datetime.now(UTC)).total_seconds()
            if left <= 0:
                return
            await asyncio.sleep(min(left, 1.0))  # re-checked: the speed may change meanwhile


async def within(seconds: float, what: str, wait: Callable[[], Awaitable[T]]) -> T:
    """Run `wait`, or fail the demo in one line naming what did not happen in time."""
    try:
        async with asyncio.timeout(seconds):
            return await wait()
    except TimeoutError:
        raise DemoError(f"timed out after {seconds:g} s waiting for {what}") from None


def since_open(at: datetime, opened: datetime | None) -> str:
    """A drop time as an offset from the opening: `T+00:02:13`, `T+1d 00:00:05`."""
    if opened is None:
        return "T-setup  "
    offset = at - opened
    sign = "-" if offset < timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"T{sign}{days}d {clock}" if days else f"T{sign}{clock}"
