"""How the demo recognises what fairdrop said, in the language the demo runs in.

The demo waits for fairdrop's own lines (the drop's announcement, its close, its draw, units
passed on, a waitlisted fan told they won). It finds them by the catalog's words for that
language, rendered with the demo's title, so `fairdrop demo --language es` follows a Spanish
chat the way the English demo follows an English one.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from bot.discord.text import DISCORD_VOICE
from bot.messages.catalog import LANGUAGE, Catalog, Value, Verbatim, shipped_catalog
from bot.twitch.chat_text import TWITCH_VOICE

_SLOT = Verbatim("\x01")  # a value the demo does not know: where a fragment ends


@dataclass(frozen=True, slots=True)
class Heard:
    """Fragments of fairdrop's lines about the demo's drop, in one language."""

    opened: str  # Twitch: the announcement, up to its terms
    closed: str  # Twitch: entries closed
    drawn: str  # Twitch: the draw's headline, up to its counts
    drawn_in_discord: tuple[str, ...]  # Discord: the draw, with or without Discord winners
    passed_on: str  # Twitch: what every line of units passed to the waitlist says after them
    won_in_chat: str  # Twitch: a waitlisted fan told they won, before the link and mentions
    won_in_discord: str  # Discord: the same, after the mentions
    disqualified: str  # Twitch: a winner disqualified, between the unit and the reason
    extended: str  # Twitch: a moderator extended the entries, up to how long
    language: str = LANGUAGE

    def summary(self, span: str) -> tuple[str, str]:
        """How the summary `span` after the close ("24 h") is named in Twitch chat and in
        Discord's embed title."""
        catalog = shipped_catalog(default=self.language)
        return (
            catalog.say(TWITCH_VOICE, "twitch-summary-after", span=Verbatim(span)),
            catalog.say(DISCORD_VOICE, "discord-summary-after", span=Verbatim(span)),
        )


def heard_for(title: str, language: str = LANGUAGE) -> Heard:
    """What fairdrop says about a drop titled `title` in `language`, as fragments to find."""
    catalog = shipped_catalog(default=language)

    def twitch(message_id: str, **values: Value) -> str:
        return catalog.say(TWITCH_VOICE, message_id, **values)

    def before_slot(text: str) -> str:
        return text.split(_SLOT, 1)[0]

    drawn = _common_start(
        twitch("twitch-drawn", title=title, winners=1, entrants=1),
        twitch("twitch-drawn", title=title, winners=2, entrants=2),
    )
    passed_on = [
        twitch(message_id, title=title, units=_SLOT, count=count).split(_SLOT, 1)[1]
        for message_id in ("twitch-rerolled", "twitch-rerolled-nobody")
        for count in (1, 2)
    ]
    rerolled = catalog.say(DISCORD_VOICE, "discord-rerolled-to-you", mentions=_SLOT, title=title)
    return Heard(
        opened=before_slot(twitch("twitch-opened", title=title, terms=_SLOT, emoji="")),
        closed=twitch("twitch-closed", title=title),
        drawn=drawn,
        drawn_in_discord=_discord_draws(catalog, title),
        passed_on=_shared(passed_on),
        won_in_chat=before_slot(twitch("twitch-won-sometime", title=title, link=_SLOT)),
        won_in_discord=rerolled.split(_SLOT, 1)[1],
        extended=before_slot(
            twitch("twitch-extended", title=title, moved="extended", duration=_SLOT, closes=_SLOT)
        ),
        disqualified=twitch("twitch-disqualified-because", title=title, units=_SLOT, reason=_SLOT)
        .split(_SLOT)[1]
        .strip(" ("),
        language=language,
    )


def _discord_draws(catalog: Catalog, title: str) -> tuple[str, ...]:
    return tuple(
        catalog.say(DISCORD_VOICE, message_id, title=title)
        for message_id in ("discord-drawn", "discord-drawn-no-discord-winners")
    )


def _common_start(first: str, second: str) -> str:
    size = 0
    while size < min(len(first), len(second)) and first[size] == second[size]:
        size += 1
    return first[:size]


def _shared(texts: list[str]) -> str:
    """The longest run of characters every one of `texts` holds."""
    shared = texts[0]
    for text in texts[1:]:
        match = SequenceMatcher(None, shared, text, autojunk=False).find_longest_match()
        shared = shared[match.a : match.a + match.size]
    return shared.strip()
