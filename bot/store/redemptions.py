"""Redemptions in SQL: the `RedemptionRepository` port, and how a redemption maps to its row.

A code is redeemed once: the unique `(drop, serial)` decides, even between processes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, select

from bot.drops.model import Redemption
from bot.store.sql import (
    driver_time,
    from_driver_time,
    insert_ignoring_duplicates,
    insert_new,
    matching_any,
    placeholders,
)
from bot.store.sql_table import table_of
from bot.store.tables import RedemptionRow

REDEMPTION: Table = table_of(RedemptionRow)


def redemption_from_row(r: Any) -> Redemption:
    return Redemption(
        drop_id=r.drop_id,
        serial=r.serial,
        code_id=r.code_id,
        redeemed_at=r.redeemed_at,
        partner=r.partner,
        order_value_cents=r.order_value_cents,
        id=r.id,
        request_key=r.request_key,
    )


class SqlRedemptions:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, redemption: Redemption) -> bool:
        result = self.conn.execute(
            insert_ignoring_duplicates(self.conn, REDEMPTION)
            .values(
                drop_id=redemption.drop_id,
                serial=redemption.serial,
                code_id=redemption.code_id,
                redeemed_at=redemption.redeemed_at,
                partner=redemption.partner,
                order_value_cents=redemption.order_value_cents,
            )
            .returning(REDEMPTION.c.id)
        )
        # RETURNING, not rowcount: PostgreSQL reports no reliable rowcount for ON CONFLICT here.
        return result.first() is not None

    COLUMNS = (
        "drop_id",
        "serial",
        "code_id",
        "redeemed_at",
        "partner",
        "order_value_cents",
        "request_key",
    )

    def add_many(self, redemptions: Sequence[Redemption]) -> set[tuple[int, int]]:
        """One INSERT for the batch (`insert_new`): the unique `(drop, serial)` decides which
        are recorded, even against another process's transaction."""
        if not redemptions:
            return set()
        conn = self.conn
        rows = [
            (
                r.drop_id,
                r.serial,
                r.code_id,
                driver_time(conn, r.redeemed_at),
                r.partner,
                r.order_value_cents,
                r.request_key,
            )
            for r in redemptions
        ]
        inserted = insert_new(conn, REDEMPTION, self.COLUMNS, rows, ("drop_id", "serial"))
        return {(drop_id, serial) for drop_id, serial in inserted}

    def get(self, drop_id: int, serial: int) -> Redemption | None:
        row = self.conn.execute(
            select(REDEMPTION).where(REDEMPTION.c.drop_id == drop_id, REDEMPTION.c.serial == serial)
        ).first()
        return redemption_from_row(row) if row else None

    def for_entitlements(
        self, entitlements: Sequence[tuple[int, int]]
    ) -> dict[tuple[int, int], Redemption]:
        conn = self.conn
        found: dict[tuple[int, int], Redemption] = {}
        by_drop: dict[int, list[int]] = {}
        for drop_id, serial in entitlements:
            by_drop.setdefault(drop_id, []).append(serial)
        marker = placeholders(conn, 1)
        for drop_id, serials in by_drop.items():
            for where, params in matching_any(conn, "serial", serials):
                rows = conn.exec_driver_sql(
                    f"SELECT id, {', '.join(self.COLUMNS)} FROM {REDEMPTION.name} "
                    f"WHERE drop_id = {marker} AND {where}",
                    (drop_id, *params),
                )
                for row_id, drop, serial, code_id, at, partner, value, request_key in rows:
                    found[(drop, serial)] = Redemption(
                        drop,
                        serial,
                        code_id,
                        from_driver_time(at),
                        partner,
                        value,
                        row_id,
                        request_key,
                    )
        return found

    def for_drop(self, drop_id: int) -> list[Redemption]:
        rows = self.conn.execute(select(REDEMPTION).where(REDEMPTION.c.drop_id == drop_id))
        return [redemption_from_row(r) for r in rows]
