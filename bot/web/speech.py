"""What the web pages and the partner API say, and in which language.

A page is said in the browser's language (`Accept-Language`, negotiated with Babel against the
shipped languages), else in the language of the community it is about (a drop's channel), else
in the configured default. Every sentence comes from the catalog (`web-*` and `api-*` ids in
`bot/messages/locales/*/web.ftl`); typed values (titles, names) are HTML-escaped as they go in,
our own markup goes in as `Html`, and numbers and dates are formatted for the language by Babel.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

from aiohttp import web
from babel import Locale, UnknownLocaleError
from babel.core import negotiate_locale
from babel.dates import format_datetime
from babel.numbers import format_decimal

from bot.messages.catalog import LANGUAGE, Value, Voice, current
from bot.web.markup import Html

ACCEPT_LANGUAGE_MAX = 512  # characters of Accept-Language read: a real one is short
_ASKED_MAX = 12  # languages read from one Accept-Language header


def _escape(text: str, limit: int) -> str:
    return html.escape(_clipped(text, limit), quote=True)


def _as_is(text: str) -> str:
    return text


# How the web says a message: typed values HTML-escaped (clipped to their variable's limit),
# our own markup put in as `Html`, the words as written (they hold no markup: see the check).
WEB_VOICE = Voice("web", escape=_escape, finish=_as_is, limits={"title": 200, "login": 40})


def _clipped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# How the partner API says its `message`: JSON encoding keeps any value inert, so a typed value
# is only clipped.
API_VOICE = Voice("api", escape=_clipped, finish=_as_is)


def api_message(language: str, message_id: str, /, **values: Value) -> str:
    """The partner API's human-readable `message` for `message_id` (an `api-*` id)."""
    return current().say_in(language, API_VOICE, message_id, "", **values)


def api_language(request: web.Request) -> str:
    """The partner API answers in the language its client asks for (Accept-Language), else
    in English: a partner's till is no community's."""
    return asked_language(request) or LANGUAGE


def say(language: str, message_id: str, community: str = "", /, **values: Value) -> Html:
    """Message `message_id` in `language` (else the community's), as markup safe to put in a
    page."""
    return Html(current().say_in(language, WEB_VOICE, message_id, community, **values))


def asked_languages(header: str) -> list[str]:
    """The languages an `Accept-Language` header asks for, most wanted first (q=0 and `*`
    left out, a malformed part skipped)."""
    asked: list[tuple[float, int, str]] = []
    for order, part in enumerate(header[:ACCEPT_LANGUAGE_MAX].split(",")[:_ASKED_MAX]):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*" or not all(c.isalnum() or c == "-" for c in tag):
            continue
        weight = 1.0
        for param in params.split(";"):
            name, _, number = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(number)
                except ValueError:
                    weight = 0.0
        if weight > 0:
            asked.append((-weight, order, tag))
    return [tag for _, _, tag in sorted(asked)]


def asked_language(request: web.Request) -> str | None:
    """The shipped language that best matches `request`'s `Accept-Language`; None if none
    does (or it names none)."""
    asked = asked_languages(request.headers.get("Accept-Language", ""))
    if not asked:
        return None
    shipped = {language.lower(): language for language in current().languages}
    found = negotiate_locale(asked, list(shipped), sep="-")
    # Babel answers with the tag as the browser spelled it (pt-br): the shipped spelling back.
    return shipped.get((found or "").lower())


def page_language(request: web.Request, community: str = "") -> str:
    """The language to answer `request` in: the best shipped match of its `Accept-Language`,
    else `community`'s language, else the configured default."""
    return asked_language(request) or current().language_of(community)


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def number(value: int | float, language: str) -> str:
    """`value` with the language's digit grouping and decimal mark (1,057 / 1.057)."""
    return format_decimal(value, locale=_locale(language))


def moment(at: datetime, language: str) -> str:
    """A date and time in UTC as the language writes it (medium length), with "UTC"."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return format_datetime(at, "medium", tzinfo=UTC, locale=_locale(language)) + " UTC"
