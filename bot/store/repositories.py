"""SQL repositories: the ports of `bot.drops.ports` over one SQLAlchemy connection.

Queries use SQLAlchemy Core on the SQLModel tables: the claim path inserts in batches, which
the ORM's per-object bookkeeping would slow down several times over.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.drops.model import (
    FINAL_STATES,
    Allocation,
    CodeRecord,
    Drop,
    DropState,
    Entry,
    InboundClaim,
    OutboxMessage,
    Redemption,
)
from bot.store import mapping as m
from bot.store.tables import (
    AllocationRow,
    CodeRow,
    DropRow,
    EntryRow,
    InboundRow,
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

UNFINISHED = [s.value for s in DropState if s not in FINAL_STATES]


def insert_ignoring_duplicates(conn: Connection, table: Table) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING, in the connection's dialect."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


class SqlDrops:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, drop: Drop) -> Drop:
        result = self.conn.execute(DROP.insert().values(**m.drop_values(drop)))
        drop.id = result.inserted_primary_key[0]  # type: ignore[index]
        return drop

    def get(self, drop_id: int) -> Drop | None:
        row = self.conn.execute(select(DROP).where(DROP.c.id == drop_id)).first()
        return m.drop_from_row(row) if row else None

    def save(self, drop: Drop) -> None:
        self.conn.execute(update(DROP).where(DROP.c.id == drop.id).values(**m.drop_values(drop)))

    def running(self, channel: str) -> Drop | None:
        row = self.conn.execute(
            select(DROP)
            .where(DROP.c.channel == channel, DROP.c.state.in_(UNFINISHED), DROP.c.state != "draft")
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


class SqlEntries:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add_many(self, entries: Sequence[Entry]) -> None:
        if not entries:
            return
        self.conn.execute(
            insert_ignoring_duplicates(self.conn, ENTRY),
            [
                {
                    "drop_id": e.drop_id,
                    "identity": e.identity,
                    "platform": e.platform,
                    "display_name": e.display_name,
                    "tier": e.tier,
                    "weight": e.weight,
                    "entered_at": e.entered_at,
                }
                for e in entries
            ],
        )

    def for_drop(self, drop_id: int) -> list[Entry]:
        rows = self.conn.execute(
            select(ENTRY).where(ENTRY.c.drop_id == drop_id).order_by(ENTRY.c.id)
        )
        return [m.entry_from_row(r) for r in rows]

    def count(self, drop_id: int) -> int:
        return int(
            self.conn.execute(
                select(func.count()).select_from(ENTRY).where(ENTRY.c.drop_id == drop_id)
            ).scalar_one()
        )

    def identities(self, drop_id: int) -> set[str]:
        rows = self.conn.execute(select(ENTRY.c.identity).where(ENTRY.c.drop_id == drop_id))
        return {r[0] for r in rows}

    def set_ranks(self, drop_id: int, ranks: Sequence[tuple[int, int]]) -> None:
        if not ranks:
            return
        self.conn.execute(
            update(ENTRY)
            .where(ENTRY.c.id == bindparam("entry_id"))
            .values(rank=bindparam("new_rank")),
            [{"entry_id": entry_id, "new_rank": rank} for entry_id, rank in ranks],
        )

    def waitlist(self, drop_id: int, after_rank: int, limit: int) -> list[Entry]:
        rows = self.conn.execute(
            select(ENTRY)
            .where(ENTRY.c.drop_id == drop_id, ENTRY.c.rank > after_rank)
            .order_by(ENTRY.c.rank)
            .limit(limit)
        )
        return [m.entry_from_row(r) for r in rows]


class SqlAllocations:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, allocation: Allocation) -> Allocation:
        result = self.conn.execute(ALLOCATION.insert().values(**m.allocation_values(allocation)))
        allocation.id = result.inserted_primary_key[0]  # type: ignore[index]
        return allocation

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

    def for_identity(self, drop_id: int, identity: str) -> list[Allocation]:
        rows = self.conn.execute(
            select(ALLOCATION)
            .where(ALLOCATION.c.drop_id == drop_id, ALLOCATION.c.identity == identity)
            .order_by(ALLOCATION.c.id)
        )
        return [m.allocation_from_row(r) for r in rows]

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


class SqlCodes:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, code: CodeRecord) -> CodeRecord:
        result = self.conn.execute(CODE.insert().values(**m.code_values(code)))
        code.id = result.inserted_primary_key[0]  # type: ignore[index]
        return code

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

    def get(self, drop_id: int, serial: int) -> Redemption | None:
        row = self.conn.execute(
            select(REDEMPTION).where(REDEMPTION.c.drop_id == drop_id, REDEMPTION.c.serial == serial)
        ).first()
        return m.redemption_from_row(row) if row else None

    def for_drop(self, drop_id: int) -> list[Redemption]:
        rows = self.conn.execute(select(REDEMPTION).where(REDEMPTION.c.drop_id == drop_id))
        return [m.redemption_from_row(r) for r in rows]


class SqlInbound:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def find(self, message_ids: Sequence[str]) -> dict[str, str]:
        if not message_ids:
            return {}
        rows = self.conn.execute(
            select(INBOUND.c.message_id, INBOUND.c.outcome).where(
                INBOUND.c.message_id.in_(list(message_ids))
            )
        )
        return {r[0]: r[1] for r in rows}

    def add_many(self, claims: Sequence[InboundClaim]) -> None:
        if not claims:
            return
        self.conn.execute(
            insert_ignoring_duplicates(self.conn, INBOUND),
            [
                {
                    "message_id": c.message_id,
                    "drop_id": c.drop_id,
                    "identity": c.identity,
                    "outcome": c.outcome,
                    "received_at": c.received_at,
                }
                for c in claims
            ],
        )


class SqlOutbox:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, message: OutboxMessage) -> None:
        self.conn.execute(
            insert_ignoring_duplicates(self.conn, OUTBOX).values(
                dedupe_key=message.dedupe_key,
                drop_id=message.drop_id,
                kind=message.kind,
                audience=message.audience,
                payload_json=json.dumps(message.payload, sort_keys=True),
                created_at=message.created_at,
                attempts=0,
            )
        )

    def pending(self, limit: int) -> list[OutboxMessage]:
        rows = self.conn.execute(
            select(OUTBOX).where(OUTBOX.c.sent_at.is_(None)).order_by(OUTBOX.c.id).limit(limit)
        )
        return [m.outbox_from_row(r) for r in rows]

    def mark_sent(self, message_id: int, at: datetime) -> None:
        self.conn.execute(update(OUTBOX).where(OUTBOX.c.id == message_id).values(sent_at=at))

    def mark_failed(self, message_id: int) -> None:
        self.conn.execute(
            update(OUTBOX).where(OUTBOX.c.id == message_id).values(attempts=OUTBOX.c.attempts + 1)
        )

    def for_drop(self, drop_id: int) -> list[OutboxMessage]:
        rows = self.conn.execute(
            select(OUTBOX).where(OUTBOX.c.drop_id == drop_id).order_by(OUTBOX.c.id)
        )
        return [m.outbox_from_row(r) for r in rows]
