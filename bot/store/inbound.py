"""Inbound claims in SQL: the `InboundRepository` port, so each platform message counts once.

A message delivered again is recognised by its message id and answered as a duplicate, with
the outcome recorded the first time, instead of being judged anew.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Table

from bot.drops.model import InboundClaim
from bot.store.sql import driver_time, insert_many_fast
from bot.store.sql_table import table_of
from bot.store.tables import InboundRow

INBOUND: Table = table_of(InboundRow)


class SqlInbound:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    COLUMNS = ("message_id", "drop_id", "identity", "outcome", "received_at")

    def find(self, message_ids: Sequence[str]) -> dict[str, str]:
        if not message_ids:
            return {}
        marker = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"
        found: dict[str, str] = {}
        # Through the driver, in chunks under SQLite's limit on bound parameters.
        for start in range(0, len(message_ids), 900):
            chunk = tuple(message_ids[start : start + 900])
            sql = (
                f"SELECT message_id, outcome FROM {INBOUND.name} "
                f"WHERE message_id IN ({', '.join([marker] * len(chunk))})"
            )
            found.update((row[0], row[1]) for row in self.conn.exec_driver_sql(sql, chunk))
        return found

    def add_many(self, claims: Sequence[InboundClaim]) -> None:
        if not claims:
            return
        conn = self.conn
        rows = [
            (c.message_id, c.drop_id, c.identity, c.outcome, driver_time(conn, c.received_at))
            for c in claims
        ]
        insert_many_fast(conn, INBOUND, self.COLUMNS, rows)
