"""The audit log's table and repository: one row per moderator action, newest read first."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, Index, Table, insert, select
from sqlmodel import Field, SQLModel

from bot.drops.audit import AuditEntry
from bot.store.columns import UtcDateTime
from bot.store.sql_table import table_of


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


AUDIT: Table = table_of(AuditRow)


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(**{f.name: getattr(row, f.name) for f in fields(AuditEntry)})


class SqlAudit:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, entry: AuditEntry) -> None:
        values = asdict(entry)
        del values["id"]  # assigned by the database: the order of the log
        self.conn.execute(insert(AUDIT).values(values))

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
