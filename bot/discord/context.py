"""What every cog, the Enter button and the sender share: the services and the setup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.discord.community import Communities
from bot.drops.service import DropService
from bot.gating.link_service import LinkService
from bot.gating.service import ListService
from bot.store.discord_store import DiscordStore

if TYPE_CHECKING:
    from bot.discord.posts import PostBoard


@dataclass
class DiscordContext:
    drops: DropService
    lists: ListService
    links: LinkService
    settings: Settings
    communities: Communities
    store: DiscordStore
    board: PostBoard | None = None  # set once the client exists (posts need it)
