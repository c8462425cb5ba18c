"""A community's new subscriptions and follows, counted per UTC hour: counts only.

Nothing about the viewer is kept (no id, no login, no name): one row per community, kind and
hour with how many events came in, and when fairdrop started listening to the community (the
weeks before it would read as zero). Read by lift (`bot/drops/lift.py`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, Connection, Table, func, select
from sqlmodel import Field, SQLModel

from bot.drops.lift import Span
from bot.store.columns import UtcDateTime
from bot.store.sql import insert_ignoring_duplicates, upsert
from bot.store.sql_table import table_of


class AudienceHourRow(SQLModel, table=True):
    __tablename__ = "audience_hours"

    channel: str = Field(primary_key=True)
    kind: str = Field(primary_key=True)  # lift.SUBSCRIPTIONS or lift.FOLLOWS
    hour: datetime = Field(sa_column=Column(UtcDateTime(), primary_key=True))
    count: int


class AudienceListeningRow(SQLModel, table=True):
    __tablename__ = "audience_listening"

    channel: str = Field(primary_key=True)
    since: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


HOURS: Table = table_of(AudienceHourRow)
LISTENING: Table = table_of(AudienceListeningRow)


class SqlAudience:
    """Implements `bot.drops.lift.AudienceReads`, and counts events as they come in."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def listening(self, channel: str, at: datetime) -> None:
        """Fairdrop listens to the community from `at` on (the first time is kept)."""
        self.conn.execute(
            insert_ignoring_duplicates(self.conn, LISTENING).values(channel=channel, since=at)
        )

    def count(self, channel: str, kind: str, at: datetime) -> None:
        """One more event of `kind` in the hour of `at`: one statement, safe across processes."""
        hour = at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        values = {"channel": channel, "kind": kind, "hour": hour, "count": 1}
        upsert(self.conn, HOURS, values, ("channel", "kind", "hour"), {"count": HOURS.c.count + 1})

    def listening_since(self, channel: str) -> datetime | None:
        since: datetime | None = self.conn.execute(
            select(LISTENING.c.since).where(LISTENING.c.channel == channel)
        ).scalar()
        return since

    def total(self, channel: str, kind: str, span: Span) -> int:
        h = HOURS.c
        found = self.conn.execute(
            select(func.coalesce(func.sum(h.count), 0)).where(
                h.channel == channel, h.kind == kind, h.hour >= span.start, h.hour < span.end
            )
        ).scalar()
        return int(found or 0)
