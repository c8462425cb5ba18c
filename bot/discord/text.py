"""Words for Discord, with no discord.py import: outcomes, codes and safe user text.

Everything a fan or moderator typed (names, titles, reasons) goes through `plain` before it is
shown: markdown is escaped and an @ can never form a mention. Messages are also sent with
`AllowedMentions.none()` unless a mention is meant, so this is the second of two guards.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import assert_never

from bot.drops import outcomes as oc
from bot.drops.delivery import Collected
from bot.drops.entitlements import DeliveredCode
from bot.drops.notices import BeaconWaiting
from bot.gating import linking

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


def entry_receipt(entered: oc.Entered) -> str:
    """The private proof of an entry: the pseudonym to look for in the transcript."""
    return (
        f"Your receipt: pseudonym `{entered.pseudonym}`, tier {plain(entered.tier)}, "
        f"weight {entered.weight}; find it in the transcript after the draw."
    )


def outcome_text(outcome: oc.EntryOutcome, title: str) -> str:
    """What a member who pressed Enter is told (privately)."""
    drop = f"**{plain(title, 80)}**"
    match outcome:
        case oc.Entered() if outcome.pseudonym:
            return (
                f"You're in the {drop} drop. Winners are drawn at close; good luck! "
                + entry_receipt(outcome)
            )
        case oc.Entered():
            return f"You're in the {drop} drop. Winners are drawn at close; good luck!"
        case oc.AlreadyEntered():
            return f"You're already in the {drop} drop: one entry each."
        case oc.SoldOut():
            return f"The {drop} drop is sold out. You're on the waitlist if a unit comes back."
        case oc.CapReached():
            return f"That's the most one person can take in the {drop} drop."
        case oc.NotEligibleYet() if not outcome.early_access_for:
            # no window open yet: there is nobody to name
            return f"The {drop} drop opens for you {timestamp(outcome.opens_at)}."
        case oc.NotEligibleYet():
            return (
                f"Early access to {drop} is for {plain(outcome.early_access_for)}. "
                f"Everyone can enter {timestamp(outcome.opens_at)}."
            )
        case oc.NotEligible():
            return f"You can't enter {drop}: {plain(outcome.reason)}."
        case oc.Closed():
            return f"The {drop} drop has closed."
        case oc.NotOpen():
            return f"The {drop} drop has not opened yet."
        case oc.NoDrop():
            return "That drop is not running any more."
        case oc.RateLimited():
            return "Slow down: one press is enough."
        case oc.Won():
            return f"You got unit #{outcome.serial} of {drop}!"
        case oc.Duplicate():
            return f"Your press for {drop} was already counted."  # a repeated interaction
        case _:
            assert_never(outcome)


def code_text(title: str, code: DeliveredCode, redeem_url: str) -> str:
    """One code, privately: the short code to type, where to redeem, until when."""
    lines = [
        f"**Your code for {plain(title, 80)}** (#{code.serial})",
        f"Short code: `{code.short_code}`",
    ]
    if redeem_url:
        lines.append(f"Redeem: <{redeem_url}>")
    lines.append(
        f"Valid until {timestamp(code.expires_at, 'f')}. It works once: keep it to yourself. "
        "The QR code holds the signed token."
    )
    return "\n".join(lines)


def redeem_link(template: str, token: str) -> str:
    """The drop's redemption URL with the token in it ({token}, or a `code` query parameter)."""
    if not template.startswith(("https://", "http://")):
        return ""
    if "{token}" in template:
        return template.replace("{token}", token)
    return f"{template}{'&' if '?' in template else '?'}code={token}"


def missed_text(title: str, collected: Collected) -> str:
    serials = ", ".join(f"#{s}" for s in collected.missed)
    return (
        f"Your claim window for {serials} of **{plain(title, 80)}** ran out; "
        "the unit passed to the waitlist."
    )


def link_text(code: linking.LinkCode) -> str:
    return (
        f"Type `!link {code.code}` in the Twitch chat of this community "
        f"{timestamp(code.expires_at)}. It links your Twitch and Discord accounts into one "
        "person for drops: one entry each, and codes reach you here."
    )


def clip_message(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def beacon_waiting(n: BeaconWaiting) -> str:
    """What Discord is told while a draw waits for its drand round."""
    title = plain(n.title or n.drop, 80)
    if n.policy == "draw-without":
        after = f"after {n.max_wait}s it draws without it (recorded in the transcript)"
    else:
        after = "it draws only once the round can be fetched"
    return (
        f"The draw of **{title}** waits for public randomness (drand round {n.round}), which "
        f"cannot be fetched yet; {after}."
    )
