"""The Discord adapter's records in SQL: guild setup, drop posts, command-sync digests.

Small, rare reads and writes, each in its own short transaction; callers run them in a thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, Table, select

from bot.store.discord_tables import DiscordCommandSyncRow, DiscordGuildRow, DiscordPostRow
from bot.store.sql import upsert
from bot.store.sql_table import table_of

GUILDS: Table = table_of(DiscordGuildRow)
POSTS: Table = table_of(DiscordPostRow)
SYNCS: Table = table_of(DiscordCommandSyncRow)


@dataclass(frozen=True, slots=True)
class GuildSetup:
    """Where a guild wants drops and summaries, and who runs them ("" = not chosen)."""

    guild_id: str
    announce_channel_id: str = ""
    summary_channel_id: str = ""
    moderator_role_id: str = ""


@dataclass(frozen=True, slots=True)
class DropPost:
    drop_id: int
    guild_id: str
    channel_id: str
    message_id: str


class DiscordStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def setup(self, guild_id: str) -> GuildSetup | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(GUILDS).where(GUILDS.c.guild_id == guild_id)).first()
        if row is None:
            return None
        return GuildSetup(
            row.guild_id, row.announce_channel_id, row.summary_channel_id, row.moderator_role_id
        )

    def save_setup(self, setup: GuildSetup, by: str, at: datetime) -> None:
        values = {
            "guild_id": setup.guild_id,
            "announce_channel_id": setup.announce_channel_id,
            "summary_channel_id": setup.summary_channel_id,
            "moderator_role_id": setup.moderator_role_id,
            "updated_by": by,
            "updated_at": at,
        }
        with self.engine.begin() as conn:
            upsert(conn, GUILDS, values, ["guild_id"])

    def posts(self, drop_id: int) -> list[DropPost]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(POSTS).where(POSTS.c.drop_id == drop_id).order_by(POSTS.c.guild_id)
            )
            return [DropPost(r.drop_id, r.guild_id, r.channel_id, r.message_id) for r in rows]

    def save_post(self, post: DropPost, at: datetime) -> None:
        values = {
            "drop_id": post.drop_id,
            "guild_id": post.guild_id,
            "channel_id": post.channel_id,
            "message_id": post.message_id,
            "posted_at": at,
        }
        with self.engine.begin() as conn:
            upsert(conn, POSTS, values, ["drop_id", "guild_id"])

    def digest(self, scope: str) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(SYNCS.c.digest).where(SYNCS.c.scope == scope)).first()
        return row[0] if row else None

    def save_digest(self, scope: str, digest: str, at: datetime) -> None:
        with self.engine.begin() as conn:
            upsert(conn, SYNCS, {"scope": scope, "digest": digest, "synced_at": at}, ["scope"])
