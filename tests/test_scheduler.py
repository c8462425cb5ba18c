"""The scheduler runs a drop by the clock, from APScheduler jobs kept in the database; a restart
in the middle of a scheduled drop loses nothing and runs no job twice."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent
from sqlalchemy import Engine, text

from bot.beacon.mirrors import DrandMirrors, MirrorSettings
from bot.beacon.signatures import check_signature
from bot.config import Settings
from bot.drops.beacon import QUICKNET, BeaconPlan, BeaconTerms
from bot.drops.model import DropState, Mode
from bot.drops.season_summary import SeasonSummaries
from bot.drops.service import DropService
from bot.scheduler import DropScheduler, job_store
from bot.store.database import SqlUnitOfWork, ThreadedTransactions
from bot.store.hot_memory import MemoryHotState
from fakeplatforms.drand import FakeDrand
from tests.drops.season_fixture import E3_CLOSE, SERIES, ZONE, build_season
from tests.fixtures.harness import START, Harness, ManualClock, seeded_bytes, spec

PAST = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE = datetime(2100, 1, 1, tzinfo=UTC)


class SteppedClock:
    """The test's manual clock as the scheduler sees it: what is due now runs at once (a wall
    time long past), what is not yet due waits far in the future. Stable, so replanning the
    same thing writes nothing."""

    def __init__(self, manual: ManualClock) -> None:
        self.manual = manual

    def now(self) -> datetime:
        return self.manual.now()

    def to_wall(self, at: datetime) -> datetime:
        return PAST if at <= self.manual.now() else FUTURE + (at - START)


async def until(condition: Callable[[], bool], within: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the scheduler did not get there in time")
        await asyncio.sleep(0.01)


@contextlib.asynccontextmanager
async def running(scheduler: DropScheduler) -> AsyncIterator[asyncio.Task[None]]:
    stop = asyncio.Event()
    task = asyncio.create_task(scheduler.run(stop))
    try:
        await until(lambda: scheduler._scheduler is not None and scheduler._scheduler.running)
        yield task
    finally:
        stop.set()
        await task


def _scheduler(harness: Harness, service: DropService | None = None) -> DropScheduler:
    return DropScheduler(
        service or harness.service,
        job_store(harness.engine),
        SteppedClock(harness.clock),
        replan_every=0.05,
    )


def _announced(harness: Harness, drop_id: int) -> Counter[str]:
    return Counter(
        m.kind for m in harness.read(lambda uow: uow.outbox.for_drop(drop_id)) if m.kind != "won"
    )


async def _step(harness: Harness, scheduler: DropScheduler, key: str, **delta: float) -> None:
    harness.clock.advance(**delta)
    scheduler.poke()
    await until(lambda: key in scheduler.performed)


async def test_a_scheduled_drop_runs_by_the_clock_from_open_to_its_summaries(
    harness: Harness,
) -> None:
    opens = START + timedelta(minutes=30)
    drop = await harness.service.create(
        spec(entry_window=timedelta(minutes=10), claim_window=timedelta(hours=1)), start_at=opens
    )
    scheduler = _scheduler(harness)
    async with running(scheduler):
        await until(lambda: "open:1" in scheduler.planned() or bool(scheduler.planned()))
        assert set(scheduler.planned()) == {f"open:{drop.id}"}
        await _step(harness, scheduler, f"open:{drop.id}", minutes=30)
        assert (await harness.service.get(drop.id)).state is DropState.EARLY
        await harness.claim("1", "subscriber")
        await _step(harness, scheduler, f"public:{drop.id}", minutes=2)
        await harness.claim("2")
        await _step(harness, scheduler, f"closing:{drop.id}", minutes=7)
        await _step(harness, scheduler, f"close:{drop.id}", minutes=1)
        assert (await harness.service.get(drop.id)).state in (DropState.DRAWN, DropState.SETTLED)
        # Nobody fetched a code: an hour on, the units pass to the waitlist (which is empty).
        await _step(harness, scheduler, f"expire:{drop.id}", hours=1, seconds=1)
        await _step(harness, scheduler, f"summary:{drop.id}:24h", hours=23)
        await _step(harness, scheduler, f"summary:{drop.id}:72h", hours=48)
        await until(lambda: not scheduler.planned())
    counts = Counter(scheduler.performed)
    assert all(n == 1 for n in counts.values()), counts
    announced = _announced(harness, drop.id)
    assert {announced[k] for k in ("scheduled", "opened", "public", "closing", "closed")} == {1}
    assert announced["drawn"] == 1 and announced["summary"] == 2


async def test_a_drop_closed_by_command_loses_its_close_job(harness: Harness) -> None:
    drop = await harness.service.create(spec(mode=Mode.FCFS, entry_window=timedelta(minutes=10)))
    scheduler = _scheduler(harness)
    async with running(scheduler):
        await until(lambda: f"close:{drop.id}" in scheduler.planned())
        await harness.service.close(drop.spec.channel, drop.name)
        scheduler.poke()
        await until(lambda: f"close:{drop.id}" not in scheduler.planned())
    assert f"close:{drop.id}" not in scheduler.performed


@pytest.mark.parametrize("harness", ["sqlite", "postgres"], indirect=True)
@pytest.mark.parametrize("lose_the_store", [False, True], ids=["stored", "store-lost"])
async def test_a_restart_mid_drop_runs_each_job_once_and_loses_nothing(
    harness: Harness, lose_the_store: bool
) -> None:
    assert harness.engine is not None  # the jobs are kept in the database
    engine: Engine = harness.engine
    opens = START + timedelta(minutes=30)
    drop = await harness.service.create(
        spec(entry_window=timedelta(minutes=10), claim_window=timedelta(hours=1)), start_at=opens
    )
    first = _scheduler(harness)
    async with running(first):
        await _step(harness, first, f"open:{drop.id}", minutes=30)
        await harness.claim("1", "subscriber")
    assert engine_jobs(engine) >= {f"public:{drop.id}", f"close:{drop.id}"}

    # Down for half an hour: early access ended, "closing soon" and the close were all due.
    harness.clock.advance(minutes=30)
    if lose_the_store:
        # As if the process died after APScheduler took the jobs out and before they ran.
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM apscheduler_jobs"))
    tx = ThreadedTransactions(lambda: SqlUnitOfWork(engine))
    restarted = DropService(tx, MemoryHotState(), harness.keyring, harness.clock, seeded_bytes(3))
    second = _scheduler(harness, restarted)
    try:
        async with running(second):
            await until(lambda: f"close:{drop.id}" in second.performed)
    finally:
        tx.close()
    runs = Counter(first.performed + second.performed)
    assert all(n == 1 for n in runs.values()), runs
    assert (await harness.service.get(drop.id)).drawn_at is not None
    announced = _announced(harness, drop.id)
    assert {announced[k] for k in ("opened", "closed", "drawn")} == {1}, announced
    # Early access and "closing soon" are not announced of a drop that is already closed.
    assert announced["public"] == announced["closing"] == 0, announced


def engine_jobs(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return {r[0] for r in conn.execute(text("SELECT id FROM apscheduler_jobs"))}


async def test_a_failed_job_waits_out_a_pause_before_it_is_tried_again(harness: Harness) -> None:
    drop = await harness.service.create(spec(), start_at=START + timedelta(minutes=30))
    scheduler = _scheduler(harness)
    key = f"open:{drop.id}"
    async with running(scheduler):
        await until(lambda: key in scheduler.planned())
        # APScheduler reports the job failed (the database was down, say) ...
        failed = JobExecutionEvent(
            EVENT_JOB_ERROR, key, "default", PAST, exception=RuntimeError("down")
        )
        scheduler._on_finished(failed)
        harness.clock.advance(minutes=30)  # ... and by the record it is due now
        scheduler.poke()
        await asyncio.sleep(0.3)  # several replans: none runs it again at once
        assert key not in scheduler.performed
        assert scheduler.planned()[key] > datetime.now(UTC)


async def test_a_superseded_scheduler_does_nothing_and_stops(harness: Harness) -> None:
    stale = await harness.service.issue_fence("scheduler")
    drop = await harness.service.create(spec(), start_at=START + timedelta(minutes=30))
    scheduler = _scheduler(harness)
    scheduler.fence = stale
    task = asyncio.create_task(scheduler.run(asyncio.Event()))
    await until(lambda: f"open:{drop.id}" in scheduler.planned())
    await harness.service.issue_fence("scheduler")  # another process took the lease over
    harness.clock.advance(minutes=30)
    scheduler.poke()
    await asyncio.wait_for(task, 15)  # it stops by itself: nothing else told it to
    assert scheduler.superseded.is_set() and scheduler.performed == []
    assert (await harness.service.get(drop.id)).state is DropState.SCHEDULED


async def test_a_job_another_scheduler_took_from_the_shared_store_is_planned_again(
    harness: Harness,
) -> None:
    if harness.engine is None:
        pytest.skip("the in-memory job store is not shared between schedulers")
    drop = await harness.service.create(spec(), start_at=START + timedelta(minutes=30))
    scheduler = _scheduler(harness)
    key = f"open:{drop.id}"
    async with running(scheduler):
        await until(lambda: key in scheduler.planned())
        # A superseded scheduler in another process ran it (refused) and so removed it.
        job_store(harness.engine).remove_job(key)
        await until(
            lambda: scheduler._scheduler is not None and bool(scheduler._scheduler.get_job(key))
        )
        await _step(harness, scheduler, key, minutes=30)
    assert (await harness.service.get(drop.id)).state is DropState.EARLY


async def test_a_beacon_backed_lottery_is_closed_then_drawn_by_its_round_job(
    harness: Harness,
) -> None:
    closes_at = START + timedelta(minutes=10)
    # Quicknet placed so that its genuine round 1000 is the first 30 s after the close.
    chain = QUICKNET.with_genesis(int(closes_at.timestamp()) + 31 - 999 * QUICKNET.period)
    async with FakeDrand(chain=chain, now=harness.clock.now) as relay:
        source = DrandMirrors([relay.base_url], check_signature, MirrorSettings(passes=1))
        plan = BeaconPlan(BeaconTerms(chain, timedelta(seconds=30)), source)
        service = DropService(
            harness.service.tx, harness.hot, harness.keyring, harness.clock, seeded_bytes(2),
            beacon=plan,
        )  # fmt: skip
        drop = await service.create(spec(beacon=True))
        await harness.claim("1", "subscriber")
        scheduler = _scheduler(harness, service)
        async with running(scheduler):
            await _step(harness, scheduler, f"close:{drop.id}", minutes=10)
            assert (await service.get(drop.id)).state is DropState.CLOSED
            await until(lambda: f"draw:{drop.id}" in scheduler.planned())
            await _step(harness, scheduler, f"draw:{drop.id}", seconds=31)
        drawn = await service.get(drop.id)
        assert drawn.state in (DropState.DRAWN, DropState.SETTLED)
        assert drawn.beacon_outcome == "verified" and drawn.beacon_round == 1000
        assert relay.requests == [f"/{chain.chain_hash}/public/1000"]


async def test_a_season_summary_is_planned_from_the_record_and_posted_once_across_a_restart(
    harness: Harness,
) -> None:
    ids = harness.write(build_season)
    harness.clock.at = E3_CLOSE + timedelta(hours=71)
    settings = Settings.model_validate(
        {
            "scheduler": {"timezone": ZONE},
            "seasons": {SERIES: {"summary": "after-last", "episodes": 3}},
        }
    )

    def scheduler() -> DropScheduler:
        seasons = SeasonSummaries(
            harness.service.tx,
            harness.clock,
            settings.seasons.summaries(),
            ZONE,
            settings.season_reads,
        )
        return DropScheduler(
            harness.service,
            job_store(harness.engine),
            SteppedClock(harness.clock),
            replan_every=0.05,
            seasons=seasons,
        )

    key = f"season:{ids['ep3']}:final"
    first = scheduler()
    async with running(first):
        await until(lambda: key in first.planned())
        await _step(harness, first, key, hours=1)  # 72 h after the last episode closed
        await until(lambda: key not in first.planned())
    second = scheduler()  # a restart: the record says it went out
    async with running(second):
        await asyncio.sleep(0.3)  # several replans
    assert first.performed.count(key) == 1 and key not in second.planned()
    assert key not in second.performed
    assert _announced(harness, ids["ep3"])["season_summary"] == 1
