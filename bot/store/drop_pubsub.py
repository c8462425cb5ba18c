"""Drop state changes between processes, over Redis pub/sub.

The process that schedules, opens, closes, draws, cancels or settles a drop publishes one message
on ``{prefix}:drop-events``::

    {"drop_id": 42, "change": "closed"}

(``"queued"`` when a transaction only queued outbox messages of the drop, such as a first-come
winner's announcement) and every process subscribed hears it (to wake its senders, refresh what
it shows, and so on). `bot.store.commit_broadcast` publishes them after each commit and hands them
to listeners.
Pub/sub is fire and forget: a process that is disconnected misses what is published meanwhile.
So after every reconnect the subscriber yields a `Resync`, which means "re-read the drops'
states from SQL": SQL is the record, these messages only say when to look.

    events = DropEvents.from_url(url)
    await events.publish(drop.id, "closed")

    async for event in events.subscribe():
        if isinstance(event, Resync): ...  # reload drop states from SQL
        else: ...  # event.drop_id, event.change
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Literal, cast, get_args

import redis
import redis.asyncio as aioredis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)

Change = Literal["scheduled", "opened", "closed", "drawn", "cancelled", "settled", "queued"]
QUEUED: Change = "queued"  # outbox messages of the drop were queued; its state did not move
CHANGES: frozenset[str] = frozenset(get_args(Change))


@dataclass(frozen=True, slots=True)
class DropEvent:
    drop_id: int
    change: Change

    def to_json(self) -> str:
        return json.dumps({"drop_id": self.drop_id, "change": self.change})

    @classmethod
    def from_json(cls, text: str | bytes) -> DropEvent:
        """Parse a message; ValueError if it is not a drop event."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a drop event is a JSON object")
        drop_id, change = data.get("drop_id"), data.get("change")
        if type(drop_id) is not int or change not in CHANGES:
            raise ValueError(f"not a drop event: {data!r}")
        return cls(drop_id, cast(Change, change))


@dataclass(frozen=True, slots=True)
class Resync:
    """The subscription was re-established: events may have been missed; read SQL again."""


def honour_swallowed_cancel() -> None:
    """Raise CancelledError if the current task was cancelled during a Redis call that returned.

    redis-py writes each command under `asyncio.wait_for` (its socket timeout), and Python
    3.11's `wait_for` swallows a cancellation that lands as the write completes (CPython
    gh-86296, fixed in 3.12): the call returns normally, the task carries on, and whoever
    cancelled it waits for ever (a stopping process hung on its last PUBLISH). The request is
    still counted by `Task.cancelling()`, so call this after every awaited Redis command.
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


class DropEvents:
    def __init__(
        self,
        client: aioredis.Redis,
        *,
        prefix: str = "fairdrop",
        reconnect_delay: float = 0.1,
        max_reconnect_delay: float = 5.0,
    ) -> None:
        """`client` should not retry by itself (see `from_url`): the subscriber must notice a
        dropped connection to say `Resync`."""
        self.client = client
        self.channel = f"{prefix}:drop-events"
        self.reconnect_delay = reconnect_delay
        self.max_reconnect_delay = max_reconnect_delay

    @classmethod
    def from_url(cls, url: str, *, prefix: str = "fairdrop") -> DropEvents:
        client = aioredis.Redis.from_url(
            url,
            decode_responses=True,
            socket_connect_timeout=2.0,
            health_check_interval=10,  # a silent dead connection is found within seconds
            retry=Retry(NoBackoff(), 0),
        )
        return cls(client, prefix=prefix)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def publish(self, drop_id: int, change: Change) -> int:
        """Tell every subscribed process; returns how many heard it (0 if none listen).

        Raises redis.ConnectionError if Redis is unreachable; the change itself is in SQL
        already, and subscribers resync when they reconnect.
        """
        if change not in CHANGES:
            raise ValueError(f"unknown drop change {change!r}")
        receivers = await self.client.publish(self.channel, DropEvent(drop_id, change).to_json())
        honour_swallowed_cancel()
        return int(receivers)

    async def subscribe(self) -> AsyncGenerator[DropEvent | Resync, None]:
        """Every drop event published from now on; reconnects (with backoff) for ever.

        After each reconnect (not after the first connect) a `Resync` comes first. Malformed
        messages are logged and skipped. Stop by breaking out of the loop or cancelling.
        """
        delay = self.reconnect_delay
        connected_before = False
        while True:
            pubsub = self.client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                honour_swallowed_cancel()
                if connected_before:
                    yield Resync()
                connected_before = True
                delay = self.reconnect_delay
                while True:
                    message = await pubsub.get_message(timeout=None)
                    if message is None or message.get("type") != "message":
                        continue
                    try:
                        event = DropEvent.from_json(message["data"])
                    except ValueError as error:
                        log.warning("ignoring a malformed drop event: %s", error)
                        continue
                    yield event
            except (redis.ConnectionError, redis.TimeoutError) as error:
                log.warning("drop events: connection lost (%s); retry in %.1fs", error, delay)
            finally:
                await pubsub.aclose()  # type: ignore[no-untyped-call]
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.max_reconnect_delay)
