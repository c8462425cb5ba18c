"""One run loop for every outbox sink, with one failure policy.

An `Outlet` (Twitch chat, whispers, Discord) says what is pending and delivers one parcel: one
outbox row, or a few said together. `OutboxSink` does the rest. Parcels travel in lanes: the
parcels of one lane go out in order, one at a time, and a failure holds back only its own lane
(Twitch chat: a channel; Discord: a drop, or one winner's DM), while the lanes go side by side.

A delivery that raises anything, or outlasts `timeout`, is a failed attempt: logged with the
error's kind only (an error's text may quote a request, and requests carry codes and tokens),
counted on the row, and retried after the policy's backoff. The attempt that reaches the
policy's limit parks the row: it is recorded as given up, with when and why, and never read
again. A row is marked sent only after its delivery returned, in its own transaction, stamped
with the one clock the sink is given. If that mark fails, the error goes to `run`, which logs it
and backs off; outlets make the repeated delivery harmless (Discord's nonce, Twitch's resume).
Nothing a delivery or the store raises ends `run`: only `stop` does.

`failing` names the lanes whose last delivery failed, until one in that lane goes through (or its
rows are parked): `/healthz` shows a sink that is not getting its messages out, even while the
lane waits out its backoff.
"""

from __future__ import annotations

import asyncio
import logging
import random as _random
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from enum import Enum
from typing import Generic, Protocol, TypeVar

from bot.drops.model import OutboxMessage
from bot.drops.ports import UnitOfWork
from bot.kernel.transactions import TransactionRunner, atomic
from bot.outbox.policy import RetryPolicy

log = logging.getLogger(__name__)


class Delivery(Enum):
    SENT = "sent"  # delivered (or nothing to say here): the rows are marked sent
    DEFERRED = "deferred"  # not now, and not a failure (a platform's long pause): its lane waits


class Parcel(Protocol):
    """What one delivery carries: outbox rows, and the lane they travel in."""

    @property
    def rows(self) -> Sequence[OutboxMessage]: ...

    @property
    def lane(self) -> str: ...


P = TypeVar("P", bound=Parcel)


class Outlet(Protocol[P]):
    """What a platform supplies to an `OutboxSink`."""

    async def read_pending(self, holding: frozenset[str]) -> Sequence[P]:
        """The parcels to deliver now, oldest first. `holding` names the lanes backing off
        after a failure: their parcels are left out (and may be left unread)."""
        ...

    async def deliver(self, parcel: P) -> Delivery:
        """Deliver one parcel; raise for a failure of any kind."""
        ...


class Letter:
    """A parcel of one row, in the lane given (default: a lane of its own)."""

    __slots__ = ("lane", "rows")

    def __init__(self, row: OutboxMessage, lane: str | None = None) -> None:
        self.rows: Sequence[OutboxMessage] = (row,)
        self.lane = f"row:{row.id}" if lane is None else lane

    @property
    def row(self) -> OutboxMessage:
        return self.rows[0]


def error_kind(error: BaseException) -> str:
    """An error as it may be logged and stored: its class, and the HTTP status, platform code or
    reason code it carries. Never its text, which may quote a request (codes, tokens)."""
    parts = [type(error).__name__]
    status, code = getattr(error, "status", None), getattr(error, "code", None)
    reason = getattr(error, "reason_code", None)
    if isinstance(status, int):
        parts.append(f"status {status}")
    if isinstance(code, int) and code:
        parts.append(f"code {code}")
    if isinstance(reason, str) and reason.isidentifier():
        parts.append(reason)
    return " ".join(parts)


class OutboxSink(Generic[P]):
    """Drains the outbox into one outlet; `name` is the sink's name in the delivery record."""

    def __init__(
        self,
        name: str,
        outlet: Outlet[P],
        tx: TransactionRunner[UnitOfWork],
        now: Callable[[], datetime],
        *,
        policy: RetryPolicy | None = None,
        timeout: float | None = None,
        idle_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        random: Callable[[], float] = _random.random,
    ) -> None:
        self.name = name
        self.policy = policy or RetryPolicy()
        self._outlet, self._tx, self._now = outlet, tx, now
        self._timeout, self._idle_seconds = timeout, idle_seconds
        self._clock, self._sleep, self._random = clock, sleep, random
        self._retry_at: dict[str, float] = {}  # lanes backing off: until when (monotonic)
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self.parked = 0  # rows this sink parked since it started (the record counts them all)
        self.failing: set[str] = set()  # lanes whose last delivery failed (module docstring)

    def notify(self) -> None:
        """Wake `run` now: something was just added to the outbox."""
        self._wake.set()

    def holding(self) -> frozenset[str]:
        """The lanes backing off after a failure, now."""
        now = self._clock()
        return frozenset(lane for lane, at in self._retry_at.items() if at > now)

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set. Idles briefly (or until `notify`) when nothing went
        out; backs off, with jitter, while reading or recording the outbox fails."""
        failures = 0
        while not stop.is_set():
            try:
                delivered = await self.drain_once()
            except Exception as error:
                failures += 1
                delay = self.policy.delay(failures, self._random)
                log.warning(
                    "%s: the outbox could not be read or recorded (%s); trying again in %.1f s",
                    self.name,
                    error_kind(error),
                    delay,
                )
                log.debug("%s: outbox failure", self.name, exc_info=True)
                await self._pause(stop, delay, wake=False)
                continue
            failures = 0
            if delivered == 0:
                await self._pause(stop, self._idle_seconds, wake=True)

    async def drain_once(self) -> int:
        """Deliver what is pending, lanes side by side; returns how many rows were marked sent.

        A failed delivery is handled here (counted, backed off or parked); an error of the store
        is raised, once every lane has finished.
        """
        async with self._lock:
            now = self._clock()
            self._retry_at = {lane: at for lane, at in self._retry_at.items() if at > now}
            holding = frozenset(self._retry_at)
            lanes: dict[str, list[P]] = {}
            for parcel in await self._outlet.read_pending(holding):
                if parcel.lane not in holding:
                    lanes.setdefault(parcel.lane, []).append(parcel)
            # A failed lane with nothing pending any more (another process delivered it) is over.
            self.failing &= holding.union(lanes)
            if not lanes:
                return 0
            results = await asyncio.gather(
                *(self._drain_lane(lane, parcels) for lane, parcels in lanes.items()),
                return_exceptions=True,
            )
            for result in results:
                if isinstance(result, BaseException):
                    raise result
            return sum(r for r in results if isinstance(r, int))

    async def _drain_lane(self, lane: str, parcels: list[P]) -> int:
        sent = 0
        for parcel in parcels:
            try:
                async with asyncio.timeout(self._timeout):
                    outcome = await self._outlet.deliver(parcel)
            except Exception as error:  # any failure of one delivery is that parcel's alone
                if not await self._failed(lane, parcel, error):
                    return sent
                continue  # parked: the lane goes on with its next parcel
            if outcome is Delivery.DEFERRED:
                return sent
            await self._tx.run(atomic(_marking_sent(self.name, parcel.rows, self._now())))
            self._retry_at.pop(lane, None)
            self.failing.discard(lane)
            sent += len(parcel.rows)
        return sent

    async def _failed(self, lane: str, parcel: P, error: Exception) -> bool:
        """Count the failed attempt; back the lane off, or park the rows (True) at the last."""
        rows = parcel.rows
        attempts = max((row.attempts for row in rows), default=0) + 1
        kind = error_kind(error)
        ids = sorted(row.id for row in rows if row.id is not None)
        if self.policy.gives_up(attempts):
            at = self._now()
            # Given up on: shown in /healthz detail from now on, not as a failing sink (cleared
            # first, so no answer shows the row parked and its lane still failing).
            self.failing.discard(lane)
            await self._tx.run(atomic(_parking(self.name, rows, at, kind)))
            self._retry_at.pop(lane, None)
            self.parked += len(rows)
            log.error(
                "%s: gave up on outbox rows %s after %d attempts (last: %s); parked",
                self.name,
                ids,
                attempts,
                kind,
            )
            return True
        await self._tx.run(atomic(_marking_failed(self.name, rows)))
        delay = self.policy.delay(attempts, self._random)
        self._retry_at[lane] = self._clock() + delay
        self.failing.add(lane)
        log.warning(
            "%s: outbox rows %s not delivered (attempt %d of %d: %s); trying again in %.1f s",
            self.name,
            ids,
            attempts,
            self.policy.max_attempts,
            kind,
            delay,
        )
        return False

    async def _pause(self, stop: asyncio.Event, seconds: float, *, wake: bool) -> None:
        """Wait `seconds` (by the sink's sleep), or until `stop`, or with `wake`, `notify`."""
        waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._sleep(seconds))]
        if wake:
            waiters.append(asyncio.ensure_future(self._wake.wait()))
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            await asyncio.gather(*waiters, return_exceptions=True)
        if wake:
            self._wake.clear()


def _marking_sent(
    sink: str, rows: Sequence[OutboxMessage], at: datetime
) -> Callable[[UnitOfWork], None]:
    def mark(uow: UnitOfWork) -> None:
        for row in rows:
            assert row.id is not None
            uow.outbox.mark_sent(sink, row.id, at)

    return mark


def _marking_failed(sink: str, rows: Sequence[OutboxMessage]) -> Callable[[UnitOfWork], None]:
    def mark(uow: UnitOfWork) -> None:
        for row in rows:
            assert row.id is not None
            uow.outbox.mark_failed(sink, row.id)

    return mark


def _parking(
    sink: str, rows: Sequence[OutboxMessage], at: datetime, reason: str
) -> Callable[[UnitOfWork], None]:
    def park(uow: UnitOfWork) -> None:
        for row in rows:
            assert row.id is not None
            uow.outbox.park(sink, row.id, at, reason)

    return park
