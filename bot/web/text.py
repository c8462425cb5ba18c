"""The web app's words from the message catalog, said in plain text.

The answers that are not HTML pages (the live feed's refusals) are plain text: a typed value is
only clipped, and nothing in the line is markup. (The HTML pages still have their words in
their templates.)
"""

from __future__ import annotations

from bot.messages.catalog import Value, Voice, current


def _clipped(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


WEB_VOICE = Voice("web", _clipped, lambda line: line)


def say(message_id: str, community: str = "", /, **values: Value) -> str:
    """Message `message_id` of the catalog as the web app says it in plain text."""
    return current().say(WEB_VOICE, message_id, community, **values)
