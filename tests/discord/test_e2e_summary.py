"""The 24 h summary in Discord: `fairdrop run` against the fake Discord posts it once, in the
guild's summary channel, as an embed with the funnel chart attached as a PNG."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.bootstrap import open_runtime
from bot.drops.figures import ConversionSummary
from bot.drops.keyring import Keyring
from bot.reports.chart import FILENAME, PNG_MAGIC
from fakeplatforms.discord import FakeDiscord, FakeMessage
from tests.discord.test_e2e_discord import Server

HOSTILE_TITLE = "@everyone <@&1> **free** hoodie"


class Later:
    """The clock a day and an hour on: the scheduler's view when the 24 h summary is due."""

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(hours=25)


async def _summarize(server: Server, name: str) -> ConversionSummary:
    """What the scheduler does 24 h after the close, here from a second process's runtime."""
    async with open_runtime(server.settings(), server.keyring, clock=Later()) as runtime:
        drop = await runtime.service.find("main", name)
        return await runtime.service.summarize(drop.id, timedelta(hours=24))


@pytest.fixture
def server(fake_discord: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Server:
    monkeypatch.setattr("bot.discord.client.GUILD_READY_TIMEOUT", 0.05)
    guild = fake_discord.add_guild("Streamer's place", channels=("general", "drops", "news"))
    moderator = fake_discord.add_member(guild, "mod", permissions="manage_guild")
    keyring = Keyring.new(datetime.now(UTC))
    return Server(fake_discord, guild, guild.channel("drops"), moderator, tmp_path, keyring)


async def test_the_summary_arrives_once_in_the_summary_channel_with_a_funnel_chart(
    server: Server,
) -> None:
    fake = server.discord
    news = server.guild.channel("news")
    fans = [fake.add_member(server.guild, f"fan{i}") for i in range(6)]
    async with server.running():
        setup = await fake.slash(
            server.moderator, "fairdrop setup", announce_channel=server.announce,
            summary_channel=news,
        )  # fmt: skip
        await setup.wait_content()
        opened = await fake.slash(
            server.moderator, "drop open", name="hoodie", title=HOSTILE_TITLE, supply=2,
            early="0s",
        )  # fmt: skip
        assert "is open" in await opened.wait_content()
        post = await server.post()
        presses = [await fake.press(fan, post, post.custom_ids[0]) for fan in fans]
        await asyncio.gather(*(ix.wait_content() for ix in presses))
        await (await fake.slash(server.moderator, "drop close")).wait_content()
        await fake.wait_for_message(server.announce, lambda m: "is drawn" in m.content)

        summary = await _summarize(server, "hoodie")
        assert (summary.entrants, summary.winners) == (6, 2)
        (message,) = await fake.wait_for_message(news, lambda m: bool(m.embeds), within=15)
        again = await _summarize(server, "hoodie")  # the scheduler running it twice
        assert again.winners == summary.winners
        await asyncio.sleep(2.5)  # longer than the sender's idle poll
        in_news = fake.messages_in(news)
        announced = fake.messages_in(server.announce)

    assert in_news == [message]  # once, and only in the summary channel
    assert not any(m.embeds and m is not post for m in announced)
    _check_summary_message(message)


def _check_summary_message(message: FakeMessage) -> None:
    (embed,) = message.embeds
    assert "24 h after the close" in embed["title"]
    assert "@everyone" not in embed["title"] and "<@&1>" not in embed["title"]  # defused
    assert "**6** entrants" in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "entrants: **6**" in fields["Funnel"] and "winners: **2**" in fields["Funnel"]
    assert "discord: **6**" in fields["By platform"]
    assert embed["image"]["url"] == f"attachment://{FILENAME}"
    ((filename, data),) = message.files
    assert filename == FILENAME and data.startswith(PNG_MAGIC)
    assert not message.pinged
