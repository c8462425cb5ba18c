"""Recurring drops by the clock (issue 23 item 7): the scheduler plans each series' next
occurrence from the series row (not from its own job store), opens it once, and plans the next;
after a restart, with the job store lost or not, and with a superseded second process, the
occurrence still opens exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, timedelta

import pytest
from sqlalchemy import text

from bot.drops.model import DropState
from bot.drops.recurrence import SeriesOptions
from bot.drops.recurring import RecurringDrops
from bot.drops.service import DropService
from bot.scheduler import DropScheduler, job_store
from bot.store.database import SqlUnitOfWork, ThreadedTransactions
from bot.store.hot_memory import MemoryHotState
from tests.drops.test_recurring import FIRST, occurrence_spec
from tests.fixtures.harness import CHANNEL, Harness, seeded_bytes
from tests.test_scheduler import SteppedClock, running, until


def _scheduler(harness: Harness, service: DropService) -> DropScheduler:
    return DropScheduler(
        service,
        job_store(harness.engine),
        SteppedClock(harness.clock),
        replan_every=0.05,
        recurring=RecurringDrops(service, occurrence_spec, UTC),
    )


async def test_the_scheduler_opens_each_occurrence_and_plans_the_next(harness: Harness) -> None:
    series = RecurringDrops(harness.service, occurrence_spec, UTC)
    started = await series.start(CHANNEL, "hoodie", "fri 20:00", SeriesOptions(), "Mod")
    key = f"series:{started.id}"
    scheduler = _scheduler(harness, harness.service)
    async with running(scheduler):
        await until(lambda: key in scheduler.planned())
        harness.clock.at = FIRST
        scheduler.poke()
        await until(lambda: key in scheduler.performed)
        await until(lambda: key in scheduler.planned())  # next Friday's, from the moved row
    (drop,) = harness.read(lambda uow: uow.drops.unfinished())
    assert (drop.name, drop.state) == ("hoodie-1127", DropState.EARLY)
    (listed,) = await series.listing(CHANNEL)
    assert listed.next_at == FIRST + timedelta(days=7)


@pytest.mark.parametrize("harness", ["sqlite", "postgres"], indirect=True)
@pytest.mark.parametrize("lose_the_store", [False, True], ids=["stored", "store-lost"])
async def test_planned_then_restarted_the_occurrence_opens_once(
    harness: Harness, lose_the_store: bool
) -> None:
    assert harness.engine is not None
    engine = harness.engine
    started = await RecurringDrops(harness.service, occurrence_spec, UTC).start(
        CHANNEL, "hoodie", "fri 20:00", SeriesOptions(), "Mod"
    )
    key = f"series:{started.id}"
    first = _scheduler(harness, harness.service)
    async with running(first):
        await until(lambda: key in first.planned())
    # Down over Friday 20:00; maybe the job store lost the job too.
    harness.clock.at = FIRST + timedelta(minutes=5)
    if lose_the_store:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM apscheduler_jobs"))
    # Restarted: two processes on the record, the one that lost the lease unaware of it.
    stale = await harness.service.issue_fence("scheduler")
    fresh = await harness.service.issue_fence("scheduler")
    txs = [ThreadedTransactions(lambda: SqlUnitOfWork(engine)) for _ in range(2)]
    services = [
        DropService(tx, MemoryHotState(), harness.keyring, harness.clock, seeded_bytes(3 + i))
        for i, tx in enumerate(txs)
    ]
    old, new = _scheduler(harness, services[0]), _scheduler(harness, services[1])
    old.fence, new.fence = stale, fresh
    try:
        # The superseded holder comes to the job first: refused, it opens nothing and stops.
        await asyncio.wait_for(old.run(asyncio.Event()), 15)
        assert old.superseded.is_set()
        async with running(new):
            await until(lambda: key in new.performed)
            await until(lambda: key in new.planned())
    finally:
        for tx in txs:
            tx.close()
    assert Counter(new.performed)[key] == 1 and key not in old.performed
    drops = harness.read(lambda uow: uow.drops.unfinished())
    assert [d.name for d in drops] == ["hoodie-1127"]
