"""Who may run a moderator command in a guild, checked in the bot (Discord's default
permissions on the command are only a hint that server admins can override)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable

import discord
from discord import app_commands

from bot.discord import text
from bot.discord.community import may_run_drops, refusal
from bot.discord.shared import DiscordContext
from bot.drops.audit import Act, Actor
from bot.kernel.errors import DropError


class Refused(DropError):
    """A member may not do this here; the message says why."""


def community(context: DiscordContext, interaction: discord.Interaction) -> str:
    name = context.communities.community_of(interaction.guild_id)
    if name is None:
        raise Refused(text.say("discord-refused-not-set-up"))
    return name


async def moderator_community(context: DiscordContext, interaction: discord.Interaction) -> str:
    """The guild's community, if the member has the moderator role or Manage Server."""
    name = community(context, interaction)
    setup = await context.communities.setup(str(interaction.guild_id))
    user = interaction.user
    # Every role counts here, @everyone too: a guild may deliberately make it the drop role.
    roles = [str(r.id) for r in user.roles] if isinstance(user, discord.Member) else []
    if not may_run_drops(roles, _manages(interaction), setup.moderator_role_id):
        raise Refused(refusal(setup.moderator_role_id, name))
    return name


@contextlib.asynccontextmanager
async def moderator_action(
    context: DiscordContext,
    interaction: discord.Interaction,
    action: str,
    detail: str = "",
    *,
    drop_name: str = "",
) -> AsyncIterator[tuple[str, Act]]:
    """The guild's community for a moderator (see `moderator_community`), with what the command
    then does stored in the audit log as it ends (its result, refusal or failure)."""
    channel = await moderator_community(context, interaction)
    actor = Actor(by(interaction), interaction.user.name)
    audit = context.drops.book.audit
    async with audit.action(actor, action, channel, detail, drop_name=drop_name) as act:
        yield channel, act


def options(**values: object) -> str:
    """A command's options as the audit log keeps them: `supply=4 early=0s` (unset left out)."""
    return " ".join(f"{key}={value}" for key, value in values.items() if value not in (None, ""))


def require_manage_guild(interaction: discord.Interaction) -> None:
    if not _manages(interaction):
        raise Refused(text.say("discord-refused-setup"))


def _manages(interaction: discord.Interaction) -> bool:
    permissions = interaction.permissions  # the member's, as Discord sent them
    return permissions.manage_guild or permissions.administrator


def role_ids(user: discord.User | discord.Member) -> list[str]:
    """The member's role ids as gating knows them (none outside a guild; not @everyone)."""
    if isinstance(user, discord.Member):
        return [str(r.id) for r in user.roles if not r.is_default()]
    return []


MAX_CHOICES = 25  # Discord shows at most this many autocomplete choices


def choices(names: Iterable[str], typed: str) -> list[app_commands.Choice[str]]:
    """Autocomplete choices: the names containing what was typed, each once, in order."""
    typed = typed.lower()
    matching = dict.fromkeys(n for n in names if typed in n.lower())
    return [app_commands.Choice(name=n, value=n) for n in matching][:MAX_CHOICES]


def by(interaction: discord.Interaction) -> str:
    return f"discord:{interaction.user.id}"
