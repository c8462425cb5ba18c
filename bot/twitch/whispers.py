"""Whispered notices to Twitch winners: an option, off by default, never carrying a code.

Twitch lets a bot whisper only 40 new people a day, may drop whispers silently, and needs a
verified phone number on the bot account, so whispers can never be how a code travels. When
enabled, a Twitch winner also gets a one-line whisper pointing at the claim page, while the
day's budget lasts; past it, the chat mention and the claim page still reach them.

Whispers are their own outbox sink ("twitch_whispers"): the budget is counted from what this
sink sent in the last 24 hours, so a restart does not forget it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

from bot.drops.model import OutboxMessage
from bot.drops.ports import TransactionRunner, UnitOfWork
from bot.drops.transactions import atomic
from bot.twitch.announcements import Links, hhmm, is_twitch_winner
from bot.twitch.chat_text import clip, plain

log = logging.getLogger(__name__)

SINK = "twitch_whispers"
DAY = timedelta(days=1)
SPACING = 0.35  # seconds between whispers: Twitch allows 3 a second
MAX_ATTEMPTS = 3  # whispers are best effort: give up on one after this many failures


class WhisperPort(Protocol):
    async def whisper(self, user_id: str, text: str) -> None: ...


def notice(message: OutboxMessage, links: Links) -> str:
    """The whisper for a `won` message: where to get the code, and by when. No secret."""
    p = message.payload
    title = plain(str(p.get("title") or p.get("drop") or ""), 80)
    serial = p.get("serial")
    unit = f" (#{serial})" if isinstance(serial, int) else ""
    deadline = hhmm(str(p.get("claim_deadline") or ""))
    by = f" by {deadline}" if deadline else ""
    return clip(
        f"You won the {title} drop{unit}! Get your code at {links.claim(message)}{by}. "
        "fairdrop never sends codes in whispers or chat."
    )


class WhisperNotifier:
    def __init__(
        self,
        port: WhisperPort,
        tx: TransactionRunner,
        links: Links,
        now: Callable[[], datetime],
        *,
        budget: int = 40,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.port, self.tx, self.links, self.now = port, tx, links, now
        self.budget, self.sleep = budget, sleep

    async def run(self, stop: asyncio.Event, idle: float = 5.0) -> None:
        while not stop.is_set():
            try:
                await self.drain_once()
            except Exception:
                log.exception("whispers: draining the outbox failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=idle)

    async def drain_once(self) -> int:
        """Whisper the pending winners within the budget; returns how many were whispered."""
        since = self.now() - DAY

        def read(uow: UnitOfWork) -> tuple[list[OutboxMessage], set[str]]:
            return uow.outbox.pending(SINK, 200, since), uow.outbox.recipients_since(SINK, since)

        rows, recipients = await self.tx.run(atomic(read))
        whispered = 0
        for row in rows:
            assert row.id is not None
            if not (is_twitch_winner(row) and row.audience.startswith("twitch:")):
                await self._mark(row.id, sent=True)  # nothing to whisper for this one
                continue
            if row.audience not in recipients and len(recipients) >= self.budget:
                log.info(
                    "whispers: today's budget of %d recipients is spent; winner of %s is told "
                    "in chat only",
                    self.budget,
                    row.payload.get("drop"),
                )
                await self._mark(row.id, sent=True)
                continue
            try:
                user_id = row.audience.removeprefix("twitch:")
                await self.port.whisper(user_id, notice(row, self.links))
            except Exception as error:
                log.warning("whispers: not sent (attempt %d): %s", row.attempts + 1, error)
                await self._mark(row.id, sent=row.attempts + 1 >= MAX_ATTEMPTS)
                continue
            recipients.add(row.audience)
            await self._mark(row.id, sent=True)
            whispered += 1
            await self.sleep(SPACING)
        return whispered

    async def _mark(self, message_id: int, *, sent: bool) -> None:
        at = self.now()

        def mark(uow: UnitOfWork) -> None:
            if sent:
                uow.outbox.mark_sent(SINK, message_id, at)
            else:
                uow.outbox.mark_failed(SINK, message_id)

        await self.tx.run(atomic(mark))
