"""A season's summary end to end: `fairdrop run` against the fake Twitch and the fake Discord
(real twitchio and discord.py) plans it from the record, and it arrives once in the Discord
summary channel with the season's chart as a PNG and once as a line in Twitch chat, also after
the process restarts."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import DiscordGuildSettings, Settings
from bot.drops.model import Drop, DropSpec, DropState, Entry
from bot.reports.chart import PNG_MAGIC
from bot.reports.season_chart import FILENAME
from bot.store.database import SqlUnitOfWork, make_engine
from bot.store.migrate import upgrade
from fakeplatforms.discord import FakeChannel, FakeDiscord, FakeGuild, FakeMember
from fakeplatforms.twitch import FakeTwitch
from tests.outbox.test_run_faults import COMMUNITY, World, discord_side, running, settings_for

__all__ = ["discord_side"]  # the fixture, shared with the fault tests

SERIES = "tour"
LINE = f'Season "{SERIES}" is over'


def _season_in(settings: Settings, closed: datetime) -> None:
    """Two episodes of the series in the community, the second closed at `closed`."""
    engine = make_engine(settings.database.url)
    try:
        upgrade(engine)
        with SqlUnitOfWork(engine) as uow:
            for number, at in enumerate((closed - timedelta(days=7), closed), start=1):
                spec = DropSpec(
                    name=f"ep{number}", title=f"Episode {number}", supply=2, series=SERIES,
                    channel=COMMUNITY,
                )  # fmt: skip
                drop = uow.drops.add(
                    Drop(
                        id=0, spec=spec, state=DropState.SETTLED, created_at=at - timedelta(days=1),
                        seed_hex="00" * 32, commitment="c" * 64, pseudonym_salt="11" * 16,
                        opened_at=at - timedelta(hours=1), closes_at=at, closed_at=at,
                    )
                )  # fmt: skip
                uow.entries.add_many(
                    [
                        Entry(drop.id, f"twitch:{n}", "twitch", f"fan{n}", "public", 1,
                              at - timedelta(minutes=5))
                        for n in range(number, number + 3)
                    ]
                )  # fmt: skip
            uow.commit()
    finally:
        engine.dispose()


async def test_the_season_summary_arrives_once_in_discord_and_in_chat_across_a_restart(
    fake_twitch: FakeTwitch,
    fake_discord: FakeDiscord,
    discord_side: tuple[FakeGuild, FakeChannel, FakeMember],
    tmp_path: Path,
) -> None:
    guild, announce, moderator = discord_side
    twitch, discord = fake_twitch, fake_discord
    summaries = discord.add_channel(guild, "summaries")
    streamer = twitch.add_user("streamer")
    bot_user = twitch.add_user("fairdropbot")
    twitch.add_moderator(bot_user, streamer)
    token = twitch.issue_user_token(bot_user)
    base = settings_for(tmp_path, twitch, streamer, bot_user.id, discord, guild, announce)
    settings = Settings.model_validate(
        {
            **base.model_dump(),
            "seasons": {SERIES: {"summary": "after-last", "episodes": 2}},
            "scheduler": {
                **base.scheduler.model_dump(),
                "timezone": "Europe/Berlin",
                "replan_every": timedelta(seconds=0.2),
            },
            "discord": {
                **base.discord.model_dump(),
                "guilds": [
                    DiscordGuildSettings(
                        id=str(guild.id), name=COMMUNITY, announce_channel_id=str(announce.id),
                        summary_channel_id=str(summaries.id),
                    ).model_dump()
                ],
            },
        }
    )  # fmt: skip
    # The last episode closed four days ago: its 72 h are over, the summary is due at start.
    _season_in(settings, datetime.now(UTC) - timedelta(days=4))
    env = {
        "FAIRDROP_TWITCH_CLIENT_SECRET": twitch.client_secret,
        "FAIRDROP_TWITCH_BOT_TOKEN": token.access_token,
        "FAIRDROP_TWITCH_BOT_REFRESH_TOKEN": token.refresh_token or "",
        "FAIRDROP_DISCORD_TOKEN": discord.bot_token,
    }
    world = World(twitch, discord, guild, announce, moderator, streamer, settings, env)

    def season_posts() -> list[object]:
        return [m for m in discord.messages_in(summaries) if m.embeds]

    async with running(world):
        (post,) = await discord.wait_until(season_posts, within=20)
        (line,) = await twitch.wait_until(lambda: world.twitch_said(LINE), within=20)
        await asyncio.sleep(1.5)  # several replans and sender polls: nothing more comes
        assert len(season_posts()) == 1 and len(world.twitch_said(LINE)) == 1
    async with running(world):  # a restart plans from the record again
        await asyncio.sleep(1.5)
    assert len(season_posts()) == 1 and len(world.twitch_said(LINE)) == 1

    assert line == (
        f'Season "{SERIES}" is over: 2 episodes, 6 entries (2 by returning fans), 0 redeemed.'
    )
    (embed,) = post.embeds  # type: ignore[attr-defined]
    assert embed["title"] == f"Season {SERIES}: the whole season"
    assert embed["image"]["url"] == f"attachment://{FILENAME}"
    ((filename, data),) = post.files  # type: ignore[attr-defined]
    assert filename == FILENAME and data.startswith(PNG_MAGIC)
    assert not post.pinged  # type: ignore[attr-defined]
    assert discord.messages_in(announce) == []  # the summary channel, not the announcements
