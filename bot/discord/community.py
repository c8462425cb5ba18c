"""Which fairdrop community a guild belongs to, and its setup: config defaults, then what
`/fairdrop setup` stored. No discord.py import: tested on its own."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from bot.config import DiscordGuildSettings
from bot.discord.text import say
from bot.messages.catalog import Verbatim
from bot.store.discord_store import DiscordStore, GuildSetup


class Communities:
    def __init__(self, guilds: Iterable[DiscordGuildSettings], store: DiscordStore) -> None:
        self.configured = {g.id: g for g in guilds if g.id}
        self.store = store
        self._setups: dict[str, GuildSetup] = {}  # cache: setup changes only through `save`

    def adopt(self, guilds: Iterable[DiscordGuildSettings]) -> list[str]:
        """Serve the guilds of a reloaded config from now on; the ids that are new or whose
        settings changed (their commands may need pushing). A guild no longer configured is
        no longer served; what `/fairdrop setup` stored for any guild stays."""
        configured = {g.id: g for g in guilds if g.id}
        changed = [i for i, g in configured.items() if self.configured.get(i) != g]
        for guild_id in changed:
            self._setups.pop(guild_id, None)  # its config defaults may have moved
        self.configured = configured
        return changed

    def community_of(self, guild_id: str | int | None) -> str | None:
        """The community name of a configured guild; None for any other guild or a DM."""
        guild = self.configured.get(str(guild_id)) if guild_id is not None else None
        return guild.name if guild is not None else None

    def guilds_of(self, community: str) -> list[str]:
        return [g.id for g in self.configured.values() if g.name == community]

    async def setup(self, guild_id: str) -> GuildSetup:
        if guild_id not in self._setups:
            stored = await asyncio.to_thread(self.store.setup, guild_id)
            self._setups[guild_id] = _overlay(self._defaults(guild_id), stored)
        return self._setups[guild_id]

    async def save(self, setup: GuildSetup, by: str, at: datetime) -> GuildSetup:
        merged = _overlay(await self.setup(setup.guild_id), setup)
        await asyncio.to_thread(self.store.save_setup, merged, by, at)
        self._setups[setup.guild_id] = merged
        return merged

    def _defaults(self, guild_id: str) -> GuildSetup:
        g = self.configured.get(guild_id)
        if g is None:
            return GuildSetup(guild_id)
        return GuildSetup(
            guild_id, g.announce_channel_id, g.summary_channel_id, g.moderator_role_id
        )


def _overlay(base: GuildSetup, top: GuildSetup | None) -> GuildSetup:
    """`base` with every value `top` sets ("" leaves the base's)."""
    if top is None:
        return base
    return replace(
        base,
        announce_channel_id=top.announce_channel_id or base.announce_channel_id,
        summary_channel_id=top.summary_channel_id or base.summary_channel_id,
        moderator_role_id=top.moderator_role_id or base.moderator_role_id,
    )


def may_run_drops(role_ids: Iterable[str], manage_guild: bool, moderator_role_id: str) -> bool:
    """Members with Manage Server (or Administrator), or the guild's moderator role."""
    return manage_guild or (bool(moderator_role_id) and moderator_role_id in set(role_ids))


def refusal(moderator_role_id: str, community: str = "") -> str:
    """What a member who may not run a moderator command is told (the role shown by name)."""
    if moderator_role_id:
        role = Verbatim(f"<@&{int(moderator_role_id)}>")  # shown, never pinged: no mentions allowed
        return say("discord-refused-not-moderator", community, role=role)
    return say("discord-refused-no-moderator-role", community)
