"""What every member can run: `/link` (join a Twitch account) and `/mycodes` (my codes)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import text
from bot.discord.cogs.guard import by, community
from bot.discord.replies import MAX_FILES, Reply, answer, qr_file
from bot.discord.shared import DiscordContext


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

    @app_commands.command(description="Your codes from recent drops, privately")
    @app_commands.guild_only()
    async def mycodes(self, interaction: discord.Interaction) -> None:
        async def work() -> Reply:
            name = community(self.context, interaction)
            found = await self.context.drops.collect_everywhere(by(interaction), MAX_FILES)
            parts, files = [], []
            for collected in found:
                drop = await self.context.drops.get(collected.drop_id)
                for code in collected.codes:
                    link = text.redeem_link(drop.spec.redemption_url, code.token)
                    parts.append(text.code_text(drop.spec.title, code, link, drop.spec.channel))
                    files.append(qr_file(code))
                if collected.missed:
                    parts.append(text.missed_text(drop.spec.title, collected, drop.spec.channel))
            if not parts:
                return Reply(text.say("discord-no-codes", name))
            return Reply("\n\n".join(parts), files)

        await answer(interaction, work)
