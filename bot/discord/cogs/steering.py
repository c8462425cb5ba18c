"""`/drop disqualify|extend|edit|pause|resume`: moderators steering a drop under way from
Discord. `bot.discord.cogs.drops` declares the slash commands; these are the works they run,
kept apart (as `series.py` is) because they change a drop already made, through the drop
service's `steering`, where the rest of the cog makes, opens and closes drops."""

from __future__ import annotations

import discord

from bot.discord import text
from bot.discord.cogs.guard import moderator_action, options
from bot.discord.replies import Reply
from bot.discord.shared import DiscordContext
from bot.drop_presets import drop_edit
from bot.drops.audit import disqualified_result
from bot.drops.disqualify import WinnerRef
from bot.kernel.durations import parse_duration


async def disqualify(
    context: DiscordContext,
    interaction: discord.Interaction,
    member: discord.Member,
    reason: str,
    name: str | None,
) -> Reply:
    """Take the member's unit away; it passes down the waitlist."""
    async with moderator_action(
        context,
        interaction,
        "disqualify",
        options(member=member.id, reason=reason),
        drop_name=name or "",
    ) as (channel, act):
        done = await context.drops.steering.disqualify(
            channel,
            WinnerRef(account=f"discord:{member.id}"),
            interaction.user.display_name,
            reason,
            name,
        )
        act.done(disqualified_result(done.serial, done.disqualified))
    return Reply(text.disqualified_reply(done, channel))


async def extend(
    context: DiscordContext, interaction: discord.Interaction, by: str, name: str | None
) -> Reply:
    """Move an open drop's close by `by` (`-5m` closes it earlier)."""
    async with moderator_action(
        context, interaction, "extend", options(by=by), drop_name=name or ""
    ) as (channel, act):
        sign = -1 if by.strip().startswith("-") else 1
        span = parse_duration(by.strip().lstrip("+-")) * sign
        drop = await context.drops.steering.extend(
            channel, span, interaction.user.display_name, name
        )
        act.done(drop.changes[-1].what, drop_id=drop.id, drop_name=drop.name)
    return Reply(text.extended_reply(drop, span, channel))


async def edit(
    context: DiscordContext,
    interaction: discord.Interaction,
    name: str,
    *,
    title: str | None,
    supply: int | None,
    duration: str | None,
    early: str | None,
    at: str | None,
) -> Reply:
    """Change a draft or scheduled drop before it opens."""
    typed = options(title=title, supply=supply, duration=duration, early=early, at=at)
    async with moderator_action(context, interaction, "edit", typed, drop_name=name) as (
        channel,
        act,
    ):
        drops = context.drops
        drop = await drops.find(channel, name)
        change = drop_edit(
            context.settings,
            drop.spec.tiers,
            drops.clock.now(),
            title=title,
            supply=supply,
            entry_window=parse_duration(duration) if duration else None,
            early=parse_duration(early) if early else None,
            at=at,
        )
        drop = await drops.steering.edit(channel, name, change, interaction.user.display_name)
        act.done(drop.changes[-1].what, drop_id=drop.id, drop_name=drop.name)
    return Reply(text.edited_reply(drop, channel))


async def pause_or_resume(
    context: DiscordContext, interaction: discord.Interaction, name: str | None, *, resume: bool
) -> Reply:
    """Pause a drop's entries (the time left is kept), or take them again."""
    action = "resume" if resume else "pause"
    async with moderator_action(context, interaction, action, drop_name=name or "") as (
        channel,
        act,
    ):
        steering = context.drops.steering
        change = steering.resume if resume else steering.pause
        drop = await change(channel, interaction.user.display_name, name)
        act.done(drop.changes[-1].what, drop_id=drop.id, drop_name=drop.name)
    return Reply(text.paused_reply(drop, channel))
