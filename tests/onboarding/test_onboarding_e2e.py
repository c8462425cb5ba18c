"""From nothing to a drop (issue 21 item 6): the real `fairdrop setup` console script against the
fake Twitch (device-code logins) and the fake Discord (an application whose bot joins a server
after the invite), then `fairdrop doctor` passes, then `fairdrop run` opens a drop from chat.
Once as a script would run it (every answer a flag, stdin closed), once as a person would (on a
pseudo-terminal, answering the prompts, the secrets typed into hidden input)."""

from __future__ import annotations

import asyncio
import contextlib
import stat
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import ENV_DISCORD_TOKEN, ENV_TWITCH_SECRET, load_settings
from bot.keystore import load_keyring
from bot.onboarding.config_file import read_env_file
from bot.run import run
from fakeplatforms.discord import FakeDiscord
from fakeplatforms.discord.model import FakeGuild
from fakeplatforms.twitch import FakeTwitch, FakeUser
from tests.onboarding.terminal import Piped, Terminal, clean_env, run_piped
from tests.onboarding.test_doctor import healthy_checks

POLL = ["--poll", "0.05"]


@dataclass
class World:
    """The fakes with a streamer and a bot account on Twitch, and what setup is pointed at."""

    twitch: FakeTwitch
    discord: FakeDiscord
    streamer: FakeUser
    bot: FakeUser
    home: Path

    def endpoints(self) -> list[str]:
        return [
            "--twitch-auth-base",
            self.twitch.id_base,
            "--twitch-api-base",
            self.twitch.api_base,
            "--twitch-eventsub-url",
            self.twitch.eventsub_url,
            "--discord-api-base",
            self.discord.api_base,
            "--discord-gateway-url",
            self.discord.gateway_url,
        ]

    def server(self) -> FakeGuild:
        """The streamer's Discord server, which the bot joins (the invite accepted)."""
        guild = self.discord.add_guild("Stream Home", channels=["general", "drops", "news"])
        self.discord.add_role(guild, "crew")
        return guild


@pytest.fixture
def world(fake_twitch: FakeTwitch, fake_discord: FakeDiscord, tmp_path: Path) -> World:
    streamer = fake_twitch.add_user("streamer")
    bot = fake_twitch.add_user("fairdropbot")
    # The two people at the browser: the bot's owner approves first, then the broadcaster.
    fake_twitch.device.will_approve("fairdropbot", pending_polls=2)
    fake_twitch.device.will_approve("streamer", pending_polls=1)
    return World(fake_twitch, fake_discord, streamer, bot, tmp_path)


async def test_setup_from_a_script_then_doctor_then_a_drop_from_chat(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = {
        ENV_TWITCH_SECRET: world.twitch.client_secret,
        ENV_DISCORD_TOKEN: world.discord.bot_token,
    }
    setup = await Piped.start(
        [
            "setup",
            "--twitch",
            "--client-id",
            world.twitch.client_id,
            "--channel",
            "Streamer",
            "--discord",
            "--server",
            "Stream Home",
            "--announce-channel",
            "#drops",
            "--summary-channel",
            "news",
            "--moderator-role",
            "crew",
            *world.endpoints(),
            *POLL,
        ],
        world.home,
        clean_env(world.home, secrets),
    )
    await setup.expect("Log in to Twitch as the BOT account: open https://www.twitch.tv/activate")
    await setup.expect("Log in to Twitch as the broadcaster of #streamer")
    await setup.expect("Invite the bot to your server: https://discord.com/oauth2/authorize?")
    await setup.expect("Waiting for the bot to join your server")
    guild = world.server()  # the streamer opened the link and added the bot
    status, out = await setup.finish()
    assert status == 0, out
    assert f"the bot is fairdropbot (id {world.bot.id})" in out
    for secret in secrets.values():
        assert secret not in out
        assert secret not in (world.home / "fairdrop.toml").read_text()
    config = load_settings(world.home / "fairdrop.toml")
    assert config.twitch.bot_id == world.bot.id
    assert [(c.name, c.broadcaster_id) for c in config.twitch.channels] == [
        ("streamer", world.streamer.id)
    ]
    (server,) = config.discord.guilds
    assert config.discord.application_id == str(world.discord.application_id)
    assert (server.id, server.name) == (str(guild.id), "streamer")
    assert server.announce_channel_id == str(guild.channel("drops").id)
    assert server.summary_channel_id == str(guild.channel("news").id)
    assert server.moderator_role_id == str(guild.role("crew").id)
    env_file = world.home / "fairdrop.env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert read_env_file(env_file) == secrets

    await doctor_passes(world, secrets)
    async with running(world, monkeypatch) as _:
        await world.twitch.chat(world.streamer, world.streamer, "!drop open hoodie for=10m")
        await world.twitch.wait_until(lambda: any("hoodie" in t for t in world.twitch.chat_texts()))
        await world.discord.wait_for_message(guild.channel("drops"), within=15)


async def test_setup_by_a_person_at_a_terminal(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    guild = world.server()  # invited before setup: picked from the list
    async with Terminal.open(
        ["setup", *world.endpoints(), *POLL], world.home, clean_env(world.home, {})
    ) as terminal:
        await terminal.expect("Set up Twitch chat? [Y/n]:")
        terminal.type("")
        await terminal.expect("Set up Discord? [Y/n]:")
        terminal.type("y")
        await terminal.expect("Twitch application client id:")
        terminal.type(world.twitch.client_id)
        await terminal.expect("Twitch client secret:")
        terminal.type(world.twitch.client_secret)
        await terminal.expect("Twitch channel(s) the bot joins (logins, comma separated):")
        terminal.type("streamer")
        await terminal.expect("Log in to Twitch as the BOT account")
        await terminal.expect("Log in to Twitch as the broadcaster of #streamer")
        await terminal.expect("Discord bot token:")
        terminal.type(world.discord.bot_token)
        await terminal.expect("1) Stream Home")
        await terminal.expect("Discord server:")
        terminal.type("1")
        listed = await terminal.expect("Channel for drop posts:")
        assert listed.split()[-6:] == ["1)", "general", "2)", "drops", "3)", "news"]  # after "1"
        terminal.type("2")
        await terminal.expect("Channel for summaries [2]:")
        terminal.type("")  # the announcements channel
        roles = await terminal.expect("Moderator role [1]:")
        assert "2) crew" in roles
        terminal.type("2")
        await terminal.expect("wrote fairdrop.toml")
        assert await terminal.finish() == 0, terminal.seen
        assert world.twitch.client_secret not in terminal.seen  # hidden input: never echoed
        assert world.discord.bot_token not in terminal.seen
    (server,) = load_settings(world.home / "fairdrop.toml").discord.guilds
    assert server.announce_channel_id == server.summary_channel_id == str(guild.channel("drops").id)
    assert server.moderator_role_id == str(guild.role("crew").id)
    await doctor_passes(world, read_env_file(world.home / "fairdrop.env"))


async def doctor_passes(world: World, secrets: dict[str, str]) -> None:
    status, out = await run_piped(["doctor"], world.home, clean_env(world.home, secrets))
    assert status == 0, out
    lines = out.splitlines()
    assert lines[-1] == "all checks passed"
    assert all(line.startswith("✓ ") for line in lines[:-1]), out
    checks = {line.split(":")[0][2:] for line in lines[:-1]}
    (guild,) = world.discord.guilds
    assert checks == healthy_checks("streamer", guild)


@contextlib.asynccontextmanager
async def running(world: World, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    """`fairdrop run` on what setup wrote, from the folder setup ran in."""
    monkeypatch.chdir(world.home)
    monkeypatch.setattr("bot.discord.client.GUILD_READY_TIMEOUT", 0.05)
    settings = load_settings(world.home / "fairdrop.toml")
    keyring = load_keyring(settings.keys.path, {})
    env = read_env_file(world.home / "fairdrop.env")
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(run(settings, keyring, stop=stop, env=env, ready=ready))
    try:
        await asyncio.wait_for(ready.wait(), 15)
        await world.twitch.wait_for_subscription(world.streamer)
        yield None
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
