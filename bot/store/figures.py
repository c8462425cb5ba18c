"""Totals of record for `/metrics`: counted in SQL at scrape time, across every drop."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from sqlalchemy import Engine, Table, func, select

from bot.store.sql_table import table_of
from bot.store.tables import (
    AllocationRow,
    CodeRow,
    DropRow,
    EntryRow,
    OutboxDeliveryRow,
    OutboxRow,
    RedemptionRow,
)

ENTRIES: Table = table_of(EntryRow)
ALLOCATIONS: Table = table_of(AllocationRow)
CODES: Table = table_of(CodeRow)
REDEMPTIONS: Table = table_of(RedemptionRow)
OUTBOX: Table = table_of(OutboxRow)
DELIVERIES: Table = table_of(OutboxDeliveryRow)
DROPS: Table = table_of(DropRow)


def totals(
    engine: Engine,
    sinks: Sequence[str] = (),
    since: datetime | None = None,
    channels: Mapping[str, Collection[str]] | None = None,
) -> dict[str, float | dict[str, float]]:
    """entries, allocations by status, codes delivered, redemptions, the outbox messages each
    sink has yet to send (created since `since`; for a sink in `channels`, of drops in its
    channels only, as `SqlOutbox.pending` reads them), and the messages each sink parked, all
    time (every sink that parked any, and `sinks` at 0) (names as in Metrics)."""
    with engine.connect() as conn:
        entries = conn.execute(select(func.count()).select_from(ENTRIES)).scalar_one()
        by_status = conn.execute(
            select(ALLOCATIONS.c.status, func.count()).group_by(ALLOCATIONS.c.status)
        ).all()
        delivered = conn.execute(
            select(func.count()).select_from(CODES).where(CODES.c.delivered_at.is_not(None))
        ).scalar_one()
        redeemed = conn.execute(select(func.count()).select_from(REDEMPTIONS)).scalar_one()
        queue: dict[str, float] = {}
        parked: dict[str, float] = dict.fromkeys(sinks, 0)
        parked_rows = conn.execute(
            select(DELIVERIES.c.sink, func.count())
            .where(DELIVERIES.c.parked_at.is_not(None))
            .group_by(DELIVERIES.c.sink)
        ).all()
        parked.update((sink, count) for sink, count in parked_rows)
        for sink in sinks:
            waiting = OUTBOX.outerjoin(
                DELIVERIES, (DELIVERIES.c.message_id == OUTBOX.c.id) & (DELIVERIES.c.sink == sink)
            )
            served = (channels or {}).get(sink)
            if served is not None:
                # Rows of other channels wait for another process: they are not this one's queue.
                waiting = waiting.join(DROPS, DROPS.c.id == OUTBOX.c.drop_id)
            query = (
                select(func.count())
                .select_from(waiting)
                .where(DELIVERIES.c.sent_at.is_(None), DELIVERIES.c.parked_at.is_(None))
            )
            if since is not None:
                query = query.where(OUTBOX.c.created_at >= since)
            if served is not None:
                query = query.where(DROPS.c.channel.in_(sorted(served)))
            queue[sink] = conn.execute(query).scalar_one()
    return {
        "entries": entries,
        "allocations": {status: count for status, count in by_status},
        "codes_delivered": delivered,
        "redemptions": redeemed,
        "outbound_queue_depth": queue,
        "outbox_parked": parked,
    }
