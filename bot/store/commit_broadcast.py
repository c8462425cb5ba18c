"""Every commit that moves a drop or queues its messages, told to every process over Redis.

With several processes on one database, a drop closed by the scheduler's process must reach the
process that says things in Twitch chat and the one that keeps the Discord posts, now rather
than at their next poll. So the SQL unit of work reports each commit (`Committed`: the drops it
saved and the drops it queued outbox rows for) to `CommitBroadcast.committed`, on the database
thread; that hands the news to the event loop, where `publish_forever` sends it as `DropEvent`s
(`bot.store.drop_pubsub`). Each process's `listen` hands what it hears, its own events too, to
its listeners: the senders wake, the Discord posts refresh, cached drops are forgotten.

Publishing never holds up or fails a transaction: it happens after the commit, off the database
thread, and a failure (Redis down) is logged and dropped. Nothing is lost by that: SQL is the
record, the senders still poll it, and a subscriber that lost Redis hears `Resync` when it is
back and refreshes everything. Events waiting to go out are coalesced per drop and change, so a
rush of first-come claims costs one message per batch, not one per claim.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Protocol

import redis

from bot.store.database import Committed
from bot.store.drop_pubsub import QUEUED, Change, DropEvent, DropEvents, Resync

log = logging.getLogger(__name__)

# What a drop saved in a state tells the others; a draft is nobody's business yet.
CHANGE_OF_STATE: dict[str, Change] = {
    "scheduled": "scheduled",
    "early": "opened",
    "public": "opened",
    "closed": "closed",
    "drawn": "drawn",
    "settled": "settled",
    "cancelled": "cancelled",
}


def events_of(committed: Committed) -> list[DropEvent]:
    """The drop events a commit makes: one per drop saved in a state others see, and a
    `queued` one for each other drop that got outbox messages."""
    events = [
        DropEvent(drop_id, CHANGE_OF_STATE[state])
        for drop_id, state in committed.states.items()
        if state in CHANGE_OF_STATE
    ]
    moved = {event.drop_id for event in events}
    events += [DropEvent(d, QUEUED) for d in sorted(committed.queued) if d not in moved]
    return events


class DropListener(Protocol):
    """What a process does on hearing of a drop (its own changes included)."""

    def drop_changed(self, drop_id: int, change: Change) -> None:
        """The drop moved to another state, or (`queued`) got messages to send. Must not block."""
        ...

    def resync(self) -> None:
        """Events may have been missed (Redis was lost): refresh everything from SQL."""
        ...


class Wakes:
    """A listener that wakes a sender: whatever changed, the outbox may have rows for it."""

    def __init__(self, notify: Callable[[], None]) -> None:
        self.notify = notify

    def drop_changed(self, drop_id: int, change: Change) -> None:
        self.notify()

    def resync(self) -> None:
        self.notify()


class CommitBroadcast:
    """Publishes this process's commits as drop events, and hands everyone's to listeners.

    Build it on the event loop it publishes from; `committed` may be called from any thread.
    """

    def __init__(self, events: DropEvents, loop: asyncio.AbstractEventLoop) -> None:
        self.events = events
        self._loop = loop
        self._waiting: dict[DropEvent, None] = {}  # an ordered set: coalesces repeats
        self._wake = asyncio.Event()

    def committed(self, committed: Committed) -> None:
        """A `SqlUnitOfWork.on_commit`: queue the commit's events for `publish_forever`."""
        if events := events_of(committed):
            _to_loop(self._loop, self._queue, events)

    def _queue(self, events: list[DropEvent]) -> None:
        self._waiting.update(dict.fromkeys(events))
        self._wake.set()

    async def publish_forever(self) -> None:
        """Publish what commits queue, as they queue it, until cancelled."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                await self.flush()
            except Exception:  # never let one bad event end publishing for the process
                log.exception("publishing drop events failed")

    async def flush(self) -> int:
        """Publish every event waiting (and any queued meanwhile); returns how many went out. A
        Redis failure is logged at warning and the waiting events are dropped: subscribers
        resync from SQL when they reconnect, and the senders poll it anyway."""
        sent = 0
        while self._waiting:
            event = next(iter(self._waiting))
            del self._waiting[event]  # before publishing: the same news queued again is new
            try:
                await self._publish(event)
            except asyncio.CancelledError:
                self._waiting[event] = None  # for the last flush at shutdown
                raise
            except redis.RedisError as error:
                log.warning(
                    "drop events not published (Redis: %s); %d dropped, other processes "
                    "resync from SQL when they reconnect",
                    error,
                    len(self._waiting) + 1,
                )
                self._waiting.clear()
                return sent
            sent += 1
        return sent

    async def _publish(self, event: DropEvent) -> None:
        try:
            await self.events.publish(event.drop_id, event.change)
        except (redis.ConnectionError, redis.TimeoutError):
            # The client does not retry by itself (subscribers must see a lost connection), so
            # a pooled connection that died with a Redis restart fails once: try a fresh one.
            await self.events.publish(event.drop_id, event.change)

    async def listen(self, listeners: Sequence[DropListener]) -> None:
        """Hand every drop event heard to `listeners`, for ever (cancel to stop). A listener
        that raises is logged; the others, and later events, still go to everyone."""
        async with contextlib.aclosing(self.events.subscribe()) as stream:
            async for event in stream:
                _tell(listeners, event)

    async def aclose(self) -> None:
        await self.events.aclose()


class LocalDropEvents:
    """Without Redis: this process's own commits, told to its listeners on the event loop (one
    process alone has no other news to hear). Build it on the event loop; `committed` may be
    called from any thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.listeners: list[DropListener] = []
        self._loop = loop

    def committed(self, committed: Committed) -> None:
        """A `SqlUnitOfWork.on_commit`: hand the commit's events to the listeners, on the loop."""
        if self.listeners and (events := events_of(committed)):
            _to_loop(self._loop, self._tell_all, events)

    def _tell_all(self, events: list[DropEvent]) -> None:
        for event in events:
            _tell(self.listeners, event)


def _to_loop(
    loop: asyncio.AbstractEventLoop,
    then: Callable[[list[DropEvent]], None],
    events: list[DropEvent],
) -> None:
    """Hand a commit's `events` to `then` on `loop` (commits are told on the database thread)."""
    try:
        loop.call_soon_threadsafe(then, events)
    except RuntimeError:  # the loop is closed: the process is on its way out
        log.debug("drop events %s dropped: the event loop is closed", events)


def _tell(listeners: Sequence[DropListener], event: DropEvent | Resync) -> None:
    """Tell every listener; one that raises is logged, and the others still hear it."""
    for listener in listeners:
        try:
            if isinstance(event, Resync):
                listener.resync()
            else:
                listener.drop_changed(event.drop_id, event.change)
        except Exception:
            log.exception("a drop event listener failed on %s", event)
