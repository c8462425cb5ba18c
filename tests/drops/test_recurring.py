"""Recurring drops (issue 23 item 7) through the service, on memory, SQLite and PostgreSQL: a
series is stored with its next time, each occurrence opens once as a drop of its own (its own
commitment, in the series' season), a restarted process or a second one does not open it again,
and the weekly time keeps to the wall clock across daylight-saving changes."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.drops.errors import IllegalTransition, Superseded
from bot.drops.model import DropSpec, DropState, Mode
from bot.drops.ports import UnitOfWork
from bot.drops.recurrence import SeriesOptions, Weekly, next_occurrence, parse_every
from bot.drops.recurring import RecurringDrops
from bot.drops.service import DropService
from bot.drops.timeline import Due, DueKind
from bot.gating.lists import AllocationList, ListKind, ListMember
from bot.kernel.errors import InvalidSpec
from tests.fixtures.harness import CHANNEL, START, Harness, seeded_bytes, spec

BERLIN = ZoneInfo("Europe/Berlin")
FRIDAY_8PM = parse_every("fri 20:00")


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("rule", "after", "expected"),
    [
        # Summer time: 20:00 in Berlin is 18:00 UTC; a time exactly at it is past.
        ("fri 20:00", utc(2026, 10, 23, 17, 59), utc(2026, 10, 23, 18, 0)),
        ("fri 20:00", utc(2026, 10, 23, 18, 0), utc(2026, 10, 30, 19, 0)),  # clocks went back
        ("fri 20:00", utc(2026, 3, 27, 19, 0), utc(2026, 4, 3, 18, 0)),  # clocks went forward
        ("Friday 20:00", utc(2026, 10, 24, 9, 0), utc(2026, 10, 30, 19, 0)),
        ("mon 8:05", utc(2026, 11, 21, 20, 0), utc(2026, 11, 23, 7, 5)),
        # 02:30 does not exist on the spring-forward night: the clock reads 03:30 then.
        ("sun 02:30", utc(2026, 3, 28, 12, 0), utc(2026, 3, 29, 1, 30)),
        # 02:30 happens twice on the fall-back night: the first time counts.
        ("sun 02:30", utc(2026, 10, 24, 12, 0), utc(2026, 10, 25, 0, 30)),
    ],
)
def test_the_next_occurrence_keeps_to_the_wall_clock(
    rule: str, after: datetime, expected: datetime
) -> None:
    assert next_occurrence(parse_every(rule), after, BERLIN) == expected


@pytest.mark.parametrize("typed", ["friday", "fri 25:00", "fri 20:5", "someday 20:00", ""])
def test_a_rule_that_is_not_a_day_and_a_time_is_refused(typed: str) -> None:
    with pytest.raises(InvalidSpec, match=r"like 'fri 20:00'|not a time of day"):
        parse_every(typed)


def test_a_rule_reads_back_as_typed() -> None:
    assert Weekly(4, FRIDAY_8PM.at) == FRIDAY_8PM and FRIDAY_8PM.text == "fri 20:00"


def occurrence_spec(channel: str, name: str, series: str, options: SeriesOptions) -> DropSpec:
    return spec(
        name=name,
        series=series,
        supply=3 if options.supply is None else options.supply,
        channel=channel,
    )


def recurring(service: DropService) -> RecurringDrops:
    return RecurringDrops(service, occurrence_spec, UTC)


# START is Saturday 2026-11-21 20:00 UTC: the first Friday 20:00 after it is six days later.
FIRST = START + timedelta(days=6)


async def test_a_series_opens_each_occurrence_once_as_a_drop_of_its_own(harness: Harness) -> None:
    series = recurring(harness.service)
    started = await series.start(CHANNEL, "hoodie", "fri 20:00", SeriesOptions(supply=5), "Mod")
    assert started.next_at == FIRST
    assert await series.due() == [Due(DueKind.SERIES, started.id, FIRST)]
    assert await series.occur(started.id) is None  # not due yet: nothing opens

    harness.clock.at = FIRST
    first = await series.occur(started.id)
    assert first is not None and first.name == "hoodie-1127"
    assert (first.state, first.spec.supply, first.spec.series) == (DropState.EARLY, 5, "hoodie")
    assert await series.occur(started.id) is None  # the job again: opened once
    (listed,) = await series.listing(CHANNEL)
    assert (listed.next_at, listed.last_drop_id) == (FIRST + timedelta(days=7), first.id)

    await harness.service.close(CHANNEL, first.name)
    harness.clock.at = FIRST + timedelta(days=7, minutes=3)  # the bot was down at 20:00
    second = await series.occur(started.id)
    assert second is not None and second.name == "hoodie-1204"
    assert second.commitment != first.commitment and second.seed_hex != first.seed_hex
    (listed,) = await series.listing(CHANNEL)
    assert listed.next_at == FIRST + timedelta(days=14)


async def test_an_occurrence_while_another_drop_runs_is_skipped_and_the_next_planned(
    harness: Harness,
) -> None:
    series = recurring(harness.service)
    started = await series.start(CHANNEL, "hoodie", "fri 20:00", SeriesOptions(), "Mod")
    harness.clock.at = FIRST - timedelta(minutes=1)
    await harness.open(name="tee", entry_window=timedelta(hours=1))
    harness.clock.at = FIRST
    assert await series.occur(started.id) is None
    (listed,) = await series.listing(CHANNEL)
    assert listed.next_at == FIRST + timedelta(days=7) and listed.last_drop_id is None


async def test_a_stopped_series_opens_nothing_and_its_name_is_free_again(harness: Harness) -> None:
    series = recurring(harness.service)
    started = await series.start(CHANNEL, "hoodie", "fri 20:00", SeriesOptions(), "Mod")
    with pytest.raises(IllegalTransition, match="already running"):
        await series.start(CHANNEL, "hoodie", "sat 20:00", SeriesOptions(), "Mod")
    stopped = await series.stop(CHANNEL, "hoodie", "Mod")
    assert stopped.stopped_at == START and stopped.stopped_by == "Mod"
    harness.clock.at = FIRST
    assert await series.occur(started.id) is None
    assert await series.listing(CHANNEL) == [] and await series.due() == []
    with pytest.raises(IllegalTransition, match="no running series"):
        await series.stop(CHANNEL, "hoodie", "Mod")
    again = await series.start(CHANNEL, "hoodie", "sat 20:00", SeriesOptions(), "Mod")
    assert again.id != started.id


async def test_a_bad_rule_or_option_stores_no_series(harness: Harness) -> None:
    series = recurring(harness.service)
    with pytest.raises(InvalidSpec):
        await series.start(CHANNEL, "hoodie", "fri 25:00", SeriesOptions(), "Mod")
    with pytest.raises(InvalidSpec):
        await series.start(CHANNEL, "hoodie", "fri 20:00", SeriesOptions(supply=0), "Mod")
    assert await series.listing(CHANNEL) == []


async def test_after_a_restart_and_with_two_processes_the_occurrence_opens_once(
    harness: Harness,
) -> None:
    started = await recurring(harness.service).start(
        CHANNEL, "hoodie", "fri 20:00", SeriesOptions(), "Mod"
    )
    harness.clock.at = FIRST
    # Two processes on the same record (a restarted one and the one before it, or two at
    # once): each with its own service, as `fairdrop run` builds them.
    other = DropService(
        harness.service.tx, harness.hot, harness.keyring, harness.clock, seeded_bytes(9)
    )
    # The older holder was superseded: its job is refused, whatever it thinks.
    old = harness.write(lambda uow: uow.fences.issue("scheduler"))
    new = harness.write(lambda uow: uow.fences.issue("scheduler"))
    with pytest.raises(Superseded):
        await recurring(harness.service).occur(started.id, fence=old)
    opened = await asyncio.gather(
        recurring(harness.service).occur(started.id, fence=new),
        recurring(other).occur(started.id, fence=new),
    )
    assert sum(d is not None for d in opened) == 1
    drops = harness.read(lambda uow: uow.drops.unfinished())
    assert [d.name for d in drops] == ["hoodie-1127"]


async def test_a_first_come_occurrence_gives_its_guaranteed_units_as_it_opens(
    harness: Harness,
) -> None:
    def sponsors(uow: UnitOfWork) -> None:
        made = uow.lists.create(
            AllocationList(CHANNEL, "sponsors", ListKind.GUARANTEED, START, "m")
        )
        assert made.id is not None
        uow.lists.add_members(made.id, [ListMember("twitch:50", "sponsor", START, "m")])

    harness.write(sponsors)

    def with_sponsors(channel: str, name: str, series: str, options: SeriesOptions) -> DropSpec:
        made = occurrence_spec(channel, name, series, options)
        return replace(made, mode=Mode.FCFS, guaranteed=("sponsors",))

    series = RecurringDrops(harness.service, with_sponsors, UTC)
    started = await series.start(CHANNEL, "pin", "fri 20:00", SeriesOptions(), "Mod")
    harness.clock.at = FIRST
    drop = await series.occur(started.id)
    assert drop is not None
    held = harness.read(lambda uow: uow.allocations.for_drop(drop.id))
    assert [(a.serial, a.identity) for a in held] == [(1, "twitch:50")]
