"""The overlay's words: rendered from the catalog on the server, filled in by the page.

The page changes what it shows as the drop moves (a countdown every second, the entrant count
several times a second), so it cannot ask the server for each line. Instead each message is
rendered once per page with its values left as `{name}` slots the script fills with text
nodes, and each message with a count is rendered once per plural category of the language
(the script picks one with `Intl.PluralRules`, which uses the same CLDR rules as Fluent). The
script holds no sentence; a streamer's override of an `overlay-` message shows on the next load.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from babel import Locale
from babel.numbers import format_decimal

from bot.messages.catalog import LANGUAGE, Verbatim, Voice, current

# Messages and the slots the page fills in each (a slot's name is the message's variable).
FILLED: dict[str, tuple[str, ...]] = {
    "overlay-phase-scheduled": (),
    "overlay-phase-early": (),
    "overlay-phase-public": (),
    "overlay-phase-paused": (),
    "overlay-phase-drawing": (),
    "overlay-phase-cancelled": (),
    "overlay-starts": ("starts",),
    "overlay-opens-in": ("countdown",),
    "overlay-early": ("who",),
    "overlay-everyone-in": ("countdown",),
    "overlay-closes-in": ("countdown",),
    "overlay-commitment": ("commitment",),
    "overlay-beacon": ("round",),
    "overlay-no-winners": (),
    "overlay-check": ("link",),
    # Who has early access: the page puts these together from the feed's data (feed/who.py).
    "overlay-who-everyone": (),
    "overlay-who-subscriber": (),
    "overlay-who-founder": (),
    "overlay-who-vip": (),
    "overlay-who-moderator": (),
    "overlay-who-broadcaster": (),
    "overlay-who-role": (),
    "overlay-who-list": ("list",),
    "overlay-who-holder": ("name",),
    "overlay-who-series": ("series",),
    "overlay-who-account-age": ("age",),
    "overlay-who-follow-age": ("age",),
    "overlay-who-join-age": ("age",),
    "overlay-who-won-within": ("age",),
    "overlay-who-won-within-series": ("series", "age"),
    "overlay-who-not": ("who",),
    "overlay-who-requiring": ("who", "required"),
}
# Messages with a count: by the count's variable, rendered once per plural category.
COUNTED: dict[str, str] = {
    "overlay-winners": "winners",
    "overlay-supply": "supply",
    "overlay-entrants": "entrants",
    "overlay-more-winners": "more",
}
_SAMPLES = [*range(2, 200), 1, 0, 1_000_000]  # a number of every category, small ones first


def _plain(text: str, limit: int) -> str:
    # The page puts every value in with textContent, so nothing here is markup; keep one line.
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


OVERLAY_VOICE = Voice("overlay", escape=_plain, finish=lambda line: _plain(line, 400))


def slot(name: str) -> Verbatim:
    """The mark the page replaces with a value: `{name}`."""
    return Verbatim("{" + name + "}")


@cache
def _samples(language: str) -> dict[str, int]:
    """One number of each plural category of `language` (the first found of _SAMPLES)."""
    rule = Locale.parse(language).plural_form
    found: dict[str, int] = {}
    for number in _SAMPLES:
        found.setdefault(rule(number), number)
    return found


def page_words(community: str, language: str = LANGUAGE) -> dict[str, object]:
    """Every line the overlay shows, in `community`'s words: `strings` by message id (with
    `{slot}` marks), and `counted` by message id and plural category (the count a slot too)."""
    say = current().say
    strings = {
        message_id: say(OVERLAY_VOICE, message_id, community, **{n: slot(n) for n in names})
        for message_id, names in FILLED.items()
    }
    counted: dict[str, dict[str, str]] = {}
    for message_id, variable in COUNTED.items():
        forms = counted[message_id] = {}
        for category, number in _samples(language).items():
            line = say(OVERLAY_VOICE, message_id, community, **{variable: number})
            shown = re.escape(format_decimal(number, locale=language))
            forms[category] = re.sub(rf"(?<![0-9]){shown}(?![0-9])", "{" + variable + "}", line)
    return {"strings": strings, "counted": counted}


def say(message_id: str, community: str) -> str:
    """One of the overlay's lines with no value (its error page's)."""
    return current().say(OVERLAY_VOICE, message_id, community)
