"""Whispered notices to Twitch winners: an option, off by default, never carrying a code.

Twitch lets a bot whisper only 40 new people a day, may drop whispers silently, and needs a
verified phone number on the bot account, so whispers can never be how a code travels. When
enabled, a Twitch winner also gets a one-line whisper pointing at the claim page, while the
day's budget lasts; past it, the chat mention and the claim page still reach them.

Whispers are their own outbox sink ("twitch_whispers"): the budget is counted from what this
sink sent in the last 24 hours, so a restart does not forget it. The run loop and the failure
policy are the outbox's one `OutboxSink`; whispers being best effort, a whisper is parked after
`MAX_ATTEMPTS` failures rather than the default.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol, assert_never

from bot.drops.model import OutboxMessage
from bot.drops.notices import (
    BeaconWaiting,
    Cancelled,
    Closed,
    ClosingSoon,
    Drawn,
    Extended,
    NoticeError,
    Opened,
    OpenedEarly,
    OpenToEveryone,
    Paused,
    Rerolled,
    Scheduled,
    SeasonSummary,
    Settled,
    Summary,
    SummaryLine,
    Won,
    notice_of,
)
from bot.drops.ports import UnitOfWork
from bot.kernel.transactions import TransactionRunner, read_only
from bot.messages.catalog import Verbatim, current
from bot.outbox.policy import RetryPolicy
from bot.outbox.sink import Delivery, Letter, OutboxSink
from bot.twitch.announcements import TWITCH, Links
from bot.twitch.chat_text import TWITCH_VOICE, clip

log = logging.getLogger(__name__)

SINK = "twitch_whispers"
DAY = timedelta(days=1)
SPACING = 0.35  # seconds between whispers: Twitch allows 3 a second
MAX_ATTEMPTS = 3  # whispers are best effort: give up on one after this many failures
BEST_EFFORT = RetryPolicy(max_attempts=MAX_ATTEMPTS, base=5.0, cap=60.0)


class WhisperPort(Protocol):
    async def whisper(self, user_id: str, text: str) -> None: ...


def notice(message: OutboxMessage, links: Links) -> str:
    """The whisper for a `won` message: where to get the code, and by when. No secret.
    `NoticeError` for a row that is not a `Won` notice."""
    won = notice_of(message)
    if not isinstance(won, Won):
        raise NoticeError(f"no whisper for an outbox row of kind {message.kind!r}")
    return whisper(won, message.drop_id, links)


def whisper(won: Won, drop_id: int, links: Links, community: str = "") -> str:
    """The whisper for `won` (a unit of drop `drop_id`), in `community`'s words."""
    deadline = current().time_of(won.claim_deadline, community)
    values: dict[str, str | int] = {
        "title": won.title or won.drop,
        "link": Verbatim(links.claim(won.drop, drop_id)),
    }
    if won.serial is not None and deadline:
        values.update(serial=Verbatim(str(won.serial)), deadline=deadline)
        message_id = "twitch-whisper-won"
    else:
        message_id = "twitch-whisper-won-plain"
    return clip(current().say(TWITCH_VOICE, message_id, community, **values))


class WhisperNotifier:
    """The whispers' outlet: each row its own lane, so one failing whisper holds back no other;
    whispers go out one at a time, `SPACING` apart."""

    def __init__(
        self,
        port: WhisperPort,
        tx: TransactionRunner[UnitOfWork],
        links: Links,
        now: Callable[[], datetime],
        *,
        budget: int = 40,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        retry: RetryPolicy = BEST_EFFORT,
        clock: Callable[[], float] = time.monotonic,
        idle_seconds: float = 5.0,
    ) -> None:
        self.port, self.tx, self.links, self.now = port, tx, links, now
        self.budget, self.sleep = budget, sleep
        self._recipients: set[str] = set()
        self._one_at_a_time = asyncio.Lock()
        self.whispered = 0
        self.sink = OutboxSink(
            SINK,
            self,
            tx,
            now,
            policy=retry,
            idle_seconds=idle_seconds,
            clock=clock,
            sleep=sleep,
        )

    async def run(self, stop: asyncio.Event) -> None:
        await self.sink.run(stop)

    async def drain_once(self) -> int:
        """Whisper the pending winners within the budget; returns how many were whispered."""
        before = self.whispered
        await self.sink.drain_once()
        return self.whispered - before

    async def read_pending(self, holding: frozenset[str]) -> list[Letter]:
        since = self.now() - DAY

        def read(uow: UnitOfWork) -> tuple[list[OutboxMessage], set[str]]:
            return uow.outbox.pending(SINK, 200, since), uow.outbox.recipients_since(SINK, since)

        rows, self._recipients = await self.tx.run(read_only(read))
        return [Letter(row) for row in rows]

    async def deliver(self, letter: Letter) -> Delivery:
        row = letter.row
        match notice_of(row):  # NoticeError: a failed delivery, so the row is parked in time
            case Won() as won if won.platform == TWITCH and row.audience.startswith("twitch:"):
                return await self._whisper(row, won)
            case (
                Won()
                | Scheduled()
                | Opened()
                | OpenedEarly()
                | OpenToEveryone()
                | ClosingSoon()
                | Closed()
                | Cancelled()
                | Extended()
                | Paused()
                | Settled()
                | Drawn()
                | Rerolled()
                | BeaconWaiting()
                | Summary()
                | SummaryLine()
                | SeasonSummary()
            ):
                return Delivery.SENT  # nothing to whisper for this one
            case _ as other:
                assert_never(other)

    async def _whisper(self, row: OutboxMessage, won: Won) -> Delivery:
        async with self._one_at_a_time:
            if row.audience not in self._recipients and len(self._recipients) >= self.budget:
                log.info(
                    "whispers: today's budget of %d recipients is spent; winner of %s is told "
                    "in chat only",
                    self.budget,
                    won.drop,
                )
                return Delivery.SENT
            text = whisper(won, row.drop_id, self.links)
            await self.port.whisper(row.audience.removeprefix("twitch:"), text)
            self._recipients.add(row.audience)
            self.whispered += 1
            await self.sleep(SPACING)
        return Delivery.SENT
