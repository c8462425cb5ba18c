"""Transparency pages and transcripts built once per version of a drop's record, then served
from memory.

The bot posts a drop's transparency link to the whole chat, so its page is read by a crowd all
at once. Each view asks the read path for the record's version (a few small aggregates; views
that arrive together share one look-up; a settled drop's is read at most once a second), and
answers from the cache while the version stands.
A build (of the page, or of the transcript, which reads every entry of a drawn drop) runs once
per version however many views wait for it: single-flight. A claim, the close, a draw or a
reroll moves the version, so the next view builds afresh: a view is stale at most by a look-up
already in flight when the change committed. A settled drop's version is re-read in the
background once SETTLED_RECHECK_S has passed, its views meanwhile answered from the cache: a
change made by hand shows within that interval and one look-up.

The cache is bounded by the bytes it holds, least recently used first out.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from bot.drops.public_record import PublicReads, PublicRecord, RecordVersion
from bot.kernel.errors import DropError

log = logging.getLogger(__name__)
T = TypeVar("T")
PAGE, TRANSCRIPT = "page", "transcript"
# A settled drop's record changes only if an operator changes the database by hand; its version
# is read again at most this often, so such a change shows within a second.
SETTLED_RECHECK_S = 1.0
SETTLED_REMEMBERED = 1024  # settled drops whose version is remembered, most recently viewed


@dataclass(frozen=True, slots=True)
class Built:
    """One answer, ready to send: its body (also gzipped, for the clients that take it), its
    entity tag, and whether it can still change."""

    body: bytes
    etag: str  # unquoted; aiohttp quotes it. The gzipped body's is `etag + "-gz"`.
    final: bool  # the drop is settled or cancelled
    gzipped: bytes = b""

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped)


class SingleFlight:
    """Callers asking for the same key while its run is in flight share that one run.

    The run is a task of its own: a caller that goes away (a closed connection) does not cancel
    it for the others, and whatever it raises reaches every caller.
    """

    def __init__(self) -> None:
        self._running: dict[Hashable, asyncio.Task[Any]] = {}

    async def run(self, key: Hashable, make: Callable[[], Awaitable[T]]) -> T:
        task = self._running.get(key)
        if task is None:
            task = asyncio.ensure_future(make())
            self._running[key] = task

            def done(finished: asyncio.Task[Any], key: Hashable = key) -> None:
                if self._running.get(key) is finished:
                    del self._running[key]

            task.add_done_callback(done)
        result: T = await asyncio.shield(task)
        return result


class ByteLRU:
    """Answers by key, at most `budget` bytes of bodies, the least recently used dropped first."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self._items: OrderedDict[Hashable, Built] = OrderedDict()

    def get(self, key: Hashable) -> Built | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: Hashable, built: Built) -> None:
        if built.size > self.budget:
            return  # served once, never kept: it would push out everything else
        if (old := self._items.pop(key, None)) is not None:
            self.size -= old.size
        self._items[key] = built
        self.size += built.size
        while self.size > self.budget:
            _, dropped = self._items.popitem(last=False)
            self.size -= dropped.size

    def __len__(self) -> int:
        return len(self._items)


# A record and the language to say it in ("": the drop's community's) to the page's bytes.
RenderPage = Callable[[PublicRecord, str], bytes]


class PublicPages:
    """A drop's transparency page and transcript, built once per version of its record.

    `render_page` turns a record into the page's bytes; it runs off the event loop, as does the
    transcript's JSON. The page and the transcript are built apart: a page needs no entry, so
    it is ready long before a big drop's transcript is. `builds` counts builds of either.
    """

    def __init__(
        self,
        reads: PublicReads,
        render_page: RenderPage,
        budget_bytes: int,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.reads = reads
        self.render_page = render_page
        self.cache = ByteLRU(budget_bytes)
        self.builds = 0
        self.warmed = 0  # warm-ups done (`warm`)
        self.clock = clock
        self._flights = SingleFlight()
        # Settled and cancelled drops: the version last read and when, rechecked at most every
        # SETTLED_RECHECK_S (a crowd on a settled page then costs the database nothing).
        self._settled: OrderedDict[int, tuple[RecordVersion, float]] = OrderedDict()
        self._refreshing: set[asyncio.Task[RecordVersion]] = set()  # held: the loop keeps weak refs

    async def page(self, drop_id: int, language: str = "") -> Built:
        """The page as it is now, in `language` ("": the drop's community's); UnknownDrop if
        there is no such drop. Each language is built once per version."""
        return await self._current(PAGE, drop_id, language)

    async def transcript(self, drop_id: int) -> Built:
        """The transcript's JSON as it is now; DropError before the draw."""
        return await self._current(TRANSCRIPT, drop_id)

    async def warm(self, drop_id: int) -> None:
        """Build the page and, once drawn, the transcript now (the drop just moved), so the crowd
        that follows the link finds them built. A drop that is gone or not drawn is no error."""
        self._settled.pop(drop_id, None)  # its version just changed: read it afresh
        with contextlib.suppress(DropError):
            await self.page(drop_id)
            await self.transcript(drop_id)
        self.warmed += 1

    def figures(self) -> dict[str, int]:
        """What the cache did and holds, for the public listener's /healthz detail."""
        return {
            "builds": self.builds,
            "warmed": self.warmed,
            "cached": len(self.cache),
            "bytes": self.cache.size,
        }

    async def _current(self, kind: str, drop_id: int, language: str = "") -> Built:
        version = await self._version(drop_id)
        found = self.cache.get((kind, language, drop_id, version.digest))
        if found is not None:
            return found
        if kind == PAGE:
            return await self._flights.run(
                (kind, language, drop_id, version.digest),
                lambda: self._build_page(drop_id, language),
            )
        return await self._flights.run(
            (kind, language, drop_id, version.digest), lambda: self._build_transcript(drop_id)
        )

    async def _version(self, drop_id: int) -> RecordVersion:
        known = self._settled.get(drop_id)
        if known is None:
            return await self._read_version(drop_id)
        version, read_at = known
        now = self.clock()
        if now - read_at >= SETTLED_RECHECK_S:
            # Read again in the background and answer with what is known meanwhile: the crowd
            # on a settled page never queues behind the database (on a busy read thread that
            # one look-up could take a quarter second, and every view would wait for it).
            self._settled[drop_id] = (version, now)  # one re-read per interval, not per view
            refresh = asyncio.ensure_future(self._read_version(drop_id))
            self._refreshing.add(refresh)
            refresh.add_done_callback(self._refreshed)
        return version

    async def _read_version(self, drop_id: int) -> RecordVersion:
        now = self.clock()
        version = await self._flights.run(("version", drop_id), lambda: self.reads.version(drop_id))
        if version.final:
            self._settled[drop_id] = (version, now)
            self._settled.move_to_end(drop_id)
            while len(self._settled) > SETTLED_REMEMBERED:
                self._settled.popitem(last=False)
        else:
            self._settled.pop(drop_id, None)
        return version

    async def rechecked(self) -> None:
        """Wait until the background re-reads of settled drops' versions now running are done."""
        await asyncio.gather(*self._refreshing, return_exceptions=True)

    def _refreshed(self, refresh: asyncio.Task[RecordVersion]) -> None:
        self._refreshing.discard(refresh)
        if not refresh.cancelled() and (error := refresh.exception()) is not None:
            # The page as last read stays served; the next view after the interval tries again.
            log.warning("re-reading a settled drop's version failed: %s", error)

    async def _build_page(self, drop_id: int, language: str) -> Built:
        self.builds += 1
        record = await self.reads.record(drop_id)
        page = partial(self.render_page, record, language)
        body, gzipped = await asyncio.to_thread(_encoded, page)
        return self._keep(PAGE, record.version, body, gzipped, language)

    async def _build_transcript(self, drop_id: int) -> Built:
        # The one build that reads every entry: it runs once per version, whatever the crowd.
        self.builds += 1
        transcript, version = await self.reads.versioned_transcript(drop_id)
        body, gzipped = await asyncio.to_thread(_encoded, lambda: transcript.to_json().encode())
        return self._keep(TRANSCRIPT, version, body, gzipped)

    def _keep(
        self, kind: str, version: RecordVersion, body: bytes, gzipped: bytes, language: str = ""
    ) -> Built:
        etag = f"{kind[0]}{language and '-'}{language}-{version.digest}"
        built = Built(body, etag, version.final, gzipped)
        # Kept under the version the build read, which may be newer than the one asked for.
        self.cache.put((kind, language, version.drop_id, version.digest), built)
        return built


def _encoded(make: Callable[[], bytes]) -> tuple[bytes, bytes]:
    """The body `make` builds, and gzipped once here rather than for every client (a transcript
    shrinks to about half; zlib lets the event loop run meanwhile)."""
    body = make()
    return body, gzip.compress(body, compresslevel=6, mtime=0)
