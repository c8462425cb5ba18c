"""The composition root and the adapters' builders: `fairdrop run` starts what they build, and
building starts nothing.

Every platform endpoint points at a local listener that counts connections, and the web ports
are free ports this test binds afterwards: a builder that connected or listened shows here.
"""

from __future__ import annotations

import ast
import asyncio
import logging
import socket
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.bootstrap import BEACON_OFF, Runtime, open_runtime
from bot.config import BeaconSettings, DiscordGuildSettings, Settings, TwitchChannelSettings
from bot.discord.build import build_discord
from bot.drops.keyring import Keyring
from bot.twitch.build import build_twitch
from bot.twitch.helix import HelixUnbound
from bot.web.build import build_web
from tests.fixtures.services import free_port
from tests.fixtures.settings import offline_settings

with warnings.catch_warnings():  # discord.py's import-time audioop DeprecationWarning
    warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
    import discord  # noqa: F401 (imported here, not first inside build_discord)

ROOT = Path(__file__).resolve().parent.parent
ENV = {
    "FAIRDROP_TWITCH_CLIENT_SECRET": "secret",
    "FAIRDROP_TWITCH_BOT_TOKEN": "token",
    "FAIRDROP_TWITCH_BOT_REFRESH_TOKEN": "refresh",
    "FAIRDROP_DISCORD_TOKEN": "discord-token",
}


def settings_for(tmp_path: Path, endpoint: str, web_port: int, metrics_port: int) -> Settings:
    base = offline_settings()
    return base.model_copy(
        update={
            "database": base.database.model_copy(update={"url": f"sqlite:///{tmp_path}/b.db"}),
            "drops": base.drops.model_copy(update={"min_account_age": timedelta(days=7)}),
            "twitch": base.twitch.model_copy(
                update={
                    "enabled": True,
                    "client_id": "client",
                    "bot_id": "900",
                    "api_base": f"{endpoint}/helix/",
                    "auth_base": f"{endpoint}/oauth2/",
                    "eventsub_url": endpoint.replace("http", "ws") + "/ws",
                    "whisper_winners": True,
                    "channels": [TwitchChannelSettings(name="community", broadcaster_id="1")],
                }
            ),
            "discord": base.discord.model_copy(
                update={
                    "enabled": True,
                    "application_id": "42",
                    "api_base": f"{endpoint}/api/v10",
                    "gateway_url": endpoint.replace("http", "ws"),
                    "guilds": [
                        DiscordGuildSettings(id="7", name="community", announce_channel_id="8")
                    ],
                }
            ),
            "web": base.web.model_copy(
                update={
                    "enabled": True,
                    "port": web_port,
                    "public_url": f"http://127.0.0.1:{web_port}",
                    "metrics_port": metrics_port,
                }
            ),
        }
    )


def free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


async def test_the_builders_construct_every_part_and_start_nothing(tmp_path: Path) -> None:
    connections = 0

    async def count(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        writer.close()

    platform = await asyncio.start_server(count, "127.0.0.1", 0)
    endpoint = f"http://127.0.0.1:{platform.sockets[0].getsockname()[1]}"
    web_port, metrics_port = free_port(), free_port()
    settings = settings_for(tmp_path, endpoint, web_port, metrics_port)
    stop = asyncio.Event()
    keyring = Keyring.new(datetime.now(UTC))
    try:
        async with open_runtime(settings, keyring, migrate=True, platforms=True) as runtime:
            assert runtime.helix is not None
            with pytest.raises(HelixUnbound):
                runtime.helix.client  # noqa: B018 (the seat is empty until the client exists)
            before = asyncio.all_tasks()
            twitch = build_twitch(runtime, ENV, stop)
            discord = build_discord(runtime, ENV["FAIRDROP_DISCORD_TOKEN"], stop)
            web = build_web(runtime, ENV, stop, [twitch, discord])
            await asyncio.sleep(0.2)  # anything started would have connected or bound by now
            assert asyncio.all_tasks() == before
            assert connections == 0
            assert free(web_port) and free(metrics_port)
            assert web.listening is not None and not web.listening.is_set()
            # What `fairdrop run` would start, and the parts built for it.
            assert list(twitch.tasks) == [
                "twitch", "twitch-close", "twitch-outbound", "twitch-acks", "twitch-entry-words",
                "twitch-entry-words-poll",  # no Redis here: other processes' drops go unheard
                "twitch-whispers",
            ]  # fmt: skip
            assert list(discord.tasks) == ["discord", "discord-ready", "discord-close"]
            assert list(web.tasks) == ["web", "metrics"]
            assert set(twitch.sink_checks) == {"twitch-chat"}
            assert set(discord.sink_checks) == {"discord-outbox"}
            assert len(twitch.listeners) == 2  # the outbound sender and the entry words
            assert len(discord.listeners) == 1
            assert runtime.helix.client is not None  # bound by build_twitch
            assert runtime.service.facts is not None  # a rule asks about account age
            assert runtime.lists.logins is not None  # list commands look logins up on Helix
            stop.set()  # closing the unstarted clients is all the close tasks do now
            await asyncio.gather(twitch.tasks["twitch-close"](), discord.tasks["discord-close"]())
    finally:
        platform.close()
        await platform.wait_closed()
    assert connections == 0


async def test_without_the_platform_clients_lists_take_no_logins_and_claims_no_facts(
    tmp_path: Path,
) -> None:
    settings = settings_for(tmp_path, "http://127.0.0.1:9", free_port(), free_port())
    keyring = Keyring.new(datetime.now(UTC))
    async with open_runtime(settings, keyring, migrate=True) as runtime:
        assert isinstance(runtime, Runtime)
        assert runtime.helix is None
        assert runtime.lists.logins is None and runtime.service.facts is None


async def test_a_runtime_without_the_beacon_says_so_at_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    off = settings_for(tmp_path, "http://127.0.0.1:9", free_port(), free_port())
    assert off.beacon.enabled is False
    keyring = Keyring.new(datetime.now(UTC))
    for settings in (off, off.model_copy(update={"beacon": BeaconSettings()})):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="bot.bootstrap"):
            async with open_runtime(settings, keyring, migrate=True):
                pass
        said = BEACON_OFF in caplog.messages
        assert said is not settings.beacon.enabled


# Classes `bot/run.py` may construct: the run's own plumbing, and its one-line refusal.
RUN_MAY_CONSTRUCT = {"TaskGroup", "ConfigError"}


def test_run_only_starts_waits_and_stops() -> None:
    """`bot/run.py` builds no service, store, client or sender: the builders do."""
    tree = ast.parse((ROOT / "bot" / "run.py").read_text(encoding="utf-8"))
    constructed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name[:1].isupper():
                constructed.add(name)
    assert constructed <= RUN_MAY_CONSTRUCT, constructed - RUN_MAY_CONSTRUCT
    assert len(tree.body) and (ROOT / "bot" / "run.py").read_text().count("\n") <= 120
