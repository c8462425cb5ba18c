"""Figures in a summary as each language writes them (Babel): durations, shares, money."""

from __future__ import annotations

import pytest

from bot.messages.figures import NONE, duration_in, money_in, percent_in
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
