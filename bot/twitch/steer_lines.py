"""What Twitch chat hears when a unit passes on (a claim window ran out, or a moderator
disqualified its winner) and when a moderator moves, pauses or resumes a drop: pure, no
platform import, every sentence from the catalog (the `say` of `bot.twitch.announcements`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.drops.notices import Extended, Paused, Rerolled
from bot.messages.catalog import Verbatim
from bot.reports.numbers import duration
from bot.twitch.chat_text import CLAIM_COMMAND, pack


class Say(Protocol):
    """One community's Twitch words: a catalog message by id, with its values."""

    def __call__(self, message_id: str, **values: str | int) -> str: ...

    def time(self, at: datetime | None) -> Verbatim:
        """A time of day as the community reads it ("" for none)."""
        ...


def rerolled_lines(say: Say, rerolls: Sequence[Rerolled]) -> list[str]:
    """One line per outcome (passed on, or nobody left) for the lapsed units of one drop, the
    units listed in it; then one line for each disqualification (each has its own reason). The
    successor's platform is unknown here: no name, no mention. Their `won` message (via
    "reroll"), which follows, mentions them if they are on Twitch."""
    first = rerolls[0]
    title = first.title or first.drop
    lines = []
    lapsed = [r for r in rerolls if not r.disqualified]
    for passed in (True, False):
        units = [_unit(say, r) for r in lapsed if (r.passed_to is not None) is passed]
        if not units:
            continue
        message_id = "twitch-rerolled" if passed else "twitch-rerolled-nobody"
        listed = Verbatim(", ".join(units))
        lines += pack("", [say(message_id, title=title, units=listed, count=len(units))])
    lines += [_disqualified(say, r, title) for r in rerolls if r.disqualified]
    return lines


def _unit(say: Say, r: Rerolled) -> str:
    return say("twitch-unit", serial=Verbatim(str(r.serial))) if r.serial else say("twitch-a-unit")


def _disqualified(say: Say, r: Rerolled, title: str) -> str:
    message_id = "twitch-disqualified" if r.passed_to is not None else "twitch-disqualified-nobody"
    unit = Verbatim(_unit(say, r))
    # The reason is a moderator's free text: the catalog makes it words on one line.
    if r.reason.strip():
        return say(f"{message_id}-because", title=title, units=unit, reason=r.reason)
    return say(message_id, title=title, units=unit)


def extended_line(say: Say, n: Extended) -> str:
    """A moderator moved an open drop's close, later or earlier."""
    title = n.title or n.drop
    moved = "extended" if (n.seconds or 0) >= 0 else "shortened"
    closes = say.time(n.closes_at)
    if n.seconds and closes:
        by = Verbatim(duration(abs(n.seconds)))
        return say("twitch-extended", title=title, moved=moved, duration=by, closes=closes)
    return say("twitch-extended-sometime", title=title, moved=moved)


def paused_line(say: Say, n: Paused) -> str:
    """A moderator paused a drop, or resumed it (with its close, moved by the pause)."""
    title = n.title or n.drop
    if n.paused:
        return say("twitch-paused", title=title)
    command = Verbatim(n.keyword or CLAIM_COMMAND)
    if closes := say.time(n.closes_at):
        return say("twitch-resumed", title=title, command=command, closes=closes)
    return say("twitch-resumed-sometime", title=title, command=command)
