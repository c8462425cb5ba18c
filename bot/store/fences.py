"""Fencing tokens in SQL (`lease_fences`): the newest token handed out per lease.

The token comes from the database, not from Redis: the lease's Redis key can vanish (a flush, a
restart without persistence) and a counter kept beside it would start again from 1, below the
token the superseded holder still carries. The database is the record the fenced work writes
to, so the check and the work commit, or fail, together.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.drops.ports import Fence
from bot.store.sql_table import table_of
from bot.store.tables import LeaseFenceRow

FENCES: Table = table_of(LeaseFenceRow)


class SqlFences:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def issue(self, name: str) -> Fence:
        dialect = postgresql if self.conn.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(FENCES)
            .values(name=name, token=1)
            .on_conflict_do_update(index_elements=["name"], set_={"token": FENCES.c.token + 1})
            .returning(FENCES.c.token)
        )
        return Fence(name, int(self.conn.execute(statement).scalar_one()))

    def holds(self, fence: Fence) -> bool:
        # FOR UPDATE (PostgreSQL): an `issue` by a new holder waits for this transaction to end.
        # SQLite's write transactions are BEGIN IMMEDIATE: one at a time, so the same holds.
        newest = self.conn.execute(
            select(FENCES.c.token).where(FENCES.c.name == fence.name).with_for_update()
        ).scalar_one_or_none()
        return newest == fence.token
