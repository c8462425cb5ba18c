"""`fairdrop run` against the fake Twitch and the fake Discord while Discord's connections fail:
the process stays up, Twitch goes on, nothing is said twice, and what never gets through is
parked, counted in /metrics and shown on /healthz."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.config import DiscordGuildSettings, Settings, TwitchChannelSettings
from bot.drops.keyring import Keyring
from bot.run import run
from fakeplatforms.discord import FakeChannel, FakeDiscord, FakeGuild, FakeMember
from fakeplatforms.twitch import FakeTwitch, FakeUser
from tests.fixtures.services import free_port
from tests.fixtures.settings import offline_settings

COMMUNITY = "stream"
POSTS = r"^/channels/{}/messages$"


@dataclass
class World:
    twitch: FakeTwitch
    discord: FakeDiscord
    guild: FakeGuild
    announce: FakeChannel
    moderator: FakeMember
    streamer: FakeUser
    settings: Settings
    env: dict[str, str]
    task: asyncio.Task[None] | None = None

    def twitch_said(self, fragment: str) -> list[str]:
        return [t for t in self.twitch.chat_texts() if fragment in t]

    def posts(self) -> list[Any]:
        return [m for m in self.discord.messages_in(self.announce) if m.custom_ids]


def settings_for(
    tmp_path: Path,
    twitch: FakeTwitch | None,
    streamer: FakeUser | None,
    bot_id: str,
    discord: FakeDiscord,
    guild: FakeGuild,
    announce: FakeChannel,
    *,
    max_attempts: int = 10,
    web_port: int | None = None,
    delivery_timeout: timedelta = timedelta(seconds=60),
) -> Settings:
    base = offline_settings()
    update: dict[str, Any] = {
        "database": base.database.model_copy(update={"url": f"sqlite:///{tmp_path}/fd.db"}),
        "discord": base.discord.model_copy(
            update={
                "enabled": True,
                "application_id": str(discord.application_id),
                "api_base": discord.api_base,
                "gateway_url": discord.gateway_url,
                "post_edit_interval": timedelta(seconds=0.2),
                "guilds": [
                    DiscordGuildSettings(
                        id=str(guild.id), name=COMMUNITY, announce_channel_id=str(announce.id)
                    )
                ],
            }
        ),
        # Quick retries, so a test sees several attempts in a second or two.
        "outbox": base.outbox.model_copy(
            update={
                "max_attempts": max_attempts,
                "backoff": timedelta(milliseconds=100),
                "backoff_cap": timedelta(milliseconds=400),
                "delivery_timeout": delivery_timeout,
            }
        ),
    }
    if twitch is not None and streamer is not None:
        update["twitch"] = base.twitch.model_copy(
            update={
                "enabled": True,
                "client_id": twitch.client_id,
                "bot_id": bot_id,
                "api_base": twitch.api_base,
                "auth_base": twitch.id_base,
                "eventsub_url": twitch.eventsub_url,
                "claim_url": "https://drops.example/claim/{drop}",
                "channels": [TwitchChannelSettings(name=COMMUNITY, broadcaster_id=streamer.id)],
            }
        )
    if web_port is not None:
        update["web"] = base.web.model_copy(
            update={
                "enabled": True,
                "port": web_port,
                "public_url": f"http://127.0.0.1:{web_port}",
                # The test reads /metrics on the public port, as an allowed monitoring address.
                "metrics_port": 0,
                "metrics_allow": ["127.0.0.1"],
            }
        )
    return base.model_copy(update=update)


@contextlib.asynccontextmanager
async def running(world: World) -> AsyncIterator[World]:
    stop, ready = asyncio.Event(), asyncio.Event()
    keyring = Keyring.new(datetime.now(UTC))
    world.task = asyncio.create_task(
        run(world.settings, keyring, stop=stop, env=world.env, ready=ready)
    )
    await asyncio.wait_for(ready.wait(), 10)
    if world.settings.twitch.enabled:
        await world.twitch.wait_for_subscription(world.streamer)
    await world.discord.wait_until(lambda: world.discord.connected, within=10)
    try:
        yield world
    finally:
        stop.set()
        await asyncio.wait_for(world.task, 15)


@pytest.fixture
def discord_side(
    fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> tuple[FakeGuild, FakeChannel, FakeMember]:
    monkeypatch.setattr("bot.discord.client.GUILD_READY_TIMEOUT", 0.05)
    guild = fake_discord.add_guild("Streamer's place", channels=("general", "drops"))
    moderator = fake_discord.add_member(guild, "mod", permissions="manage_guild")
    return guild, guild.channel("drops"), moderator


async def test_connections_dropped_after_discord_accepted_stop_nothing_and_say_nothing_twice(
    fake_twitch: FakeTwitch,
    fake_discord: FakeDiscord,
    discord_side: tuple[FakeGuild, FakeChannel, FakeMember],
    tmp_path: Path,
) -> None:
    guild, announce, moderator = discord_side
    twitch, discord = fake_twitch, fake_discord
    streamer = twitch.add_user("streamer")
    bot_user = twitch.add_user("fairdropbot")
    twitch.add_moderator(bot_user, streamer)
    token = twitch.issue_user_token(bot_user)
    fan = discord.add_member(guild, "discordfan")
    dm = discord.dm_channel(fan.user)
    # Discord creates the drop's post and the winner's DM, then the connection drops before
    # the answer: discord.py raises aiohttp.ServerDisconnectedError, not an HTTPException.
    discord.reset_next("POST", POSTS.format(announce.id), accepted=True)
    discord.reset_next("POST", POSTS.format(dm.id), accepted=True)
    world = World(
        twitch,
        discord,
        guild,
        announce,
        moderator,
        streamer,
        settings_for(tmp_path, twitch, streamer, bot_user.id, discord, guild, announce),
        {
            "FAIRDROP_TWITCH_CLIENT_SECRET": twitch.client_secret,
            "FAIRDROP_TWITCH_BOT_TOKEN": token.access_token,
            "FAIRDROP_TWITCH_BOT_REFRESH_TOKEN": token.refresh_token or "",
            "FAIRDROP_DISCORD_TOKEN": discord.bot_token,
        },
    )
    async with running(world):
        await twitch.chat(streamer, streamer, "!drop open hoodie supply=3 for=10m early=0s")
        (post,) = await discord.wait_until(world.posts, within=15)
        pressed = await discord.press(fan, post, post.custom_ids[0])
        assert "You're in the" in await pressed.wait_content()
        # Twitch goes on after Discord's failure: claims are acknowledged in chat.
        for name in ("fan1", "fan2"):
            await twitch.chat(streamer, name, "!claim")
        await twitch.wait_until(
            lambda: sum(t.count("@fan") for t in world.twitch_said("You're in the")) == 2,
            within=15,
        )
        await twitch.chat(streamer, streamer, "!drop close")
        await twitch.wait_until(lambda: world.twitch_said("drops.example/claim/hoodie"), 15)
        await discord.wait_until(lambda: discord.dms_to(fan), within=15)
        await discord.wait_until(lambda: discord.nonce_hits >= 2, within=15)
        await discord.wait_for_message(announce, lambda m: "is drawn" in m.content, within=15)
        assert world.task is not None and not world.task.done()  # the process is up
    assert [kind for kind, _, _ in discord.faults_injected] == ["reset", "reset"]
    assert len(world.posts()) == 1  # the retry got the first post back
    (code_dm,) = discord.dms_to(fan)  # and the first DM
    assert "Short code" in code_dm.content
    sends = discord.requests_to("POST", POSTS.format(dm.id))
    assert [r.status for r in sends] == [0, 200]
    assert sends[0].body["nonce"] == sends[1].body["nonce"]
    assert len(sends[0].body["nonce"]) <= 25 and sends[0].body["enforce_nonce"] is True


async def test_a_dm_that_never_gets_through_is_parked_counted_and_shown(
    fake_discord: FakeDiscord,
    discord_side: tuple[FakeGuild, FakeChannel, FakeMember],
    tmp_path: Path,
) -> None:
    guild, announce, moderator = discord_side
    discord = fake_discord
    fan = discord.add_member(guild, "unlucky")
    dm = discord.dm_channel(fan.user)
    discord.reset_next("POST", POSTS.format(dm.id), times=100)  # never answered
    port = free_port()
    settings = settings_for(
        tmp_path, None, None, "", discord, guild, announce, max_attempts=3, web_port=port
    )
    world = World(
        None,  # type: ignore[arg-type]
        discord,
        guild,
        announce,
        moderator,
        None,  # type: ignore[arg-type]
        settings,
        {"FAIRDROP_DISCORD_TOKEN": discord.bot_token},
    )
    async with running(world):
        opened = await discord.slash(moderator, "drop open", name="pin", supply=1, early="0s")
        assert "is open" in await opened.wait_content()
        (post,) = await discord.wait_until(world.posts, within=15)
        await (await discord.press(fan, post, post.custom_ids[0])).wait_content()
        await (await discord.slash(moderator, "drop close")).wait_content()
        await discord.wait_until(
            lambda: len(discord.requests_to("POST", POSTS.format(dm.id))) >= 3, within=15
        )
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
            for _ in range(100):
                async with http.get("/healthz") as answer:
                    health = await answer.json()
                if health["detail"]["outbox"]["parked"]:
                    break
                await asyncio.sleep(0.1)
            # Checks and details are read side by side: take an answer from after the park.
            async with http.get("/healthz") as answer:
                health = await answer.json()
            async with http.get("/metrics") as answer:
                exposition = await answer.text()
        # Parked: not tried a fourth time, and the process is up.
        await asyncio.sleep(1.0)
        assert world.task is not None and not world.task.done()
        got = await discord.press(fan, post, post.custom_ids[0])
        assert "Short code" in await got.wait_content()  # the code still reaches the winner
    assert len(discord.requests_to("POST", POSTS.format(dm.id))) == 3
    assert discord.dms_to(fan) == []
    assert health["status"] == "ok"  # a parked message is shown, not an outage
    outbox = health["detail"]["outbox"]
    assert outbox["parked"] == {"discord": 1}
    (parked,) = outbox["latest_parked"]
    assert parked["kind"] == "won" and parked["attempts"] == 3
    assert parked["reason"] == "ServerDisconnectedError" and parked["sink"] == "discord"
    assert re.search(r'^fairdrop_outbox_parked\{sink="discord"\} 1\.0$', exposition, re.M)


async def test_a_stalled_answer_and_a_500_cost_a_retry_and_never_a_second_message(
    fake_discord: FakeDiscord,
    discord_side: tuple[FakeGuild, FakeChannel, FakeMember],
    tmp_path: Path,
) -> None:
    guild, announce, moderator = discord_side
    discord = fake_discord
    fan = discord.add_member(guild, "fan")
    # The post is made but its answer comes too late for the sink's timeout; the "is drawn"
    # announcement first gets a 500 (discord.py retries that one itself).
    discord.stall_next("POST", POSTS.format(announce.id), 3.0)
    settings = settings_for(
        tmp_path, None, None, "", discord, guild, announce, delivery_timeout=timedelta(seconds=0.5)
    )
    world = World(
        None,  # type: ignore[arg-type]
        discord,
        guild,
        announce,
        moderator,
        None,  # type: ignore[arg-type]
        settings,
        {"FAIRDROP_DISCORD_TOKEN": discord.bot_token},
    )
    async with running(world):
        opened = await discord.slash(moderator, "drop open", name="cap", supply=1, early="0s")
        assert "is open" in await opened.wait_content()
        (post,) = await discord.wait_until(world.posts, within=15)
        await discord.wait_until(lambda: discord.nonce_hits >= 1, within=15)  # the retry
        await (await discord.press(fan, post, post.custom_ids[0])).wait_content()
        discord.fail_next("POST", POSTS.format(announce.id), 500)
        await (await discord.slash(moderator, "drop close")).wait_content()
        await discord.wait_for_message(announce, lambda m: "is drawn" in m.content, within=15)
        await discord.wait_until(lambda: discord.dms_to(fan), within=15)
        assert world.task is not None and not world.task.done()
    assert len(world.posts()) == 1
    assert len([m for m in discord.messages_in(announce) if "is drawn" in m.content]) == 1
    assert [kind for kind, _, _ in discord.faults_injected] == ["stall"]
