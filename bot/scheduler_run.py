"""Running the scheduler in `fairdrop run`: alone, or with Redis only while this process holds
the scheduler lease, so one of several processes moves drops along and another takes over if
it dies."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING

from bot.drops.recurrence import SeriesOptions
from bot.kernel.clock import Clock
from bot.scheduler import DropScheduler, WallClock, job_store

if TYPE_CHECKING:
    from bot.bootstrap import Runtime

log = logging.getLogger("fairdrop")

SCHEDULER_LEASE = "scheduler"


class _Unscaled:
    """A clock given without a wall-time mapping (tests): drop time is wall time."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def now(self) -> datetime:
        return self.clock.now()

    def to_wall(self, at: datetime) -> datetime:
        return at


def wall_clock(clock: Clock) -> WallClock:
    """The service's clock, with the mapping to wall time the scheduler needs."""
    return clock if isinstance(clock, WallClock) else _Unscaled(clock)


async def run_scheduler(runtime: Runtime, clock: WallClock, stop: asyncio.Event) -> None:
    """Run the scheduler; with Redis, only while this process holds the scheduler lease, so
    one of several processes moves drops along, and another takes over if it dies.

    Each time this process takes the lease it gets a new fencing token from the database, and
    every job checks it in its own transaction: a holder superseded without noticing yet (Redis
    lost the lease; it stalled past the expiry) does nothing, so exactly one process acts."""
    settings = runtime.settings
    scheduler = DropScheduler(
        runtime.service,
        job_store(runtime.engine),
        clock,
        replan_every=settings.scheduler.replan_every.total_seconds(),
        recurring=runtime.recurring,
        seasons=runtime.seasons,
    )
    hot = settings.hot_state
    if hot.backend != "redis":
        await declare_series(runtime)
        await scheduler.run(stop)
        return
    from bot.store.lease import Held, Leases, lead

    async def run_while_held(held: Held) -> None:
        try:
            scheduler.fence = await runtime.service.issue_fence(SCHEDULER_LEASE)
        except Exception as error:  # the database is away: give the lease up, try again
            log.error("scheduler lease: no fencing token from the database: %r", error)
            return
        log.info("this process runs the scheduler (fencing token %d)", scheduler.fence.token)
        await declare_series(runtime)
        await _until_either(stop, held.lost, scheduler.run)
        if held.lost.is_set():
            log.warning("scheduler lease lost; another process takes over")

    ttl = settings.scheduler.lease.total_seconds()
    leases = Leases.from_url(hot.url, prefix=hot.prefix, ttl=ttl)
    try:
        await lead(leases, SCHEDULER_LEASE, run_while_held, stop)
    finally:
        await leases.aclose()


async def declare_series(runtime: Runtime) -> None:
    """Start the series `[drops.recurring.NAME]` declares that are not running (by the process
    that runs the scheduler, which then plans them). A failure is logged: drops go on."""
    recurring, declared = runtime.recurring, runtime.settings.drops.recurring
    if recurring is None or not declared:
        return
    wanted = [
        (
            d.channel,
            name,
            d.every,
            SeriesOptions(d.supply, d.entry_window, d.early, d.mode, d.title, d.beacon),
        )
        for name, d in declared.items()
    ]
    try:
        started = await recurring.declare(wanted)
    except Exception as error:  # the database is away, or a declared series is refused
        log.error("[drops.recurring]: series not started: %s", error)
        return
    if started:
        log.info("[drops.recurring]: started %s", ", ".join(started))


async def _until_either(
    stop: asyncio.Event,
    lost: asyncio.Event,
    work: Callable[[asyncio.Event], Awaitable[None]],
) -> None:
    """Run `work` with an event set by whichever of `stop` and `lost` comes first."""
    either = asyncio.Event()

    async def relay(event: asyncio.Event) -> None:
        await event.wait()
        either.set()

    relays = [asyncio.create_task(relay(stop)), asyncio.create_task(relay(lost))]
    try:
        await work(either)
    finally:
        for relay_task in relays:
            relay_task.cancel()
