"""Words for Discord, with no discord.py import: outcomes, codes and safe user text.

Everything a fan or moderator typed (names, titles, reasons) goes through `plain` before it is
shown: markdown is escaped and an @ can never form a mention. Messages are also sent with
`AllowedMentions.none()` unless a mention is meant, so this is the second of two guards.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import assert_never

from bot.drops import outcomes as oc
from bot.drops.audit import AuditEntry
from bot.drops.book import DropList, HistoryLine, next_moment
from bot.drops.delivery import Collected
from bot.drops.disqualify import Disqualification
from bot.drops.entitlements import DeliveredCode
from bot.drops.model import Drop
from bot.drops.notices import BeaconWaiting, Extended, Paused
from bot.drops.receipts import Receipt, Standing
from bot.gating import linking
from bot.kernel.errors import FairdropError
from bot.messages.catalog import Value, Verbatim, Voice, current
from bot.messages.refusals import refusal_words
from bot.messages.tiers import say_refusal, say_rules
from bot.reports.numbers import duration

MAX_MESSAGE = 2000  # Discord's limit for message content
_MARKDOWN = re.compile(r"([\\*_~`|>#\[\]()-])")


def plain(text: str, limit: int = 200) -> str:
    """User text made inert: no control characters, markdown escaped, no mentions, clipped."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    # A zero-width space after @ keeps "@everyone" and "@here" from pinging; escaping "<" keeps
    # "<@123>" and "<@&456>" from forming mentions.
    return _MARKDOWN.sub(r"\\\1", text).replace("@", "@\u200b").replace("<", "\\<")


def mention(user_id: str) -> str:
    return f"<@{int(user_id)}>"  # int(): only ever digits inside a mention


def timestamp(at: datetime, style: str = "R") -> str:
    """A Discord timestamp: each reader sees it in their own time zone (R: "in 5 minutes")."""
    return f"<t:{int(at.timestamp())}:{style}>"


def _defuse(line: str) -> str:
    # Values are inert already; this guards the words of a streamer's override: nothing in them
    # can ping everyone or here, even if a message were sent with mentions allowed. (A role or
    # user mention in the words is refused by `messages check`, and every message allows only
    # the mentions it means.)
    return line.replace("@everyone", "@\u200beveryone").replace("@here", "@\u200bhere")


# How Discord says a message: typed values through `plain` (markdown escaped, no mention can
# form, clipped to their variable's limit); timestamps and links go in as `Verbatim`.
DISCORD_VOICE = Voice(
    "discord",
    escape=plain,
    finish=_defuse,
    limits={
        "title": 80,
        "name": 60,
        "who": 200,
        "reason": 200,
        "tier": 40,
        "list": 40,
        "actor": 40,
        "result": 200,
        "winner": 40,
        "successor": 40,
    },
)


# The Discord locale of the member being answered privately (`interaction.locale`), set by
# `bot.discord.replies.answer` for the work of one interaction: what is said to them alone is
# in their language when it is shipped. Public posts and DMs are rendered by the outbox's
# sender, outside any interaction, in the community's language.
reader_locale: ContextVar[str] = ContextVar("reader_locale", default="")


def refusal_said(refused: FairdropError, community: str = "") -> str:
    """The engine's refusal as Discord says it to the member being answered: in their
    language (when shipped), else the community's."""
    locale = reader_locale.get()
    language = (current().shipped_language(locale) or "") if locale else ""
    return refusal_words(DISCORD_VOICE, refused, community, language)


def say(message_id: str, community: str = "", /, **values: Value) -> str:
    """Message `message_id` of the catalog as Discord says it in `community`: in the language
    of the member being answered (when shipped), else the community's."""
    locale = reader_locale.get()
    if not locale:
        return current().say(DISCORD_VOICE, message_id, community, **values)
    catalog = current()
    language = catalog.shipped_language(locale) or ""
    return catalog.say_in(language, DISCORD_VOICE, message_id, community, **values)


_OUTCOMES: dict[type, str] = {
    oc.Entered: "discord-entered",
    oc.AlreadyEntered: "discord-already-entered",
    oc.SoldOut: "discord-sold-out",
    oc.CapReached: "discord-cap-reached",
    oc.NotEligible: "discord-not-eligible",
    oc.Closed: "discord-closed",
    oc.Paused: "discord-entry-paused",
    oc.NotOpen: "discord-not-open",
    oc.NoDrop: "discord-no-drop",
    oc.RateLimited: "discord-slow-down",
    oc.Won: "discord-won",
    oc.Duplicate: "discord-duplicate",
}


def outcome_text(outcome: oc.EntryOutcome, title: str, community: str = "") -> str:
    """What a member who pressed Enter is told (privately)."""
    values: dict[str, Value] = {"title": title}
    match outcome:
        case oc.NotEligibleYet() if not outcome.early_access_for:
            # no window open yet: there is nobody to name
            return say("discord-opens-for-you", community, when=_when(outcome.opens_at), **values)
        case oc.NotEligibleYet():
            who: str = outcome.early_access_for
            if outcome.early_access_rules:  # in the community's language
                who = say_rules(outcome.early_access_rules, DISCORD_VOICE, community)
            when = _when(outcome.opens_at)
            return say("discord-early-access", community, who=who, when=when, **values)
        case oc.Entered() if outcome.pseudonym:
            # The receipt, in this private reply only (never public chat, which would tie the
            # account to its pseudonym).
            return say(
                "discord-entered-receipt",
                community,
                pseudonym=Verbatim(outcome.pseudonym),
                tier=outcome.tier,
                weight=outcome.weight,
                **values,
            )
        case oc.NotEligible():
            values["reason"] = say_refusal(outcome, DISCORD_VOICE, community)
        case oc.Won():
            values["serial"] = Verbatim(str(outcome.serial))
        case (
            oc.Entered()
            | oc.AlreadyEntered()
            | oc.SoldOut()
            | oc.CapReached()
            | oc.Closed()
            | oc.Paused()
            | oc.NotOpen()
            | oc.NoDrop()
            | oc.RateLimited()
            | oc.Duplicate()
        ):
            pass
        case _:
            assert_never(outcome)
    return say(_OUTCOMES[type(outcome)], community, **values)


def _when(at: datetime, style: str = "R") -> Verbatim:
    return Verbatim(timestamp(at, style))


def code_text(title: str, code: DeliveredCode, redeem_url: str, community: str = "") -> str:
    """One code, privately: the short code to type, where to redeem, until when."""
    serial = Verbatim(str(code.serial))
    lines = [
        say("discord-code-heading", community, title=title, serial=serial),
        say("discord-code-short", community, code=Verbatim(code.short_code)),
    ]
    if redeem_url:
        lines.append(say("discord-code-redeem", community, link=Verbatim(redeem_url)))
    lines.append(say("discord-code-validity", community, until=_when(code.expires_at, "f")))
    return "\n".join(lines)


def redeem_link(template: str, token: str) -> str:
    """The drop's redemption URL with the token in it ({token}, or a `code` query parameter)."""
    if not template.startswith(("https://", "http://")):
        return ""
    if "{token}" in template:
        return template.replace("{token}", token)
    return f"{template}{'&' if '?' in template else '?'}code={token}"


def missed_text(title: str, collected: Collected, community: str = "") -> str:
    units = Verbatim(", ".join(f"#{s}" for s in collected.missed))
    count = len(collected.missed)
    return say("discord-missed", community, title=title, units=units, count=count)


def link_text(code: linking.LinkCode, community: str = "") -> str:
    when = _when(code.expires_at)
    return say("discord-link-code", community, code=Verbatim(code.code), when=when)


def clip_message(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def drop_list_text(listing: DropList, community: str = "") -> str:
    """`/drop list`: running, upcoming and recent drops, one line each part."""
    parts = [
        say("discord-drops-part", community, part=label, listed=Verbatim(listed))
        for label, drops in listing.parts()
        if (listed := ", ".join(_listed(d, community) for d in drops))
    ]
    return "\n".join(parts) if parts else say("discord-drops-none", community)


def _listed(drop: Drop, community: str) -> str:
    values: dict[str, Value] = {"name": drop.name, "phase": drop.state.value}
    moment = next_moment(drop)
    if moment is None:
        return say("discord-drops-listed", community, **values)
    word, at = moment
    return say(f"discord-drops-listed-{word}", community, when=_when(at), **values)


def history_text(member_id: str, lines: list[HistoryLine], community: str = "") -> str:
    """`/drop history member`: that member's entries, wins and redemptions, newest drop first."""
    member = Verbatim(mention(member_id))
    if not lines:
        return say("discord-history-none", community, member=member)
    said = [say("discord-history-heading", community, member=member)]
    for line in lines:
        what = [
            say("discord-history-entered", community, tier=line.entry.tier)
            if line.entry
            else say("discord-history-not-entered", community)
        ]
        if line.won:
            units = ", ".join(
                say(
                    "discord-history-unit",
                    community,
                    serial=Verbatim(str(a.serial)),
                    status=Verbatim(a.status.value),
                )
                for a in line.won
            )
            what.append(say("discord-history-won", community, units_won=Verbatim(units)))
        if line.redeemed:
            dates = Verbatim(", ".join(timestamp(at, "d") for at in line.redeemed))
            what.append(say("discord-history-redeemed", community, dates=dates))
        drop = line.drop
        said.append(
            say(
                "discord-history-line",
                community,
                name=drop.name,
                phase=drop.state.value,
                what=Verbatim("; ".join(what)),
            )
        )
    return clip_message("\n".join(said))


def audit_text(entries: Sequence[AuditEntry], drop: str | None, community: str = "") -> str:
    """`/drop audit [drop]`: who did what, when, and how it went, newest first."""
    if not entries:
        if drop:
            return say("discord-audit-none-for", community, name=drop)
        return say("discord-audit-none", community)
    lines = [
        say(
            "discord-audit-line",
            community,
            when=_when(e.at, "f"),
            action=Verbatim(plain(e.action, 20)),
            about=Verbatim(f" {plain(e.drop_name, 40)}" if e.drop_name else ""),
            actor=e.actor_name,
            platform=Verbatim(e.platform),
            asked=Verbatim(f" [{plain(e.detail, 120)}]" if e.detail else ""),
            result=e.result,
        )
        for e in entries
    ]
    return clip_message("\n".join(lines))


def disqualified_reply(done: Disqualification, community: str = "") -> str:
    """The moderator's private answer to `/drop disqualify`: whose unit went where."""
    values: dict[str, Value] = {"winner": done.disqualified, "serial": Verbatim(str(done.serial))}
    if done.passed_to is None:
        return say("discord-mod-disqualified-nobody", community, **values)
    return say("discord-mod-disqualified", community, successor=done.passed_to, **values)


def extended_reply(drop: Drop, by: timedelta, community: str = "") -> str:
    """The moderator's private answer to `/drop extend`: the new close, and by how much."""
    return say(
        "discord-mod-extended",
        community,
        name=drop.name,
        when=_when(drop.closes_at) if drop.closes_at else Verbatim(""),
        moved="extended" if by > timedelta(0) else "shortened",
        duration=Verbatim(duration(abs(by.total_seconds()))),
    )


def paused_reply(drop: Drop, community: str = "") -> str:
    """The moderator's private answer to `/drop pause` (the time left) or `/drop resume`."""
    if drop.paused_at is not None and drop.closes_at is not None:
        left = Verbatim(duration((drop.closes_at - drop.paused_at).total_seconds()))
        return say("discord-mod-paused", community, name=drop.name, duration=left)
    when = _when(drop.closes_at) if drop.closes_at else Verbatim("")
    return say("discord-mod-resumed", community, name=drop.name, when=when)


def edited_reply(drop: Drop, community: str = "") -> str:
    """The moderator's private answer to `/drop edit`: the drop as it now is."""
    spec = drop.spec
    values: dict[str, Value] = {
        "name": drop.name,
        "title": spec.title or drop.name,
        "supply": spec.supply,
        "duration": Verbatim(duration(spec.entry_window.total_seconds())),
    }
    if drop.scheduled_for is not None:
        return say("discord-mod-edited-starts", community, when=_when(drop.scheduled_for), **values)
    return say("discord-mod-edited", community, **values)


def extended(title: str, notice: Extended, community: str = "") -> str:
    """The channel's line when a moderator moves an open drop's close."""
    moved = "extended" if (notice.seconds or 0) >= 0 else "shortened"
    if notice.closes_at:
        when = _when(notice.closes_at)
        return say("discord-drop-extended", community, title=title, moved=moved, when=when)
    return say("discord-drop-extended-sometime", community, title=title, moved=moved)


def paused(title: str, notice: Paused, community: str = "") -> str:
    """The channel's line when a moderator pauses or resumes a drop."""
    if notice.paused:
        return say("discord-drop-paused", community, title=title)
    if notice.closes_at:
        return say("discord-drop-resumed", community, title=title, when=_when(notice.closes_at))
    return say("discord-drop-resumed-sometime", community, title=title)


def beacon_waiting(n: BeaconWaiting, community: str = "") -> str:
    """What Discord is told while a draw waits for its drand round."""
    values: dict[str, Value] = {"title": n.title or n.drop, "round": Verbatim(str(n.round))}
    if n.policy == "draw-without":
        wait = Verbatim(f"{n.max_wait}s")
        return say("discord-beacon-waiting-draw-without", community, wait=wait, **values)
    return say("discord-beacon-waiting", community, **values)


_STANDINGS: dict[Standing, str] = {
    Standing.IN_DRAW: "discord-receipt-in-draw",
    Standing.LEFT_OUT: "discord-receipt-left-out",
    Standing.HOLDS: "discord-receipt-holds",
    Standing.WAITLISTED: "discord-receipt-waitlisted",
    Standing.PASSED_ON: "discord-receipt-passed-on",
    Standing.NO_UNIT: "discord-receipt-no-unit",
    Standing.CANCELLED: "discord-receipt-cancelled",
}


def receipt_text(receipt: Receipt, public_url: str, community: str = "") -> str:
    """One of a member's receipts, for their eyes only (never public: it ties the account to
    its pseudonym): where the entry stands and, once drawn, where the transcript lists it."""
    pseudonym = Verbatim(receipt.pseudonym)
    line = say(
        _STANDINGS[receipt.standing],
        community,
        title=receipt.title,
        pseudonym=pseudonym,
        tier=receipt.tier,
        weight=receipt.weight,
        reason=receipt.reason,
        units=Verbatim(", ".join(f"#{s}" for s in receipt.serials)),
    )
    if not receipt.place:
        return line
    place = Verbatim(receipt.place)
    if public_url:
        link = Verbatim(f"{public_url.rstrip('/')}/drops/{receipt.drop_id}/transcript.json")
        where = say("discord-receipt-place", community, pseudonym=pseudonym, place=place, link=link)
    else:
        where = say("discord-receipt-place-offline", community, pseudonym=pseudonym, place=place)
    return f"{line}\n{where}"
