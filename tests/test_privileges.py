"""The privilege matrix (issue 23 item 8): every command fairdrop answers, on Twitch and on
Discord, run by each kind of person, in one table per platform.

The commands come from the platforms' registries, not from a list kept here: on Twitch every
entry of `bot.twitch.commands.COMMANDS` (the parser knows no other), on Discord every command
and subcommand the bot synced to the fake Discord. A command without a row in the table fails
the test. Each attempt goes through `fairdrop run` against the fake platform: Twitch chat as
EventSub `channel.chat.message` notifications carrying the chatter's badges, Discord slash
commands as interactions carrying the member's roles and permissions. Every attempt by someone
not allowed must be answered with the refusal and change nothing (the drops, entries,
allocations, codes, lists, links and the audit log read the same after it); every attempt by
someone allowed must be let through (an audited command leaves its row in the audit log, the
others answer with something other than the refusal).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import typing
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.config import DiscordGuildSettings
from bot.discord.community import refusal
from bot.discord.text import DISCORD_VOICE
from bot.drops.keyring import Keyring
from bot.messages.catalog import Verbatim, current
from bot.run import run
from bot.store.database import make_engine
from bot.twitch import commands as cmd
from bot.twitch.chat import AUDITED
from bot.twitch.chat_text import TWITCH_VOICE
from fakeplatforms.discord import FakeDiscord, FakeMember, Upload
from fakeplatforms.twitch import FakeTwitch
from tests.fixtures.platforms import fake_discord, fake_twitch
from tests.fixtures.settings import offline_settings
from tests.twitch.test_e2e_drop import running

__all__ = ["fake_discord", "fake_twitch"]

# What a refused attempt must leave as it was.
RECORD = (
    "drops",
    "entries",
    "allocations",
    "codes",
    "audit_log",
    "allocation_lists",
    "allocation_list_members",
    "account_links",
    "discord_guilds",
)

Snapshot = dict[str, list[tuple[Any, ...]]]


def snapshot(url: str) -> Snapshot:
    """Every row of the record tables, in order."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))]
                for t in RECORD
            }
    finally:
        engine.dispose()


def audit_rows(url: str, actor_name: str, detail: str) -> list[tuple[Any, ...]]:
    """The audit log's rows of what `actor_name` asked in `detail`."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            query = text(
                "SELECT action, result FROM audit_log WHERE actor_name = :n AND detail = :d"
            )
            return [tuple(r) for r in conn.execute(query, {"n": actor_name, "d": detail})]
    finally:
        engine.dispose()


# -- Twitch ----------------------------------------------------------------------------------

TWITCH_ROLES: dict[str, list[str]] = {
    "broadcaster": [],  # the channel's own account: the fake adds the broadcaster badge
    "moderator": ["moderator/1"],
    "vip": ["vip/1"],
    "subscriber": ["subscriber/0/1"],
    "viewer": [],
}
MODERATORS = frozenset({"broadcaster", "moderator"})
EVERYONE = frozenset(TWITCH_ROLES)

# Every chat command: (what is typed, who may run it). Keyed like `cmd.COMMANDS`.
TWITCH_TABLE: dict[str, tuple[str, frozenset[str]]] = {
    "claim": ("!claim", EVERYONE),
    "enter": ("!enter hoodie", EVERYONE),
    "link": ("!link ABCD2345", EVERYONE),
    "drop help": ("!drop help", EVERYONE),
    "drop open": ("!drop open tee supply=3 at=+2h", MODERATORS),
    "drop close": ("!drop close hoodie", MODERATORS),
    "drop status": ("!drop status hoodie", MODERATORS),
    "drop cancel": ("!drop cancel tee not today", MODERATORS),
    "drop reroll": ("!drop reroll", MODERATORS),
    "drop list": ("!drop list", MODERATORS),
    "drop disqualify": ("!drop disqualify @fan_a alt account", MODERATORS),
    "drop extend": ("!drop extend 5m hoodie", MODERATORS),
    "drop shorten": ("!drop shorten 1m hoodie", MODERATORS),
    "drop pause": ("!drop pause hoodie", MODERATORS),
    "drop resume": ("!drop resume hoodie", MODERATORS),
    "drop edit": ("!drop edit tee supply=4", MODERATORS),
    "drop schedule": ("!drop schedule weekly every fri 20:00 supply=2", MODERATORS),
    "drop series": ("!drop series", MODERATORS),
    "drop series stop": ("!drop series stop weekly", MODERATORS),
}


def test_every_chat_command_has_a_row_and_each_row_types_its_command() -> None:
    assert set(TWITCH_TABLE) == set(cmd.COMMANDS), "a chat command without a privilege row"
    assert set(cmd.COMMANDS.values()) == set(typing.get_args(cmd.ChatCommand))
    for key, (typed, allowed) in TWITCH_TABLE.items():
        parsed = cmd.parse(typed)
        assert type(parsed) is cmd.COMMANDS[key], key
        assert (allowed == MODERATORS) is cmd.is_privileged(parsed), key


@dataclass
class TwitchWorld:
    twitch: FakeTwitch
    streamer: str
    url: str
    count: int = 0

    def lines_to(self, login: str) -> list[str]:
        """What the bot said that mentions `login`."""
        return [t for t in self.twitch.chat_texts() if f"@{login}" in re.findall(r"@\w+", t)]

    def answered(self, login: str, before: int) -> bool:
        """Whether the bot said more to `login` than the `before` lines."""
        return len(self.lines_to(login)) > before

    def chatter(self, role: str) -> str:
        """A new chatter of `role` (the broadcaster is always the streamer)."""
        self.count += 1
        return self.streamer if role == "broadcaster" else f"{role}_{self.count}"

    async def say(self, login: str, role: str, typed: str) -> None:
        await self.twitch.chat(self.streamer, login, typed, badges=TWITCH_ROLES[role])


@contextlib.asynccontextmanager
async def twitch_running(twitch: FakeTwitch, tmp_path: Path) -> AsyncIterator[TwitchWorld]:
    # The bot is a moderator in the channel: Twitch's budget of 100 lines in 30 s (the table is
    # long), where 20 would hold every answer up for half a minute.
    async with running(twitch, tmp_path, moderator=True) as live:
        yield TwitchWorld(twitch, live.streamer.login, live.settings.database.url)


async def test_on_twitch_only_the_broadcaster_and_moderators_run_moderator_commands(
    fake_twitch: FakeTwitch, tmp_path: Path
) -> None:
    async with twitch_running(fake_twitch, tmp_path) as world:
        twitch = world.twitch
        # Something to protect: a drawn drop with a winner, and a running one with entrants.
        await twitch.chat(world.streamer, world.streamer, "!drop open pin supply=1 early=0s")
        await twitch.wait_until(lambda: any("pin" in t for t in twitch.chat_texts()))
        for fan in ("fan_a", "fan_b"):
            await twitch.chat(world.streamer, fan, "!claim")
        await twitch.wait_until(lambda: len(world.lines_to("fan_b")) >= 1, within=10)
        await twitch.chat(world.streamer, world.streamer, "!drop close")
        await twitch.wait_until(
            lambda: any("is drawn" in t or "won" in t for t in twitch.chat_texts()), within=10
        )
        await twitch.chat(world.streamer, world.streamer, "!drop open hoodie for=1h early=0s")
        await twitch.wait_until(lambda: any("hoodie" in t for t in twitch.chat_texts()), within=10)
        await twitch.chat(world.streamer, "fan_c", "!claim")
        await twitch.wait_until(lambda: len(world.lines_to("fan_c")) >= 1, within=10)

        refusal = current().say(TWITCH_VOICE, "twitch-reply-mods-only", "stream")
        refused = 0
        # Those who may not, first: the record must be the same after each of their attempts.
        for key, (typed, allowed) in TWITCH_TABLE.items():
            for role in EVERYONE - allowed:
                before = snapshot(world.url)
                login = world.chatter(role)
                await world.say(login, role, typed)
                expected = current().say(
                    TWITCH_VOICE,
                    "twitch-reply",
                    "stream",
                    answer=Verbatim(refusal),
                    mention=Verbatim(f"@{login}"),
                )
                await twitch.wait_until(partial(world.lines_to, login), within=10)
                assert world.lines_to(login) == [expected], (key, role)
                assert snapshot(world.url) == before, (key, role)
                refused += 1
        # Then those who may: let through, never told they may not.
        for key, (typed, allowed) in TWITCH_TABLE.items():
            for role in sorted(allowed):
                login = world.chatter(role)
                answered = len(world.lines_to(login))
                await world.say(login, role, typed)
                if type(cmd.parse(typed)) in AUDITED:
                    rows = await twitch.wait_until(
                        partial(audit_rows, world.url, login, typed), within=10
                    )
                    assert len(rows) == 1, (key, role)
                else:
                    await twitch.wait_until(partial(world.answered, login, answered), within=10)
                assert not any(refusal in line for line in world.lines_to(login)), (key, role)
    assert refused == 3 * sum(allowed == MODERATORS for _, allowed in TWITCH_TABLE.values())


# -- Discord ---------------------------------------------------------------------------------

MANAGERS = frozenset({"manage server"})
CREW = frozenset({"manage server", "moderator role"})
MEMBERS = frozenset({"manage server", "moderator role", "member"})

# Options that name something in the guild, filled in when the command is run.
FAN, DROPS_CHANNEL, CREW_ROLE, CSV = "<fan>", "<drops channel>", "<crew role>", "<csv>"

# Every slash command: (its options, who may run it). Keyed by its path as typed.
DISCORD_TABLE: dict[str, tuple[dict[str, object], frozenset[str]]] = {
    "drop create": ({"name": "tee", "supply": 3}, CREW),
    "drop open": ({"name": "tee"}, CREW),
    "drop schedule": ({"name": "cap", "at": "+2h"}, CREW),
    "drop series": ({"stop": "weekly"}, CREW),
    "drop close": ({"name": "hoodie"}, CREW),
    "drop status": ({"name": "hoodie"}, CREW),
    "drop cancel": ({"name": "cap", "reason": "not today"}, CREW),
    "drop reroll": ({}, CREW),
    "drop list": ({}, CREW),
    "drop history": ({"member": FAN}, CREW),
    "drop audit": ({}, CREW),
    "drop disqualify": ({"member": FAN, "reason": "alt account", "name": "pin"}, CREW),
    "drop extend": ({"by": "5m", "name": "hoodie"}, CREW),
    "drop edit": ({"name": "tee", "supply": 4}, CREW),
    "drop pause": ({"name": "hoodie"}, CREW),
    "drop resume": ({"name": "hoodie"}, CREW),
    "alloc create": ({"name": "vips"}, CREW),
    "alloc add": ({"name": "vips", "members": "twitch:123"}, CREW),
    "alloc remove": ({"name": "vips", "members": "twitch:123"}, CREW),
    "alloc list": ({}, CREW),
    "alloc import": ({"name": "vips", "file": CSV}, CREW),
    "alloc export": ({"name": "vips"}, CREW),
    "alloc delete": ({"name": "vips"}, CREW),
    "fairdrop setup": (
        {"announce_channel": DROPS_CHANNEL, "moderator_role": CREW_ROLE},
        MANAGERS,
    ),
    "link": ({}, MEMBERS),
    "mycodes": ({}, MEMBERS),
    "mydrops": ({}, MEMBERS),
}


def registered_paths(commands: list[dict[str, Any]]) -> set[str]:
    """Every command the bot registered, as typed: top-level, and each subcommand under it."""
    paths: set[str] = set()

    def walk(prefix: str, options: list[dict[str, Any]]) -> None:
        subcommands = [o for o in options if o["type"] in (1, 2)]  # subcommand (group)
        if not subcommands:
            paths.add(prefix)
        for sub in subcommands:
            walk(f"{prefix} {sub['name']}", sub.get("options") or [])

    for command in commands:
        if command.get("type", 1) == 1:  # chat input; not user or message context menus
            walk(command["name"], command.get("options") or [])
    return paths


async def test_on_discord_only_manage_server_and_the_moderator_role_run_moderator_commands(
    fake_discord: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.discord.client.GUILD_READY_TIMEOUT", 0.05)
    fake = fake_discord
    guild = fake.add_guild("Streamer's place", channels=("general", "drops"))
    drops_channel = guild.channel("drops")
    crew_role = fake.add_role(guild, "drop crew")
    people: dict[str, FakeMember] = {
        "manage server": fake.add_member(guild, "owner", permissions="manage_guild"),
        "moderator role": fake.add_member(guild, "crew", roles=[crew_role]),
        "member": fake.add_member(guild, "member"),
    }
    fans = [fake.add_member(guild, name, dms_open=False) for name in ("ann", "bob")]
    base = offline_settings()
    url = f"sqlite:///{tmp_path}/fd.db"
    guild_settings = DiscordGuildSettings(
        id=str(guild.id),
        name="main",
        announce_channel_id=str(drops_channel.id),
        moderator_role_id=str(crew_role.id),
    )
    settings = base.model_copy(
        update={
            "database": base.database.model_copy(update={"url": url}),
            "discord": base.discord.model_copy(
                update={
                    "enabled": True,
                    "application_id": str(fake.application_id),
                    "api_base": fake.api_base,
                    "gateway_url": fake.gateway_url,
                    "post_edit_interval": timedelta(seconds=0.2),
                    "guilds": [guild_settings],
                }
            ),
        }
    )
    filled: dict[str, Callable[[], object]] = {
        FAN: lambda: fans[0],
        DROPS_CHANNEL: lambda: drops_channel,
        CREW_ROLE: lambda: crew_role,
        CSV: lambda: Upload("vips.csv", b"account,display_name\ntwitch:456,someone\n"),
    }

    def options_of(path: str) -> dict[str, Any]:
        given = DISCORD_TABLE[path][0]
        return {
            k: filled[v]() if isinstance(v, str) and v in filled else v for k, v in given.items()
        }

    stop, ready = asyncio.Event(), asyncio.Event()
    env = {"FAIRDROP_DISCORD_TOKEN": fake.bot_token}
    task = asyncio.create_task(
        run(settings, Keyring.new(datetime.now(UTC)), stop=stop, env=env, ready=ready)
    )
    try:
        await asyncio.wait_for(ready.wait(), 10)
        await fake.wait_until(lambda: fake.connected, within=10)
        assert registered_paths(fake.commands(guild)) == set(DISCORD_TABLE), (
            "a slash command without a privilege row"
        )
        owner = people["manage server"]
        # Something to protect: a drawn drop with a winner, a running one with an entrant, a list.
        posts = 0
        for path, typed in (
            ("drop open", {"name": "pin", "supply": 1, "early": "0s"}),
            ("enter", {}),
            ("drop close", {}),
            ("drop open", {"name": "hoodie", "duration": "1h", "early": "0s"}),
            ("enter", {}),
            ("alloc create", {"name": "vips"}),
        ):
            if path == "enter":
                posts += 1
                found = await fake.wait_for_message(
                    drops_channel, lambda m: bool(m.custom_ids), count=posts
                )
                post = found[posts - 1]
                for fan in fans:
                    await (await fake.press(fan, post, post.custom_ids[0])).wait_content()
            else:
                await (await fake.slash(owner, path, **typed)).wait_content()

        refusals = {
            CREW: refusal(str(crew_role.id), "main"),
            MANAGERS: current().say(DISCORD_VOICE, "discord-refused-setup", "main"),
        }
        refused = 0
        for path, (_, allowed) in DISCORD_TABLE.items():
            for role in sorted(MEMBERS - allowed):
                before = snapshot(url)
                ix = await fake.slash(people[role], path, **options_of(path))
                said = await ix.wait_content()
                assert (ix.ephemeral, said) == (True, refusals[allowed]), (path, role)
                assert snapshot(url) == before, (path, role)
                refused += 1
        for path, (_, allowed) in DISCORD_TABLE.items():
            for role in sorted(allowed):
                ix = await fake.slash(people[role], path, **options_of(path))
                said = await ix.wait_content()
                assert said not in refusals.values(), (path, role, said)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
    assert refused == sum(3 - len(allowed) for _, allowed in DISCORD_TABLE.values())
