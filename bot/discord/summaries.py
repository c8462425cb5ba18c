"""A conversion summary as a Discord embed, with the funnel chart as its image.

Every name in it (title, tiers, reasons) is the streamer's or a moderator's text and goes
through `text.plain`; the message is sent with no mention allowed at all.
"""

from __future__ import annotations

from collections.abc import Callable

import discord

from bot.discord import text
from bot.drops.figures import ConversionSummary, Counts
from bot.drops.notice_kinds import SeasonSummary
from bot.drops.summary import NOW, reason_kind
from bot.messages.catalog import Value, Verbatim, current
from bot.messages.figures import duration_in, money_in, month_in, number_in, percent_in
from bot.reports.chart import FILENAME
from bot.reports.season_chart import FILENAME as SEASON_FILENAME

COLOUR = 0x4C51BF
MAX_ROWS = 8  # per field: a summary is read at a glance, the report has the rest


def summary_embed(s: ConversionSummary, link: str = "") -> discord.Embed:
    """The headline figures, the funnel's rates, who entered and the fairness by tier; the
    chart is expected as the attachment `FILENAME`."""
    community = s.channel

    def say(message_id: str, **values: Value) -> str:
        return text.say(message_id, community, **values)

    language = current().language_of(community)
    after = (
        say("discord-summary-so-far")
        if s.label == NOW
        else say("discord-summary-after", span=_ours(f"{s.label[:-1]} {s.label[-1]}"))
    )
    embed = discord.Embed(
        title=say("discord-summary-title", title=s.title or s.drop, after=_ours(after)),
        url=link or None,
        colour=COLOUR,
        description=say(
            "discord-summary-description",
            entrants=s.entrants,
            new=s.new,
            returning=s.returning,
            winners=s.winners,
            redeemed=s.redeemed,
            share_of_winners=_ours(percent_in(s.redeemed_per_winner, language)),
            share_of_viewed=_ours(percent_in(s.redeemed_per_viewed, language)),
        ),
        timestamp=s.as_of,
    )
    embed.add_field(
        name=say("discord-summary-funnel"),
        value="\n".join(
            say("discord-summary-step", step=_ours(step), count=count) for step, count in s.funnel()
        ),
    )
    embed.add_field(
        name=say("discord-summary-timing"),
        value=say(
            "discord-summary-timing-value",
            claim=_ours(duration_in(s.median_claim_seconds, language)),
            redeem=_ours(duration_in(s.median_redeem_seconds, language)),
            rerolls=s.rerolls,
        ),
    )
    if s.orders_with_value:
        embed.add_field(
            name=say("discord-summary-revenue"),
            value=say(
                "discord-summary-revenue-value",
                money=_ours(money_in(s.revenue_cents, language)),
                orders=s.orders_with_value,
            ),
        )
    embed.add_field(name=say("discord-summary-by-tier"), value=_rows(say, s.by_tier))
    embed.add_field(name=say("discord-summary-by-platform"), value=_rows(say, s.by_platform))
    if s.kept_out or s.left_out:
        embed.add_field(
            name=say("discord-summary-filtered"),
            value=_rows(say, s.kept_out + s.left_out, reasons=True),
        )
    if s.fairness:
        embed.add_field(
            name=say("discord-summary-fairness"),
            value="\n".join(
                say(
                    "discord-summary-fairness-row",
                    tier=t.tier,
                    entry_share=_ours(percent_in(t.entry_share, language)),
                    winner_share=_ours(percent_in(t.winner_share, language)),
                )
                for t in s.fairness[:MAX_ROWS]
            ),
            inline=False,
        )
    embed.set_image(url=f"attachment://{FILENAME}")
    footer = "discord-summary-footer" if s.final else "discord-summary-footer-provisional"
    # A footer shows no Discord timestamp markup: the community's zone, in its language's words.
    as_of, closed = (
        current().moment_of(s.as_of, community),
        current().moment_of(s.closed_at, community),
    )
    embed.set_footer(text=say(footer, as_of=as_of, closed=closed))
    return embed


def season_embed(s: SeasonSummary, link: str = "") -> discord.Embed:
    """A season's headline figures (with lift on, the subscriptions after its episodes and the
    caveat); the chart is expected as the attachment `SEASON_FILENAME`."""
    community = s.channel

    def say(message_id: str, **values: Value) -> str:
        return text.say(message_id, community, **values)

    language = current().language_of(community)
    if s.final:
        title = say("discord-season-title-final", series=s.series)
    else:
        month = _ours(month_in(s.period, language))
        title = say("discord-season-title-month", series=s.series, month=month)
    lines = [
        say(
            "discord-season-description",
            episodes=len(s.episodes),
            entrants=s.entrants,
            returning=s.returning,
            redeemed=s.redeemed,
        )
    ]
    if s.lift and s.subscriptions is not None:
        if s.expected is not None:
            expected = _ours(number_in(s.expected, language))
            lines.append(
                say("discord-season-lift", subscriptions=s.subscriptions, expected=expected)
            )
        else:
            lines.append(say("discord-season-lift-unknown", subscriptions=s.subscriptions))
    embed = discord.Embed(
        title=title,
        url=link or None,
        colour=COLOUR,
        description="\n\n".join(lines),
        timestamp=s.as_of,
    )
    embed.set_image(url=f"attachment://{SEASON_FILENAME}")
    if s.as_of is not None:
        as_of = current().moment_of(s.as_of, community)  # as the conversion summary's footer
        embed.set_footer(text=say("discord-season-footer", as_of=as_of))
    return embed


def _ours(formatted: str) -> Verbatim:
    return Verbatim(formatted)


def _rows(say: Callable[..., str], counts: Counts, *, reasons: bool = False) -> str:
    """Each name and its count, a line each; `reasons` are said by their kind, in the
    community's language."""
    shown = [
        say(
            "discord-summary-reason-row",
            name=name,
            count=count,
            reason_kind=_ours(reason_kind(name)),
        )
        if reasons
        else say("discord-summary-row", name=name, count=count)
        for name, count in counts[:MAX_ROWS]
    ]
    if len(counts) > MAX_ROWS:
        shown.append(say("discord-summary-more-rows", more=len(counts) - MAX_ROWS))
    return "\n".join(shown) or say("discord-summary-none")
