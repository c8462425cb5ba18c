"""A summary's figures in words: durations, rates, money and times, the same on every surface
(terminal, Twitch chat, Discord embed, chart)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.messages.catalog import LANGUAGE
from bot.messages.figures import NONE, duration_in

__all__ = ["NONE", "after_close", "duration", "money", "percent", "when"]


def duration(seconds: float | None) -> str:
    """`45s`, `12m`, `1h 30m`, `2d 3h`: the largest unit and the next, rounded down."""
    return duration_in(seconds, LANGUAGE)


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
