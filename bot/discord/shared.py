"""What every cog, the Enter button and the sender share: the services and the caches.

(Not `bot.gating.context`, which is what gating reads about a batch of claimants.)
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from bot.config import Settings
from bot.discord.community import Communities
from bot.drops.model import Drop
from bot.drops.recurring import RecurringDrops
from bot.drops.service import DropService
from bot.gating.link_service import LinkService
from bot.gating.service import ListService
from bot.store.discord_store import DiscordStore


class RecentDrops:
    """Drops as read at most `ttl` seconds ago, so a rush of presses costs one read a second.

    A stale state only picks the wrong reply path for a moment: the core judges every claim
    against the drop as stored, whatever this cache says.
    """

    def __init__(self, drops: DropService, ttl: float = 1.0) -> None:
        self.drops, self.ttl = drops, ttl
        self._seen: dict[int, tuple[float, Drop]] = {}

    async def get(self, drop_id: int) -> Drop:
        now = time.monotonic()
        seen = self._seen.get(drop_id)
        if seen is None or now - seen[0] > self.ttl:
            seen = (now, await self.drops.get(drop_id))
            self._seen[drop_id] = seen
        return seen[1]

    def forget(self, drop_id: int) -> None:
        """The drop changed (another process said so): read it again next time."""
        self._seen.pop(drop_id, None)

    def clear(self) -> None:
        """Any drop may have changed: read each again next time."""
        self._seen.clear()


class PostTouches:
    """Which drops' posts want a refresh at the post board's next turn.

    Kept apart from the board so the context can own it: the board needs the client, the client
    needs the context, and an Enter press (which has only the context) marks its drop here.
    """

    def __init__(self) -> None:
        self.dirty: set[int] = set()
        self.everything = False  # `touch_all`: every unfinished drop's posts at the next turn
        self.wake = asyncio.Event()

    def touch(self, drop_id: int) -> None:
        """Something about the drop changed: refresh its posts at the next turn."""
        self.dirty.add(drop_id)
        self.wake.set()


@dataclass
class DiscordContext:
    drops: DropService
    lists: ListService
    links: LinkService
    settings: Settings
    communities: Communities
    store: DiscordStore
    touches: PostTouches = field(default_factory=PostTouches)  # read by the post board
    recent: RecentDrops = field(init=False)
    late_presses: int = 0  # interactions Discord refused because our answer came too late
    recurring: RecurringDrops | None = None  # series of weekly drops (None: not offered)

    def __post_init__(self) -> None:
        self.recent = RecentDrops(self.drops)
