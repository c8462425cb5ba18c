"""Figures as a language writes them (Babel's CLDR data): durations, shares, money and times of
day each community reads. Counts inside messages are Fluent's (Babel underneath); these are the
figures that go in as values already written."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_datetime,
    format_skeleton,
    get_timezone,
    get_timezone_gmt,
    get_timezone_name,
)
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

NONE = "—"  # a figure that has nothing to be computed from yet (no claims, no views)
Unit = Literal["day", "hour", "minute", "second"]
_UNITS: tuple[tuple[Unit, int], ...] = (
    ("day", 86_400),
    ("hour", 3_600),
    ("minute", 60),
    ("second", 1),
)


@lru_cache(maxsize=16)
def locale_of(language: str) -> Locale:
    """Babel's locale for a BCP 47 tag (pt-BR); English for one Babel does not know."""
    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _unit(value: int, unit: Unit, language: str) -> str:
    # A CLDR duration unit, never rounded into a larger one (7 days stay days, not a week).
    return format_unit(value, f"duration-{unit}", length="narrow", locale=locale_of(language))


def duration_in(seconds: float | None, language: str) -> str:
    """The largest unit and the next, rounded down, as `language` abbreviates them: `1h 30m`,
    `30min`, `2 Tg. 3 Std.`; NONE for none."""
    if seconds is None:
        return NONE
    left = max(0, int(seconds))
    for (unit, size), (next_unit, next_size) in pairwise(_UNITS):
        if left >= size:
            rest = left % size // next_size
            first = _unit(left // size, unit, language)
            return f"{first} {_unit(rest, next_unit, language)}" if rest else first
    return _unit(left, "second", language)


def percent_in(rate: float | None, language: str) -> str:
    """A share as `language` writes a percentage (25%, 25 %); NONE for none."""
    return NONE if rate is None else format_percent(rate, locale=locale_of(language))


def money_in(cents: int, language: str) -> str:
    """An amount with two decimals as `language` writes it (1,170.50 / 1.170,50). Partners
    report an order value without a currency, so none is named."""
    return format_decimal(cents / 100, format="#,##0.00", locale=locale_of(language))


def number_in(value: float, language: str) -> str:
    """A figure that may have a fraction (an average), to one decimal, as `language` writes it
    (12.5 / 12,5; 12 stays 12)."""
    return format_decimal(value, format="#,##0.#", locale=locale_of(language))


def month_in(period: str, language: str) -> str:
    """A month given as `2026-05` as `language` names it (May 2026, mayo de 2026); the text
    itself if it is not such a month."""
    try:
        first = date.fromisoformat(f"{period}-01")
    except ValueError:
        return period
    return format_skeleton("yMMMM", first, locale=locale_of(language))


@lru_cache(maxsize=1024)
def time_in(at: datetime, language: str, zone: str = "UTC") -> str:
    """The time of day `at` in time zone `zone`, as `language` writes a 24-hour time, with the
    zone's short name there (`20:05 UTC`, `20:05 MESZ`, `14:05 EDT`), or its offset from GMT
    where the language has no name for it (`20:05 GMT+02:00`). A naive `at` is UTC.

    24-hour in every language: chat reads a time at a glance, and English keeps the `20:05 UTC`
    it always said. Kept: a drop's few times are said over and over (each ack of a rush)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    local = at.astimezone(get_timezone(zone))
    locale = locale_of(language)
    return f"{format_skeleton('Hm', local, locale=locale)} {_zone_name(local, locale)}"


def _zone_name(local: datetime, locale: Locale) -> str:
    name = get_timezone_name(local, width="short", locale=locale)
    if name[:1] in "+-":  # CLDR's bare offset: the localized GMT form reads better
        name = get_timezone_gmt(local, width="long", locale=locale)
    return str(name)


def weekday_in(local: datetime, language: str) -> str:
    """An aware `local` time as `language` names its weekday, day, month and time of day, in
    its own zone: `Fri 27 Nov 20:00 UTC`, `vie 27 nov 20:00 CET`, `Fr. 27 Nov. 20:00 MEZ` (when
    a weekly series' next drop opens)."""
    locale = locale_of(language)
    return f"{format_datetime(local, 'EEE d MMM HH:mm', locale=locale)} {_zone_name(local, locale)}"


def moment_in(at: datetime, language: str, zone: str = "UTC") -> str:
    """The date and time of day `at` in `zone` as `language` writes them: `Nov 27, 2026 20:05
    UTC`, `27 nov 2026 21:05 CET`. A naive `at` is UTC."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    local = at.astimezone(get_timezone(zone))
    day = format_skeleton("yMMMd", local, locale=locale_of(language))
    return f"{day} {time_in(at, language, zone)}"
