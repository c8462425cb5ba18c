"""`[communities.NAME]`: how one community's drops and overlay look and which words enter them.

A community is a `[[twitch.channels]]` or `[[discord.guilds]]` name. Everything here has a
default that is fairdrop's look before it could be changed: the drop post coloured by the
drop's state, no emoji, `!claim` and `!enter` only. The words themselves (the post's title and
description, the button labels, chat lines) are messages of the catalog, overridden in the
community's `.ftl` file; this is what is not words.
"""

from __future__ import annotations

import re
from typing import Annotated

import emoji as emoji_data
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from bot.drops.keywords import keyword_of
from bot.kernel.errors import InvalidSpec
from bot.overlay_theme import NO_CHANGE, OverlayThemeChange

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# A custom Discord emoji as Discord writes it: <:name:id>, animated <a:name:id>.
_CUSTOM_EMOJI = re.compile(r"^<(a?):([A-Za-z0-9_]{2,32}):([0-9]{15,21})>$")


def _colour(value: str) -> str:
    if value and not _COLOUR.match(value):
        raise ValueError('must be a hex colour like "#ff8800" (or "" for colours by state)')
    return value.lower()


def _emoji(value: str) -> str:
    if value and not (_CUSTOM_EMOJI.match(value) or emoji_data.is_emoji(value)):
        raise ValueError(
            'must be one emoji like "🎁" or a custom Discord emoji like '
            '"<:hoodie:123456789012345678>"'
        )
    return value


def _aliases(value: list[str]) -> list[str]:
    words = []
    for typed in value:
        try:
            word = keyword_of(typed)
        except InvalidSpec as error:
            raise ValueError(str(error)) from None
        if word in words:
            raise ValueError(f"{word} is listed twice")
        words.append(word)
    return words


class CommunitySettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # The drop post's embed colour; "": by the drop's state (green while open, blue when drawn…).
    colour: Annotated[str, AfterValidator(_colour)] = ""
    # Shown where the catalog puts { $emoji } (the post's title, the open line in chat) and on
    # the post's button. A custom Discord emoji shows on Discord only.
    emoji: Annotated[str, AfterValidator(_emoji)] = ""
    # Words that enter the running drop in Twitch chat like !claim.
    claim_aliases: Annotated[list[str], AfterValidator(_aliases)] = Field(default_factory=list)
    # Its OBS overlay's changes to the [overlay] theme (`[communities.NAME.overlay]`).
    overlay: OverlayThemeChange = NO_CHANGE

    def colour_value(self) -> int | None:
        """The embed colour as Discord takes it, None for colours by state."""
        return int(self.colour[1:], 16) if self.colour else None

    def custom_emoji(self) -> tuple[str, int, bool] | None:
        """(name, id, animated) of a custom Discord emoji; None for a Unicode one or none."""
        found = _CUSTOM_EMOJI.match(self.emoji)
        return (found[2], int(found[3]), found[1] == "a") if found else None

    def chat_emoji(self) -> str:
        """The emoji for Twitch chat: a Unicode one; a custom Discord emoji does not show there."""
        return "" if self.custom_emoji() else self.emoji


NO_LOOK = CommunitySettings()
