"""SQL repositories for gating: allocation lists, account links and link codes, filtered claims,
and what people won in earlier drops."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select, update

from bot.gating.lists import AllocationList, ListKind, ListMember
from bot.store.allocations import ALLOCATION
from bot.store.drops_repo import DROP
from bot.store.sql import insert_ignoring_duplicates
from bot.store.sql_table import table_of
from bot.store.tables import (
    AccountLinkRow,
    AllocationListRow,
    FilteredClaimRow,
    LinkCodeRow,
    ListMemberRow,
)

LISTS: Table = table_of(AllocationListRow)
MEMBERS: Table = table_of(ListMemberRow)
LINKS: Table = table_of(AccountLinkRow)
LINK_CODES: Table = table_of(LinkCodeRow)
FILTERED: Table = table_of(FilteredClaimRow)
LINK_LOCK = 0x6661697264726F70  # "fairdrop": the advisory lock key for account links


def _list(row: Any) -> AllocationList:
    return AllocationList(
        row.channel, row.name, ListKind(row.kind), row.created_at, row.created_by, row.id
    )


class SqlLists:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def create(self, allocation_list: AllocationList) -> AllocationList:
        result = self.conn.execute(
            LISTS.insert().values(
                channel=allocation_list.channel,
                name=allocation_list.name,
                kind=allocation_list.kind.value,
                created_at=allocation_list.created_at,
                created_by=allocation_list.created_by,
            )
        )
        new_id = result.inserted_primary_key[0]  # type: ignore[index]
        return AllocationList(
            allocation_list.channel,
            allocation_list.name,
            allocation_list.kind,
            allocation_list.created_at,
            allocation_list.created_by,
            new_id,
        )

    def get(self, channel: str, name: str) -> AllocationList | None:
        row = self.conn.execute(
            select(LISTS).where(LISTS.c.channel == channel, LISTS.c.name == name)
        ).first()
        return _list(row) if row else None

    def all(self, channel: str) -> list[AllocationList]:
        rows = self.conn.execute(
            select(LISTS).where(LISTS.c.channel == channel).order_by(LISTS.c.name)
        )
        return [_list(r) for r in rows]

    def delete(self, list_id: int) -> None:
        self.conn.execute(delete(MEMBERS).where(MEMBERS.c.list_id == list_id))
        self.conn.execute(delete(LISTS).where(LISTS.c.id == list_id))

    def members(self, list_id: int) -> list[ListMember]:
        rows = self.conn.execute(
            select(MEMBERS).where(MEMBERS.c.list_id == list_id).order_by(MEMBERS.c.id)
        )
        return [ListMember(r.account, r.display_name, r.added_at, r.added_by) for r in rows]

    def add_members(self, list_id: int, members: Sequence[ListMember]) -> int:
        if not members:
            return 0
        before = self._count(list_id)
        self.conn.execute(
            insert_ignoring_duplicates(self.conn, MEMBERS),
            [
                {
                    "list_id": list_id,
                    "account": m.account,
                    "display_name": m.display_name,
                    "added_at": m.added_at,
                    "added_by": m.added_by,
                }
                for m in members
            ],
        )
        return self._count(list_id) - before

    def remove_members(self, list_id: int, accounts: Sequence[str]) -> int:
        if not accounts:
            return 0
        result = self.conn.execute(
            delete(MEMBERS).where(MEMBERS.c.list_id == list_id, MEMBERS.c.account.in_(accounts))
        )
        return int(result.rowcount or 0)

    def memberships(
        self, channel: str, accounts: Sequence[str]
    ) -> dict[str, set[tuple[str, ListKind]]]:
        found: dict[str, set[tuple[str, ListKind]]] = {}
        if not accounts:
            return found
        unique = list(dict.fromkeys(accounts))
        for start in range(0, len(unique), 900):
            rows = self.conn.execute(
                select(MEMBERS.c.account, LISTS.c.name, LISTS.c.kind)
                .join(LISTS, LISTS.c.id == MEMBERS.c.list_id)
                .where(
                    LISTS.c.channel == channel, MEMBERS.c.account.in_(unique[start : start + 900])
                )
            )
            for account, name, kind in rows:
                found.setdefault(account, set()).add((name, ListKind(kind)))
        return found

    def _count(self, list_id: int) -> int:
        return int(
            self.conn.execute(
                select(func.count()).select_from(MEMBERS).where(MEMBERS.c.list_id == list_id)
            ).scalar_one()
        )


class SqlLinks:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def identities(self, accounts: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(accounts))
        for start in range(0, len(unique), 900):
            rows = self.conn.execute(
                select(LINKS.c.account, LINKS.c.identity).where(
                    LINKS.c.account.in_(unique[start : start + 900])
                )
            )
            found.update((a, i) for a, i in rows)
        return found

    def accounts_of(self, identity: str) -> list[str]:
        rows = self.conn.execute(
            select(LINKS.c.account).where(LINKS.c.identity == identity).order_by(LINKS.c.account)
        )
        return [r[0] for r in rows]

    def link(self, account: str, identity: str, at: datetime) -> None:
        self.conn.execute(delete(LINKS).where(LINKS.c.account == account))
        self.conn.execute(LINKS.insert().values(account=account, identity=identity, linked_at=at))

    def unlink(self, account: str) -> bool:
        result = self.conn.execute(delete(LINKS).where(LINKS.c.account == account))
        return bool(result.rowcount)

    def add_code(self, code_hash: str, account: str, at: datetime, expires_at: datetime) -> None:
        self.conn.execute(
            LINK_CODES.insert().values(
                code_hash=code_hash, account=account, created_at=at, expires_at=expires_at
            )
        )

    def forget_codes(self, expired_before: datetime) -> int:
        result = self.conn.execute(
            delete(LINK_CODES).where(LINK_CODES.c.expires_at < expired_before)
        )
        return int(result.rowcount or 0)

    def lock_links(self) -> None:
        # Two links completing at once (T joins D while D joins X) would each pass their checks
        # under READ COMMITTED; one transaction-scoped lock makes them take turns. SQLite has
        # one writer at a time already (BEGIN IMMEDIATE).
        if self.conn.dialect.name == "postgresql":
            self.conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (LINK_LOCK,))

    def use_code(self, code_hash: str, used_by: str, at: datetime) -> str | None:
        # One conditional UPDATE: of two uses racing, the database lets exactly one through.
        row = self.conn.execute(
            update(LINK_CODES)
            .where(
                LINK_CODES.c.code_hash == code_hash,
                LINK_CODES.c.used_at.is_(None),
                LINK_CODES.c.expires_at > at,
            )
            .values(used_at=at, used_by=used_by)
            .returning(LINK_CODES.c.account)
        ).first()
        return str(row[0]) if row else None


class SqlFiltered:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add_many(self, rows: Sequence[tuple[int, str, str, datetime]]) -> None:
        if rows:
            self.conn.execute(
                insert_ignoring_duplicates(self.conn, FILTERED),
                [
                    {"drop_id": d, "identity": i, "reason": r, "first_at": at}
                    for d, i, r, at in rows
                ],
            )

    def counts(self, drop_id: int) -> dict[str, int]:
        rows = self.conn.execute(
            select(FILTERED.c.reason, func.count())
            .where(FILTERED.c.drop_id == drop_id)
            .group_by(FILTERED.c.reason)
        )
        return {reason: int(count) for reason, count in rows}


class SqlHoldings:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def held(self, channel: str, identities: Sequence[str]) -> dict[str, tuple[set[str], set[str]]]:
        found: dict[str, tuple[set[str], set[str]]] = {}
        unique = list(dict.fromkeys(identities))
        for start in range(0, len(unique), 900):
            rows = self.conn.execute(
                select(ALLOCATION.c.identity, DROP.c.name, DROP.c.series)
                .join(DROP, DROP.c.id == ALLOCATION.c.drop_id)
                .where(
                    DROP.c.channel == channel,
                    ALLOCATION.c.status.in_(("pending", "claimed")),
                    ALLOCATION.c.identity.in_(unique[start : start + 900]),
                )
            )
            for identity, name, series in rows:
                drops, all_series = found.setdefault(identity, (set(), set()))
                drops.add(name)
                if series:
                    all_series.add(series)
        return found

    def last_wins(
        self, channel: str, identities: Sequence[str], *, excluding_drop: int
    ) -> dict[str, dict[str, datetime]]:
        found: dict[str, dict[str, datetime]] = {}
        unique = list(dict.fromkeys(identities))
        latest = func.max(ALLOCATION.c.allocated_at)
        for start in range(0, len(unique), 900):
            # ix_allocation_identity_won finds each identity's allocations; drops are few.
            rows = self.conn.execute(
                select(ALLOCATION.c.identity, DROP.c.series, latest)
                .join(DROP, DROP.c.id == ALLOCATION.c.drop_id)
                .where(
                    DROP.c.channel == channel,
                    DROP.c.id != excluding_drop,
                    ALLOCATION.c.status.in_(("pending", "claimed")),
                    ALLOCATION.c.identity.in_(unique[start : start + 900]),
                )
                .group_by(ALLOCATION.c.identity, DROP.c.series)
            )
            for identity, series, at in rows:
                wins = found.setdefault(identity, {})
                if series:
                    wins[series] = at
                if "" not in wins or at > wins[""]:
                    wins[""] = at
        return found
