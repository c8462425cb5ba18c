"""Entries in SQL: the `EntryRepository` port, and how an entry maps to its row.

A drop may have a million entries: adding, reading and ranking them go through the driver
(`bot.store.sql`), and counts are aggregates in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, select

from bot.drops.model import Entry
from bot.store.drops_repo import DROP
from bot.store.sql import driver_time, from_driver_time, insert_many_fast, placeholders
from bot.store.sql_table import table_of
from bot.store.tables import EntryRow

ENTRY: Table = table_of(EntryRow)


def split_set(text: str) -> frozenset[str]:
    return frozenset(text.split(",")) if text else frozenset()


def join_set(values: frozenset[str]) -> str:
    """Badges and roles are stored as one comma-separated text column."""
    return ",".join(sorted(values))


def entry_from_row(r: Any) -> Entry:
    return Entry(
        drop_id=r.drop_id,
        identity=r.identity,
        platform=r.platform,
        display_name=r.display_name,
        tier=r.tier,
        weight=r.weight,
        entered_at=r.entered_at,
        id=r.id,
        rank=r.rank,
        account=r.account,
        badges=split_set(r.badges),
        roles=split_set(r.roles),
        excluded_reason=r.excluded_reason,
        drawn_weight=r.drawn_weight,
        account_created_at=r.account_created_at,
        joined_at=r.joined_at,
    )


class SqlEntries:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    COLUMNS = (
        "drop_id",
        "identity",
        "platform",
        "display_name",
        "tier",
        "weight",
        "entered_at",
        "account",
        "badges",
        "roles",
        "account_created_at",
        "joined_at",
    )

    def add_many(self, entries: Sequence[Entry]) -> None:
        if not entries:
            return
        conn = self.conn
        rows = [
            (
                e.drop_id,
                e.identity,
                e.platform,
                e.display_name,
                e.tier,
                e.weight,
                driver_time(conn, e.entered_at),
                e.account,
                join_set(e.badges),
                join_set(e.roles),
                driver_time(conn, e.account_created_at) if e.account_created_at else None,
                driver_time(conn, e.joined_at) if e.joined_at else None,
            )
            for e in entries
        ]
        insert_many_fast(conn, ENTRY, self.COLUMNS, rows)

    def for_drop(self, drop_id: int) -> list[Entry]:
        # Through the driver: closing a drop reads every entry, possibly a million of them.
        rows = self.conn.exec_driver_sql(
            "SELECT drop_id, identity, platform, display_name, tier, weight, entered_at, id, rank,"
            " account, badges, roles, excluded_reason, drawn_weight, account_created_at, joined_at"
            f" FROM {ENTRY.name} WHERE drop_id = {placeholders(self.conn, 1)} ORDER BY id",
            (drop_id,),
        )
        split = split_set
        return [
            Entry(
                d,
                i,
                p,
                n,
                t,
                w,
                from_driver_time(at),
                entry_id,
                rank,
                account,
                split(badges),
                split(roles),
                out,
                drawn,
                from_driver_time(made) if made is not None else None,
                from_driver_time(joined) if joined is not None else None,
            )
            for (
                d,
                i,
                p,
                n,
                t,
                w,
                at,
                entry_id,
                rank,
                account,
                badges,
                roles,
                out,
                drawn,
                made,
                joined,
            ) in rows
        ]

    def mark_checked(
        self, drop_id: int, checks: Sequence[tuple[int, str, str | None, int | None]]
    ) -> None:
        """Record the re-check at close: `(entry id, identity, excluded reason, drawn weight)`."""
        if not checks:
            return
        marker = placeholders(self.conn, 1)
        self.conn.exec_driver_sql(
            f"UPDATE {ENTRY.name} SET identity = {marker}, excluded_reason = {marker}, "
            f"drawn_weight = {marker} WHERE id = {marker}",
            [(identity, reason, weight, entry_id) for entry_id, identity, reason, weight in checks],
        )

    def of_identity(self, identity: str, limit: int) -> list[Entry]:
        rows = self.conn.execute(
            select(ENTRY)
            .where(ENTRY.c.identity == identity)
            .order_by(ENTRY.c.drop_id.desc())
            .limit(limit)
        )
        return [entry_from_row(r) for r in rows]

    def count(self, drop_id: int) -> int:
        return int(
            self.conn.execute(
                select(func.count()).select_from(ENTRY).where(ENTRY.c.drop_id == drop_id)
            ).scalar_one()
        )

    def count_by_tier(self, drop_id: int) -> dict[str, tuple[int, int]]:
        # One aggregate: a transparency page never reads a drop's (maybe million) entries.
        # count(column) skips NULLs: the second count is the entries left out at close.
        rows = self.conn.execute(
            select(ENTRY.c.tier, func.count(), func.count(ENTRY.c.excluded_reason))
            .where(ENTRY.c.drop_id == drop_id)
            .group_by(ENTRY.c.tier)
        )
        return {tier: (int(total) - int(left_out), int(left_out)) for tier, total, left_out in rows}

    def identities(self, drop_id: int) -> set[str]:
        rows = self.conn.execute(select(ENTRY.c.identity).where(ENTRY.c.drop_id == drop_id))
        return {r[0] for r in rows}

    def set_ranks(self, drop_id: int, ranks: Sequence[tuple[int, int]]) -> None:
        if not ranks:
            return
        marker = placeholders(self.conn, 1)
        self.conn.exec_driver_sql(
            f"UPDATE {ENTRY.name} SET rank = {marker} WHERE id = {marker}",
            [(rank, entry_id) for entry_id, rank in ranks],
        )

    def waitlist(self, drop_id: int, after_rank: int, limit: int) -> list[Entry]:
        rows = self.conn.execute(
            select(ENTRY)
            .where(
                ENTRY.c.drop_id == drop_id,
                ENTRY.c.rank > after_rank,
                ENTRY.c.excluded_reason.is_(None),
            )
            .order_by(ENTRY.c.rank)
            .limit(limit)
        )
        return [entry_from_row(r) for r in rows]

    def returning(self, drop_id: int) -> set[str]:
        # One query, however many entrants: this drop's identities as a subquery, matched
        # against the entries of the channel's earlier drops.
        channel = select(DROP.c.channel).where(DROP.c.id == drop_id).scalar_subquery()
        here = select(ENTRY.c.identity).where(ENTRY.c.drop_id == drop_id)
        rows = self.conn.execute(
            select(ENTRY.c.identity)
            .join(DROP, DROP.c.id == ENTRY.c.drop_id)
            .where(
                DROP.c.channel == channel,
                ENTRY.c.drop_id < drop_id,
                ENTRY.c.identity.in_(here),
            )
            .distinct()
        )
        return {r[0] for r in rows}
