"""The outbound Twitch chat sender: drains the outbox into chat, under Twitch's limits.

Twitch counts at most 20 chat messages per 30 s per channel from a bot that is not a moderator
there, 100 from one that is, and locks the bot out for about 30 minutes past that; twitchio does
no outbound rate limiting. It also drops a message identical to one sent in the last 30 s, and
refuses messages over 500 characters. So every message to a channel goes through one
`SlidingWindowLimiter` (`chat_budget`) per channel, texts come from `announcements` (each at most
500 characters, starting with our own words, never a code), and a text Twitch calls a duplicate
is varied.

The sender speaks through a `ChatPort`, a one-method protocol the twitchio adapter implements by
mapping twitchio's `MessageRejectedError` (a `drop_reason`) to `ChatRejected` and an
`HTTPException` with status 429 to `ChatRateLimited`; anything else it raises counts as transient.
Nothing here imports twitchio, so all of it is tested with a fake port and a fake clock.

Delivery is at least once. An outbox row is marked sent only after all of its texts went out, in
its own transaction. Within one process, a row that failed half way resumes at the text that
failed (its progress is kept in memory), so a retry never repeats a text that went out. After a
crash between a row's first text and its `mark_sent`, the restarted sender repeats the row's texts
that went out already: the outbox has no column for progress, and a repeated announcement is
better than a lost one. A transient error after Twitch accepted a message (a timeout on the
response) can likewise repeat one text.

Acknowledgements to `!claim` (an `AckBook` the chat gateway fills) are said by `say_acks` under
the channel's send lock, and a job whose row ends a drop first says that drop's waiting acks in
one merged line: chat never reads "You're in the … drop" after "Drop … is closed".

The run loop and the failure policy are the outbox's one `bot.outbox.sink.OutboxSink`: this
sender only reads what is pending (as jobs, one lane per channel) and delivers one job. A failed
job's rows count an attempt and its channel backs off (capped, with jitter) before it is tried
again, until the policy parks them; later rows of the same channel wait behind it so
announcements keep their order, while other channels go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from bot.drops.model import AnnouncementReceipt, OutboxMessage
from bot.drops.notices import COMMITTING_KINDS, NoticeError, notice_of
from bot.drops.ports import UnitOfWork
from bot.kernel.transactions import TransactionRunner, atomic, read_only
from bot.outbox.sink import Delivery, OutboxSink
from bot.twitch.acks import AckBook
from bot.twitch.announcements import (
    TWITCH,
    Links,
    ends_entries,
    is_reroll,
    mentions_alone,
    render_notice,
    render_rerolls,
    render_won,
)
from bot.twitch.chat_budget import SlidingWindowLimiter
from bot.twitch.chat_text import clip, looks_secret, neutral_start, plain, vary
from bot.twitch.outbound_settings import (
    DRAINING,
    REAL_TIME,
    SERVE_EVERY_CHANNEL,
    TWITCH_LIMITS,
    ChatLimits,
    Draining,
    Serving,
    TimeSources,
)

log = logging.getLogger(__name__)

SINK = "twitch"  # this sender's name in the outbox's per-sink delivery record
MODERATOR_LIMIT = 100  # when it is
DUPLICATE_WINDOW = 31.0  # Twitch drops a repeat within 30 s; a second of margin
DUPLICATE = "msg_duplicate"


class ChatSendError(Exception):
    """Base of the failures a `ChatPort` reports."""


class ChatRejected(ChatSendError):
    """Twitch refused the message with a `drop_reason` (`msg_duplicate`, `msg_rejected`...)."""

    def __init__(self, reason_code: str, message: str = "") -> None:
        super().__init__(f"{reason_code}: {message}" if message else reason_code)
        self.reason_code = reason_code
        self.message = message


class ChatRateLimited(ChatSendError):
    """Twitch answered 429; `retry_after` in seconds when it said (else None)."""

    def __init__(self, retry_after: float | None = None) -> None:
        super().__init__(f"rate limited, retry after {retry_after}s")
        self.retry_after = retry_after


class ChatNotSent(ChatSendError):
    """A job's text could not be sent (Twitch refused it, or a transient failure)."""


class ChatPort(Protocol):
    async def send(self, channel: str, text: str) -> str | None:
        """Post `text` in `channel`'s chat; return Twitch's message id if it gave one. Raises
        `ChatRejected` or `ChatRateLimited`; any other exception is a transient failure
        (connection, timeout, server error)."""
        ...


@dataclass(slots=True)
class _Job:
    """One or more outbox rows sent together, and how many of their texts went out."""

    rows: list[OutboxMessage]
    texts: list[str]
    done: int = 0
    ids: frozenset[int] = field(default_factory=frozenset)
    ends: int | None = None  # the drop whose entries this job's line ends (acks go first)
    lane: str = ""  # the channel it is said in
    unreadable: NoticeError | None = None  # its row holds no notice this release can read


class _Sent(Enum):
    SENT = "sent"
    FAILED = "failed"  # the row counts an attempt and the channel backs off
    REFUSED = "refused"  # likewise, but Twitch refused the text itself (not a passing failure)
    DEFERRED = "deferred"  # Twitch asked for a long pause: the channel waits, the row is fine


class OutboundSender:
    """Drains the outbox into Twitch chat: one rate limiter, lock and backoff per channel.

    `channel_of(row, drop_channel)` names the Twitch channel a row is said in, given its drop's
    channel; None leaves the row pending for another consumer of the outbox. Its settings come
    in groups (`bot.twitch.outbound_settings`), each with the live bot's defaults: which rows it
    serves, Twitch's chat limits, how the outbox is drained, and where time comes from.
    """

    def __init__(
        self,
        port: ChatPort,
        tx: TransactionRunner[UnitOfWork],
        links: Links,
        *,
        serving: Serving = SERVE_EVERY_CHANNEL,
        limits: ChatLimits = TWITCH_LIMITS,
        draining: Draining = DRAINING,
        clocks: TimeSources = REAL_TIME,
        acks: AckBook | None = None,
    ) -> None:
        self.acks = AckBook() if acks is None else acks
        self._port = port
        self._tx = tx
        self._links = links
        self._channel_of = serving.channel_of
        self._emojis = serving.emojis
        # "" is no channel (`default_channel_of` leaves such rows for another consumer).
        channels = serving.channels
        self._channels = None if channels is None else frozenset(c for c in channels if c)
        self._limit = limits.limit
        self._per_seconds = limits.per_seconds
        self._clock = clocks.clock
        self._now = clocks.now
        self.last_message_id: str | None = None  # what Twitch called the last text sent
        self._sleep = clocks.sleep
        self._batch = draining.batch
        wait = limits.max_inline_wait
        self._max_inline_wait = limits.per_seconds if wait is None else wait
        self._max_rate_limited = limits.max_rate_limited
        self._max_variations = limits.max_variations
        self._max_group = draining.max_group
        self._limiters: dict[str, SlidingWindowLimiter] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._recent: dict[str, deque[tuple[float, str]]] = {}
        self._paused_until: dict[str, float] = {}  # Twitch's long 429: every send there waits
        self._unfinished: dict[str, _Job] = {}
        self._skipped = 0  # rows passed over last time: the next read looks that much further
        # Channels whose last send failed for a reason other than a refusal or a 429 (Twitch
        # erring or unreachable): /healthz shows them until a send there goes through.
        self.failing: set[str] = set()
        self.sink = OutboxSink(
            SINK,
            self,
            tx,
            clocks.now,
            policy=draining.retry,
            idle_seconds=draining.idle_seconds,
            clock=clocks.clock,
            sleep=clocks.sleep,
            random=clocks.random,
        )

    # --- configuration and ad-hoc sends ---------------------------------------------------

    def limiter(self, channel: str) -> SlidingWindowLimiter:
        found = self._limiters.get(channel)
        if found is None:
            found = SlidingWindowLimiter(self._limit, self._per_seconds, self._clock)
            self._limiters[channel] = found
        return found

    def set_limit(self, channel: str, limit: int) -> None:
        """Change a channel's budget, e.g. to `MODERATOR_LIMIT` once the bot is a moderator."""
        self.limiter(channel).capacity = limit

    def notify(self) -> None:
        """Wake `run` now: something was just added to the outbox."""
        self.sink.notify()

    async def say(self, channel: str, text: str) -> bool:
        """Send one text of our own (a command reply) within the channel's budget.

        The text is put on one line, clipped to 500 characters and kept from starting like a
        command; a text shaped like a code is refused. False if it could not be sent now.
        """
        text = clip(neutral_start(plain(text)))
        if not text or looks_secret(text):
            log.error("refused to send a text to %s that is empty or looks like a code", channel)
            return False
        return await self._send_text(channel, text) is _Sent.SENT

    async def say_acks(self) -> None:
        """Say the batched acknowledgements (called every couple of seconds).

        Each channel's are taken and said under its send lock, so none of them can follow the
        line that closes its drop (which takes the drop's waiting acks first, under the same
        lock: `_send_job`). A claim is stored before it is acknowledged, so a line Twitch did not
        take is not lost: it goes back in the book, with the lines after it (Twitch is failing
        now: each would wait out its own timeout), for the next flush or the drop's merged line.
        """
        for channel in self.acks.channels():
            async with self._lock(channel):
                lines = self.acks.take_lines(channel)
                for i, line in enumerate(lines):
                    text = clip(neutral_start(plain(line.text)))  # as `say` does
                    if not text or looks_secret(text):
                        continue
                    outcome = await self._send_text(channel, text, locked=True)
                    if outcome is _Sent.REFUSED:
                        continue  # Twitch refuses this text: saying it again would not help
                    if outcome is not _Sent.SENT:
                        for unsaid in lines[i:]:
                            self.acks.again(unsaid)
                        break

    # --- draining -------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Drain until `stop` is set; idles briefly (or until `notify`) when there is nothing."""
        await self.sink.run(stop)

    async def drain_once(self) -> int:
        """Send what is pending, in id order per channel; returns how many rows were marked sent."""
        return await self.sink.drain_once()

    async def read_pending(self, holding: frozenset[str]) -> list[_Job]:
        """The pending rows as jobs, in order, of the channels neither `holding` nor paused."""
        rows, drop_channels = await self._tx.run(read_only(self._read_pending))
        now = self._clock()
        queues: dict[str, list[OutboxMessage]] = {}
        skipped = 0
        for row in rows:
            channel = self._channel_of(row, drop_channels.get(row.drop_id, ""))
            if channel is None or channel in holding or self._paused_until.get(channel, 0.0) > now:
                skipped += 1
                continue
            queues.setdefault(channel, []).append(row)
        self._skipped = min(skipped, self._batch * 20)
        return [job for channel, queue in queues.items() for job in self._jobs(channel, queue)]

    async def deliver(self, job: _Job) -> Delivery:
        """Send the job's texts that have not gone out yet; `ChatNotSent` if one could not be.

        The job stays this channel's unfinished one until its rows are no longer pending, so a
        retry (or a failed mark after success) resumes after the last text that went out.
        """
        if job.unreadable is not None:
            raise job.unreadable  # a failed delivery: retried, then parked by the sink
        self._unfinished[job.lane] = job
        outcome = await self._send_job(job.lane, job)
        if outcome is _Sent.FAILED or outcome is _Sent.REFUSED:
            raise ChatNotSent(f"a text to {job.lane} was not sent")
        return Delivery.DEFERRED if outcome is _Sent.DEFERRED else Delivery.SENT

    def _read_pending(self, uow: UnitOfWork) -> tuple[list[OutboxMessage], dict[int, str]]:
        rows = uow.outbox.pending(SINK, self._batch + self._skipped, channels=self._channels)
        channels: dict[int, str] = {}
        for drop_id in {row.drop_id for row in rows}:
            drop = uow.drops.get(drop_id)
            channels[drop_id] = drop.spec.channel if drop is not None else ""
        return rows, channels

    def _jobs(self, channel: str, rows: list[OutboxMessage]) -> list[_Job]:
        """The rows as jobs, in order; a job left half done here before comes first, as it was.

        Consecutive `won` rows of one drop that mention their winner are one job (one batched
        text rather than one message per winner), and so are consecutive `reroll` rows of one
        drop (one line listing the units).
        """
        jobs: list[_Job] = []
        fresh = {row.id: row for row in rows}
        resumed = self._unfinished.pop(channel, None)
        # Resume while any of its rows is still pending (a row past this read's window still
        # is; rows gone from the outbox mean the job is over).
        if resumed is not None and resumed.ids & fresh.keys():
            resumed.rows = [fresh.get(row.id, row) for row in resumed.rows]  # current attempts
            jobs.append(resumed)
            rows = [row for row in rows if row.id not in resumed.ids]
        i = 0
        while i < len(rows):
            try:
                notice = notice_of(rows[i])
            except NoticeError as error:
                jobs.append(
                    _Job([rows[i]], [], ids=_ids([rows[i]]), lane=channel, unreadable=error)
                )
                i += 1
                continue
            group = [rows[i]]
            batched = next((b for b in (mentions_alone, is_reroll) if b(rows[i])), None)
            if batched is not None:
                while (
                    i + len(group) < len(rows)
                    and len(group) < self._max_group
                    and batched(rows[i + len(group)])
                    and rows[i + len(group)].drop_id == rows[i].drop_id
                ):
                    group.append(rows[i + len(group)])
            if batched is mentions_alone:
                texts = render_won(group, self._links, channel)
            elif batched is is_reroll:
                texts = render_rerolls(group, channel)
            else:
                emoji = self._emojis.get(channel, "")
                texts = render_notice(notice, rows[i].drop_id, self._links, channel, emoji)
            ends = rows[i].drop_id if ends_entries(notice) else None
            i += len(group)
            jobs.append(
                _Job(group, self._screen(group, texts), ids=_ids(group), ends=ends, lane=channel)
            )
        return jobs

    @staticmethod
    def _screen(rows: Sequence[OutboxMessage], texts: list[str]) -> list[str]:
        """Drop any text shaped like a code: a bug upstream must not leak one into chat."""
        safe = [t for t in texts if not looks_secret(t)]
        if len(safe) != len(texts):
            log.error("outbox rows %s rendered a code-like text; not sent", _ids(rows))
        return safe

    async def _send_job(self, channel: str, job: _Job) -> _Sent:
        # Under the channel's lock from the drop's acks to its last text: an ack line that
        # `say_acks` is sending and fails goes back in the book before `close` takes them.
        async with self._lock(channel):
            if job.ends is not None:
                # The drop's acks still waiting go out first, in one line; later ones are dropped.
                last = self.acks.close(job.ends)
                job.ends = None
                if last is not None:
                    job.texts.insert(job.done, last)
            while job.done < len(job.texts):
                self.last_message_id = None
                outcome = await self._send_text(channel, job.texts[job.done], locked=True)
                if outcome is not _Sent.SENT:
                    return outcome
                if job.done == 0:
                    await self._keep_receipt(job, self.last_message_id)
                job.done += 1
            return _Sent.SENT

    async def _keep_receipt(self, job: _Job, message_id: str | None) -> None:
        """An opening announcement's message id and time go in the drop's record (the
        transcript lists them); Twitch gives no time, so it is when Twitch accepted it."""
        row = job.rows[0]
        if message_id is None or row.kind not in COMMITTING_KINDS:
            return
        receipt = AnnouncementReceipt(row.drop_id, TWITCH, message_id, self._now())
        try:
            await self._tx.run(atomic(lambda uow: uow.announcements.add(receipt)))
        except Exception:  # the message went out; a lost receipt must not resend it
            log.exception("could not keep the message id of outbox row %s", row.id)

    # --- one text -------------------------------------------------------------------------

    def _lock(self, channel: str) -> asyncio.Lock:
        return self._locks.setdefault(channel, asyncio.Lock())

    def _recent_texts(self, channel: str) -> set[str]:
        recent = self._recent.setdefault(channel, deque())
        now = self._clock()
        while recent and now - recent[0][0] >= DUPLICATE_WINDOW:
            recent.popleft()
        return {text for _, text in recent}

    def _remember(self, channel: str, text: str) -> None:
        self._recent.setdefault(channel, deque()).append((self._clock(), text))

    async def _take(self, limiter: SlidingWindowLimiter) -> float:
        while True:
            now = self._clock()
            wait = limiter.try_take(now)
            if wait == 0.0:
                return now
            await self._sleep(wait)

    async def _send_text(self, channel: str, text: str, *, locked: bool = False) -> _Sent:
        """Send `text` once: waits out the budget and short 429s, varies a duplicate.
        `locked`: the caller holds the channel's send lock already."""
        async with contextlib.nullcontext() if locked else self._lock(channel):
            if self._paused_until.get(channel, 0.0) > self._clock():
                return _Sent.DEFERRED
            limiter = self.limiter(channel)
            candidate = vary(text, self._recent_texts(channel))
            variations = rate_limited = 0
            while True:
                taken_at = await self._take(limiter)
                try:
                    self.last_message_id = await self._port.send(channel, candidate)
                except ChatRateLimited as e:
                    limiter.settle(taken_at)
                    rate_limited += 1
                    wait = e.retry_after if e.retry_after and e.retry_after > 0 else None
                    if wait is None:
                        # No hint (twitchio drops the Ratelimit-Reset header): 2 s, doubling,
                        # up to a whole window, rather than a window's silence for a blip.
                        wait = min(self._per_seconds, 2.0**rate_limited)
                    if wait > self._max_inline_wait or rate_limited > self._max_rate_limited:
                        self._paused_until[channel] = self._clock() + wait
                        log.warning("Twitch rate-limits %s; pausing it for %.0f s", channel, wait)
                        return _Sent.DEFERRED
                    log.info("Twitch rate-limits %s; waiting %.1f s", channel, wait)
                    await self._sleep(wait)
                    continue
                except ChatRejected as e:
                    limiter.settle(taken_at)
                    if e.reason_code == DUPLICATE and variations < self._max_variations:
                        variations += 1
                        self._remember(channel, candidate)
                        candidate = vary(text, self._recent_texts(channel))
                        continue
                    log.warning("Twitch refused a message to %s: %s", channel, e.reason_code)
                    return _Sent.REFUSED
                except Exception as e:
                    limiter.settle(taken_at)
                    self.failing.add(channel)
                    log.warning("sending to %s failed: %r", channel, e)
                    return _Sent.FAILED
                limiter.settle(taken_at)
                self.failing.discard(channel)
                self._remember(channel, candidate)
                return _Sent.SENT


def _ids(rows: Sequence[OutboxMessage]) -> frozenset[int]:
    return frozenset(row.id for row in rows if row.id is not None)
