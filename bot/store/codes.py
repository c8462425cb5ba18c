"""Codes in SQL: the `CodeRepository` port, and how a code record maps to its row.

Only the code's selector and a hash of its verifier are stored, never the code itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, select, update

from bot.drops.model import CodeRecord
from bot.store.sql import driver_time, from_driver_time, insert_many_fast, matching_any
from bot.store.sql_table import table_of
from bot.store.tables import CodeRow

CODE: Table = table_of(CodeRow)


def code_values(c: CodeRecord) -> dict[str, Any]:
    return {
        "allocation_id": c.allocation_id,
        "drop_id": c.drop_id,
        "serial": c.serial,
        "holder": c.holder,
        "code_id": c.code_id,
        "kid": c.kid,
        "selector": c.selector,
        "verifier_hash": c.verifier_hash,
        "issued_at": c.issued_at,
        "expires_at": c.expires_at,
        "revoked_at": c.revoked_at,
        "delivered_at": c.delivered_at,
    }


def code_from_row(r: Any) -> CodeRecord:
    return CodeRecord(
        allocation_id=r.allocation_id,
        drop_id=r.drop_id,
        serial=r.serial,
        holder=r.holder,
        code_id=r.code_id,
        kid=r.kid,
        selector=r.selector,
        verifier_hash=bytes(r.verifier_hash),
        issued_at=r.issued_at,
        expires_at=r.expires_at,
        revoked_at=r.revoked_at,
        delivered_at=r.delivered_at,
        id=r.id,
    )


class SqlCodes:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, code: CodeRecord) -> CodeRecord:
        result = self.conn.execute(CODE.insert().values(**code_values(code)))
        code.id = result.inserted_primary_key[0]  # type: ignore[index]
        return code

    COLUMNS = (
        "allocation_id",
        "drop_id",
        "serial",
        "holder",
        "code_id",
        "kid",
        "selector",
        "verifier_hash",
        "issued_at",
        "expires_at",
    )

    def add_many(self, codes: Sequence[CodeRecord]) -> None:
        conn = self.conn
        rows = [
            (
                c.allocation_id,
                c.drop_id,
                c.serial,
                c.holder,
                c.code_id,
                c.kid,
                c.selector,
                c.verifier_hash,
                driver_time(conn, c.issued_at),
                driver_time(conn, c.expires_at),
            )
            for c in codes
        ]
        if rows:
            insert_many_fast(conn, CODE, self.COLUMNS, rows, ignore_conflicts=False)

    def save(self, code: CodeRecord) -> None:
        self.conn.execute(update(CODE).where(CODE.c.id == code.id).values(**code_values(code)))

    def _one(self, *where: Any) -> CodeRecord | None:
        row = self.conn.execute(select(CODE).where(*where)).first()
        return code_from_row(row) if row else None

    def for_allocation(self, allocation_id: int) -> CodeRecord | None:
        return self._one(CODE.c.allocation_id == allocation_id)

    def by_selector(self, selector: str) -> CodeRecord | None:
        return self._one(CODE.c.selector == selector)

    def by_code_id(self, code_id: str) -> CodeRecord | None:
        return self._one(CODE.c.code_id == code_id)

    def by_selectors(self, selectors: Sequence[str]) -> dict[str, CodeRecord]:
        return {c.selector: c for c in self._by("selector", selectors)}

    def by_code_ids(self, code_ids: Sequence[str]) -> dict[str, CodeRecord]:
        return {c.code_id: c for c in self._by("code_id", code_ids)}

    def _by(self, column: str, values: Sequence[str]) -> list[CodeRecord]:
        """Codes whose unique `column` is one of `values`, through the driver: a batch of
        redemptions looks its codes up in one query, and SQLAlchemy's per-row processing
        would cost more than the database does."""
        conn = self.conn
        found: list[CodeRecord] = []
        for where, params in matching_any(conn, column, list(dict.fromkeys(values))):
            rows = conn.exec_driver_sql(
                # The column name is one of two literals above; every value is bound.
                "SELECT id, allocation_id, drop_id, serial, holder, code_id, kid, selector,"
                " verifier_hash, issued_at, expires_at, revoked_at, delivered_at"
                f" FROM {CODE.name} WHERE {where}",
                params,
            )
            found.extend(
                CodeRecord(
                    allocation_id,
                    drop_id,
                    serial,
                    holder,
                    code_id,
                    kid,
                    selector,
                    bytes(verifier),
                    from_driver_time(issued),
                    from_driver_time(expires),
                    from_driver_time(revoked) if revoked is not None else None,
                    from_driver_time(delivered) if delivered is not None else None,
                    code_pk,
                )
                for (
                    code_pk, allocation_id, drop_id, serial, holder, code_id, kid, selector,
                    verifier, issued, expires, revoked, delivered,
                ) in rows
            )  # fmt: skip
        return found

    def for_drop(self, drop_id: int) -> list[CodeRecord]:
        rows = self.conn.execute(select(CODE).where(CODE.c.drop_id == drop_id).order_by(CODE.c.id))
        return [code_from_row(r) for r in rows]
