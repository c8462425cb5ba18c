"""What a commit tells other processes: the drops it moved or queued messages for, once it has
committed, coalesced, and never at the cost of the transaction. (Two processes hearing each
other: tests/discord/test_drop_signals.py.)"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.drops.model import Drop, DropState, OutboxMessage
from bot.store.commit_broadcast import CommitBroadcast, events_of
from bot.store.database import Committed, SqlUnitOfWork, make_engine
from bot.store.drop_pubsub import DropEvent, DropEvents, Resync
from bot.store.migrate import upgrade
from tests.fixtures.harness import spec
from tests.fixtures.services import free_port
from tests.store.test_hot_redis import wait_for_subscribers, wait_until

AT = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    made = make_engine(f"sqlite:///{tmp_path}/signals.db")
    upgrade(made)
    yield made
    made.dispose()


def _drop(state: DropState) -> Drop:
    return Drop(
        id=0,
        spec=spec(),
        state=state,
        created_at=AT,
        seed_hex="00" * 32,
        commitment="11" * 32,
        pseudonym_salt="22" * 16,
    )


def _said(key: str, drop_id: int) -> OutboxMessage:
    return OutboxMessage(key, drop_id, "summary", "channel", {"text": key}, AT)


def test_a_commit_tells_of_its_drops_only_once_committed(engine: Engine) -> None:
    heard: list[Committed] = []
    with SqlUnitOfWork(engine, heard.append) as uow:
        uow.drops.add(_drop(DropState.PUBLIC))
        uow.rollback()
    assert heard == []  # rolled back: nothing happened
    with SqlUnitOfWork(engine, heard.append) as uow:
        opened = uow.drops.add(_drop(DropState.PUBLIC))
        quiet = uow.drops.add(_drop(DropState.DRAFT))
        uow.outbox.add_many([_said("a", opened.id), _said("b", 999)])
        assert heard == []
        uow.commit()
        (committed,) = heard
        uow.commit()  # nothing more since: nothing told
    assert heard == [committed]
    assert committed.states == {opened.id: "public", quiet.id: "draft"}
    assert committed.queued == {opened.id, 999}
    # A draft is nobody's business; a drop that moved is not also told of as queued.
    assert events_of(committed) == [DropEvent(opened.id, "opened"), DropEvent(999, "queued")]


def test_a_failing_listener_does_not_undo_or_fail_the_commit(engine: Engine) -> None:
    def broken(_: Committed) -> None:
        raise ConnectionError("Redis is down")

    with SqlUnitOfWork(engine, broken) as uow:
        drop = uow.drops.add(_drop(DropState.CLOSED))
        uow.commit()  # does not raise
    with SqlUnitOfWork(engine) as uow:
        stored = uow.drops.get(drop.id)
    assert stored is not None and stored.state is DropState.CLOSED


async def test_events_waiting_to_go_out_are_coalesced(redis_url: str) -> None:
    signals = CommitBroadcast(
        DropEvents.from_url(redis_url, prefix="coalesce"), asyncio.get_running_loop()
    )
    heard: list[DropEvent | Resync] = []

    async def listen() -> None:
        async with contextlib.aclosing(signals.events.subscribe()) as stream:
            async for event in stream:
                heard.append(event)

    listening = asyncio.create_task(listen())
    try:
        await wait_for_subscribers(signals.events, 1)
        # A rush of first-come batches for one drop, and one close, from the database thread.
        for _ in range(50):
            await asyncio.to_thread(signals.committed, Committed({}, frozenset({7})))
        await asyncio.to_thread(signals.committed, Committed({7: "closed"}, frozenset({7})))
        await asyncio.sleep(0)  # the hand-overs run on the loop
        assert await signals.flush() == 2
        await wait_until(lambda: len(heard) >= 2)
        assert heard == [DropEvent(7, "queued"), DropEvent(7, "closed")]
    finally:
        listening.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listening
        await signals.aclose()


async def test_with_redis_unreachable_events_are_dropped_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    nowhere = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    signals = CommitBroadcast(DropEvents.from_url(nowhere), asyncio.get_running_loop())
    signals.committed(Committed({1: "closed", 2: "drawn"}, frozenset()))
    await asyncio.sleep(0)
    with caplog.at_level("WARNING", logger="bot.store.commit_broadcast"):
        assert await signals.flush() == 0
    assert "drop events not published" in caplog.text and "2 dropped" in caplog.text
    assert await signals.flush() == 0  # nothing kept to retry: SQL is the record
    await signals.aclose()


# Python 3.11's asyncio.wait_for, under which redis-py writes every command, swallows a cancel
# that lands in the few loop steps where the write has finished but the caller has not resumed
# (CPython gh-86296). Cancelling after each of the first steps of a publish hits that window
# without any timing: the order of those steps is fixed by the event loop, not by the clock.
CANCEL_STEPS = range(12)


async def test_a_publish_cancelled_at_any_step_is_cancelled(redis_url: str) -> None:
    events = DropEvents.from_url(redis_url, prefix="cancel")
    try:
        await events.publish(1, "queued")  # a connection in the pool, as in a running process
        for steps in CANCEL_STEPS:
            publishing = asyncio.create_task(events.publish(1, "queued"))
            for _ in range(steps):
                await asyncio.sleep(0)
            if publishing.done():  # finished before the cancel: nothing to swallow
                continue
            publishing.cancel()
            with pytest.raises(asyncio.CancelledError):
                await publishing  # before the fix: returned 0 at steps 1 to 3
    finally:
        await events.aclose()


async def test_the_publisher_stops_when_cancelled_mid_publish(redis_url: str) -> None:
    """What hung `bench_hot` and a stopping `fairdrop run`: shutdown cancels `publish_forever`
    as the last commit's event goes out, and waits for it to end."""
    signals = CommitBroadcast(
        DropEvents.from_url(redis_url, prefix="stop"), asyncio.get_running_loop()
    )
    try:
        for steps in CANCEL_STEPS:
            publishing = asyncio.create_task(signals.publish_forever())
            signals.committed(Committed({}, frozenset({steps})))
            for _ in range(steps):
                await asyncio.sleep(0)
            publishing.cancel()
            # A hang guard, not a timing: before the fix the task went back to waiting for more
            # events and never ended.
            ended, _ = await asyncio.wait({publishing}, timeout=60)
            assert publishing in ended, f"publish_forever still running after a cancel at {steps}"
            assert publishing.cancelled()
    finally:
        await signals.aclose()


async def test_a_subscriber_cancelled_at_any_step_ends(redis_url: str) -> None:
    """`fairdrop run` stops listening by cancelling: it must end, subscribing or waiting."""
    events = DropEvents.from_url(redis_url, prefix="unsubscribe")

    async def hear() -> None:
        async with contextlib.aclosing(events.subscribe()) as stream:
            async for _ in stream:
                pass

    try:
        for steps in CANCEL_STEPS:
            listening = asyncio.create_task(hear())
            for _ in range(steps):
                await asyncio.sleep(0)
            listening.cancel()
            ended, _ = await asyncio.wait({listening}, timeout=60)  # a hang guard, as above
            assert listening in ended, f"the subscriber still runs after a cancel at {steps}"
    finally:
        await events.aclose()
