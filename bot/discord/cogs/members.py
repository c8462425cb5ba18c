"""What every member can run: `/link` (join a Twitch account) and `/mydrops` (my entries'
receipts and my codes, privately; `/mycodes`, its first name, stays as an alias)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import text
from bot.discord.cogs.guard import by, community
from bot.discord.replies import MAX_FILES, Reply, answer, qr_file
from bot.discord.shared import DiscordContext

RECEIPTS = 5  # recent drops a member's receipts cover: they fit one message beside codes


class MemberCommands(commands.Cog):
    def __init__(self, context: DiscordContext) -> None:
        self.context = context

    @app_commands.command(description="Get a code to type in Twitch chat, linking your accounts")
    @app_commands.guild_only()
    async def link(self, interaction: discord.Interaction) -> None:
        async def work() -> Reply:
            name = community(self.context, interaction)
            return Reply(text.link_text(await self.context.links.start(by(interaction)), name))

        await answer(interaction, work)

    @app_commands.command(description="Your recent drops: your entries and codes, privately")
    @app_commands.guild_only()
    async def mydrops(self, interaction: discord.Interaction) -> None:
        await answer(interaction, lambda: self._my_drops(interaction))

    # The command's first name: kept, so members (and older posts naming it) still find it.
    @app_commands.command(description="Your codes from recent drops, privately")
    @app_commands.guild_only()
    async def mycodes(self, interaction: discord.Interaction) -> None:
        await answer(interaction, lambda: self._my_drops(interaction))

    async def _my_drops(self, interaction: discord.Interaction) -> Reply:
        """The member's codes, then their receipts: only ever their own, in a private reply."""
        name = community(self.context, interaction)
        account = by(interaction)
        web = self.context.settings.web
        public_url = web.public_url if web.enabled else ""
        found = await self.context.drops.collect_everywhere(account, MAX_FILES)
        parts, files = [], []
        for collected in found:
            drop = await self.context.drops.get(collected.drop_id)
            for code in collected.codes:
                link = text.redeem_link(drop.spec.redemption_url, code.token)
                parts.append(text.code_text(drop.spec.title, code, link, drop.spec.channel))
                files.append(qr_file(code))
            if collected.missed:
                parts.append(text.missed_text(drop.spec.title, collected, drop.spec.channel))
        # Codes first: a long list of receipts is what gets clipped, never a code.
        receipts = await self.context.drops.receipts.of_account(account, RECEIPTS)
        if receipts:
            parts.append(text.say("discord-receipts-heading", name))
            parts += [text.receipt_text(r, public_url, name) for r in receipts]
        if not parts:
            return Reply(text.say("discord-no-drops", name))
        return Reply(text.clip_message("\n\n".join(parts)), files)
