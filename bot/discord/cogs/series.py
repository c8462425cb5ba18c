"""`/drop schedule name every:"fri 20:00"` and `/drop series [stop]`: recurring drops from
Discord, beside the drop commands (`bot.discord.cogs.drops` holds the slash commands; these
are the works they run, kept apart so that cog stays small)."""

from __future__ import annotations

import discord

from bot.discord import text
from bot.discord.cogs.guard import Refused, moderator_action, moderator_community, options
from bot.discord.replies import Reply
from bot.discord.shared import DiscordContext
from bot.drops.model import Mode
from bot.drops.recurrence import Series, SeriesOptions
from bot.drops.recurring import RecurringDrops
from bot.kernel.durations import parse_duration
from bot.messages.catalog import Verbatim


def _recurring(context: DiscordContext, channel: str) -> RecurringDrops:
    if context.recurring is None:
        raise Refused(text.say("discord-mod-series-none", channel))
    return context.recurring


async def start(
    context: DiscordContext,
    interaction: discord.Interaction,
    name: str,
    every: str,
    typed: SeriesOptions,
    shown: str,
) -> Reply:
    """Start a weekly series; the moderator's private answer names its first time."""
    async with moderator_action(context, interaction, "series-start", shown, drop_name=name) as (
        channel,
        act,
    ):
        series = await _recurring(context, channel).start(
            channel, name, every, typed, interaction.user.display_name
        )
        act.done(f"every {series.every.text}, first {series.next_at.isoformat()}")
    return Reply(text.say("discord-mod-series-started", channel, **_values(series)))


async def listing_or_stop(
    context: DiscordContext, interaction: discord.Interaction, stop: str | None
) -> Reply:
    """The running series with their next times; with `stop`, that series stopped first."""
    if stop:
        async with moderator_action(
            context, interaction, "series-stop", options(stop=stop), drop_name=stop
        ) as (channel, act):
            stopped = await _recurring(context, channel).stop(
                channel, stop, interaction.user.display_name
            )
            act.done("stopped")
        return Reply(text.say("discord-mod-series-stopped", channel, name=stopped.name))
    channel = await moderator_community(context, interaction)
    running = await _recurring(context, channel).listing(channel)
    if not running:
        return Reply(text.say("discord-mod-series-none", channel))
    lines = [text.say("discord-mod-series-listed", channel, **_values(s)) for s in running]
    return Reply("\n".join(lines))


def series_options(
    title: str | None,
    supply: int | None,
    duration: str | None,
    early: str | None,
    mode: str | None,
) -> SeriesOptions:
    """What each drop of the series opens with, as /drop schedule's options give it."""
    return SeriesOptions(
        supply=supply,
        entry_window=parse_duration(duration) if duration else None,
        early=parse_duration(early) if early else None,
        mode=Mode(mode) if mode else None,
        title=title,
    )


def _values(series: Series) -> dict[str, str | int]:
    return {
        "name": series.name,
        "every": Verbatim(series.every.text),
        "when": Verbatim(text.timestamp(series.next_at, "F")),
    }
