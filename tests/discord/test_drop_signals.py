"""Drop changes between processes: what one process commits wakes the others, over Redis.

Two runtimes over one database and one Redis, as two `fairdrop run` processes have. Process A
opens and closes drops. Process B is the one with the platforms: a Twitch outbound sender and
the Discord sender, post board and drop cache, subscribed as `fairdrop run` subscribes them
(`listen_for_drop_events`). B's senders idle for a minute between polls and its cache keeps a
drop for an hour, so what B does within seconds it does because A's commit reached it: a drop
event after the commit, or a resync from SQL once B is back on a Redis it lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import discord
import pytest

from bot.adapter import listen_for_drop_events
from bot.bootstrap import Runtime, open_runtime
from bot.clock import SystemClock
from bot.discord.community import Communities
from bot.discord.posts import PostBoard
from bot.discord.refresh import DiscordRefresh
from bot.discord.sender import SINK as DISCORD
from bot.discord.sender import DiscordSender
from bot.discord.shared import DiscordContext, RecentDrops
from bot.drops.keyring import Keyring
from bot.drops.model import DropState
from bot.gating.link_service import LinkService
from bot.gating.service import ListService
from bot.kernel.transactions import read_only
from bot.store.commit_broadcast import DropListener, Wakes
from bot.store.discord_store import DiscordStore
from bot.twitch.announcements import Links
from bot.twitch.outbound import SINK as TWITCH
from bot.twitch.outbound import OutboundSender
from bot.twitch.outbound_settings import Draining, Serving, TimeSources
from tests.fixtures.harness import spec
from tests.fixtures.services import RedisServer
from tests.store.claimer_process import claimer_settings
from tests.twitch.test_outbound import CLAIM_URL, FakeChat, FakeTime

IDLE = 60.0  # B's senders poll this seldom: only a drop event wakes them sooner
CHANNEL = spec().channel


@contextlib.asynccontextmanager
async def process(db: str, redis_url: str, keyring: Keyring) -> AsyncIterator[Runtime]:
    settings = claimer_settings(db, redis_url)
    async with open_runtime(settings, keyring, clock=SystemClock(), migrate=True) as runtime:
        yield runtime


class Idling:
    """A sender's `sleep` (its constructor's seam) that tells when the sender waits for work.

    A sender goes on reading the outbox after every read that delivered something; only a read
    that finds nothing sends it into its idle pause, the one sleep `IDLE` seconds long. Until
    then it may still pick up rows nobody told it about, so "B heard nothing" means something
    only once both of B's senders are in that pause.
    """

    def __init__(self) -> None:
        self.waiting = 0

    async def sleep(self, seconds: float) -> None:
        if seconds != IDLE:
            await asyncio.sleep(seconds)
            return
        self.waiting += 1
        try:
            await asyncio.sleep(seconds)
        finally:
            self.waiting -= 1


@dataclass
class Platforms:
    """Process B's senders and Discord state, as `fairdrop run` builds them."""

    chat: FakeChat
    twitch: OutboundSender
    discord: DiscordSender
    board: PostBoard
    recent: RecentDrops
    twitch_idling: Idling
    discord_idling: Idling

    def listeners(self) -> list[DropListener]:
        return [Wakes(self.twitch.notify), DiscordRefresh(self.discord, self.board, self.recent)]

    def idle(self) -> bool:
        """Both senders found nothing to send and wait for work (or a drop event)."""
        return bool(self.twitch_idling.waiting and self.discord_idling.waiting)


def platforms(runtime: Runtime) -> Platforms:
    service, settings = runtime.service, runtime.settings
    store = DiscordStore(runtime.engine)
    context = DiscordContext(
        service,
        ListService(service.tx, service.clock),
        LinkService(service.tx, service.clock, os.urandom),
        settings,
        # No guild for the drops' channel: the Discord sender's deliveries say nothing, so it
        # runs without a Discord, and what it consumes shows when it woke.
        Communities(settings.discord.guilds, store),
        store,
    )
    context.recent = RecentDrops(service, ttl=3600)
    client = discord.Client(intents=discord.Intents.none())
    board = PostBoard(client, context, interval=IDLE)
    chat = FakeChat(FakeTime())
    twitch_idling, discord_idling = Idling(), Idling()
    twitch = OutboundSender(
        chat,
        service.tx,
        Links(CLAIM_URL),
        serving=Serving(channels={CHANNEL}),
        draining=Draining(idle_seconds=IDLE),
        clocks=TimeSources(sleep=twitch_idling.sleep),
    )
    discord_sender = DiscordSender(
        client, context, board, idle_seconds=IDLE, sleep=discord_idling.sleep
    )
    return Platforms(
        chat, twitch, discord_sender, board, context.recent, twitch_idling, discord_idling
    )


@contextlib.asynccontextmanager
async def running(runtime: Runtime, b: Platforms) -> AsyncIterator[None]:
    """B's senders and its subscription, until the block ends (as `fairdrop run` stops)."""
    assert runtime.signals is not None
    stop = asyncio.Event()
    tasks = [
        asyncio.create_task(listen_for_drop_events(runtime.signals, b.listeners(), stop)),
        asyncio.create_task(b.twitch.run(stop)),
        asyncio.create_task(b.discord.run(stop)),
    ]
    events = runtime.signals.events
    await until(lambda: subscribers(events.client, events.channel), within=10)
    try:
        yield
    finally:
        stop.set()
        b.discord.notify()  # its idle wait does not watch `stop` (in `fairdrop run` it is 1 s)
        await asyncio.wait_for(asyncio.gather(*tasks), 10)  # the subscription ends at stop too


async def subscribers(client: object, channel: str) -> bool:
    numsub = await client.pubsub_numsub(channel)  # type: ignore[attr-defined]
    return bool(numsub and numsub[0][1] >= 1)


async def until(condition: Callable[[], object], within: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        result = condition()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        assert asyncio.get_running_loop().time() < deadline, "not in time"
        await asyncio.sleep(0.02)


async def discord_drained(runtime: Runtime) -> bool:
    """Whether the Discord sender has consumed every outbox row."""
    rows = await runtime.service.tx.run(read_only(lambda u: u.outbox.pending(DISCORD, 1000)))
    return not rows


async def twitch_drained(runtime: Runtime) -> bool:
    """Whether the Twitch sender has said every outbox row."""
    rows = await runtime.service.tx.run(read_only(lambda u: u.outbox.pending(TWITCH, 1000)))
    return not rows


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/shared.db"
    return str(request.getfixturevalue("postgres_url"))


async def test_a_drop_changed_in_one_process_wakes_and_refreshes_another(
    db: str, redis_url: str
) -> None:
    keyring = Keyring.new(datetime.now(UTC))
    async with process(db, redis_url, keyring) as a, process(db, redis_url, keyring) as b:
        platforms_b = platforms(b)
        async with running(b, platforms_b):
            drop = await a.service.create(spec())
            # B's senders woke at once for A's announcement, its post is due for a refresh...
            await until(lambda: platforms_b.chat.sent)
            assert "Episode 4 hoodie" in platforms_b.chat.texts()[0]
            await until(lambda: platforms_b.board.touched == {drop.id})
            await until(lambda: discord_drained(b))
            cached = await platforms_b.recent.get(drop.id)
            assert cached.state in (DropState.EARLY, DropState.PUBLIC)

            await a.service.close(CHANNEL)
            # ...and the close reaches B's cache (an hour long) and B's chat.
            await until(
                lambda: _state(platforms_b.recent, drop.id, DropState.DRAWN, DropState.SETTLED)
            )
            await until(lambda: any("is drawn" in t for t in platforms_b.chat.texts()))


async def test_redis_down_at_publish_time_fails_no_commit_and_a_resync_catches_up(
    tmp_path: Path,
    redis_server: RedisServer,
    redis_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    db = f"sqlite:///{tmp_path}/shared.db"
    keyring = Keyring.new(datetime.now(UTC))
    async with process(db, redis_url, keyring) as a, process(db, redis_url, keyring) as b:
        platforms_b = platforms(b)
        async with running(b, platforms_b):
            drop = await a.service.create(spec())
            await until(lambda: platforms_b.chat.sent)
            # B said the announcement as soon as it heard of the drop, and now waits for work: a
            # sender still busy with that read could take A's close rows below without any event.
            await until(platforms_b.idle)
            said = len(platforms_b.chat.sent)
            assert said == 1
            assert (await platforms_b.recent.get(drop.id)).state in (
                DropState.EARLY,
                DropState.PUBLIC,
            )

            redis_server.kill()
            with caplog.at_level(logging.WARNING, logger="bot.store.commit_broadcast"):
                closing = await a.service.close(CHANNEL)  # commits: Redis is not needed for it
                await until(lambda: "drop events not published" in caplog.text)
            assert closing.drop.id == drop.id
            assert (await a.service.get(drop.id)).state in (DropState.DRAWN, DropState.SETTLED)
            # B heard nothing: its senders still wait, its chat and its cache are as they were
            # (on a slow machine the half second only makes this look less far ahead)...
            await asyncio.sleep(0.5)
            assert platforms_b.idle()
            assert len(platforms_b.chat.sent) == said
            cached = await platforms_b.recent.get(drop.id)
            assert cached.state in (DropState.EARLY, DropState.PUBLIC)

            # ...until it is back on Redis: the resync wakes every sender, asks for every post
            # and forgets every cached drop.
            redis_server.restart()
            await until(
                lambda: _state(platforms_b.recent, drop.id, DropState.DRAWN, DropState.SETTLED),
                within=20,
            )
            assert platforms_b.board.touched_all
            await until(lambda: any("is drawn" in t for t in platforms_b.chat.texts()))
            await until(lambda: discord_drained(b))
            await until(lambda: twitch_drained(b))
            # Caught up, and nothing said twice: the announcement, then the close's three lines.
            lines = ("Drop open:", "is closed:", "is drawn:", "is settled:")
            texts = platforms_b.chat.texts()
            assert [next(w for w in lines if w in t) for t in texts] == list(lines), texts


async def _state(recent: RecentDrops, drop_id: int, *states: DropState) -> bool:
    return (await recent.get(drop_id)).state in states
