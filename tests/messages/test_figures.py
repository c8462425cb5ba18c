"""Figures as each language writes them (Babel): durations, shares, money and times of day."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.messages.figures import (
    NONE,
    duration_in,
    moment_in,
    money_in,
    percent_in,
    time_in,
    weekday_in,
)
from bot.reports.numbers import duration, money, percent


@pytest.mark.parametrize(
    "seconds", [None, 0, 45, 59 * 60, 5400, 86_400 + 60, 2 * 86_400 + 3 * 3600, 7 * 86_400]
)
def test_english_is_written_as_the_terminal_report_writes_it(seconds: float | None) -> None:
    assert duration_in(seconds, "en") == duration(seconds)


def test_spanish_writes_its_own_units_decimal_mark_and_percent_sign() -> None:
    assert duration_in(5400, "es") == "1h 30min"
    assert duration_in(59 * 60, "es") == "59min"  # never rounded up into an hour
    assert percent_in(0.25, "es") == "25\xa0%"
    assert money_in(117_050, "es") == "1.170,50"
    assert percent_in(None, "es") == NONE


def test_english_money_and_shares_stay_as_they_were() -> None:
    assert money_in(117_050, "en") == money(117_050) == "1,170.50"
    assert percent_in(0.25, "en") == percent(0.25) == "25%"


def test_a_language_babel_does_not_know_is_written_in_english() -> None:
    assert money_in(117_050, "xx-YY") == "1,170.50"


def test_a_time_of_day_is_said_in_the_zone_and_the_language_across_a_dst_change() -> None:
    # New York moves to summer time on 8 March 2026: 18:05 UTC is 13:05 EST, then 14:05 EDT.
    before, after = datetime(2026, 3, 7, 18, 5, tzinfo=UTC), datetime(2026, 3, 9, 18, 5, tzinfo=UTC)

    assert time_in(before, "en", "America/New_York") == "13:05 EST"
    assert time_in(after, "en", "America/New_York") == "14:05 EDT"
    assert time_in(after, "pt-BR", "America/Sao_Paulo") == "15:05 BRT"
    assert time_in(after, "de", "Europe/Berlin") == "19:05 MEZ"
    assert time_in(after, "en") == "18:05 UTC"  # English in UTC reads as it always did


def test_a_date_and_time_are_written_the_languages_way() -> None:
    at = datetime(2026, 7, 3, 18, 5, tzinfo=UTC)

    assert moment_in(at, "en") == "Jul 3, 2026 18:05 UTC"
    assert moment_in(at, "de", "Europe/Berlin") == "3. Juli 2026 20:05 MESZ"


@pytest.mark.parametrize(
    ("language", "in_utc", "in_berlin"),
    [
        ("en", "Fri 27 Nov 19:00 UTC", "Fri 27 Nov 20:00 GMT+01:00"),
        ("es", "vie 27 nov 19:00 UTC", "vie 27 nov 20:00 CET"),
        ("de", "Fr. 27 Nov. 19:00 UTC", "Fr. 27 Nov. 20:00 MEZ"),
        ("pt-BR", "sex. 27 nov. 19:00 UTC", "sex. 27 nov. 20:00 +01:00 GMT"),
    ],
)
def test_a_series_next_drop_names_its_weekday_and_month_in_the_language(
    language: str, in_utc: str, in_berlin: str
) -> None:
    # When a weekly series opens next, in its zone: English in UTC reads as it always did.
    at = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
    assert weekday_in(at, language) == in_utc
    assert weekday_in(at.astimezone(ZoneInfo("Europe/Berlin")), language) == in_berlin
