"""The summaries in Twitch chat: one line each, the headline figures and where to read the rest.
Pure, no platform import, every sentence from the catalog."""

from __future__ import annotations

from bot.drops.figures import ConversionSummary
from bot.drops.notice_kinds import SeasonSummary
from bot.drops.summary import NOW
from bot.messages.catalog import Verbatim, current
from bot.messages.figures import duration_in, money_in, month_in, number_in, percent_in
from bot.twitch.chat_say import ChatSay
from bot.twitch.chat_text import clip
from bot.twitch.steer_lines import Say

MAX_SUMMARY = 450  # one line with room to spare under Twitch's 500


def summary_line(s: ConversionSummary, verify_url: str, community: str = "") -> str:
    """The summary in one chat line of at most `MAX_SUMMARY` characters: the headline figures
    and where to read the rest. Lesser figures are left out, last first, when it runs long."""
    return conversion_line(ChatSay(community), s, verify_url)


def conversion_line(say: Say, s: ConversionSummary, verify_url: str) -> str:
    language = current().language_of(s.channel)
    after = (
        say("twitch-summary-so-far")
        if s.label == NOW
        else say("twitch-summary-after", span=Verbatim(f"{s.label[:-1]} {s.label[-1]}"))
    )
    head = say("twitch-summary-head", title=s.title or s.drop, after=Verbatim(after))
    if s.returning:
        entrants = say(
            "twitch-summary-entrants-returning",
            entrants=s.entrants,
            new=s.new,
            returning=s.returning,
        )
    else:
        entrants = say("twitch-summary-entrants", entrants=s.entrants)
    figures: dict[str, str | int] = {
        "entrants": Verbatim(entrants),
        "winners": s.winners,
        "redeemed": s.redeemed,
    }
    if s.redeemed_per_winner is not None:
        share = Verbatim(percent_in(s.redeemed_per_winner, language))
        needed = [say("twitch-summary-needed-share", share=share, **figures)]
    else:
        needed = [say("twitch-summary-needed", **figures)]
    extra = [say("twitch-summary-told", told=s.delivered, viewed=s.viewed)]
    if s.median_claim_seconds is not None:
        claim = Verbatim(duration_in(s.median_claim_seconds, language))
        extra.append(say("twitch-summary-claim-time", duration=claim))
    if s.median_redeem_seconds is not None:
        redeem = Verbatim(duration_in(s.median_redeem_seconds, language))
        extra.append(say("twitch-summary-redeem-time", duration=redeem))
    if s.orders_with_value:
        money = Verbatim(money_in(s.revenue_cents, language))
        extra.append(say("twitch-summary-revenue", money=money))
    if verify_url:
        tail = say("twitch-summary-link", link=Verbatim(verify_url))
    else:
        tail = say("twitch-summary-cli")
    while True:
        line = " ".join([head, *needed, *extra, tail])
        if len(line) <= MAX_SUMMARY or not extra:
            return clip(line, MAX_SUMMARY)
        extra.pop()


def season_line(say: Say, s: SeasonSummary) -> str:
    """A season's summary in one chat line: its episodes, entries (how many by returning fans)
    and redemptions; with lift on, the new subscriptions after the episodes and the caveat that
    they are a comparison. The chart and the rest are in Discord and on the season's page."""
    figures: dict[str, str | int] = {
        "series": s.series,
        "episodes": len(s.episodes),
        "entrants": s.entrants,
        "returning": s.returning,
        "redeemed": s.redeemed,
    }
    language = current().language_of(s.channel)
    if s.final:
        parts = [say("twitch-season-final", **figures)]
    else:
        month = Verbatim(month_in(s.period, language))
        parts = [say("twitch-season-month", month=month, **figures)]
    if s.lift and s.subscriptions is not None:
        if s.expected is not None:
            expected = Verbatim(number_in(s.expected, language))
            parts.append(
                say("twitch-season-lift", subscriptions=s.subscriptions, expected=expected)
            )
        else:
            parts.append(say("twitch-season-lift-unknown", subscriptions=s.subscriptions))
    return clip(" ".join(parts), MAX_SUMMARY)
