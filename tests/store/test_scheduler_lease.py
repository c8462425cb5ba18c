"""Several processes, one scheduler: with Redis, only the holder of the scheduler lease moves
drops along; when it stops, another takes over and nothing runs twice."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import bot.scheduler
from bot.bootstrap import Runtime, open_runtime
from bot.clock import SystemClock
from bot.config import SchedulerSettings
from bot.drops.keyring import Keyring
from bot.drops.model import DropState
from bot.drops.transactions import read_only
from bot.run import _schedule
from bot.store.lease import Leases
from tests.fixtures.harness import spec
from tests.store.claimer_process import PREFIX, claimer_settings


@contextlib.asynccontextmanager
async def process(db: str, redis_url: str, keyring: Keyring) -> AsyncIterator[Runtime]:
    settings = claimer_settings(db, redis_url)
    settings = settings.model_copy(
        update={"scheduler": SchedulerSettings(replan_every=timedelta(seconds=0.1))}
    )
    async with open_runtime(settings, keyring, clock=SystemClock(), migrate=True) as runtime:
        yield runtime


async def until(condition: object, within: float = 30.0) -> None:
    assert callable(condition)
    deadline = asyncio.get_running_loop().time() + within
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "not in time"
        await asyncio.sleep(0.05)


async def test_one_process_runs_the_scheduler_and_another_takes_over(
    tmp_path: Path, redis_url: str
) -> None:
    db = f"sqlite:///{tmp_path}/shared.db"
    keyring = Keyring.new(datetime.now(UTC))
    leases = Leases.from_url(redis_url, prefix=PREFIX)
    async with process(db, redis_url, keyring) as first, process(db, redis_url, keyring) as second:
        clock = SystemClock()
        stop_first, stop_second = asyncio.Event(), asyncio.Event()
        running_first = asyncio.create_task(_schedule(first, clock, stop_first))
        await until(lambda: bot.scheduler._active is not None)
        leader = bot.scheduler._active
        running_second = asyncio.create_task(_schedule(second, clock, stop_second))
        holder = await leases.holder("scheduler")
        assert holder is not None

        opens = datetime.now(UTC) + timedelta(seconds=1)
        drop = await second.service.create(spec(), start_at=opens)
        await until(lambda: leader is not None and f"open:{drop.id}" in leader.performed)
        assert bot.scheduler._active is leader  # the second process never ran one

        stop_first.set()  # the leader goes away: its lease is released on the way out
        await running_first
        await until(lambda: bot.scheduler._active not in (None, leader))
        assert await leases.holder("scheduler") not in (None, holder)
        follower = bot.scheduler._active
        assert follower is not None
        await second.service.close(drop.spec.channel, drop.name)
        await until(lambda: f"summary:{drop.id}:24h" in follower.planned())

        stop_second.set()
        await running_second
        assert (await second.service.get(drop.id)).state in (DropState.DRAWN, DropState.SETTLED)
        messages = await second.service.tx.run(read_only(lambda u: u.outbox.for_drop(drop.id)))
        assert [m.kind for m in messages].count("opened") == 1
    await leases.aclose()
