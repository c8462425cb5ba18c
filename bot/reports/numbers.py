"""A summary's figures in words: durations, rates, money and times, the same on every surface
(terminal, Twitch chat, Discord embed, chart)."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise

NONE = "—"  # a figure that has nothing to be computed from yet (no claims, no views)
_UNITS = (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1))


def duration(seconds: float | None) -> str:
    """`45s`, `12m`, `1h 30m`, `2d 3h`: the largest unit and the next, rounded down."""
    if seconds is None:
        return NONE
    left = max(0, int(seconds))
    for (unit, size), (next_unit, next_size) in pairwise(_UNITS):
        if left >= size:
            rest = left % size // next_size
            return f"{left // size}{unit}" + (f" {rest}{next_unit}" if rest else "")
    return f"{left}s"


def percent(rate: float | None) -> str:
    return NONE if rate is None else f"{rate:.0%}"


def money(cents: int) -> str:
    # Partners report an order value without a currency; the bot shows it as they sent it.
    return f"{cents / 100:,.2f}"


def when(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def after_close(label: str) -> str:
    """`24h` → `24 h after the close`; `now` → `so far`."""
    if label == "now":
        return "so far"
    return f"{label[:-1]} {label[-1]} after the close"
