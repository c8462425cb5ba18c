"""A whole drop run from Twitch chat: `fairdrop run` against the fake Twitch, through the real
twitchio, the real engine and a real SQLite database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Settings, TwitchChannelSettings
from bot.drops.keyring import Keyring
from bot.run import run
from tests.fakes.twitch import FakeTwitch, FakeUser


@dataclass
class Live:
    twitch: FakeTwitch
    streamer: FakeUser
    stop: asyncio.Event

    def said(self) -> list[str]:
        return self.twitch.chat_texts()

    async def wait_said(self, fragment: str, count: int = 1) -> list[str]:
        await self.twitch.wait_until(
            lambda: sum(fragment in t for t in self.said()) >= count, within=15
        )
        return [t for t in self.said() if fragment in t]


@pytest.fixture
async def live(fake_twitch: FakeTwitch, tmp_path: Path) -> AsyncIterator[Live]:
    twitch = fake_twitch
    streamer = twitch.add_user("streamer")
    bot_user = twitch.add_user("fairdropbot")
    twitch.add_moderator(bot_user, streamer)
    token = twitch.issue_user_token(bot_user)
    base = Settings()
    settings = base.model_copy(
        update={
            "database": base.database.model_copy(update={"url": f"sqlite:///{tmp_path}/fd.db"}),
            "twitch": base.twitch.model_copy(
                update={
                    "enabled": True,
                    "client_id": twitch.client_id,
                    "bot_id": bot_user.id,
                    "api_base": twitch.api_base,
                    "auth_base": twitch.id_base,
                    "eventsub_url": twitch.eventsub_url,
                    "claim_url": "https://drops.example/claim/{drop}",
                    "channels": [TwitchChannelSettings(name="stream", broadcaster_id=streamer.id)],
                }
            ),
        }
    )
    env = {
        "FAIRDROP_TWITCH_CLIENT_SECRET": twitch.client_secret,
        "FAIRDROP_TWITCH_BOT_TOKEN": token.access_token,
        "FAIRDROP_TWITCH_BOT_REFRESH_TOKEN": token.refresh_token or "",
    }
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(
        run(settings, Keyring.new(datetime.now(UTC)), stop=stop, env=env, ready=ready)
    )
    await asyncio.wait_for(ready.wait(), 10)
    await twitch.wait_for_subscription(streamer)
    yield Live(twitch, streamer, stop)
    stop.set()
    await asyncio.wait_for(task, 15)


async def test_a_viewer_cannot_open_a_drop(live: Live) -> None:
    await live.twitch.chat(live.streamer, "randomviewer", "!drop open hoodie")
    (reply,) = await live.wait_said("only the broadcaster and moderators")
    assert reply.endswith("(@randomviewer)")


async def test_a_lottery_from_chat_to_the_winners_announcement(live: Live) -> None:
    twitch, streamer = live.twitch, live.streamer
    await twitch.chat(streamer, streamer, "!drop open hoodie supply=2 for=10m early=0s")
    (opened,) = await live.wait_said("hoodie")
    assert "!claim" in opened
    for i in range(6):
        await twitch.chat(streamer, f"fan{i}", "!claim", badges=["subscriber/0/1"] if i % 2 else [])
    acks = await live.wait_said("You're in the hoodie drop")
    assert sum(t.count("@fan") for t in acks) == 6
    await twitch.chat(streamer, "fan0", "!claim")  # again: one entry each
    await live.wait_said("Already in the hoodie drop")
    await twitch.chat(streamer, streamer, "!drop close")
    winners = await live.wait_said("drops.example/claim/hoodie")
    assert sum(t.count("@fan") for t in winners) == 2
    assert not any("v4.public." in t for t in live.said())  # never a code in chat
    assert twitch.max_sent_in_window(streamer, 30) <= 20


async def test_the_same_message_delivered_twice_counts_once(live: Live) -> None:
    twitch, streamer = live.twitch, live.streamer
    await twitch.chat(streamer, streamer, "!drop open pin early=0s")
    await live.wait_said("pin")
    first = await twitch.chat(streamer, "fan1", "!claim")
    await twitch.redeliver(first)
    await twitch.chat(streamer, "fan2", "!claim")
    acks = await live.wait_said("You're in the pin drop")
    assert sum(t.count("@fan1") for t in acks) == 1
    await twitch.chat(streamer, streamer, "!drop status")
    (status,) = await live.wait_said("drop pin:")
    assert "2 entrants" in status
