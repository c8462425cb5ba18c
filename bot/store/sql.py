"""SQL shared by the repositories: the driver fast path and inserts in each dialect.

The claim path inserts in batches, which SQLAlchemy's per-row parameter processing (let alone
the ORM's per-object bookkeeping) would slow down several times over; these helpers talk to the
driver directly where that matters, and hide how SQLite and PostgreSQL differ.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def driver_time(conn: Connection, value: datetime) -> Any:
    """A datetime as the driver stores it, for the raw fast path (what UtcDateTime would send).

    SQLite keeps naive UTC text in SQLAlchemy's format; PostgreSQL takes aware datetimes.
    """
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the store; pass an aware UTC datetime")
    if conn.dialect.name == "sqlite":
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    return value


def from_driver_time(value: Any) -> datetime:
    """The inverse of `driver_time` for rows read through the driver."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    assert isinstance(value, datetime)
    return value.astimezone(UTC)


def placeholders(conn: Connection, count: int) -> str:
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([marker] * count)


def insert_many_fast(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    ignore_conflicts: bool = True,
) -> None:
    """INSERT many tuples straight through the driver (ON CONFLICT DO NOTHING by default).

    The claim path writes two rows per claim and a draw three per winner; SQLAlchemy's per-row
    parameter processing would cost more than the database does. Values must already be in
    driver form (`driver_time`). Without `ignore_conflicts` a constraint violation raises,
    which is what the integrity indexes (one live serial, one live code) are for.
    """
    sql = (
        # Table and column names are ours; every value is a bound parameter.
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({placeholders(conn, len(columns))})"
    )
    if ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    conn.exec_driver_sql(sql, list(rows))


def matching_any(
    conn: Connection, column: str, values: Sequence[Any]
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """`column` equal to one of `values`: SQL conditions with their parameters, one per statement.

    PostgreSQL takes the values as one array (`= ANY(%s)`), so the statement text stays the same
    whatever their number and psycopg parses it once; SQLite gets IN lists, in chunks under its
    limit on bound parameters.
    """
    if conn.dialect.name == "postgresql":
        yield f"{column} = ANY(%s)", (list(values),)
        return
    for start in range(0, len(values), 900):
        chunk = values[start : start + 900]
        yield f"{column} IN ({placeholders(conn, len(chunk))})", tuple(chunk)


def insert_new(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    returning: Sequence[str],
) -> list[tuple[Any, ...]]:
    """INSERT `rows` ... ON CONFLICT DO NOTHING through the driver; `returning` of each row
    inserted now (a row a constraint turned away returns nothing, even against another process).

    Values must be in driver form (`driver_time`). PostgreSQL gets one statement of the same
    text for any number of rows (arrays through unnest); SQLite multi-row VALUES in chunks.
    """
    into = f"INSERT INTO {table.name} ({', '.join(columns)}) "
    tail = f" ON CONFLICT DO NOTHING RETURNING {', '.join(returning)}"
    if conn.dialect.name == "postgresql":
        arrays = ", ".join(
            f"%s::{table.c[c].type.compile(dialect=conn.dialect)}[]" for c in columns
        )
        sql = f"{into}SELECT * FROM unnest({arrays}){tail}"
        by_column = tuple(list(values) for values in zip(*rows, strict=True))
        return [tuple(r) for r in conn.exec_driver_sql(sql, by_column)]
    row_marker = f"({placeholders(conn, len(columns))})"
    per_chunk = max(1, 900 // len(columns))  # under SQLite's limit on bound parameters
    inserted: list[tuple[Any, ...]] = []
    for start in range(0, len(rows), per_chunk):
        chunk = rows[start : start + per_chunk]
        sql = f"{into}VALUES {', '.join([row_marker] * len(chunk))}{tail}"
        values = tuple(value for row in chunk for value in row)
        inserted.extend(tuple(r) for r in conn.exec_driver_sql(sql, values))
    return inserted


def insert_ignoring_duplicates(conn: Connection, table: Table) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING, in the connection's dialect."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def upsert(
    conn: Connection,
    table: Table,
    values: dict[str, Any],
    key: Sequence[str],
    changes: dict[str, Any] | None = None,
) -> None:
    """Insert the row, or update the one with the same `key`: one statement, no read first.

    `changes` are the updates on conflict (default: every value outside the key).
    """
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    if changes is None:
        changes = {k: v for k, v in values.items() if k not in key}
    statement = dialect.insert(table).values(**values)
    conn.execute(statement.on_conflict_do_update(index_elements=list(key), set_=changes))
