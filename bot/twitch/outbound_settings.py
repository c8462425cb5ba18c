"""The settings an `OutboundSender` is built with, grouped by what they decide.

Each group has the defaults a live bot runs with, so a caller names only what it changes: the
composition root the drop clock and retry policy, a test its fake clock.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from random import random as _uniform

from bot.drops.model import OutboxMessage
from bot.outbox.policy import RetryPolicy
from bot.twitch.chat_budget import Clock

Sleep = Callable[[float], Awaitable[None]]
RouteFn = Callable[[OutboxMessage, str], str | None]

DEFAULT_LIMIT = 20  # messages per window when the bot is not a moderator in the channel
DEFAULT_WINDOW = 30.0


def default_channel_of(message: OutboxMessage, drop_channel: str) -> str | None:
    """Every row of a drop belongs to its drop's channel.

    Rows this sender consumes are marked sent even when they say nothing on Twitch (a Discord
    winner's `won`); return None for rows another consumer of the outbox must see instead.
    """
    return drop_channel or None


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Serving:
    """Which outbox rows the sender says, and where.

    `channel_of(row, drop_channel)` names the Twitch channel a row is said in, given its drop's
    channel; None leaves the row pending for another consumer of the outbox. `channels`, if
    given, are the drop channels this sender serves: only rows of drops in them are read
    (filtered in SQL), so several processes can split Twitch channels between them. None
    serves every channel. `emojis` are the communities' emoji by channel (`[communities.NAME]
    emoji`), put where the catalog places `$emoji` in the drop's announcements.
    """

    channel_of: RouteFn = default_channel_of
    channels: Collection[str] | None = None
    emojis: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ChatLimits:
    """Twitch's chat budget per channel, and how long the sender bears its refusals.

    `limit` messages per `per_seconds` (20/30 s; 100/30 s where the bot is a moderator:
    `OutboundSender.set_limit`). A send waits for the budget at most `max_inline_wait` seconds
    (None: one window); a text gives up after `max_rate_limited` 429s in a row or
    `max_variations` duplicates.
    """

    limit: int = DEFAULT_LIMIT
    per_seconds: float = DEFAULT_WINDOW
    max_inline_wait: float | None = None
    max_rate_limited: int = 5
    max_variations: int = 5


@dataclass(frozen=True, slots=True)
class Draining:
    """How the outbox is read: rows per read, rows per merged job, the idle poll, the retry
    policy (None: the outbox's default)."""

    batch: int = 50
    max_group: int = 50
    idle_seconds: float = 1.0
    retry: RetryPolicy | None = None


@dataclass(frozen=True, slots=True)
class TimeSources:
    """Where the sender reads time and chance: `clock` (monotonic seconds) paces the budgets,
    `now` (wall time, the drops' clock in production) stamps deliveries, `random` jitters the
    backoff."""

    clock: Clock = time.monotonic
    sleep: Sleep = asyncio.sleep
    now: Callable[[], datetime] = _utcnow
    random: Callable[[], float] = _uniform


# The live bot's settings, one immutable instance each (the constructor's defaults).
SERVE_EVERY_CHANNEL = Serving()
TWITCH_LIMITS = ChatLimits()
DRAINING = Draining()
REAL_TIME = TimeSources()
