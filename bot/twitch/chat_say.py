"""One community's Twitch words: the catalog's lines in the Twitch voice (the `say` every
Twitch renderer takes)."""

from __future__ import annotations

from datetime import datetime

from bot.messages.catalog import Verbatim, current
from bot.twitch.chat_text import TWITCH_VOICE


class ChatSay:
    """The catalog's Twitch lines for one community."""

    __slots__ = ("catalog", "community", "emoji")

    def __init__(self, community: str, emoji: str = "") -> None:
        self.catalog = current()
        self.community = community
        # As the catalog's $emoji: the emoji and a space, or nothing.
        self.emoji = Verbatim(f"{emoji} " if emoji else "")

    def __call__(self, message_id: str, **values: str | int) -> str:
        return self.catalog.say(TWITCH_VOICE, message_id, self.community, **values)

    def time(self, at: datetime | None) -> Verbatim:
        """A time of day as the community reads it: its zone and language ("" for none)."""
        return self.catalog.time_of(at, self.community)
