"""The discord.py client: cogs, the persistent Enter button, commands synced only on change."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.config import DiscordGuildSettings, DiscordSettings
from bot.discord.cogs.drops import DropCommands
from bot.discord.cogs.lists import ListCommands
from bot.discord.cogs.members import MemberCommands
from bot.discord.cogs.setup import SetupCommands
from bot.discord.enter import EnterButton
from bot.discord.replies import answer_failure
from bot.discord.shared import DiscordContext
from bot.discord.translator import CatalogTranslator
from bot.store.discord_store import DiscordStore

log = logging.getLogger(__name__)

# How long discord.py waits for more guilds after READY; tests shorten it.
GUILD_READY_TIMEOUT = 2.0
# HTTP connections to Discord at once. discord.py's default is unlimited: a rush of presses then
# opens one new connection (and TLS handshake) per deferral, and they all finish late together.
# A bounded pool reuses kept-alive connections and answers the first presses first.
HTTP_CONNECTIONS = 64


def point_discord_at(discord_settings: DiscordSettings) -> None:
    """discord.py reads its endpoints from class attributes: point them at the configured ones."""
    import discord.gateway
    import discord.http
    import yarl

    discord.http.Route.BASE = discord_settings.api_base.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(discord_settings.gateway_url)


class FairdropDiscordBot(commands.Bot):
    def __init__(
        self,
        context: DiscordContext,
        application_id: int,
        *,
        guild_ready_timeout: float | None = None,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            application_id=application_id,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=guild_ready_timeout or GUILD_READY_TIMEOUT,
            help_command=None,
            connector=aiohttp.TCPConnector(limit=HTTP_CONNECTIONS),
        )
        self.fairdrop = context
        self.synced: list[str] = []  # guild ids whose commands were pushed at this start
        # READY or RESUMED seen since the last disconnect. discord.py keeps `is_ready()` true
        # while it reconnects, so /healthz reads this (set by the documented gateway events).
        self.gateway_up = False

    async def on_connect(self) -> None:
        self.gateway_up = True

    async def on_resumed(self) -> None:
        self.gateway_up = True

    async def on_disconnect(self) -> None:
        self.gateway_up = False

    async def setup_hook(self) -> None:
        # Runs once per process (on_ready can fire again after reconnects).
        await self.tree.set_translator(CatalogTranslator())
        self.tree.error(answer_failure)  # a command failing before it runs is answered too
        self.add_dynamic_items(EnterButton)
        for cog in (DropCommands, ListCommands, MemberCommands, SetupCommands):
            await self.add_cog(cog(self.fairdrop))
        self.synced = await sync_commands(
            self.tree, self.fairdrop.store, list(self.fairdrop.communities.configured)
        )

    async def on_guild_join(self, guild: discord.Guild) -> None:
        # The invite was accepted after the start (or after the guild was configured): its
        # commands could not be pushed before, Discord answered 403 while the bot was not in it.
        await self._push_if_configured(guild)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        # A guild joined while discord.py still gathers READY's guilds is announced as available,
        # not joined; so is every guild after a reconnect (the stored digest makes those free).
        await self._push_if_configured(guild)

    async def _push_if_configured(self, guild: discord.Guild) -> None:
        if str(guild.id) in self.fairdrop.communities.configured:
            self.synced += await sync_commands(self.tree, self.fairdrop.store, [str(guild.id)])

    async def adopt_guilds(self, guilds: list[DiscordGuildSettings]) -> list[str]:
        """Serve the guilds of a reloaded config without a restart; push the commands of every
        guild that is new or changed (when the bot is in it; else when it joins). Returns the
        guilds whose commands were pushed."""
        changed = self.fairdrop.communities.adopt(guilds)
        for guild_id in changed:
            log.info("now serving guild %s for community %s", guild_id,
                     self.fairdrop.communities.community_of(guild_id))  # fmt: skip
        pushed = await sync_commands(self.tree, self.fairdrop.store, changed)
        self.synced += pushed
        return pushed


async def sync_commands(
    tree: app_commands.CommandTree[discord.Client], store: DiscordStore, guild_ids: list[str]
) -> list[str]:
    """Push the commands to each guild whose stored digest differs; returns those synced.

    Discord limits how many commands an application may create per guild per day, so an
    unchanged tree is never pushed again, across restarts too.
    """
    synced = []
    for guild_id in guild_ids:
        guild = discord.Object(int(guild_id))
        tree.copy_global_to(guild=guild)
        commands_ = tree.get_commands(guild=guild)
        translator = tree.translator
        # With their localizations: a changed translation is a changed tree.
        payload = (
            [await command.get_translated_payload(tree, translator) for command in commands_]
            if translator is not None
            else [command.to_dict(tree) for command in commands_]
        )
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        if await asyncio.to_thread(store.digest, guild_id) == digest:
            continue
        try:
            await tree.sync(guild=guild)
        except discord.Forbidden:
            # Configured before the invite was accepted: not fatal, `on_guild_join` pushes them.
            log.warning(
                "slash commands not pushed to guild %s: the bot is not in it (yet); invite it "
                "(`fairdrop setup` prints the link) and they are pushed when it joins",
                guild_id,
            )
            continue
        except discord.HTTPException as error:
            log.error("slash commands not pushed to guild %s: %s", guild_id, error)
            continue
        await asyncio.to_thread(store.save_digest, guild_id, digest, discord.utils.utcnow())
        log.info("slash commands synced to guild %s", guild_id)
        synced.append(guild_id)
    return synced
