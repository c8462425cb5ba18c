"""Words for Discord, with no discord.py import: outcomes, codes and safe user text.

Everything a fan or moderator typed (names, titles, reasons) goes through `plain` before it is
shown: markdown is escaped and an @ can never form a mention. Messages are also sent with
`AllowedMentions.none()` unless a mention is meant, so this is the second of two guards.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import assert_never

from bot.drops import outcomes as oc
from bot.drops.audit import AuditEntry
from bot.drops.book import DropList, HistoryLine, next_moment
from bot.drops.delivery import Collected
from bot.drops.entitlements import DeliveredCode
from bot.drops.model import Drop
from bot.drops.notices import BeaconWaiting, Extended, Paused
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
        case oc.Paused():
            return f"The {drop} drop is paused by a moderator; press again once it resumes."
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


def drop_list_text(listing: DropList) -> str:
    """`/drop list`: running, upcoming and recent drops, one line each part."""
    parts = [
        f"**{label.capitalize()}**: " + ", ".join(_listed(d) for d in drops)
        for label, drops in listing.parts()
    ]
    return "\n".join(parts) if parts else "No drops yet: open one with `/drop open`."


def _listed(drop: Drop) -> str:
    moment = next_moment(drop)
    when = f", {moment[0]} {timestamp(moment[1])}" if moment else ""
    return f"{plain(drop.name, 40)} ({drop.state.value}{when})"


def history_text(member_id: str, lines: list[HistoryLine]) -> str:
    """`/drop history member`: that member's entries, wins and redemptions, newest drop first."""
    if not lines:
        return f"{mention(member_id)} has not entered or won any drop here."
    said = [f"Drops of {mention(member_id)}, newest first:"]
    for line in lines:
        what = [f"entered ({plain(line.entry.tier, 40)})" if line.entry else "did not enter"]
        if line.won:
            units = ", ".join(f"#{a.serial} {a.status.value}" for a in line.won)
            what.append(f"won {units}")
        if line.redeemed:
            what.append(f"redeemed {', '.join(timestamp(at, 'd') for at in line.redeemed)}")
        said.append(f"**{plain(line.drop.name, 40)}** ({line.drop.state.value}): {'; '.join(what)}")
    return clip_message("\n".join(said))


def audit_text(entries: Sequence[AuditEntry], drop: str | None) -> str:
    """`/drop audit [drop]`: who did what, when, and how it went, newest first."""
    if not entries:
        about = f" for **{plain(drop, 40)}**" if drop else ""
        return f"No moderator actions{about} yet."
    lines = [
        f"{timestamp(e.at, 'f')} **{plain(e.action, 20)}**"
        + (f" {plain(e.drop_name, 40)}" if e.drop_name else "")
        + f" by {plain(e.actor_name, 40)} ({e.platform})"
        + (f" [{plain(e.detail, 120)}]" if e.detail else "")
        + f": {plain(e.result, 200)}"
        for e in entries
    ]
    return clip_message("\n".join(lines))


def disqualified(name: str, serial: int, passed_to: str | None) -> str:
    """The moderator's private answer to `/drop disqualify`: whose unit went where."""
    after = f"passes to **{plain(passed_to, 40)}**" if passed_to else "has nobody left in line"
    return f"**{plain(name, 40)}** is disqualified; unit #{serial} {after}."


def extended(title: str, notice: Extended) -> str:
    """The channel's line when a moderator moves an open drop's close."""
    moved = "extended" if (notice.seconds or 0) >= 0 else "shortened"
    until = f": entries now close {timestamp(notice.closes_at)}" if notice.closes_at else ""
    return f"A moderator {moved} the entry window of **{plain(title, 80)}**{until}."


def paused(title: str, notice: Paused) -> str:
    """The channel's line when a moderator pauses or resumes a drop."""
    if notice.paused:
        return f"**{plain(title, 80)}** is paused by a moderator: no entries until it resumes."
    until = f"; entries close {timestamp(notice.closes_at)}" if notice.closes_at else ""
    return f"**{plain(title, 80)}** is running again{until}."


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
