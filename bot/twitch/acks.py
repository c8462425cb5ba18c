"""Acknowledgements to `!claim`: gathered for a moment, said as batched mentions, and never
after the line that closes their drop.

Acks share each channel's chat budget with the outbox's announcements, so under a tight budget
an ack queued before a drop closed could be said after "Drop … is closed" or "… is drawn". The
`OutboundSender` keeps chat in order with this book: it says waiting acks (`take`) under the
channel's send lock, and just before it says a line that ends a drop (`ends_entries`) it takes
that drop's waiting acks as one merged line said first (`close`); from then on, an ack for that
drop is dropped (counted in `dropped`), since it would read as out of order.

A line Twitch did not take (an error, a timeout, a long 429) goes back in the book (`again`): its
fans are told at the next flush, or in their drop's merged line if the drop closes first. Only a
line for a drop already closed is dropped then, like any late ack.

Acks not about a drop's entries (no drop running, slow down, "that drop has closed") belong to
no drop and are never held back. Pure: no platform import.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.messages.catalog import Verbatim, current
from bot.twitch.chat_text import MAX_MESSAGE, TWITCH_VOICE, batch_mentions, clip, mentionable, plain

MAX_ACK_LINES = 2  # per kind of acknowledgement and flush; the rest are counted
REMEMBERED_ENDS = 1_000  # drops remembered as ended (an ack for one of them is dropped)

Key = tuple[str, int | None, str]  # (channel, drop id or None, what is said before the names)


@dataclass(frozen=True, slots=True)
class AckLine:
    """One line of acknowledgements, and whom it tells (to put them back if it is not said)."""

    channel: str
    drop_id: int | None
    prefix: str
    logins: tuple[str, ...]  # mentioned, or counted in "and N more"
    text: str


class AckBook:
    """Mentions waiting to be said, by channel, drop and what is said to them."""

    def __init__(self) -> None:
        self._waiting: dict[Key, list[str]] = {}
        self._ended: OrderedDict[int, None] = OrderedDict()
        self.dropped = 0  # acks dropped because their drop's closing line had gone out

    def add(self, channel: str, prefix: str, login: str, drop_id: int | None = None) -> None:
        """Queue `login` for `prefix @login` in `channel`; `drop_id` ties it to that drop."""
        if drop_id is not None and drop_id in self._ended:
            self.dropped += 1
            return
        self._waiting.setdefault((channel, drop_id, prefix), []).append(login)

    def channels(self) -> list[str]:
        """The channels with acks waiting."""
        return list(dict.fromkeys(channel for channel, _, _ in self._waiting))

    def take(self, channel: str | None = None, most: int = MAX_ACK_LINES) -> list[tuple[str, str]]:
        """(channel, text) pairs for everything waiting (in `channel`, or everywhere), mentions
        batched per message (see `take_lines`)."""
        return [(line.channel, line.text) for line in self.take_lines(channel, most)]

    def take_lines(self, channel: str | None = None, most: int = MAX_ACK_LINES) -> list[AckLine]:
        """The lines for everything waiting (in `channel`, or everywhere), mentions batched per
        message.

        At most `most` lines per kind of acknowledgement: in a rush of thousands of claims,
        the rest are counted ("...and 4,800 more") rather than spending minutes of the chat
        budget on mentions that are stale by the time they go out.
        """
        taken: list[AckLine] = []
        for key in [k for k in self._waiting if channel is None or k[0] == channel]:
            where, drop_id, prefix = key
            logins = self._waiting.pop(key)
            lines = batch_mentions(prefix, logins)
            told = [login for login in logins if mentionable(login)]  # in the lines, in order
            shown = 0
            for line in lines[:most]:
                count = line.count(" @")
                taken.append(
                    AckLine(where, drop_id, prefix, tuple(told[shown : shown + count]), line)
                )
                shown += count
            if len(lines) > most:
                more = len(logins) - shown
                said = Verbatim(prefix.rstrip(":") + ":")
                counted = current().say(
                    TWITCH_VOICE, "twitch-ack-counted", where, said=said, more=more
                )
                taken.append(AckLine(where, drop_id, prefix, tuple(told[shown:]), counted))
        return taken

    def again(self, line: AckLine) -> None:
        """Put back a line that was not said: its fans wait for the next flush, first, or for
        their drop's merged line (dropped, and counted, if that has gone out already)."""
        if line.drop_id is not None and line.drop_id in self._ended:
            self.dropped += len(line.logins)
            return
        key = (line.channel, line.drop_id, line.prefix)
        self._waiting[key] = [*line.logins, *self._waiting.get(key, [])]

    def close(self, drop_id: int) -> str | None:
        """Mark the drop ended and take its waiting acks as one line (None if there are none).

        Called just before the drop's closing line is said; later acks for it are dropped.
        """
        self._ended[drop_id] = None
        self._ended.move_to_end(drop_id)
        while len(self._ended) > REMEMBERED_ENDS:
            self._ended.popitem(last=False)
        keys = [key for key in self._waiting if key[1] == drop_id]
        channel = keys[0][0] if keys else ""
        return merged_line([(key[2], self._waiting.pop(key)) for key in keys], channel)


def merged_line(groups: Sequence[tuple[str, Sequence[str]]], community: str = "") -> str | None:
    """One line for several kinds of acknowledgement: `prefix @a @b; prefix @c ...`, at most
    500 characters, the mentions that do not fit counted at the end ("and 12 more.")."""
    units: list[str] = []  # each carries its own separator; a prefix never ends a line alone
    for prefix, logins in groups:
        mentions = [f"@{m}" for m in (mentionable(n) for n in logins) if m]
        if not mentions:
            continue
        lead = "; " if units else ""
        units.append(f"{lead}{plain(prefix)} {mentions[0]}")
        units += [f" {m}" for m in mentions[1:]]
    if not units:
        return None
    full = "".join(units)
    if len(full) <= MAX_MESSAGE:
        return full
    tail = " " + _more(len(units), community)
    line, shown = "", 0
    for unit in units:
        if len(line) + len(unit) + len(tail) > MAX_MESSAGE:
            break
        line, shown = line + unit, shown + 1
    return clip(f"{line} {_more(len(units) - shown, community)}")


def _more(count: int, community: str) -> str:
    return current().say(TWITCH_VOICE, "twitch-ack-merged-more", community, more=count)
