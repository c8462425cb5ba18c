"""The Discord adapter's own records: each guild's setup, each drop's post, the synced commands.

Kept beside the core tables on the same metadata (imported by `bot.store.tables`), made by the
same migrations.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from bot.store.columns import UtcDateTime


def _at(nullable: bool = True) -> datetime | None:
    return Field(default=None, sa_column=Column(UtcDateTime(), nullable=nullable))  # type: ignore[no-any-return]


class DiscordGuildRow(SQLModel, table=True):
    """What `/fairdrop setup` chose for a guild; empty strings mean "not set"."""

    __tablename__ = "discord_guilds"

    guild_id: str = Field(primary_key=True)
    announce_channel_id: str = ""
    summary_channel_id: str = ""
    moderator_role_id: str = ""
    updated_by: str = ""
    updated_at: datetime = _at(False)  # type: ignore[assignment]


class DiscordPostRow(SQLModel, table=True):
    """The message that shows a drop and carries its Enter button, in one guild."""

    __tablename__ = "discord_posts"

    drop_id: int = Field(primary_key=True)
    guild_id: str = Field(primary_key=True)
    channel_id: str
    message_id: str
    posted_at: datetime = _at(False)  # type: ignore[assignment]


class DiscordCommandSyncRow(SQLModel, table=True):
    """The digest of the command tree last synced to a scope (a guild id, or "global")."""

    __tablename__ = "discord_command_syncs"

    scope: str = Field(primary_key=True)
    digest: str
    synced_at: datetime = _at(False)  # type: ignore[assignment]
