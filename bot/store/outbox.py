"""The outbox in SQL: what must be said, and how far each sink got with each message.

A sink's delivery row counts its failed attempts, then records either when the message went out
(`sent_at`) or when the sink gave up on it (`parked_at`, with the kind of the last error).
Either way the message is no longer pending for that sink; other sinks keep their own record.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, func, select

from bot.drops.model import OutboxMessage, ParkedDelivery
from bot.store.drops_repo import DROP
from bot.store.sql import driver_time, insert_many_fast, upsert
from bot.store.sql_table import table_of
from bot.store.tables import OutboxDeliveryRow, OutboxRow

OUTBOX: Table = table_of(OutboxRow)
DELIVERY: Table = table_of(OutboxDeliveryRow)
REASON_LENGTH = 200  # the column's size: a reason is an error's kind, never its whole text


def outbox_from_row(r: Any) -> OutboxMessage:
    return OutboxMessage(
        dedupe_key=r.dedupe_key,
        drop_id=r.drop_id,
        kind=r.kind,
        audience=r.audience,
        payload=json.loads(r.payload_json),
        created_at=r.created_at,
        attempts=getattr(r, "attempts", None) or 0,
        id=r.id,
    )


class SqlOutbox:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.queued: set[int] = set()  # drops with rows queued in this transaction

    def add(self, message: OutboxMessage) -> None:
        self.add_many([message])

    COLUMNS = (
        "dedupe_key",
        "drop_id",
        "kind",
        "audience",
        "payload_json",
        "created_at",
    )

    def add_many(self, messages: Sequence[OutboxMessage]) -> None:
        """Queue messages; one whose dedupe key is already queued is ignored."""
        if not messages:
            return
        conn = self.conn
        self.queued.update(m.drop_id for m in messages)
        rows = [
            (
                m.dedupe_key,
                m.drop_id,
                m.kind,
                m.audience,
                json.dumps(m.payload, sort_keys=True),
                driver_time(conn, m.created_at) if m.created_at else None,
            )
            for m in messages
        ]
        insert_many_fast(conn, OUTBOX, self.COLUMNS, rows)

    def pending(
        self,
        sink: str,
        limit: int,
        since: datetime | None = None,
        channels: Collection[str] | None = None,
    ) -> list[OutboxMessage]:
        delivery = DELIVERY.c
        joined = OUTBOX.outerjoin(
            DELIVERY, (delivery.message_id == OUTBOX.c.id) & (delivery.sink == sink)
        )
        if channels is not None:
            # A row's channel is its drop's: the inner join also leaves out rows of no drop,
            # which no channel's sender could say anything for.
            joined = joined.join(DROP, DROP.c.id == OUTBOX.c.drop_id)
        query = (
            select(*OUTBOX.c, delivery.attempts)
            .select_from(joined)
            .where(delivery.sent_at.is_(None), delivery.parked_at.is_(None))
            .order_by(OUTBOX.c.id)
            .limit(limit)
        )
        if since is not None:
            query = query.where(OUTBOX.c.created_at >= since)
        if channels is not None:
            query = query.where(DROP.c.channel.in_(sorted(channels)))
        return [outbox_from_row(r) for r in self.conn.execute(query)]

    def mark_sent(self, sink: str, message_id: int, at: datetime) -> None:
        self._record(sink, message_id, {"sent_at": at}, {"sent_at": at})

    def recipients_since(self, sink: str, since: datetime) -> set[str]:
        rows = self.conn.execute(
            select(OUTBOX.c.audience)
            .join(DELIVERY, DELIVERY.c.message_id == OUTBOX.c.id)
            .where(DELIVERY.c.sink == sink, DELIVERY.c.sent_at >= since)
            .distinct()
        )
        return {r[0] for r in rows}

    def mark_failed(self, sink: str, message_id: int) -> None:
        self._record(sink, message_id, {"attempts": 1}, {"attempts": DELIVERY.c.attempts + 1})

    def park(self, sink: str, message_id: int, at: datetime, reason: str) -> None:
        reason = reason[:REASON_LENGTH]
        self._record(
            sink,
            message_id,
            {"attempts": 1, "parked_at": at, "reason": reason},
            {"attempts": DELIVERY.c.attempts + 1, "parked_at": at, "reason": reason},
        )

    def parked(self, limit: int = 20) -> list[ParkedDelivery]:
        rows = self.conn.execute(
            select(
                DELIVERY.c.sink,
                DELIVERY.c.message_id,
                OUTBOX.c.drop_id,
                OUTBOX.c.kind,
                DELIVERY.c.attempts,
                DELIVERY.c.parked_at,
                DELIVERY.c.reason,
            )
            .join(OUTBOX, OUTBOX.c.id == DELIVERY.c.message_id)
            .where(DELIVERY.c.parked_at.is_not(None))
            .order_by(DELIVERY.c.parked_at.desc(), DELIVERY.c.message_id.desc())
            .limit(limit)
        )
        return [ParkedDelivery(*row) for row in rows]

    def parked_counts(self) -> dict[str, int]:
        rows = self.conn.execute(
            select(DELIVERY.c.sink, func.count())
            .where(DELIVERY.c.parked_at.is_not(None))
            .group_by(DELIVERY.c.sink)
        )
        return {sink: count for sink, count in rows}

    def _record(
        self, sink: str, message_id: int, first: dict[str, Any], then: dict[str, Any]
    ) -> None:
        """Insert the sink's delivery row (with `first`), or update it (with `then`)."""
        values = {"message_id": message_id, "sink": sink, "attempts": 0, "sent_at": None}
        values.update(first)
        upsert(self.conn, DELIVERY, values, ["message_id", "sink"], then)

    def for_drop(self, drop_id: int) -> list[OutboxMessage]:
        rows = self.conn.execute(
            select(OUTBOX).where(OUTBOX.c.drop_id == drop_id).order_by(OUTBOX.c.id)
        )
        return [outbox_from_row(r) for r in rows]

    def sent_by_sink(self, drop_id: int, kind: str) -> dict[tuple[str, str], datetime]:
        rows = self.conn.execute(
            select(OUTBOX.c.dedupe_key, DELIVERY.c.sink, DELIVERY.c.sent_at)
            .join(DELIVERY, DELIVERY.c.message_id == OUTBOX.c.id)
            .where(
                OUTBOX.c.drop_id == drop_id,
                OUTBOX.c.kind == kind,
                DELIVERY.c.sent_at.is_not(None),
            )
        )
        return {(key, sink): sent_at for key, sink, sent_at in rows}

    def existing(self, dedupe_keys: Sequence[str]) -> set[str]:
        if not dedupe_keys:
            return set()
        rows = self.conn.execute(
            select(OUTBOX.c.dedupe_key).where(OUTBOX.c.dedupe_key.in_(list(dedupe_keys)))
        )
        return {r[0] for r in rows}
