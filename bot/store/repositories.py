"""SQL repositories: the ports of `bot.drops.ports` over one SQLAlchemy connection.

Queries use SQLAlchemy Core on the SQLModel tables: the claim path inserts in batches, which
the ORM's per-object bookkeeping would slow down several times over.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.drops.model import (
    FINAL_STATES,
    Allocation,
    AllocationStatus,
    CodeRecord,
    Drop,
    DropState,
    Entry,
    InboundClaim,
    Redemption,
)
from bot.store import mapping as m
from bot.store.tables import (
    AllocationRow,
    CodeRow,
    DropRow,
    EntryRow,
    InboundRow,
    OutboxDeliveryRow,
    OutboxRow,
    RedemptionRow,
)

DROP: Table = DropRow.__table__  # type: ignore[attr-defined]
ENTRY: Table = EntryRow.__table__  # type: ignore[attr-defined]
ALLOCATION: Table = AllocationRow.__table__  # type: ignore[attr-defined]
CODE: Table = CodeRow.__table__  # type: ignore[attr-defined]
REDEMPTION: Table = RedemptionRow.__table__  # type: ignore[attr-defined]
INBOUND: Table = InboundRow.__table__  # type: ignore[attr-defined]
OUTBOX: Table = OutboxRow.__table__  # type: ignore[attr-defined]
DELIVERY: Table = OutboxDeliveryRow.__table__  # type: ignore[attr-defined]

UNFINISHED = [s.value for s in DropState if s not in FINAL_STATES]
# A drop takes claims (or is about to): one at a time per channel. A drawn drop waiting for its
# winners does not block the next one.
RUNNING = [
    s.value for s in (DropState.SCHEDULED, DropState.EARLY, DropState.PUBLIC, DropState.CLOSED)
]


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


class SqlDrops:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        # Drops added or saved in this transaction, and their state: the core saves a drop when
        # its state moves, so the unit of work tells other processes of these after commit.
        self.saved: dict[int, str] = {}

    def add(self, drop: Drop) -> Drop:
        result = self.conn.execute(DROP.insert().values(**m.drop_values(drop)))
        drop.id = result.inserted_primary_key[0]  # type: ignore[index]
        self.saved[drop.id] = drop.state.value
        return drop

    def get(self, drop_id: int) -> Drop | None:
        row = self.conn.execute(select(DROP).where(DROP.c.id == drop_id)).first()
        return m.drop_from_row(row) if row else None

    def save(self, drop: Drop) -> None:
        self.conn.execute(update(DROP).where(DROP.c.id == drop.id).values(**m.drop_values(drop)))
        self.saved[drop.id] = drop.state.value

    def running(self, channel: str) -> Drop | None:
        row = self.conn.execute(
            select(DROP)
            .where(DROP.c.channel == channel, DROP.c.state.in_(RUNNING))
            .order_by(DROP.c.id.desc())
            .limit(1)
        ).first()
        return m.drop_from_row(row) if row else None

    def by_name(self, channel: str, name: str) -> Drop | None:
        row = self.conn.execute(
            select(DROP)
            .where(DROP.c.channel == channel, DROP.c.name == name)
            .order_by(DROP.c.id.desc())
            .limit(1)
        ).first()
        return m.drop_from_row(row) if row else None

    def unfinished(self) -> list[Drop]:
        rows = self.conn.execute(
            select(DROP).where(DROP.c.state.in_(UNFINISHED)).order_by(DROP.c.id)
        )
        return [m.drop_from_row(r) for r in rows]

    def closed_since(self, since: datetime) -> list[Drop]:
        rows = self.conn.execute(
            select(DROP)
            .where(DROP.c.closed_at >= since, DROP.c.state != DropState.CANCELLED.value)
            .order_by(DROP.c.id)
        )
        return [m.drop_from_row(r) for r in rows]


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
                m.join_set(e.badges),
                m.join_set(e.roles),
            )
            for e in entries
        ]
        insert_many_fast(conn, ENTRY, self.COLUMNS, rows)

    def for_drop(self, drop_id: int) -> list[Entry]:
        # Through the driver: closing a drop reads every entry, possibly a million of them.
        rows = self.conn.exec_driver_sql(
            "SELECT drop_id, identity, platform, display_name, tier, weight, entered_at, id, rank,"
            " account, badges, roles, excluded_reason, drawn_weight"
            f" FROM {ENTRY.name} WHERE drop_id = {placeholders(self.conn, 1)} ORDER BY id",
            (drop_id,),
        )
        split = m.split_set
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
            )
            for d, i, p, n, t, w, at, entry_id, rank, account, badges, roles, out, drawn in rows
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
        return [m.entry_from_row(r) for r in rows]

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
            .values(**m.allocation_values(allocation))
        )

    def for_drop(self, drop_id: int) -> list[Allocation]:
        rows = self.conn.execute(
            select(ALLOCATION).where(ALLOCATION.c.drop_id == drop_id).order_by(ALLOCATION.c.id)
        )
        return [m.allocation_from_row(r) for r in rows]

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
        return [m.allocation_from_row(r) for r in rows]

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
        return [m.allocation_from_row(r) for r in rows]

    def next_deadline(self, drop_id: int) -> datetime | None:
        return self.conn.execute(
            select(func.min(ALLOCATION.c.claim_deadline)).where(
                ALLOCATION.c.drop_id == drop_id, ALLOCATION.c.status == "pending"
            )
        ).scalar()


class SqlCodes:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, code: CodeRecord) -> CodeRecord:
        result = self.conn.execute(CODE.insert().values(**m.code_values(code)))
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
        self.conn.execute(update(CODE).where(CODE.c.id == code.id).values(**m.code_values(code)))

    def _one(self, *where: Any) -> CodeRecord | None:
        row = self.conn.execute(select(CODE).where(*where)).first()
        return m.code_from_row(row) if row else None

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
        return [m.code_from_row(r) for r in rows]


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
        return m.redemption_from_row(row) if row else None

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
        return [m.redemption_from_row(r) for r in rows]


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
