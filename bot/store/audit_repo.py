"""The audit log's table and repository: one row per moderator action, newest read first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, Index, Table, insert, select
from sqlmodel import Field, SQLModel

from bot.drops.audit import AuditEntry
from bot.store.columns import UtcDateTime


class AuditRow(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_channel", "channel", "id"),
        Index("ix_audit_drop", "drop_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    channel: str
    platform: str
    actor: str
    actor_name: str
    action: str
    drop_id: int | None = None
    drop_name: str = ""
    detail: str = ""
    result: str = ""


AUDIT: Table = AuditRow.__table__  # type: ignore[attr-defined]


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        channel=row.channel,
        actor=row.actor,
        actor_name=row.actor_name,
        platform=row.platform,
        action=row.action,
        detail=row.detail,
        result=row.result,
        at=row.at,
        drop_id=row.drop_id,
        drop_name=row.drop_name,
        id=row.id,
    )


class SqlAudit:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, entry: AuditEntry) -> None:
        self.conn.execute(
            insert(AUDIT).values(
                at=entry.at,
                channel=entry.channel,
                platform=entry.platform,
                actor=entry.actor,
                actor_name=entry.actor_name,
                action=entry.action,
                drop_id=entry.drop_id,
                drop_name=entry.drop_name,
                detail=entry.detail,
                result=entry.result,
            )
        )

    def recent(
        self, channel: str | None, *, drop_id: int | None, drop_name: str | None, limit: int
    ) -> list[AuditEntry]:
        query = select(AUDIT)
        if channel is not None:
            query = query.where(AUDIT.c.channel == channel)
        if drop_id is not None:
            query = query.where(AUDIT.c.drop_id == drop_id)
        if drop_name is not None:
            query = query.where(AUDIT.c.drop_name == drop_name)
        rows = self.conn.execute(query.order_by(AUDIT.c.id.desc()).limit(limit))
        return [_entry(r) for r in rows]
