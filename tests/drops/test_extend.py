"""A moderator moves an open drop's close, through the service, on memory, SQLite and
PostgreSQL: later (extend) or earlier (shorten), announced, recorded on the drop, and planned by
the scheduler from the stored time, so it survives a restart."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.drops import outcomes as oc
from bot.drops.errors import IllegalTransition
from bot.drops.model import DropChange, DropState
from bot.drops.notices import Extended, Paused, notice_of
from bot.drops.timeline import DueKind
from tests.fixtures.harness import CHANNEL, START, Harness

FIVE = timedelta(minutes=5)


async def test_an_extended_drop_takes_entries_until_its_new_close(harness: Harness) -> None:
    drop = await harness.open(entry_window=timedelta(minutes=10))  # closes START + 10m
    harness.clock.advance(minutes=8)

    extended = await harness.service.steering.extend(CHANNEL, FIVE, "ModAnna")

    assert extended.closes_at == START + timedelta(minutes=15)
    assert extended.changes == (
        DropChange(
            START + timedelta(minutes=8), "ModAnna", "entries close 20:15 UTC (extended by 5m)"
        ),
    )
    # What a restarted process reads: the stored close and change, and a close planned for then.
    stored = harness.read(lambda uow: uow.drops.get(drop.id))
    assert stored is not None and stored.closes_at == extended.closes_at
    assert stored.changes == extended.changes
    due = {d.kind: d.at for d in await harness.service.timeline(START)}
    assert due[DueKind.CLOSE] == START + timedelta(minutes=15)
    notices = harness.read(lambda uow: [notice_of(m) for m in uow.outbox.for_drop(drop.id)])
    (said,) = [n for n in notices if isinstance(n, Extended)]
    assert (said.seconds, said.closes_at) == (300, START + timedelta(minutes=15))

    harness.clock.advance(minutes=4)  # 12 minutes in: past the old close, before the new
    assert await harness.service.tick() == ["hoodie: public"]  # not closed
    assert isinstance(await harness.claim("1"), oc.Entered)
    harness.clock.advance(minutes=3)
    assert await harness.service.tick() == ["hoodie: closed", "hoodie: drawn"]
    assert isinstance(await harness.claim("2"), oc.NoDrop)  # no drop takes entries any more


async def test_a_shortened_drop_closes_earlier_and_each_change_is_said(harness: Harness) -> None:
    drop = await harness.open(entry_window=timedelta(minutes=10))
    await harness.service.steering.extend(CHANNEL, FIVE, "a")
    shortened = await harness.service.steering.extend(CHANNEL, -2 * FIVE, "b")

    assert shortened.closes_at == START + FIVE
    assert [c.what for c in shortened.changes] == [
        "entries close 20:15 UTC (extended by 5m)",
        "entries close 20:05 UTC (shortened by 10m)",
    ]
    notices = harness.read(lambda uow: [notice_of(m) for m in uow.outbox.for_drop(drop.id)])
    assert [n.seconds for n in notices if isinstance(n, Extended)] == [300, -600]
    harness.clock.advance(minutes=5)
    await harness.service.tick()
    assert (await harness.service.get(drop.id)).state is DropState.SETTLED  # nobody entered


@pytest.mark.parametrize(
    ("by", "says"),
    [
        (-FIVE * 2, "less than a minute from now; close it now"),
        (timedelta(0), "moving the close by 0s changes nothing"),
        (timedelta(days=8), "open longer than 7d in all"),
    ],
)
async def test_a_close_that_cannot_be_moved_there_is_refused(
    harness: Harness, by: timedelta, says: str
) -> None:
    drop = await harness.open(entry_window=timedelta(minutes=10))
    with pytest.raises(IllegalTransition, match=says):
        await harness.service.steering.extend(CHANNEL, by, "m")
    stored = await harness.service.get(drop.id)
    assert stored.closes_at == START + timedelta(minutes=10) and stored.changes == ()


async def test_a_closed_drop_cannot_be_extended(harness: Harness) -> None:
    await harness.open(entry_window=timedelta(minutes=10))
    await harness.claim("1")
    await harness.service.close(CHANNEL)
    with pytest.raises(IllegalTransition, match="only an open drop's entry window can be"):
        await harness.service.steering.extend(CHANNEL, FIVE, "m", name="hoodie")


async def test_a_paused_drop_refuses_claims_and_keeps_its_time_left(harness: Harness) -> None:
    drop = await harness.open(entry_window=timedelta(minutes=10))  # closes START + 10m
    harness.clock.advance(minutes=4)
    await harness.service.steering.pause(CHANNEL, "ModAnna")
    assert isinstance(await harness.claim("1"), oc.Paused)
    harness.clock.advance(minutes=30)  # far past the old close: nothing closes it meanwhile
    assert await harness.service.tick() == []
    assert DueKind.CLOSE not in {d.kind for d in await harness.service.timeline(START)}
    stored = harness.read(lambda uow: uow.drops.get(drop.id))  # what a restart reads
    assert stored is not None and stored.paused_at == START + timedelta(minutes=4)

    resumed = await harness.service.steering.resume(CHANNEL, "ModAnna")

    assert resumed.closes_at == START + timedelta(minutes=40)  # the 6 minutes left are kept
    assert resumed.paused_at is None
    assert [c.what for c in resumed.changes] == [
        "paused with 6m of entries left",
        "resumed; entries close 20:40 UTC",
    ]
    due = {d.kind: d.at for d in await harness.service.timeline(START)}
    assert due[DueKind.CLOSE] == START + timedelta(minutes=40)
    assert isinstance(await harness.claim("2"), oc.Entered)
    notices = harness.read(lambda uow: [notice_of(m) for m in uow.outbox.for_drop(drop.id)])
    assert [n.paused for n in notices if isinstance(n, Paused)] == [True, False]


async def test_pausing_twice_or_resuming_a_running_drop_is_refused(harness: Harness) -> None:
    await harness.open(entry_window=timedelta(minutes=10))
    with pytest.raises(IllegalTransition, match="drop 'hoodie' is not paused"):
        await harness.service.steering.resume(CHANNEL, "m")
    await harness.service.steering.pause(CHANNEL, "m")
    with pytest.raises(IllegalTransition, match="drop 'hoodie' is paused already"):
        await harness.service.steering.pause(CHANNEL, "m")
    with pytest.raises(IllegalTransition, match="is paused; resume it first"):
        await harness.service.steering.extend(CHANNEL, FIVE, "m")
