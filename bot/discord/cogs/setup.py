"""`/fairdrop setup`: where drops and summaries are posted, and who runs them (Manage Server).

Only members with Manage Server (or Administrator) may run it, checked in the bot; each change
is in the audit log. Discord resolves the options (a text channel and a role of this server), so
a value cannot name another server's; what is answered are channel and role mentions, no ids of
anything else and nothing secret.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import text
from bot.discord.cogs.guard import by, community, options, require_manage_guild
from bot.discord.replies import Reply, answer
from bot.discord.shared import DiscordContext
from bot.drops.audit import Actor
from bot.messages.catalog import Verbatim
from bot.store.discord_store import GuildSetup


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class SetupCommands(commands.GroupCog, group_name="fairdrop", group_description="fairdrop"):
    def __init__(self, context: DiscordContext) -> None:
        self.context = context
        super().__init__()

    @app_commands.command(description="Choose the announcement and summary channels and the role")
    @app_commands.describe(
        announce_channel="Where drops are posted with their Enter button",
        summary_channel="Where the 24 h and 72 h summaries go (default: announcements)",
        moderator_role="Members with this role run drops and lists (besides Manage Server)",
    )
    async def setup(
        self,
        interaction: discord.Interaction,
        announce_channel: discord.TextChannel | None = None,
        summary_channel: discord.TextChannel | None = None,
        moderator_role: discord.Role | None = None,
    ) -> None:
        async def work() -> Reply:
            # Manage Server, checked here (the command's default permission is only a hint a
            # server admin can override) and first: the moderator role may not pick itself.
            require_manage_guild(interaction)
            name = community(self.context, interaction)
            wanted = GuildSetup(
                str(interaction.guild_id),
                str(announce_channel.id) if announce_channel else "",
                str(summary_channel.id) if summary_channel else "",
                str(moderator_role.id) if moderator_role else "",
            )
            asked = options(
                announce_channel=wanted.announce_channel_id,
                summary_channel=wanted.summary_channel_id,
                moderator_role=wanted.moderator_role_id,
            )
            if not asked:  # nothing chosen: the setup as it stands, nothing written
                return Reply(describe(await self.context.communities.setup(wanted.guild_id), name))
            # Who may run drops is decided here: the audit log keeps each change, as it keeps
            # every moderator action.
            actor = Actor(by(interaction), interaction.user.name)
            async with self.context.drops.book.audit.action(actor, "setup", name, asked):
                now = self.context.drops.clock.now()
                saved = await self.context.communities.save(wanted, by(interaction), now)
            return Reply(describe(saved, name))

        await answer(interaction, work)


def describe(setup: GuildSetup, community: str = "") -> str:
    """The guild's setup in one line: where drops and summaries go, who runs drops."""
    unset = Verbatim(text.say("discord-setup-not-set", community))

    def channel(channel_id: str) -> Verbatim:
        return Verbatim(f"<#{int(channel_id)}>") if channel_id else unset

    role = Verbatim(f"<@&{int(setup.moderator_role_id)}>") if setup.moderator_role_id else unset
    summaries = setup.summary_channel_id or setup.announce_channel_id
    said = text.say(
        "discord-setup",
        community,
        drops=channel(setup.announce_channel_id),
        summaries=channel(summaries),
        role=role,
    )
    return text.clip_message(said)
