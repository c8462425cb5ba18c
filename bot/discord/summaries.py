"""A conversion summary as a Discord embed, with the funnel chart as its image.

Every name in it (title, tiers, reasons) is the streamer's or a moderator's text and goes
through `text.plain`; the message is sent with no mention allowed at all.
"""

from __future__ import annotations

import discord

from bot.discord import text
from bot.drops.figures import ConversionSummary, Counts
from bot.reports.chart import FILENAME
from bot.reports.numbers import after_close, duration, money, percent, when

COLOUR = 0x4C51BF
MAX_ROWS = 8  # per field: a summary is read at a glance, the report has the rest


def summary_embed(s: ConversionSummary, link: str = "") -> discord.Embed:
    """The headline figures, the funnel's rates, who entered and the fairness by tier; the
    chart is expected as the attachment `FILENAME`."""
    embed = discord.Embed(
        title=f"{text.plain(s.title or s.drop, 80)}: {after_close(s.label)}",
        url=link or None,
        colour=COLOUR,
        description=(
            f"**{s.entrants:,}** entrants ({s.new:,} new, {s.returning:,} returning), "
            f"**{s.winners:,}** winners, **{s.redeemed:,}** redeemed "
            f"({percent(s.redeemed_per_winner)} of winners, "
            f"{percent(s.redeemed_per_viewed)} of codes viewed)."
        ),
        timestamp=s.as_of,
    )
    embed.add_field(
        name="Funnel",
        value="\n".join(f"{name}: **{count:,}**" for name, count in s.funnel()),
    )
    embed.add_field(
        name="Timing",
        value=(
            f"median to claim: **{duration(s.median_claim_seconds)}**\n"
            f"median to redeem: **{duration(s.median_redeem_seconds)}**\n"
            f"rerolled: **{s.rerolls:,}**"
        ),
    )
    if s.orders_with_value:
        embed.add_field(
            name="Revenue reported",
            value=f"**{money(s.revenue_cents)}** from {s.orders_with_value:,} orders",
        )
    embed.add_field(name="By tier", value=_rows(s.by_tier))
    embed.add_field(name="By platform", value=_rows(s.by_platform))
    if s.kept_out or s.left_out:
        embed.add_field(name="Filtered", value=_rows(s.kept_out + s.left_out))
    if s.fairness:
        embed.add_field(
            name="Fairness: share of entries → share of winners",
            value="\n".join(
                f"{text.plain(t.tier, 40)}: {t.entry_share:.0%} → **{t.winner_share:.0%}**"
                for t in s.fairness[:MAX_ROWS]
            ),
            inline=False,
        )
    embed.set_image(url=f"attachment://{FILENAME}")
    provisional = "" if s.final else " (provisional)"
    embed.set_footer(text=f"As of {when(s.as_of)}{provisional}; closed {when(s.closed_at)}")
    return embed


def _rows(counts: Counts) -> str:
    shown = [f"{text.plain(name, 60)}: **{count:,}**" for name, count in counts[:MAX_ROWS]]
    if len(counts) > MAX_ROWS:
        shown.append(f"and {len(counts) - MAX_ROWS} more")
    return "\n".join(shown) or "none"
