"""A Discord server configured or added while fairdrop runs: no restart, no crash.

`fairdrop setup` writes a new `[[discord.guilds]]` entry into the config of a running bot; SIGHUP
(`bot.run`'s `hangup`) makes the bot serve it. A guild configured before the bot was invited
to it (Discord answers 403 Missing Access) is served once the invite is accepted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.adapter import needs_restart
from bot.config import DiscordGuildSettings, Settings
from bot.drops.keyring import Keyring
from bot.run import run
from fakeplatforms.discord import FakeDiscord, FakeGuild
from tests.discord.test_e2e_discord import Server


def _with_guilds(settings: Settings, *guilds: FakeGuild) -> Settings:
    configured = [
        DiscordGuildSettings(
            id=str(g.id), name=f"c{n}", announce_channel_id=str(g.channel("drops").id)
        )
        for n, g in enumerate(guilds)
    ]
    return settings.model_copy(
        update={"discord": settings.discord.model_copy(update={"guilds": configured})}
    )


@contextlib.asynccontextmanager
async def running(
    server: Server, settings: Settings, reread: list[Settings]
) -> AsyncIterator[asyncio.Event]:
    """`fairdrop run` with `settings`; setting the yielded event re-reads `reread[-1]`."""
    stop, ready, hangup = asyncio.Event(), asyncio.Event(), asyncio.Event()
    env = {"FAIRDROP_DISCORD_TOKEN": server.discord.bot_token}
    task = asyncio.create_task(
        run(
            settings,
            server.keyring,
            stop=stop,
            env=env,
            ready=ready,
            hangup=hangup,
            reread=lambda: reread[-1],
        )
    )
    await asyncio.wait_for(ready.wait(), 10)
    await server.discord.wait_until(lambda: server.discord.connected, within=10)
    try:
        yield hangup
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


@pytest.fixture
def server(fake_discord: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Server:
    monkeypatch.setattr("bot.discord.client.GUILD_READY_TIMEOUT", 0.05)
    guild = fake_discord.add_guild("First place", channels=("general", "drops"))
    moderator = fake_discord.add_member(guild, "mod", permissions="manage_guild")
    return Server(
        fake_discord, guild, guild.channel("drops"), moderator, tmp_path,
        Keyring.new(datetime.now(UTC)),
    )  # fmt: skip


async def test_a_guild_added_to_the_config_is_served_after_a_reload_without_a_restart(
    server: Server,
) -> None:
    first = _with_guilds(server.settings(), server.guild)
    second = server.discord.add_guild("Second place", channels=("general", "drops"))
    mod2 = server.discord.add_member(second, "mod2", permissions="manage_guild")
    reread = [first]
    async with running(server, first, reread) as hangup:
        assert server.discord.commands(second) == []  # not configured: nothing pushed
        reread.append(_with_guilds(server.settings(), server.guild, second))
        hangup.set()
        await server.discord.wait_until(lambda: server.discord.commands(second), within=10)
        opened = await server.discord.slash(mod2, "drop open", name="later", early="0s")
        assert "is open" in await opened.wait_content()


async def test_a_guild_configured_before_the_invite_does_not_stop_the_bot_and_is_served_on_join(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    invited_later = server.discord.add_guild("Not yet", channels=("general", "drops"), bot_in=False)
    settings = _with_guilds(server.settings(), server.guild, invited_later)
    with caplog.at_level(logging.WARNING, logger="bot.discord.client"):
        async with running(server, settings, [settings]):
            # The first guild works although the second one's commands were refused (403).
            opened = await server.discord.slash(server.moderator, "drop open", name="a", early="0s")
            assert "is open" in await opened.wait_content()
            assert f"not pushed to guild {invited_later.id}: the bot is not in it" in caplog.text
            server.discord.invite_bot(invited_later)
            await server.discord.wait_until(
                lambda: server.discord.commands(invited_later), within=10
            )


async def test_a_bad_config_on_reload_keeps_the_running_guilds(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.config import ConfigError

    first = _with_guilds(server.settings(), server.guild)

    def broken() -> Settings:
        raise ConfigError("fairdrop.toml line 3: expected '=' after a key")

    stop, ready, hangup = asyncio.Event(), asyncio.Event(), asyncio.Event()
    env = {"FAIRDROP_DISCORD_TOKEN": server.discord.bot_token}
    task = asyncio.create_task(
        run(first, server.keyring, stop=stop, env=env, ready=ready, hangup=hangup, reread=broken)
    )
    await asyncio.wait_for(ready.wait(), 10)
    await server.discord.wait_until(lambda: server.discord.connected, within=10)
    with caplog.at_level(logging.ERROR, logger="fairdrop"):
        hangup.set()
        await server.discord.wait_until(lambda: "config not reloaded" in caplog.text, within=5)
    opened = await server.discord.slash(server.moderator, "drop open", name="b", early="0s")
    assert "is open" in await opened.wait_content()
    assert not task.done()  # a bad reload is a line in the log, not the end of the run
    stop.set()
    await asyncio.wait_for(task, 15)


def test_changes_a_reload_cannot_take_are_named() -> None:
    from tests.fixtures.settings import offline_settings

    before = offline_settings()
    guilds = [DiscordGuildSettings(id="42", name="new")]
    after = before.model_copy(
        update={
            "discord": before.discord.model_copy(update={"guilds": guilds}),
            "web": before.web.model_copy(update={"port": 9999}),
        }
    )
    assert needs_restart(before, after) == ["[web]"]
    assert needs_restart(before, before) == []
