"""The stage every fault scenario plays on: `fairdrop run` (the real `bot.run.run()` task, real
twitchio and discord.py) against the fake Twitch and/or the fake Discord, with the web app up so
`/healthz` can be watched the whole time, on SQLite or the PostgreSQL fixture, with the memory
hot state or the Redis fixture.

A scenario opens a drop, lets fans claim, injects one fault, lets more fans claim, closes the
drop and then checks what the issue asks of every fault (see `Stage.settle`): the process is
still up, every acknowledged claim is stored, nothing was delivered twice (counted on the
fakes), `/healthz` showed the outage and recovered, and the drop completed.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import sqlalchemy as sa

from bot.config import DiscordGuildSettings, Settings, TwitchChannelSettings
from bot.drops.keyring import Keyring
from bot.run import run
from fakeplatforms.discord import FakeChannel, FakeDiscord, FakeGuild, FakeMember, FakeMessage
from fakeplatforms.twitch import FakeTwitch, FakeUser
from tests.fixtures.services import free_port
from tests.fixtures.settings import offline_settings

T = TypeVar("T")
HOST = "127.0.0.1"
WITHIN = 30.0  # generous: bot, libraries and fakes share two busy CPUs
CLAIM_URL = "https://drops.example/claim/{drop}"


@dataclass
class Health:
    """Every `/healthz` answer seen, polled every 100 ms while the process runs."""

    url: str
    seen: list[tuple[float, int, dict[str, str]]] = field(default_factory=list)

    async def watch(self) -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
            while True:
                try:
                    async with http.get(self.url) as answer:
                        body = await answer.json()
                        self.seen.append((time.monotonic(), answer.status, body["checks"]))
                except (aiohttp.ClientError, TimeoutError, ValueError):
                    self.seen.append((time.monotonic(), 0, {}))  # not answering is an outage too
                await asyncio.sleep(0.1)

    def mark(self) -> int:
        return len(self.seen)

    def outages_since(self, mark: int) -> list[dict[str, str]]:
        """The failing answers since `mark` (each its checks; {} when it did not answer)."""
        return [checks for _, status, checks in self.seen[mark:] if status != 200]

    def showed(self, mark: int, check: str) -> bool:
        """Whether an answer since `mark` had `check` failing (or timing out)."""
        return any(
            checks.get(check) in ("failing", "timeout") for checks in self.outages_since(mark)
        )

    async def wait_healthy(self, within: float = WITHIN) -> dict[str, str]:
        """Wait for a 200 answer after now; its checks."""
        start = len(self.seen)
        async with asyncio.timeout(within):
            while True:
                for _, status, checks in self.seen[start:]:
                    if status == 200:
                        return checks
                await asyncio.sleep(0.1)


@dataclass
class TwitchSide:
    """The fake Twitch with a streamer's channel and fans chatting in it."""

    fake: FakeTwitch
    streamer: FakeUser

    def said(self) -> list[str]:
        return self.fake.chat_texts()

    async def wait_said(self, fragment: str, count: int = 1, within: float = WITHIN) -> list[str]:
        await self.fake.wait_until(
            lambda: sum(fragment in t for t in self.said()) >= count, within=within
        )
        return [t for t in self.said() if fragment in t]

    async def say(self, who: str, text: str) -> None:
        await self.fake.chat(self.streamer, who if who != "streamer" else self.streamer, text)

    def acknowledged(self, drop: str) -> set[str]:
        """The logins chat told "You're in the <drop> drop"."""
        acks = [t for t in self.said() if t.startswith(f"You're in the {drop} drop")]
        return {m.lower() for t in acks for m in re.findall(r"@(\w+)", t)}

    def mentions(self, drop: str) -> Counter[str]:
        """How often each login was acknowledged for `drop` (more than once: said twice)."""
        acks = [t for t in self.said() if t.startswith(f"You're in the {drop} drop")]
        return Counter(m.lower() for t in acks for m in re.findall(r"@(\w+)", t))

    def twice(self) -> list[str]:
        """Texts Twitch accepted more than once."""
        return [text for text, n in Counter(self.said()).items() if n > 1]


@dataclass
class DiscordSide:
    """The fake Discord with one guild, its drops channel and a moderator."""

    fake: FakeDiscord
    guild: FakeGuild
    announce: FakeChannel
    moderator: FakeMember

    async def post(self, within: float = WITHIN) -> FakeMessage:
        (message,) = await self.fake.wait_for_message(
            self.announce, lambda m: bool(m.custom_ids), within=within
        )
        return message

    def twice(self) -> list[str]:
        """Messages (channel posts and DMs) that Discord holds more than once."""
        said = Counter(
            (m.channel_id, m.content)
            for m in self.fake.messages.values()
            if not m.deleted and m.content and not m.ephemeral
        )
        return [content for (_, content), n in said.items() if n > 1]


@dataclass
class Stage:
    settings: Settings
    task: asyncio.Task[None]
    stop: asyncio.Event
    health: Health
    database_url: str
    twitch: TwitchSide | None = None
    discord: DiscordSide | None = None

    async def until(self, predicate: Callable[[], T], within: float = WITHIN) -> T:
        """Wait for `predicate()` to be truthy, failing at once if the process stopped."""
        async with asyncio.timeout(within):
            while not (result := predicate()):
                self.assert_up()
                await asyncio.sleep(0.05)
        return result

    def assert_up(self) -> None:
        """The `run()` task is still running: no fault stopped the process."""
        if self.task.done():
            error = None if self.task.cancelled() else self.task.exception()
            raise AssertionError(f"fairdrop run stopped during the fault: {error!r}")

    def stored(self, drop: str) -> set[str]:
        """The accounts (``twitch:<id>``, ``discord:<id>``) with a stored entry in `drop`."""
        engine = sa.create_engine(self.database_url)
        try:
            with engine.connect() as db:
                rows = db.execute(
                    sa.text(
                        "SELECT e.account FROM entries e JOIN drops d ON d.id = e.drop_id "
                        "WHERE d.name = :name"
                    ),
                    {"name": drop},
                )
                return {row[0] for row in rows}
        finally:
            engine.dispose()


def settings_for(
    database_url: str,
    web_port: int,
    *,
    twitch: tuple[FakeTwitch, FakeUser, FakeUser] | None = None,
    discord: tuple[FakeDiscord, FakeGuild, FakeChannel] | None = None,
    redis_url: str | None = None,
) -> Settings:
    base = offline_settings()
    update: dict[str, Any] = {
        "database": base.database.model_copy(update={"url": database_url}),
        "web": base.web.model_copy(
            update={"enabled": True, "port": web_port, "public_url": f"http://{HOST}:{web_port}"}
        ),
    }
    # A send that hangs is given up after 2 s rather than the 60 s default, and retried after
    # 0.5-1 s (doubling up to 2 s), so a scenario spends its time on the fault, not on waits.
    update["outbox"] = base.outbox.model_copy(
        update={
            "delivery_timeout": timedelta(seconds=2),
            "backoff": timedelta(seconds=1),
            "backoff_cap": timedelta(seconds=2),
        }
    )
    if redis_url is not None:
        update["hot_state"] = base.hot_state.model_copy(
            update={"backend": "redis", "url": redis_url}
        )
    if twitch is not None:
        fake, streamer, bot_user = twitch
        update["twitch"] = base.twitch.model_copy(
            update={
                "enabled": True,
                "client_id": fake.client_id,
                "bot_id": bot_user.id,
                "api_base": fake.api_base,
                "auth_base": fake.id_base,
                "eventsub_url": fake.eventsub_url,
                "claim_url": CLAIM_URL,
                "channels": [TwitchChannelSettings(name="stream", broadcaster_id=streamer.id)],
            }
        )
    if discord is not None:
        fake_discord, guild, announce = discord
        update["discord"] = base.discord.model_copy(
            update={
                "enabled": True,
                "application_id": str(fake_discord.application_id),
                "api_base": fake_discord.api_base,
                "gateway_url": fake_discord.gateway_url,
                "post_edit_interval": timedelta(seconds=0.2),
                "guilds": [
                    DiscordGuildSettings(
                        id=str(guild.id), name="main", announce_channel_id=str(announce.id)
                    )
                ],
            }
        )
    return base.model_copy(update=update)


@contextlib.asynccontextmanager
async def staged(
    tmp_path: Path,
    *,
    twitch: FakeTwitch | None = None,
    discord: FakeDiscord | None = None,
    database_url: str | None = None,
    redis_url: str | None = None,
) -> AsyncIterator[Stage]:
    """`fairdrop run` against the given fakes until the block ends (then stopped, and awaited)."""
    database_url = database_url or f"sqlite:///{tmp_path}/faults.db"
    env: dict[str, str] = {}
    twitch_side = discord_side = None
    twitch_args = discord_args = None
    if twitch is not None:
        streamer = twitch.add_user("streamer")
        bot_user = twitch.add_user("fairdropbot")
        twitch.add_moderator(bot_user, streamer)
        token = twitch.issue_user_token(bot_user)
        env |= {
            "FAIRDROP_TWITCH_CLIENT_SECRET": twitch.client_secret,
            "FAIRDROP_TWITCH_BOT_TOKEN": token.access_token,
            "FAIRDROP_TWITCH_BOT_REFRESH_TOKEN": token.refresh_token or "",
        }
        twitch_side = TwitchSide(twitch, streamer)
        twitch_args = (twitch, streamer, bot_user)
    if discord is not None:
        guild = discord.add_guild("Streamer's place", channels=("general", "drops"))
        moderator = discord.add_member(guild, "mod", permissions="manage_guild")
        env["FAIRDROP_DISCORD_TOKEN"] = discord.bot_token
        discord_side = DiscordSide(discord, guild, guild.channel("drops"), moderator)
        discord_args = (discord, guild, guild.channel("drops"))
    port = free_port()
    settings = settings_for(
        database_url, port, twitch=twitch_args, discord=discord_args, redis_url=redis_url
    )
    stop, ready = asyncio.Event(), asyncio.Event()
    keyring = Keyring.new(datetime.now(UTC))
    task = asyncio.create_task(run(settings, keyring, stop=stop, env=env, ready=ready))
    health = Health(f"http://{HOST}:{port}/healthz")
    watcher: asyncio.Task[None] | None = None
    try:
        async with asyncio.timeout(WITHIN):
            ready_or_done = asyncio.ensure_future(ready.wait())
            await asyncio.wait({ready_or_done, task}, return_when=asyncio.FIRST_COMPLETED)
            ready_or_done.cancel()
            if task.done():
                task.result()  # raises what stopped it
            if twitch_side is not None:
                await twitch_side.fake.wait_for_subscription(twitch_side.streamer, within=WITHIN)
            if discord_side is not None:
                await discord_side.fake.wait_until(lambda: discord_side.fake.connected, WITHIN)
        watcher = asyncio.create_task(health.watch())
        stage = Stage(settings, task, stop, health, database_url, twitch_side, discord_side)
        await health.wait_healthy()
        yield stage
        stage.assert_up()
    finally:
        if watcher is not None:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        stop.set()
        if not task.done():
            await asyncio.wait_for(asyncio.shield(task), 20)
