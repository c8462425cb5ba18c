"""Twitch channels split across processes: each sender reads and delivers its channels' rows only.

Two senders over one SQLite or PostgreSQL database, each with its own engine and transaction
thread as two `fairdrop run` processes would have, each serving one channel. Between them every
row of a served channel goes out exactly once, and rows of a channel nobody serves (or of no
drop at all) stay pending. The channel filter is in SQL, and picks the same rows as the routing
(`default_channel_of`) the senders use.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.drops.model import Drop, DropSpec, DropState, OutboxMessage
from bot.drops.ports import UnitOfWork
from bot.store.database import SqlUnitOfWork, ThreadedTransactions, make_engine
from bot.store.figures import totals
from bot.store.migrate import upgrade
from bot.twitch.announcements import Links
from bot.twitch.outbound import SINK, OutboundSender
from bot.twitch.outbound_settings import (
    Draining,
    Serving,
    TimeSources,
    default_channel_of,
)
from tests.twitch.test_outbound import CLAIM_URL, WALL, FakeChat, FakeTime

NOBODY_SERVES = "gamma"
NO_DROP = 999


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/outbox.db"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def engines(url: str) -> Iterator[tuple[Engine, Engine]]:
    """Two engines on one database: one per process."""
    first, second = make_engine(url), make_engine(url)
    upgrade(first)
    yield first, second
    first.dispose()
    second.dispose()


class Process:
    """What one `fairdrop run` process brings to the outbox: its engine, thread and sender."""

    def __init__(self, engine: Engine, channel: str, batch: int = 50) -> None:
        self.time = FakeTime()
        self.chat = FakeChat(self.time)
        self.tx = ThreadedTransactions(lambda: SqlUnitOfWork(engine))
        self.sender = OutboundSender(
            self.chat,
            self.tx,
            Links(CLAIM_URL),
            serving=Serving(channels={channel}),
            draining=Draining(batch=batch),
            clocks=TimeSources(clock=self.time.clock, sleep=self.time.sleep, now=self.time.wall),
        )

    async def drain(self) -> int:
        total = 0
        while sent := await self.sender.drain_once():
            total += sent
        return total

    def close(self) -> None:
        self.tx.close()


def said(key: str, text: str, drop_id: int) -> OutboxMessage:
    return OutboxMessage(f"summary:{key}", drop_id, "summary", "channel", {"text": text}, WALL)


def _drop(uow: UnitOfWork, name: str, channel: str) -> int:
    drop = uow.drops.add(
        Drop(
            id=0,
            spec=DropSpec(name=name, title=name.title(), supply=3, channel=channel),
            state=DropState.CLOSED,
            created_at=WALL,
            seed_hex="00" * 32,
            commitment="11" * 32,
            pseudonym_salt="22" * 16,
        )
    )
    return drop.id


def _fill(uow: UnitOfWork) -> dict[str, list[str]]:
    """Drops in three channels (and rows of no drop), their rows interleaved by id; returns the
    dedupe keys queued per channel ("" for the rows of no drop)."""
    drops = {
        "alpha-1": _drop(uow, "hoodie", "alpha"),
        "beta-1": _drop(uow, "poster", "beta"),
        "alpha-2": _drop(uow, "mug", "alpha"),
        "gamma-1": _drop(uow, "cap", NOBODY_SERVES),
    }
    keys: dict[str, list[str]] = {"alpha": [], "beta": [], NOBODY_SERVES: [], "": []}
    rows: list[tuple[str, OutboxMessage]] = []
    for round_ in range(3):
        for name, drop_id in drops.items():
            channel = name.split("-")[0]
            rows.append((channel, said(f"{name}-{round_}", f"{name} says {round_}", drop_id)))
        rows.append(("", said(f"orphan-{round_}", "no drop", NO_DROP)))
    uow.outbox.add_many([row for _, row in rows])
    for channel, row in rows:
        keys[channel].append(row.dedupe_key)
    return keys


def _pending_keys(uow: UnitOfWork, channels: set[str] | None = None) -> list[str]:
    return [m.dedupe_key for m in uow.outbox.pending(SINK, 10_000, channels=channels)]


async def test_two_processes_each_deliver_their_channel_and_together_everything_once(
    engines: tuple[Engine, Engine],
) -> None:
    with SqlUnitOfWork(engines[0]) as uow:
        keys = _fill(uow)
        uow.commit()
    alpha, beta = Process(engines[0], "alpha"), Process(engines[1], "beta")
    try:
        # Side by side, and then again: a second pass finds nothing left of its channel.
        sent = await asyncio.gather(alpha.drain(), beta.drain())
        assert list(sent) == [len(keys["alpha"]), len(keys["beta"])]
        assert list(await asyncio.gather(alpha.drain(), beta.drain())) == [0, 0]
    finally:
        alpha.close()
        beta.close()
    assert {c for _, c, _ in alpha.chat.sent} == {"alpha"}
    assert {c for _, c, _ in beta.chat.sent} == {"beta"}
    texts = alpha.chat.texts() + beta.chat.texts()
    assert len(texts) == len(set(texts)) == len(keys["alpha"]) + len(keys["beta"])
    # Each said its rows in order; what nobody serves is still there for whoever will.
    assert alpha.chat.texts() == [f"{n} says {i}" for i in range(3) for n in ("alpha-1", "alpha-2")]
    assert beta.chat.texts() == [f"beta-1 says {i}" for i in range(3)]
    with SqlUnitOfWork(engines[1]) as uow:
        assert sorted(_pending_keys(uow)) == sorted(keys[NOBODY_SERVES] + keys[""])


async def test_a_channel_behind_a_long_queue_of_others_is_read_in_one_batch(
    engines: tuple[Engine, Engine],
) -> None:
    with SqlUnitOfWork(engines[0]) as uow:
        busy, quiet = _drop(uow, "rush", "beta"), _drop(uow, "quiet", "alpha")
        uow.outbox.add_many([said(f"rush-{i}", f"rush {i}", busy) for i in range(300)])
        uow.outbox.add(said("quiet", "quiet one", quiet))
        uow.commit()
    alpha = Process(engines[1], "alpha", batch=10)
    try:
        # The 300 rows of the other channel are never read here: the first read finds ours.
        assert await alpha.sender.drain_once() == 1
    finally:
        alpha.close()
    assert alpha.chat.texts() == ["quiet one"]


def test_the_channel_filter_picks_the_rows_the_routing_gives_those_channels(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    with new_uow() as uow:
        _fill(uow)
        uow.commit()
    with new_uow() as uow:
        routed: dict[str | None, list[str]] = {}
        for row in uow.outbox.pending(SINK, 10_000):
            drop = uow.drops.get(row.drop_id)
            channel = default_channel_of(row, drop.spec.channel if drop else "")
            routed.setdefault(channel, []).append(row.dedupe_key)
        assert None in routed  # the rows of no drop are routed nowhere...
        for channels in ({"alpha"}, {"beta"}, {"alpha", "beta", NOBODY_SERVES}, set()):
            wanted = [k for c in sorted(channels) for k in routed.get(c, [])]
            assert sorted(_pending_keys(uow, channels)) == sorted(wanted)  # ...nor read


def test_the_queue_depth_a_twitch_process_reports_is_of_its_own_channels(
    engines: tuple[Engine, Engine],
) -> None:
    with SqlUnitOfWork(engines[0]) as uow:
        keys = _fill(uow)
        uow.commit()
    everything = totals(engines[0], [SINK])["outbound_queue_depth"]
    assert everything == {SINK: sum(len(k) for k in keys.values())}
    ours = totals(engines[0], [SINK], channels={SINK: ["alpha"]})["outbound_queue_depth"]
    assert ours == {SINK: len(keys["alpha"])}
