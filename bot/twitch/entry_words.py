"""The words that enter a drop in each channel's chat, besides `!claim` and `!enter`.

A community's aliases of `!claim` come from its config (`[communities.NAME] claim_aliases`);
a drop's keyword is stored with the drop, so this book reads the keywords of the drops that can
still be entered from the database: at start and whenever a drop changes (it is a drop
listener). With Redis every process's changes arrive as drop events (and a resync after a
reconnect), so that is all it does. Without Redis only this process's own commits do: another
process on the same database (a Discord-only one, a CLI command) is not heard, so the builder
also runs `poll`, which looks again every few seconds. A Twitch-only process thus knows the
keyword of a drop opened from Discord or by another process. Chat reads it with one dictionary
look-up per message that starts with `!`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping, Sequence

from bot.drops.opening import KEYWORD_LIVE
from bot.drops.service import DropService
from bot.store.drop_pubsub import Change
from bot.twitch.commands import NO_WORDS, EntryWords

log = logging.getLogger(__name__)

REREAD_EVERY = 5.0  # without Redis: seconds between reads, for other processes' changes
# How long a `!word` typed before the first read waits for it (the database slow at start).
FIRST_READ_WAIT_S = 5.0


class EntryWordBook:
    """Each channel's entry words: keyword -> the drop's name, alias -> None (the running drop)."""

    def __init__(self, drops: DropService, aliases: Mapping[str, Sequence[str]]) -> None:
        self.drops = drops
        self._aliases = {channel: dict.fromkeys(words) for channel, words in aliases.items()}
        self._words: dict[str, dict[str, str | None]] = {
            channel: dict(words) for channel, words in self._aliases.items() if words
        }
        self._stale = asyncio.Event()
        self._read = asyncio.Event()  # set by the first read: until then, keywords are unknown

    def of(self, channel: str) -> EntryWords:
        """The entry words of `channel` as last read (none: an empty mapping)."""
        return self._words.get(channel, NO_WORDS)

    async def reread(self) -> None:
        """Read the keywords of the drops that can still be entered again."""
        words = {channel: dict(aliases) for channel, aliases in self._aliases.items()}
        for drop in await self.drops.unfinished():
            if drop.spec.keyword and drop.state in KEYWORD_LIVE:
                words.setdefault(drop.spec.channel, {})[drop.spec.keyword] = drop.name
        self._words = {channel: found for channel, found in words.items() if found}
        self._read.set()

    def is_read(self) -> bool:
        """Whether the drops' keywords have been read at least once."""
        return self._read.is_set()

    async def first_read(self, within: float = FIRST_READ_WAIT_S) -> bool:
        """Wait up to `within` seconds for the book's first read; whether it has been read.

        A restarted bot hears chat as soon as it connects, maybe before its first read of the
        drops' keywords: a `!hoodie` typed then would be taken for another bot's command and
        lost, though the drop it enters is open."""
        if not self._read.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._read.wait(), within)
        return self._read.is_set()

    def drop_changed(self, drop_id: int, change: Change) -> None:
        if change != "queued":  # messages to send change no keyword; a state does
            self._stale.set()

    def resync(self) -> None:
        self._stale.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Reread at start and on every drop event (or `poll`), until `stop`."""
        while not stop.is_set():
            self._stale.clear()
            retry: float | None = None  # read: wait for news, however long
            try:
                await self.reread()
            except Exception as error:  # the database restarting: the words in use stay
                log.warning("twitch: entry keywords not reread (%s); trying again", error)
                retry = REREAD_EVERY  # no news may come: try again anyway
            stale = asyncio.ensure_future(self._stale.wait())
            stopping = asyncio.ensure_future(stop.wait())
            try:
                await asyncio.wait({stale, stopping}, timeout=retry, return_when="FIRST_COMPLETED")
            finally:
                for waiter in (stale, stopping):
                    waiter.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await waiter

    async def poll(self, stop: asyncio.Event, every: float = REREAD_EVERY) -> None:
        """Have `run` look again every `every` seconds, until `stop`: for a process without
        Redis, which hears no other process's changes."""
        while not await _wait_for(stop, every):
            self._stale.set()


async def _wait_for(stop: asyncio.Event, seconds: float) -> bool:
    """Wait up to `seconds` for `stop`; whether it is set."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()
