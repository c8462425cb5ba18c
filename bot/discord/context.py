"""What every cog, the Enter button and the sender share: the services and the setup."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.discord.community import Communities
from bot.drops.model import Drop
from bot.drops.service import DropService
from bot.gating.link_service import LinkService
from bot.gating.service import ListService
from bot.store.discord_store import DiscordStore

if TYPE_CHECKING:
    from bot.discord.posts import PostBoard


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


@dataclass
class DiscordContext:
    drops: DropService
    lists: ListService
    links: LinkService
    settings: Settings
    communities: Communities
    store: DiscordStore
    board: PostBoard | None = None  # set once the client exists (posts need it)
    recent: RecentDrops = field(init=False)
    late_presses: int = 0  # interactions Discord refused because our answer came too late

    def __post_init__(self) -> None:
        self.recent = RecentDrops(self.drops)
