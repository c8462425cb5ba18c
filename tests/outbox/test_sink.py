"""The outbox's one sink: every failure is an attempt, backed off with jitter, parked at the
last; lanes keep order without holding each other back; nothing stops `run` but `stop`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.drops.model import OutboxMessage
from bot.drops.ports import UnitOfWork
from bot.outbox.policy import RetryPolicy
from bot.outbox.sink import Delivery, Letter, OutboxSink, error_kind
from tests.fakes.memory_store import InlineTransactions, MemoryData, MemoryUnitOfWork

SINK = "test"
WALL = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


class Fault(Exception):
    """Carries text that must never reach a log or the record."""

    status = 503


class Outlet:
    """Delivers rows by id; `fail[id]` failures first (an exception, or a hang)."""

    def __init__(self, lane: Callable[[OutboxMessage], str] | None = None) -> None:
        self.fail: dict[int, int] = {}
        self.hang: set[int] = set()
        self.delivered: list[int] = []
        self.lane = lane or (lambda row: "one")

    async def read_pending(self, holding: frozenset[str]) -> Sequence[Letter]:
        with MemoryUnitOfWork(self.data) as uow:
            rows = uow.outbox.pending(SINK, 100)
        return [Letter(row, self.lane(row)) for row in rows]

    async def deliver(self, letter: Letter) -> Delivery:
        row_id = letter.row.id or 0
        if row_id in self.hang:
            self.hang.discard(row_id)
            await asyncio.Event().wait()
        if self.fail.get(row_id, 0) > 0:
            self.fail[row_id] -= 1
            raise Fault("secret code FD-ABCD-1234 in a request body")
        self.delivered.append(row_id)
        return Delivery.SENT

    data: MemoryData


class World:
    def __init__(self, outlet: Outlet, policy: RetryPolicy, **options: Any) -> None:
        self.data = MemoryData()
        outlet.data = self.data
        self.outlet = outlet
        self.t = 0.0
        self.at = WALL
        tx = InlineTransactions(lambda: MemoryUnitOfWork(self.data))
        self.sink = OutboxSink(
            SINK,
            outlet,
            tx,
            lambda: self.at,
            policy=policy,
            clock=lambda: self.t,
            random=lambda: 0.5,
            **options,
        )

    def add(self, count: int, drop_id: int = 1) -> None:
        with MemoryUnitOfWork(self.data) as uow:
            start = len(self.data.outbox)
            uow.outbox.add_many(
                [OutboxMessage(f"m{start + i}", drop_id, "opened", "channel") for i in range(count)]
            )
            uow.commit()

    def attempts(self, row_id: int) -> int:
        return self.data.deliveries.get((row_id, SINK), (None, 0))[1]

    def sent_at(self, row_id: int) -> datetime | None:
        return self.data.deliveries.get((row_id, SINK), (None, 0))[0]


NO_JITTER = RetryPolicy(max_attempts=4, base=1.0, cap=4.0, jitter=0.0)


def test_the_wait_doubles_up_to_the_cap_and_jitter_only_shortens_it() -> None:
    policy = RetryPolicy(max_attempts=10, base=2.0, cap=20.0, jitter=0.5)
    assert [policy.delay(n, lambda: 0.0) for n in range(1, 7)] == [2, 4, 8, 16, 20, 20]
    assert [policy.delay(n, lambda: 0.999999) for n in (1, 5)] == pytest.approx(
        [1.0, 10.0], rel=1e-4
    )
    assert not policy.gives_up(9) and policy.gives_up(10)


@pytest.mark.parametrize(
    "options",
    [{"max_attempts": 0}, {"base": 0.0}, {"base": 5.0, "cap": 1.0}, {"jitter": 1.5}],
)
def test_a_policy_that_makes_no_sense_is_refused(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        RetryPolicy(**options)


def test_an_error_is_described_by_its_kind_never_its_text() -> None:
    assert error_kind(Fault("code FD-ABCD-1234")) == "Fault status 503"
    assert "ABCD" not in error_kind(RuntimeError("token v4.public.abc"))


async def test_a_failing_row_is_retried_after_its_backoff_then_parked_and_its_lane_goes_on() -> (
    None
):
    world = World(Outlet(), NO_JITTER)
    world.add(2)
    first, second = sorted(m.id or 0 for m in world.data.outbox.values())
    world.outlet.fail[first] = 100
    sent = []
    for _ in range(NO_JITTER.max_attempts - 1):
        sent.append(await world.sink.drain_once())
        assert await world.sink.drain_once() == 0  # backing off: not tried again yet
        assert world.sink.holding() == {"one"}
        world.t += NO_JITTER.cap
    assert sent == [0, 0, 0] and world.outlet.delivered == []  # the second waits behind it
    assert await world.sink.drain_once() == 1  # the last attempt parks it; the lane goes on
    assert world.attempts(first) == NO_JITTER.max_attempts
    assert world.sink.holding() == frozenset() and world.outlet.delivered == [second]
    with MemoryUnitOfWork(world.data) as uow:
        assert [m.id for m in uow.outbox.pending(SINK, 10)] == []
        (parked,) = uow.outbox.parked()
    assert (parked.message_id, parked.reason, parked.parked_at) == (first, "Fault status 503", WALL)
    assert world.sink.parked == 1


async def test_a_failure_holds_back_its_own_lane_only() -> None:
    world = World(Outlet(lane=lambda row: f"drop:{row.drop_id}"), NO_JITTER)
    world.add(2, drop_id=1)
    world.add(2, drop_id=2)
    ids = sorted(m.id or 0 for m in world.data.outbox.values())
    world.outlet.fail[ids[0]] = 1
    assert await world.sink.drain_once() == 2  # drop 2's rows
    assert world.outlet.delivered == ids[2:]
    world.t += NO_JITTER.base
    assert await world.sink.drain_once() == 2
    assert world.outlet.delivered == ids[2:] + ids[:2]  # drop 1's, in order


async def test_a_delivery_that_hangs_past_the_timeout_is_a_failed_attempt() -> None:
    world = World(Outlet(), NO_JITTER, timeout=0.05)
    world.add(1)
    (row_id,) = [m.id or 0 for m in world.data.outbox.values()]
    world.outlet.hang.add(row_id)
    assert await world.sink.drain_once() == 0
    assert world.attempts(row_id) == 1
    world.t += NO_JITTER.base
    world.at = WALL + timedelta(minutes=1)
    assert await world.sink.drain_once() == 1
    assert world.sent_at(row_id) == WALL + timedelta(minutes=1)  # stamped by the sink's clock


async def test_run_goes_on_through_any_failure_until_stopped() -> None:
    outlet = Outlet()
    world = World(outlet, NO_JITTER, idle_seconds=0.01)
    world.add(1)
    reads = 0
    read = outlet.read_pending

    async def flaky_read(holding: frozenset[str]) -> Sequence[Letter]:
        nonlocal reads
        reads += 1
        if reads <= 2:
            raise OSError("database is locked")
        return await read(holding)

    outlet.read_pending = flaky_read  # type: ignore[method-assign]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        await asyncio.sleep(0)

    world.sink._sleep = sleep
    stop = asyncio.Event()
    task = asyncio.create_task(world.sink.run(stop))
    for _ in range(1000):
        if outlet.delivered:
            break
        await asyncio.sleep(0)
    assert outlet.delivered and not task.done()
    assert slept[:2] == [NO_JITTER.base, 2 * NO_JITTER.base]  # backed off, not spinning
    stop.set()
    await asyncio.wait_for(task, 1.0)


async def test_a_store_failure_while_marking_is_raised_and_the_row_stays_pending() -> None:
    world = World(Outlet(), NO_JITTER)
    world.add(1)
    calls = 0
    inner = InlineTransactions(lambda: MemoryUnitOfWork(world.data))

    class FailsMarking:
        async def run(self, fn: Callable[[UnitOfWork], Any]) -> Any:
            nonlocal calls
            calls += 1
            if calls == 1:
                raise OSError("disk I/O error")
            return await inner.run(fn)

    world.sink._tx = FailsMarking()
    with pytest.raises(OSError, match="disk"):
        await world.sink.drain_once()
    (row_id,) = [m.id or 0 for m in world.data.outbox.values()]
    assert world.attempts(row_id) == 0 and world.sent_at(row_id) is None


async def test_a_failed_lane_counts_as_failing_through_its_backoff_until_it_delivers() -> None:
    # /healthz reads `failing`: it must not look healthy while the lane merely waits to retry.
    world = World(Outlet(lane=lambda row: f"drop:{row.drop_id}"), NO_JITTER)
    world.add(1, drop_id=1)
    world.add(1, drop_id=2)
    first, second = sorted(m.id or 0 for m in world.data.outbox.values())
    world.outlet.fail[first] = 2
    assert await world.sink.drain_once() == 1
    assert world.sink.failing == {"drop:1"}
    world.t += NO_JITTER.cap  # past the backoff: not holding, still failing
    assert world.sink.holding() == frozenset() and world.sink.failing == {"drop:1"}
    assert await world.sink.drain_once() == 0  # the second attempt fails too
    assert world.sink.failing == {"drop:1"}
    world.t += NO_JITTER.cap
    assert await world.sink.drain_once() == 1
    assert world.sink.failing == set() and world.outlet.delivered == [second, first]


async def test_a_parked_lane_is_no_longer_failing() -> None:
    world = World(Outlet(), RetryPolicy(max_attempts=1, base=1.0, cap=1.0, jitter=0.0))
    world.add(1)
    (row_id,) = [m.id or 0 for m in world.data.outbox.values()]
    world.outlet.fail[row_id] = 1
    assert await world.sink.drain_once() == 0
    assert world.sink.parked == 1 and world.sink.failing == set()
