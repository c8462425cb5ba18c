"""The live feed's hub: one reader per drop per process, fanned out to every client.

A `Watch` reads one drop for every client of this process: its public record when the drop
changes (told by the drop events every process hears: `drop_changed`), and, while the drop is
open, its entrant count, which moves with every claim and is published by nobody, at most
`1 / SPACING_S` times a second. Whatever it reads it hands to the `Feed`s that show the drop:
the drop's own (`/drops/{id}/events`) and each community's whose overlay shows it
(`/overlay/{community}/events`). A feed gives each message an id and keeps, per client, only the
newest state and the newest count not yet sent: a slow client skips what it could not take,
never holds up the others, and costs two references at most. So the database sees one read per
drop per change (and a few counts a second while it is open), however many clients watch.

A community's feed asks which drop to show (`FeedReads.shown`) when it starts, after any drop
moves (coalesced like the rest) and every `RESOLVE_EVERY_S` (a drawn drop's time on screen
runs out by the clock alone).

Ids are integers that only grow: microseconds since the epoch, one more than the last when two
fall in the same microsecond. A client that reconnects (`Last-Event-ID`), maybe to another
process, gets the current state at once with an id above the one it had, then what is newer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.drops.errors import UnknownDrop
from bot.kernel.clock import Clock
from bot.store.drop_pubsub import QUEUED, Change
from bot.web.feed.reads import FeedReads
from bot.web.feed.state import (
    COUNTED_PHASES,
    Json,
    Phase,
    count_message,
    drop_state,
    phase_of,
    state_message,
)

log = logging.getLogger("fairdrop.web.feed")

SPACING_S = 0.25  # at most 4 messages a second per drop
# Reads of a drop take at most about 1 / READ_SHARE of the time: a drop whose count takes long
# to read (a slow disk, a huge drop) is read less often rather than keep a thread busy.
READ_SHARE = 10.0
# A client that leaves while its drop is quiet is noticed within this (one sweep for all, not a
# timer per client; a write to a closed connection notices it at once).
SWEEP_S = 1.0
RESOLVE_EVERY_S = 30.0
RETRY_AFTER_FAILURE_S = 1.0  # a read that failed (the database busy, say) is tried again


_LINES = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Message:
    """One message of a feed, and its server-sent event as sent (`frame`): encoded once, when
    made, for every client that gets it. Framed as aiohttp-sse frames a message (`id`, `event`,
    a `data` line per line, CRLF), so the first message (sent by aiohttp-sse itself, with its
    `retry`) and the rest read alike; a thousand clients then cost one encoding, not a
    thousand (the fan-out is what the claims' CPU shares with, see bench_overlay)."""

    id: int
    event: str  # "state" | "count"
    data: str  # JSON
    frame: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lines = "".join(f"data: {line}\r\n" for line in _LINES.split(self.data))
        frame = f"id: {self.id}\r\nevent: {self.event}\r\n{lines}\r\n".encode()
        object.__setattr__(self, "frame", frame)  # frozen: set once, here


class Client:
    """One connected client: the newest state and count not yet sent to it, and its
    connection (to notice it left while nothing was being sent)."""

    __slots__ = ("count", "gone", "state", "transport", "wake")

    def __init__(self, transport: asyncio.BaseTransport | None = None) -> None:
        self.state: Message | None = None
        self.count: Message | None = None
        self.wake = asyncio.Event()
        self.transport = transport
        self.gone = False

    def check(self) -> None:
        """Wake the client's stream if its connection closed (it then ends)."""
        if self.transport is not None and self.transport.is_closing():
            self.gone = True
            self.wake.set()

    def give(self, message: Message) -> None:
        if message.event == "state":
            self.state, self.count = message, None  # a state carries the count
        else:
            self.count = message
        self.wake.set()

    def take(self) -> list[Message]:
        """What to send now, oldest first."""
        taken = [m for m in (self.state, self.count) if m is not None]
        self.state = self.count = None
        self.wake.clear()
        return taken


class Feed:
    """One stream of messages (a drop's, or a community's) and the clients that follow it."""

    named_by_drop = True  # a drop's feed is its community's; a community's feed is its own

    def __init__(self, community: str = "") -> None:
        self.community = community
        self.clients: set[Client] = set()
        self.ready = asyncio.Event()  # set once the first state is known
        self.last_id = 0
        self._phase: Phase = "none"
        self._drop: Json | None = None

    def next_id(self) -> int:
        self.last_id = max(self.last_id + 1, time.time_ns() // 1000)
        return self.last_id

    def show(self, phase: Phase, drop: Json | None, now: datetime, community: str = "") -> None:
        """A new state: to every client."""
        self._phase, self._drop = phase, drop
        if self.named_by_drop and community:
            self.community = community
        self._send("state", self._state_data(now))

    def counted(self, drop_id: int, entrants: int, now: datetime) -> None:
        """Only the entrant count moved."""
        if self._drop is None or self._drop.get("id") != drop_id:
            return
        self._drop = {**self._drop, "entrants": entrants}
        self._send("count", json.dumps(count_message(drop_id, entrants, now)))

    def current(self, now: datetime, after: int = 0) -> Message:
        """The full current state, with an id above `after` (a reconnecting client's last)."""
        # Never below what the client saw (from another process, maybe): the ids that follow
        # stay above it too.
        self.last_id = max(self.last_id, after + 1)
        return Message(self.last_id, "state", self._state_data(now))

    def _state_data(self, now: datetime) -> str:
        return json.dumps(state_message(self.community, self._phase, self._drop, now))

    def _send(self, event: str, data: str) -> None:
        self.ready.set()
        message = Message(self.next_id(), event, data)
        for client in self.clients:
            client.give(message)


class Watch:
    """One drop, read once per change (and its count while open) for every feed showing it."""

    def __init__(self, hub: FeedHub, drop_id: int) -> None:
        self.hub = hub
        self.drop_id = drop_id
        self.feeds: set[Feed] = set()
        self.stale = asyncio.Event()
        self.stale.set()
        self.phase: Phase = "none"
        self.drop: Json | None = None
        self.community = ""
        self.entrants = 0
        self.wake_at: datetime | None = None  # a phase that changes by the clock (early -> public)
        self.known = asyncio.Event()  # the first read is done (or found no such drop)
        self.missing = False
        self.task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        """Read and tell until no feed shows the drop any more."""
        while self.feeds:
            took = 0.0
            try:
                started = time.perf_counter()
                if self.stale.is_set():
                    self.stale.clear()
                    await self._read_state()
                elif self.phase in COUNTED_PHASES:
                    await self._read_count()
                took = time.perf_counter() - started
            except UnknownDrop:
                self.missing = True
                self.known.set()
                return
            except Exception as error:  # the feed goes on; the next change reads again
                log.warning("the live feed could not read drop %s: %r", self.drop_id, error)
                self.stale.set()
                await asyncio.sleep(RETRY_AFTER_FAILURE_S)
            await asyncio.sleep(max(SPACING_S, READ_SHARE * took))
            if self.phase not in COUNTED_PHASES:
                await self._wait_for_change()

    async def _wait_for_change(self) -> None:
        timeout = None
        if self.wake_at is not None:  # looked at again now and then: drop time may run fast
            left = (self.wake_at - self.hub.clock.now()).total_seconds()
            timeout = min(RESOLVE_EVERY_S, max(0.0, left))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stale.wait(), timeout)
        self.stale.set()

    async def _read_state(self) -> None:
        view = await self.hub.reads.view(self.drop_id)
        now = self.hub.clock.now()
        self.phase = phase_of(view.drop, now)
        self.community = view.drop.spec.channel
        self.drop = drop_state(view, now, self.hub.public_url, self.hub.masked)
        self.entrants = view.entrants
        self.wake_at = None
        if self.phase == "early" and isinstance(public_at := self.drop.get("public_at"), str):
            self.wake_at = datetime.fromisoformat(public_at)
        self.known.set()
        for feed in list(self.feeds):
            feed.show(self.phase, self.drop, now, self.community)

    async def _read_count(self) -> None:
        entrants = await self.hub.reads.entrants(self.drop_id)
        if entrants != self.entrants:
            self.entrants = entrants
            now = self.hub.clock.now()
            for feed in list(self.feeds):
                feed.counted(self.drop_id, entrants, now)
        if self.wake_at is not None and self.hub.clock.now() >= self.wake_at:
            self.stale.set()  # early access is over: the phase moves by the clock


class CommunityFeed(Feed):
    """A community's overlay feed: the drop it shows now, followed through a `Watch`."""

    named_by_drop = False

    def __init__(self, hub: FeedHub, community: str) -> None:
        super().__init__(community)
        self.hub = hub
        self.watch: Watch | None = None
        self.stale = asyncio.Event()
        self.stale.set()
        self.task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        while self.clients:
            if self.stale.is_set():
                self.stale.clear()
                try:
                    shown = await self.hub.reads.shown(self.community, self.hub.clock.now())
                except Exception as error:
                    log.warning("the live feed could not read %r: %r", self.community, error)
                    self.stale.set()
                    await asyncio.sleep(RETRY_AFTER_FAILURE_S)
                    continue
                self._follow(shown)
            await asyncio.sleep(SPACING_S)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stale.wait(), RESOLVE_EVERY_S)
            self.stale.set()
        self._follow(None)

    def _follow(self, drop_id: int | None) -> None:
        current = self.watch.drop_id if self.watch is not None else None
        if drop_id == current and (drop_id is not None or self.ready.is_set()):
            return
        if self.watch is not None:
            self.hub.unwatch(self.watch, self)
            self.watch = None
        if drop_id is None:
            self.show("none", None, self.hub.clock.now())
            return
        self.watch = self.hub.watch(drop_id, self)
        if self.watch.drop is not None:  # already read for another feed: show it now
            self.show(self.watch.phase, self.watch.drop, self.hub.clock.now())


class FeedHub:
    """Every feed this process serves; a `DropListener` (drop events move its watches)."""

    def __init__(
        self,
        reads: FeedReads,
        public_url: str,
        masked: bool,
        clock: Clock,
        *,
        per_address: int,
        max_clients: int,
    ) -> None:
        self.reads = reads
        self.public_url = public_url
        self.masked = masked
        self.clock = clock
        self.per_address = per_address
        self.max_clients = max_clients
        self.watches: dict[int, Watch] = {}
        self.drop_feeds: dict[int, Feed] = {}
        self.community_feeds: dict[str, CommunityFeed] = {}
        self.by_address: Counter[str] = Counter()
        self.closing = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()  # held: the loop keeps weak references
        self._sweeping: asyncio.Task[None] | None = None

    # -- drop events ---------------------------------------------------------------------------

    def drop_changed(self, drop_id: int, change: Change) -> None:
        """A `DropListener`: read the drop again; communities look again at what they show."""
        if (watch := self.watches.get(drop_id)) is not None:
            watch.stale.set()
        if change != QUEUED:  # messages queued (a pause, first-come winners) move no overlay
            for feed in self.community_feeds.values():
                feed.stale.set()

    def resync(self) -> None:
        """A `DropListener`: events may have been missed; read everything again."""
        for watch in self.watches.values():
            watch.stale.set()
        for feed in self.community_feeds.values():
            feed.stale.set()

    # -- admission -----------------------------------------------------------------------------

    def admit(self, address: str) -> str | None:
        """Count a new client from `address`; "address" or "full" (not counted) if over a cap."""
        if self.by_address[address] >= self.per_address:
            return "address"
        if self.by_address.total() >= self.max_clients:
            return "full"
        self.by_address[address] += 1
        return None

    def release(self, address: str) -> None:
        self.by_address[address] -= 1
        if self.by_address[address] <= 0:
            del self.by_address[address]

    # -- feeds ---------------------------------------------------------------------------------

    async def join_drop(self, drop_id: int, client: Client) -> Feed:
        """`client` follows drop `drop_id` from now on; UnknownDrop if there is none."""
        feed = self.drop_feeds.get(drop_id)
        if feed is None:
            feed = self.drop_feeds[drop_id] = Feed()
        feed.clients.add(client)
        watch = self.watch(drop_id, feed)
        await watch.known.wait()
        if watch.missing:
            self.leave(feed, client)
            raise UnknownDrop.numbered(drop_id)
        if not feed.ready.is_set():
            feed.show(watch.phase, watch.drop, self.clock.now(), watch.community)
        return feed

    async def join_community(self, community: str, client: Client) -> Feed:
        """`client` follows `community`'s overlay from now on."""
        feed = self.community_feeds.get(community)
        if feed is None:
            feed = self.community_feeds[community] = CommunityFeed(self, community)
        feed.clients.add(client)
        if feed.task is None or feed.task.done():
            feed.task = self._started(feed.run(), f"feed-{community}")
        await feed.ready.wait()
        return feed

    def joined(self, client: Client) -> None:
        """Watch `client`'s connection (swept every SWEEP_S while anyone is connected)."""
        if self._sweeping is None or self._sweeping.done():
            self._sweeping = self._started(self._sweep(), "feed-sweep")

    async def _sweep(self) -> None:
        while self.by_address:
            await asyncio.sleep(SWEEP_S)
            for feed in [*self.drop_feeds.values(), *self.community_feeds.values()]:
                for client in list(feed.clients):
                    client.check()

    def leave(self, feed: Feed, client: Client) -> None:
        """`client` is gone; a feed nobody follows any more lets go of its drop."""
        feed.clients.discard(client)
        if feed.clients:
            return
        if isinstance(feed, CommunityFeed):
            self.community_feeds.pop(feed.community, None)
            feed.stale.set()  # its task sees no clients, lets go of its watch and ends
            return
        for drop_id, kept in list(self.drop_feeds.items()):
            if kept is feed:
                del self.drop_feeds[drop_id]
                if (watch := self.watches.get(drop_id)) is not None:
                    self.unwatch(watch, feed)

    def watch(self, drop_id: int, feed: Feed) -> Watch:
        watch = self.watches.get(drop_id)
        if watch is None or watch.missing:
            watch = self.watches[drop_id] = Watch(self, drop_id)
        watch.feeds.add(feed)
        if watch.task is None or watch.task.done():
            watch.task = self._started(watch.run(), f"watch-{drop_id}")
        return watch

    def unwatch(self, watch: Watch, feed: Feed) -> None:
        watch.feeds.discard(feed)
        if not watch.feeds:
            self.watches.pop(watch.drop_id, None)
            watch.stale.set()  # its task sees no feeds and ends

    def close(self) -> None:
        """Stop: every stream ends (the app is shutting down)."""
        self.closing.set()
        for feed in [*self.drop_feeds.values(), *self.community_feeds.values()]:
            for client in feed.clients:
                client.wake.set()

    def figures(self) -> dict[str, int]:
        """How many clients, feeds and drops read (for /healthz's detail and the benchmark)."""
        return {
            "clients": self.by_address.total(),
            "drop_feeds": len(self.drop_feeds),
            "community_feeds": len(self.community_feeds),
            "drops_read": len(self.watches),
        }

    def _started(self, work: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def aclose(self) -> None:
        """Stop every stream and reader (the app is shutting down)."""
        self.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
