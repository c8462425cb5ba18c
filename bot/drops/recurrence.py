"""Recurring drops (issue 23 item 7): a series opens a drop of its own every week at the same
local time, `every fri 20:00` in the streamer's time zone.

The series row is the record, not the scheduler's job store: it holds the rule and the time of
the next occurrence, and the scheduler plans a job for that time from it at every start and
replan, like a drop's close. Each occurrence is a drop of its own (its own seed, commitment and
draw), named after the series and its local date, in the series' season (`spec.series`).
Time maths here are pure functions of `after` and the zone, so daylight-saving changes are
tested as a table: 20:00 stays 20:00 on the wall clock, whatever the offset that week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Protocol

from bot.drops.model import Mode
from bot.drops.ports import UnitOfWork
from bot.kernel.errors import InvalidSpec

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Weekly:
    """Every week on `weekday` (0 is Monday) at `at`, local time."""

    weekday: int
    at: time

    @property
    def text(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.at:%H:%M}"


def parse_every(text: str) -> Weekly:
    """`fri 20:00` (or `friday 20:00`, `Fri 8:05`) as a rule; InvalidSpec says what is wrong."""
    words = text.lower().replace("@", " ").split()
    if len(words) != 2:
        raise InvalidSpec("refusal-every", typed=repr(text))
    day, clock = words
    found = [i for i, name in enumerate(WEEKDAYS) if day.startswith(name)]
    hours, _, minutes = clock.partition(":")
    if not found or not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise InvalidSpec("refusal-every", typed=repr(text))
    if int(hours) > 23 or int(minutes) > 59:
        raise InvalidSpec("refusal-every-clock", typed=repr(clock))
    return Weekly(found[0], time(int(hours), int(minutes)))


def next_occurrence(rule: Weekly, after: datetime, zone: tzinfo) -> datetime:
    """The first time strictly after `after` that reads `rule` on the wall clock in `zone`, in
    UTC. A wall time that a clock change skips (02:30 on the spring-forward night) falls an
    hour later, as the clock reads then; one it repeats is taken the first time."""
    local = after.astimezone(zone)
    days = (rule.weekday - local.weekday()) % 7
    for weeks in range(3):  # this week's may be past already
        day = local.date() + timedelta(days=days + 7 * weeks)
        candidate = datetime.combine(day, rule.at, tzinfo=zone).astimezone(UTC)
        if candidate > after:
            return candidate
    raise AssertionError("a weekly time always comes within three weeks")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class SeriesOptions:
    """What each occurrence is opened with, as `!drop open` takes it (unset: the defaults)."""

    supply: int | None = None
    entry_window: timedelta | None = None
    early: timedelta | None = None
    mode: Mode | None = None
    title: str | None = None
    beacon: bool | None = None


@dataclass(slots=True)
class Series:
    channel: str
    name: str
    every: Weekly
    options: SeriesOptions
    next_at: datetime  # the next occurrence, UTC: the scheduler's plan comes from this
    created_by: str
    created_at: datetime
    stopped_at: datetime | None = None
    stopped_by: str = ""
    last_drop_id: int | None = None  # the drop of the latest occurrence
    id: int = 0


def occurrence_name(series: Series, at: datetime, zone: tzinfo) -> str:
    """The drop an occurrence opens is called by the series and its local date: `hoodie-1211`."""
    return f"{series.name}-{at.astimezone(zone):%m%d}"


class SeriesRepository(Protocol):
    def add(self, series: Series) -> Series: ...
    def save(self, series: Series) -> None: ...
    def get(self, series_id: int) -> Series | None: ...
    def running(self, channel: str | None) -> list[Series]:
        """The series not stopped, of a channel (None: every channel), by name."""
        ...


class SeriesUnitOfWork(UnitOfWork, Protocol):
    series: SeriesRepository
