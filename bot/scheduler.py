"""The scheduler: drops move on by the clock through APScheduler jobs kept in the database.

What is due comes from the core (`bot.drops.timeline`): a scheduled drop opens, early access
ends, "closing soon" goes out, entries close and a lottery is drawn, unclaimed units pass to the
waitlist, the 24 h and 72 h summaries are posted, and a season's summary
(`bot.drops.season_summary`). Each is one date job with a stable id
(`close:42`), kept in APScheduler's SQLAlchemy job store in the same database as the drops.

Why it cannot lose a job or run one twice:

- Jobs due while the process was down run once when it starts (misfire grace: unlimited,
  coalesced), because they are in the database.
- The plan is worked out again from the record at start and every `replan_every`: a job lost
  in a crash (APScheduler removes a date job from its store as it starts it) is planned again,
  and a drop opened by a command or by another process gets its jobs. Replanning the same key
  replaces the job, never adds a second; a job that is running is left alone.
- Each job's work is idempotent in the core: it checks the drop's state in its transaction (a
  closed drop is not closed again) and announcements and summaries are deduplicated by their
  outbox key. So even a job run by two processes at once (a lease taken over mid-run) has one
  effect. With Redis configured, one process at a time runs the scheduler (`bot.run`).
- Fencing: the process holding the scheduler lease runs its jobs under a fencing token
  (`fence`), checked in each job's own transaction (`bot.drops.fencing`). A holder superseded
  without noticing yet (Redis lost the lease, or it stalled past its expiry) has its jobs
  refused, logged, and stops; so while one process acts, no other does. The job store is
  shared: a refused job's store entry is gone, so every replan plans again what the store lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobEvent,
)
from apscheduler.jobstores.base import BaseJobStore
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine

from bot.drops.beacon import BeaconUnavailable
from bot.drops.errors import Superseded
from bot.drops.ports import Fence
from bot.drops.recurring import RecurringDrops
from bot.drops.season_summary import SeasonSummaries
from bot.drops.service import DropService
from bot.drops.timeline import SUMMARIES, Due, DueKind

log = logging.getLogger("fairdrop.scheduler")

JOB_TABLE = "apscheduler_jobs"  # created by migration 0006
# Summaries are planned for drops closed this long ago at most (the 72 h one, and a day's grace
# for a bot that was down); older drops that missed theirs are left alone.
SUMMARY_HORIZON = max(SUMMARIES.values()) + timedelta(days=1)
RETRY_PAUSE = timedelta(seconds=5)  # a failed job is tried again after this, doubling
MAX_RETRY_PAUSE = timedelta(minutes=5)

# Persisted jobs name a module-level function; it finds the scheduler running in this process.
_active: DropScheduler | None = None


@runtime_checkable
class WallClock(Protocol):
    def now(self) -> datetime: ...
    def to_wall(self, at: datetime) -> datetime: ...


Changed = Callable[[int, list[str]], Awaitable[None]]


async def run_due(kind: str, drop_id: int, label: str = "", at: str = "") -> None:
    """The job every persisted job calls (APScheduler stores this function by its name)."""
    if _active is None:
        raise RuntimeError(f"job {kind}:{drop_id} ran with no drop scheduler active")
    due_at = datetime.fromisoformat(at) if at else _active.clock.now()
    await _active.perform(Due(DueKind(kind), drop_id, due_at, label))


class SharedEngineJobStore(SQLAlchemyJobStore):  # type: ignore[misc]
    """APScheduler's SQL job store on the runtime's engine, which it must not close.

    SQLAlchemyJobStore disposes its engine when the scheduler shuts down; the engine here is
    the one every transaction uses, and a scheduler stops whenever its lease is lost, so that
    would drop the pool under the rest of the process (and leak a connection checked out
    meanwhile). The runtime disposes the engine when it closes."""

    def shutdown(self) -> None:
        pass


def job_store(engine: Engine | None) -> BaseJobStore:
    """The database's job store; memory when there is no database (tests of the core)."""
    if engine is None:
        return MemoryJobStore()
    return SharedEngineJobStore(engine=engine, tablename=JOB_TABLE)


class DropScheduler:
    def __init__(
        self,
        service: DropService,
        store: BaseJobStore,
        clock: WallClock,
        *,
        replan_every: float = 5.0,
        changed: Changed | None = None,
        recurring: RecurringDrops | None = None,
        seasons: SeasonSummaries | None = None,
    ) -> None:
        self.service, self.store, self.clock = service, store, clock
        self.recurring = recurring  # series whose occurrences open by the clock
        self.seasons = seasons  # seasons summarized in their community by the clock
        self.replan_every = replan_every
        self.changed = changed  # told of each drop a job moved along (drop events, say)
        self.fence: Fence | None = None  # the lease holder's token; None: the only process
        self.superseded = asyncio.Event()  # a job was refused under `fence`: stop running
        self._scheduler: AsyncIOScheduler | None = None
        self._planned: dict[str, datetime] = {}  # job id -> wall time, as in the store
        self._running: set[str] = set()  # submitted and not finished: never replanned
        self._failures: dict[str, int] = {}  # job id -> failures in a row, for the back-off
        self._retry_at: dict[str, datetime] = {}  # job id -> not before (wall time)
        self._poke = asyncio.Event()
        self.performed: list[str] = []  # job ids in the order they ran (for status and tests)

    # -- running -------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Plan, then run jobs as they fall due, until `stop` (or until a job is refused because
        `fence` was superseded). One scheduler per process."""
        global _active
        if _active is not None:
            raise RuntimeError("a drop scheduler is already running in this process")
        scheduler = AsyncIOScheduler(
            jobstores={"default": self.store},
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
            timezone="UTC",
        )
        scheduler.add_listener(self._on_submitted, EVENT_JOB_SUBMITTED)
        scheduler.add_listener(self._on_finished, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        scheduler.add_listener(self._on_missed, EVENT_JOB_MISSED)
        _active, self._scheduler = self, scheduler
        self.superseded.clear()
        # Paused first: the stored plan is brought up to date before anything runs from it.
        scheduler.start(paused=True)
        try:
            self._planned = {
                job.id: job.next_run_time for job in scheduler.get_jobs() if job.next_run_time
            }
            await self.replan()
            scheduler.resume()
            log.info("scheduler running with %d jobs planned", len(self._planned))
            while not stop.is_set():
                await self._wait(stop)
                if stop.is_set() or self.superseded.is_set():
                    break
                try:
                    await self.replan()
                except Exception as error:  # the database is away: jobs planned still run
                    log.error("replanning failed, trying again shortly: %r", error)
        finally:
            scheduler.shutdown(wait=False)
            _active, self._scheduler = None, None

    async def _wait(self, stop: asyncio.Event) -> None:
        waits = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._poke.wait())}
        try:
            await asyncio.wait(waits, timeout=self.replan_every, return_when="FIRST_COMPLETED")
        finally:
            for waiting in waits:
                waiting.cancel()
        self._poke.clear()

    def poke(self) -> None:
        """Replan now rather than at the next interval (a drop changed in this process)."""
        self._poke.set()

    # -- planning ------------------------------------------------------------------------------

    async def replan(self) -> None:
        """Bring the stored jobs in line with what the record says is due."""
        scheduler = self._scheduler
        assert scheduler is not None
        now = self.clock.now()
        due = await self.service.timeline(now - SUMMARY_HORIZON)
        if self.recurring is not None:  # each series' next occurrence, from its stored time
            due += await self.recurring.due()
        if self.seasons is not None:  # season summaries not posted yet, from the record
            due += await self.seasons.due()
        wanted = {d.key: d for d in due}
        # The store is shared: a job another scheduler took from it (one superseded, its run
        # refused) is no longer planned, whatever this process remembers.
        stored = {job.id for job in scheduler.get_jobs()}
        for key in [k for k in self._planned if k not in stored and k not in self._running]:
            del self._planned[key]
        for key, item in wanted.items():
            at = self.clock.to_wall(item.at)
            if (retry := self._retry_at.get(key)) is not None and retry > at:
                at = retry
            if key in self._running or self._planned.get(key) == at:
                continue
            scheduler.add_job(
                run_due,
                "date",
                run_date=at,
                args=(item.kind.value, item.drop_id, item.label, item.at.isoformat()),
                id=key,
                name=key,
                replace_existing=True,
            )
            self._planned[key] = at
            log.debug("planned %s at %s", key, item.at.isoformat())
        for key in set(self._planned) - set(wanted) - self._running:
            # Done or overtaken (a drop closed early by a command has no close job left).
            with contextlib.suppress(Exception):
                scheduler.remove_job(key)
            del self._planned[key]

    def planned(self) -> dict[str, datetime]:
        """Job id -> the wall time it runs at."""
        return dict(self._planned)

    # -- jobs ----------------------------------------------------------------------------------

    async def perform(self, due: Due) -> None:
        """Do what fell due. Safe to repeat: the core checks the drop's state."""
        # The job store keeps run times as float timestamps, and a sped-up clock maps drop time
        # to the wall coarsely: a job may fire a hair early. A summary must not be computed
        # before its time (it would be posted provisional, once and for good), so wait it out.
        early = self.clock.to_wall(due.at) - datetime.now(UTC)
        if early > timedelta(0):
            await asyncio.sleep(early.total_seconds())
        try:
            changes = await self._do(due)
        except Superseded as error:
            log.warning("job %s not run, and this scheduler stops: %s", due.key, error)
            self.superseded.set()
            self.poke()
            return
        self.performed.append(due.key)
        if changes:
            log.info("drop %s: %s (%s)", due.drop_id, ", ".join(changes), due.key)
        if changes and self.changed is not None:
            await self.changed(due.drop_id, changes)

    async def _do(self, due: Due) -> list[str]:
        fence = self.fence
        if due.kind is DueKind.SUMMARY:
            await self.service.summarize(due.drop_id, SUMMARIES[due.label], fence=fence)
            return [f"summary {due.label}"]
        if due.kind is DueKind.EXPIRE:
            rerolls = await self.service.reroll(fence=fence)
            return [f"serial {r.serial} rerolled" for r in rerolls if r.drop_id == due.drop_id]
        if due.kind is DueKind.SERIES:
            opened = (
                await self.recurring.occur(due.drop_id, fence=fence) if self.recurring else None
            )
            if opened is not None and self.changed is not None:
                await self.changed(opened.id, ["opened"])
            return [f"series {due.drop_id} opened {opened.name}"] if opened else []
        if due.kind is DueKind.SEASON:
            posted = (
                await self.seasons.post(due.drop_id, due.label, fence=fence)
                if self.seasons
                else False
            )
            return [f"season summary {due.label}"] if posted else []
        if due.kind is DueKind.DRAW:
            draws = self.service.beacon_draws
            return await draws.draw(due.drop_id, fence=fence) if draws else []
        return await self.service.advance(due.drop_id, fence=fence)

    def _on_submitted(self, event: JobEvent) -> None:
        # Called synchronously as the job is handed to the executor, before it can run.
        self._running.add(event.job_id)
        self._planned.pop(event.job_id, None)  # APScheduler has removed the date job

    def _on_finished(self, event: Any) -> None:
        key = event.job_id
        self._running.discard(key)
        if getattr(event, "exception", None) is not None:
            # The record still says it is due, so the next replan tries again, after a pause
            # that grows with each failure in a row (a database that is down, say).
            failures = self._failures[key] = self._failures.get(key, 0) + 1
            pause = min(RETRY_PAUSE * 2 ** (failures - 1), MAX_RETRY_PAUSE)
            self._retry_at[key] = datetime.now(UTC) + pause
            if isinstance(event.exception, BeaconUnavailable):
                # Normal while a drand round is late: chat and Discord have been told.
                log.warning("job %s waits for its drand round: %s", key, event.exception)
            else:
                log.error("job %s failed (%d in a row): %r", key, failures, event.exception)
        else:
            self._failures.pop(key, None)
            self._retry_at.pop(key, None)
        self.poke()  # what this job did may make something else due (a draw: the expiry)

    def _on_missed(self, event: JobEvent) -> None:
        log.warning("job %s missed its run time", event.job_id)
