"""The funnel chart and the figures in words."""

from __future__ import annotations

import dataclasses
import struct

import pytest

from bot.reports.chart import PNG_MAGIC, funnel_png
from bot.reports.numbers import after_close, duration, money, percent
from tests.fixtures.summaries import figures


def _size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk comes first
    return width, height


def test_the_funnel_is_an_800_by_450_png() -> None:
    png = funnel_png(figures())
    assert png.startswith(PNG_MAGIC)
    assert _size(png) == (800, 450)


@pytest.mark.parametrize(
    "title",
    [
        "$x^2$ \\frac{1}{0} hoodie",
        "\U0001f389 \uff46\uff55\uff4c\uff4c \u4e2d\u6587\n\u202eevil",
        "",
        "T" * 5000,
    ],
)
def test_any_title_draws_as_plain_text_without_warnings(title: str) -> None:
    # Warnings are errors in this suite: a missing glyph or a math parse would fail here.
    assert funnel_png(figures(title=title)).startswith(PNG_MAGIC)


def test_a_drop_nobody_entered_still_draws() -> None:
    empty = dataclasses.replace(
        figures(), entrants=0, eligible=0, winners=0, delivered=0, viewed=0, redeemed=0
    )
    assert funnel_png(empty).startswith(PNG_MAGIC)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (None, "—"),
        (0, "0s"),
        (59.9, "59s"),
        (60, "1m"),
        (740, "12m 20s"),
        (5400, "1h 30m"),
        (86_400, "1d"),
        (93_784, "1d 2h"),
        (7 * 86_400 + 59, "7d"),
    ],
)
def test_durations_show_the_largest_unit_and_the_next(seconds: float | None, words: str) -> None:
    assert duration(seconds) == words


def test_rates_money_and_labels() -> None:
    assert (percent(None), percent(0.625), percent(1.0)) == ("—", "62%", "100%")
    assert money(123_450) == "1,234.50"
    assert (after_close("24h"), after_close("90m"), after_close("now")) == (
        "24 h after the close",
        "90 m after the close",
        "so far",
    )
