"""The offline world the demo runs in: the local fake Twitch and Discord from `fakeplatforms/`,
the channel's people, and fairdrop's settings pointed at them.

The fakes speak the platforms' wire formats, so the real twitchio and discord.py clients inside
`bot.run.run` cannot tell them from Twitch and Discord. They ship in fairdrop's wheel beside
`bot` (the tests import the same package), so an installed fairdrop runs the demo too.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.config import (
    BeaconSettings,
    DatabaseSettings,
    DiscordGuildSettings,
    DiscordSettings,
    DropDefaults,
    KeysSettings,
    MessagesSettings,
    SchedulerSettings,
    Settings,
    TierSettings,
    TwitchChannelSettings,
    TwitchSettings,
    WebSettings,
)
from bot.drops.beacon import QUICKNET, Chain
from bot.kernel.errors import FairdropError
from bot.messages.catalog import LANGUAGE
from fakeplatforms.discord import FakeChannel, FakeDiscord, FakeGuild, FakeMember, FakeRole
from fakeplatforms.twitch import FakeTwitch, FakeUser

SERIES = "tour"  # the season the demo's drops belong to
COMMUNITY = "default"  # the Twitch channel and the Discord guild share drops, lists and links
EARLY_LIST = "early-birds"  # the moderators' early-access list
SPONSORS = "sponsors"  # their guaranteed list: a unit each before the draw
MIN_ACCOUNT_AGE = timedelta(days=7)  # the anti-bot rule: younger Twitch accounts are kept out
REDEEM_URL = "https://merch.example/redeem"
PARTNER = "merch-co"
MARKER = ".fairdrop-demo"  # in the output folder: the demo may empty it next time


class DemoError(FairdropError):
    """The demo cannot go on; the message is one line saying why."""


@dataclass
class Stage:
    """Where the story happens, and its fixed cast: the streamer, the bot, the moderator."""

    twitch: FakeTwitch
    discord: FakeDiscord
    streamer: FakeUser  # the Twitch channel is theirs
    bot_account: FakeUser  # the bot's Twitch account, a moderator in the channel
    guild: FakeGuild
    announcements: FakeChannel  # where drops are posted with their Enter button
    news: FakeChannel  # where the 24 h and 72 h summaries go
    moderator: FakeMember
    supporters: FakeRole  # a Discord role the early-access tier admits
    web_port: int

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"


@contextlib.asynccontextmanager
async def staged() -> AsyncIterator[Stage]:
    """Start both fakes and set the scene; close them on the way out."""
    async with FakeTwitch() as twitch, FakeDiscord() as discord:
        streamer = twitch.add_user("nova_streams", display_name="Nova_Streams")
        bot_account = twitch.add_user("fairdropbot")
        twitch.add_moderator(bot_account, streamer)  # 100 chat messages per 30 s, not 20
        guild = discord.add_guild("Nova's Nook", channels=("general", "drops", "news"))
        crew = discord.add_role(guild, "crew", "manage_guild")
        yield Stage(
            twitch=twitch,
            discord=discord,
            streamer=streamer,
            bot_account=bot_account,
            guild=guild,
            announcements=guild.channel("drops"),
            news=guild.channel("news"),
            moderator=discord.add_member(guild, "mod_kit", roles=[crew]),
            supporters=discord.add_role(guild, "Supporter"),
            web_port=_free_port(),
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def prepare_out(out: Path) -> None:
    """The output folder, emptied: each run starts from a new database and new keys. Only a
    folder an earlier demo made (it carries a marker file) or an empty one is cleared: never
    someone's project with its own fairdrop.db."""
    if out.exists() and not out.is_dir():
        raise DemoError(f"{out} exists and is not a folder")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise DemoError(f"{out} holds files the demo did not write; pass another --out")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    (out / MARKER).write_text("written by `fairdrop demo`, which empties this folder\n")


# The demo's beacon: quicknet's key and its genuine round 1000, served by the fake relay, on a
# chain placed in time (genesis, a one-hour period) so that round 1000 is the first after any
# close within an hour of the start: the drop commits to it at open and the draw waits for it.
DEMO_ROUND = 1000
DEMO_PERIOD = 3600


def demo_chain(start: datetime) -> Chain:
    """Quicknet's key and rounds, with round 999 at ``start`` and round 1000 an hour later."""
    genesis = int(start.timestamp()) - (DEMO_ROUND - 2) * DEMO_PERIOD
    return QUICKNET.placed(genesis, DEMO_PERIOD)


def with_beacon(settings: Settings, relay_url: str, chain: Chain) -> Settings:
    """The demo's settings with lotteries committed to the fake relay's rounds of ``chain``."""
    beacon = BeaconSettings(
        enabled=True,
        mirrors=[relay_url],
        genesis=chain.genesis,
        period=chain.period,
        timeout=timedelta(seconds=2),
        passes=1,
    )
    return settings.model_copy(update={"beacon": beacon})


def settings_for(stage: Stage, out: Path, language: str = LANGUAGE) -> Settings:
    """fairdrop's embedded defaults, pointed at the fakes, with the demo's drop rules, speaking
    `language` to the community.

    What differs from the defaults and why: the early-access tier also admits the Discord
    Supporter role and the moderators' list; young Twitch accounts are kept out (the anti-bot
    rule); the scheduler replans often, because the demo changes the clock's speed.
    """
    twitch, discord = stage.twitch, stage.discord
    out = out.resolve()  # the CLI may read the demo's record later, from anywhere
    early = TierSettings(
        name="early",
        rules=[
            "badge:subscriber",
            "badge:founder",
            "badge:vip",
            f"role:{stage.supporters.id}",
            f"list:{EARLY_LIST}",
        ],
    )
    public = TierSettings(name="public", rules=["everyone"], opens_after=timedelta(minutes=2))
    return Settings(
        database=DatabaseSettings(url=f"sqlite:///{out / 'fairdrop.db'}"),
        keys=KeysSettings(path=out / "keys" / "signing.json"),
        drops=DropDefaults(
            series=SERIES,  # the demo's drops are one season, reported at the end
            tiers=[early, public],
            min_account_age=MIN_ACCOUNT_AGE,
            redemption_url=REDEEM_URL,
            guaranteed=[SPONSORS],
        ),
        twitch=TwitchSettings(
            enabled=True,
            client_id=twitch.client_id,
            bot_id=stage.bot_account.id,
            moderator=True,
            claim_url=f"{stage.web_url}/claim/{{drop}}",
            api_base=twitch.api_base,
            auth_base=twitch.id_base,
            eventsub_url=twitch.eventsub_url,
            channels=[TwitchChannelSettings(name=COMMUNITY, broadcaster_id=stage.streamer.id)],
        ),
        discord=DiscordSettings(
            enabled=True,
            application_id=str(discord.application_id),
            api_base=discord.api_base,
            gateway_url=discord.gateway_url,
            post_edit_interval=timedelta(seconds=1),
            guilds=[
                DiscordGuildSettings(
                    id=str(stage.guild.id),
                    name=COMMUNITY,
                    announce_channel_id=str(stage.announcements.id),
                    summary_channel_id=str(stage.news.id),
                    moderator_role_id=str(stage.guild.role("crew").id),
                )
            ],
        ),
        messages=MessagesSettings(language=language),
        web=WebSettings(
            enabled=True, port=stage.web_port, public_url=stage.web_url, metrics_port=0
        ),
        # The demo's own clock sets the pace (see bot.demo.timing); the scheduler must replan
        # soon after each change of speed, as the wall times of what it planned move.
        scheduler=SchedulerSettings(replan_every=timedelta(seconds=0.2)),
    )


def write_cli_config(out: Path, settings: Settings) -> Path:
    """A config file for the CLI to read the demo's record afterwards (`fairdrop report hoodie
    --config fairdrop-demo/fairdrop.toml`): its database and keys, by absolute path."""
    path = out / "fairdrop.toml"
    database, keys = json.dumps(settings.database.url), json.dumps(str(settings.keys.path))
    path.write_text(
        "# Written by `fairdrop demo`: the CLI reads the demo's database and keys with it.\n"
        f"[database]\nurl = {database}\n\n[keys]\npath = {keys}\n",
        encoding="utf-8",
    )
    return path


def secrets_for(stage: Stage) -> dict[str, str]:
    """The environment `run` reads its secrets from: tokens the fakes issued."""
    token = stage.twitch.issue_user_token(stage.bot_account)
    return {
        "FAIRDROP_TWITCH_CLIENT_SECRET": stage.twitch.client_secret,
        "FAIRDROP_TWITCH_BOT_TOKEN": token.access_token,
        "FAIRDROP_TWITCH_BOT_REFRESH_TOKEN": token.refresh_token or "",
        "FAIRDROP_DISCORD_TOKEN": stage.discord.bot_token,
    }
