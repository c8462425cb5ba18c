"""What the Discord side does on hearing that a drop changed, maybe in another process.

A `bot.store.commit_broadcast.DropListener`: the sender wakes (the outbox may have rows for it),
the drop's posts are refreshed at the board's next turn, and the cached drop is read again.
"""

from __future__ import annotations

from bot.discord.posts import PostBoard
from bot.discord.sender import DiscordSender
from bot.discord.shared import RecentDrops
from bot.store.drop_pubsub import QUEUED, Change


class DiscordRefresh:
    def __init__(self, sender: DiscordSender, board: PostBoard, recent: RecentDrops) -> None:
        self.sender, self.board, self.recent = sender, board, recent

    def drop_changed(self, drop_id: int, change: Change) -> None:
        self.sender.notify()
        self.board.touch(drop_id)
        # Only a move of state changes the cached drop. First-come claims queue messages many
        # times a second; forgetting the drop on each would cost the read the cache saves.
        if change != QUEUED:
            self.recent.forget(drop_id)

    def resync(self) -> None:
        self.sender.notify()
        self.board.touch_all()
        self.recent.clear()
