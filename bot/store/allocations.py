"""Allocations in SQL: the `AllocationRepository` port, and how an allocation maps to its row.

An allocation is one serial of a drop given to one person; a draw allocates thousands at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, func, select, update

from bot.drops.model import Allocation, AllocationStatus
from bot.store.sql import driver_time, insert_many_fast, placeholders
from bot.store.sql_table import table_of
from bot.store.tables import AllocationRow

ALLOCATION: Table = table_of(AllocationRow)


def allocation_values(a: Allocation) -> dict[str, Any]:
    return {
        "drop_id": a.drop_id,
        "serial": a.serial,
        "identity": a.identity,
        "display_name": a.display_name,
        "platform": a.platform,
        "allocated_at": a.allocated_at,
        "claim_deadline": a.claim_deadline,
        "via": a.via,
        "status": a.status.value,
        "claimed_at": a.claimed_at,
        "disqualified_by": a.disqualified_by,
        "disqualified_reason": a.disqualified_reason,
        "disqualified_at": a.disqualified_at,
    }


def allocation_from_row(r: Any) -> Allocation:
    return Allocation(
        drop_id=r.drop_id,
        serial=r.serial,
        identity=r.identity,
        display_name=r.display_name,
        platform=r.platform,
        allocated_at=r.allocated_at,
        claim_deadline=r.claim_deadline,
        via=r.via,
        status=AllocationStatus(r.status),
        claimed_at=r.claimed_at,
        id=r.id,
        disqualified_by=r.disqualified_by,
        disqualified_reason=r.disqualified_reason or "",
        disqualified_at=r.disqualified_at,
    )


class SqlAllocations:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, allocation: Allocation) -> Allocation:
        return self.add_many([allocation])[0]

    COLUMNS = (
        "drop_id",
        "serial",
        "identity",
        "display_name",
        "platform",
        "allocated_at",
        "claim_deadline",
        "via",
        "status",
        "claimed_at",
    )

    def add_many(self, allocations: Sequence[Allocation]) -> list[Allocation]:
        """Insert through the driver, then read the ids back by serial.

        A new allocation is live, and a live serial is unique per drop (an index says so), so
        `(drop, serial)` finds each new row; several times cheaper than RETURNING with
        SQLAlchemy's per-row processing when a draw allocates thousands at once.
        """
        if not allocations:
            return []
        conn = self.conn
        rows = [
            (
                a.drop_id,
                a.serial,
                a.identity,
                a.display_name,
                a.platform,
                driver_time(conn, a.allocated_at),
                driver_time(conn, a.claim_deadline),
                a.via,
                a.status.value,
                driver_time(conn, a.claimed_at) if a.claimed_at else None,
            )
            for a in allocations
        ]
        insert_many_fast(conn, ALLOCATION, self.COLUMNS, rows, ignore_conflicts=False)
        by_drop: dict[int, dict[int, Allocation]] = {}
        for allocation in allocations:
            by_drop.setdefault(allocation.drop_id, {})[allocation.serial] = allocation
        for drop_id, by_serial in by_drop.items():
            serials = list(by_serial)
            for start in range(0, len(serials), 900):
                chunk = serials[start : start + 900]
                found = conn.exec_driver_sql(
                    f"SELECT id, serial FROM {ALLOCATION.name} WHERE drop_id = "
                    f"{placeholders(conn, 1)} AND status IN ('pending', 'claimed') "
                    f"AND serial IN ({placeholders(conn, len(chunk))})",
                    (drop_id, *chunk),
                )
                for new_id, serial in found:
                    by_serial[serial].id = new_id
        return list(allocations)

    def save(self, allocation: Allocation) -> None:
        self.conn.execute(
            update(ALLOCATION)
            .where(ALLOCATION.c.id == allocation.id)
            .values(**allocation_values(allocation))
        )

    def for_drop(self, drop_id: int) -> list[Allocation]:
        rows = self.conn.execute(
            select(ALLOCATION).where(ALLOCATION.c.drop_id == drop_id).order_by(ALLOCATION.c.id)
        )
        return [allocation_from_row(r) for r in rows]

    def count_by_status(self, drop_id: int) -> dict[AllocationStatus, int]:
        rows = self.conn.execute(
            select(ALLOCATION.c.status, func.count())
            .where(ALLOCATION.c.drop_id == drop_id)
            .group_by(ALLOCATION.c.status)
        )
        return {AllocationStatus(status): int(n) for status, n in rows}

    def for_identity(self, drop_id: int, identity: str) -> list[Allocation]:
        rows = self.conn.execute(
            select(ALLOCATION)
            .where(ALLOCATION.c.drop_id == drop_id, ALLOCATION.c.identity == identity)
            .order_by(ALLOCATION.c.id)
        )
        return [allocation_from_row(r) for r in rows]

    def drops_of(self, identity: str, limit: int) -> list[int]:
        rows = self.conn.execute(
            select(ALLOCATION.c.drop_id)
            .where(ALLOCATION.c.identity == identity)
            .group_by(ALLOCATION.c.drop_id)
            .order_by(ALLOCATION.c.drop_id.desc())
            .limit(limit)
        )
        return [r[0] for r in rows]

    def identities(self, drop_id: int) -> set[str]:
        rows = self.conn.execute(
            select(ALLOCATION.c.identity).where(ALLOCATION.c.drop_id == drop_id).distinct()
        )
        return {r[0] for r in rows}

    def overdue(self, now: datetime) -> list[Allocation]:
        rows = self.conn.execute(
            select(ALLOCATION)
            .where(ALLOCATION.c.status == "pending", ALLOCATION.c.claim_deadline < now)
            .order_by(ALLOCATION.c.claim_deadline, ALLOCATION.c.id)
        )
        return [allocation_from_row(r) for r in rows]

    def next_deadline(self, drop_id: int) -> datetime | None:
        return self.conn.execute(
            select(func.min(ALLOCATION.c.claim_deadline)).where(
                ALLOCATION.c.drop_id == drop_id, ALLOCATION.c.status == "pending"
            )
        ).scalar()
