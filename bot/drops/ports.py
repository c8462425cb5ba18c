"""The ports: what the core needs from storage, hot state and the runtime, as small protocols.

The SQL store (`bot/store`) and the in-memory fakes in tests implement these. Repository methods
are shaped by the use cases (batches on the claim path) rather than by tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import Enum
from types import TracebackType
from typing import Protocol, Self, TypeVar

from bot.drops.model import (
    Allocation,
    CodeRecord,
    Drop,
    Entry,
    InboundClaim,
    OutboxMessage,
    Redemption,
)
from bot.gating.ports import (
    FilteredRepository,
    HoldingsRepository,
    LinkRepository,
    ListRepository,
)

T = TypeVar("T")


class DropRepository(Protocol):
    def add(self, drop: Drop) -> Drop: ...
    def get(self, drop_id: int) -> Drop | None: ...
    def save(self, drop: Drop) -> None: ...
    def running(self, channel: str) -> Drop | None:
        """The channel's drop that is scheduled, open, or closed and not yet drawn."""
        ...

    def by_name(self, channel: str, name: str) -> Drop | None:
        """The newest drop with that name in the channel."""
        ...

    def unfinished(self) -> list[Drop]: ...


class EntryRepository(Protocol):
    def add_many(self, entries: Sequence[Entry]) -> None: ...
    def for_drop(self, drop_id: int) -> list[Entry]:
        """All entries of a drop in entry order."""
        ...

    def count(self, drop_id: int) -> int: ...
    def identities(self, drop_id: int) -> set[str]: ...
    def set_ranks(self, drop_id: int, ranks: Sequence[tuple[int, int]]) -> None:
        """Store `(entry id, rank)` pairs; rank is the position in the draw order."""
        ...

    def mark_checked(
        self, drop_id: int, checks: Sequence[tuple[int, str, str | None, int | None]]
    ) -> None:
        """Record the re-check at close: `(entry id, identity, excluded reason, drawn weight)`."""
        ...

    def waitlist(self, drop_id: int, after_rank: int, limit: int) -> list[Entry]:
        """Ranked entries after `after_rank`, best first."""
        ...


class AllocationRepository(Protocol):
    def add(self, allocation: Allocation) -> Allocation: ...
    def add_many(self, allocations: Sequence[Allocation]) -> list[Allocation]:
        """Store allocations in one go; each comes back with its id, in the same order."""
        ...

    def save(self, allocation: Allocation) -> None: ...
    def for_drop(self, drop_id: int) -> list[Allocation]: ...
    def for_identity(self, drop_id: int, identity: str) -> list[Allocation]: ...
    def identities(self, drop_id: int) -> set[str]:
        """Everyone who holds or held an allocation (a reroll never picks them again)."""
        ...

    def drops_of(self, identity: str, limit: int) -> list[int]:
        """The drops in which `identity` holds or held an allocation, newest first."""
        ...

    def overdue(self, now: datetime) -> list[Allocation]:
        """Pending allocations whose claim deadline has passed, in every drop."""
        ...


class CodeRepository(Protocol):
    def add(self, code: CodeRecord) -> CodeRecord: ...
    def add_many(self, codes: Sequence[CodeRecord]) -> None: ...
    def save(self, code: CodeRecord) -> None: ...
    def for_allocation(self, allocation_id: int) -> CodeRecord | None: ...
    def by_selector(self, selector: str) -> CodeRecord | None: ...
    def by_code_id(self, code_id: str) -> CodeRecord | None: ...
    def for_drop(self, drop_id: int) -> list[CodeRecord]: ...


class RedemptionRepository(Protocol):
    def add(self, redemption: Redemption) -> bool:
        """Record the redemption; False if that entitlement was already redeemed."""
        ...

    def get(self, drop_id: int, serial: int) -> Redemption | None: ...
    def for_drop(self, drop_id: int) -> list[Redemption]: ...


class InboundRepository(Protocol):
    def find(self, message_ids: Sequence[str]) -> dict[str, str]:
        """The ids among `message_ids` already processed, with the outcome they got."""
        ...

    def add_many(self, claims: Sequence[InboundClaim]) -> None: ...


class OutboxRepository(Protocol):
    def add(self, message: OutboxMessage) -> None:
        """Queue a message; a second message with the same dedupe key is ignored."""
        ...

    def add_many(self, messages: Sequence[OutboxMessage]) -> None: ...

    def pending(self, sink: str, limit: int, since: datetime | None = None) -> list[OutboxMessage]:
        """Messages `sink` has not sent, oldest first (created at or after `since`, if given)."""
        ...

    def mark_sent(self, sink: str, message_id: int, at: datetime) -> None: ...
    def recipients_since(self, sink: str, since: datetime) -> set[str]:
        """The audiences of the messages `sink` sent at or after `since` (for daily budgets)."""
        ...

    def mark_failed(self, sink: str, message_id: int) -> None: ...
    def for_drop(self, drop_id: int) -> list[OutboxMessage]: ...


class UnitOfWork(Protocol):
    """One transaction over every repository. Leaving the block without commit rolls back."""

    drops: DropRepository
    entries: EntryRepository
    allocations: AllocationRepository
    codes: CodeRepository
    redemptions: RedemptionRepository
    inbound: InboundRepository
    outbox: OutboxRepository
    lists: ListRepository
    links: LinkRepository
    filtered: FilteredRepository
    holdings: HoldingsRepository

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class TakeResult(Enum):
    SOLD_OUT = "sold_out"
    CAP_REACHED = "cap_reached"


class HotState(Protocol):
    """Fast, shared, losable state: a gate in front of SQL, never the record.

    Every method is atomic on its own (a Redis implementation uses Lua scripts), and every
    reservation has an undo, used when the SQL transaction that follows fails. After a loss the
    state is rebuilt from SQL with `load_drop`.
    """

    def add_entrant(self, drop_id: int, identity: str) -> bool:
        """Mark `identity` as entered; False if it already was."""
        ...

    def remove_entrant(self, drop_id: int, identity: str) -> None: ...
    def entrant_count(self, drop_id: int) -> int: ...
    def take_unit(self, drop_id: int, identity: str, supply: int, cap: int) -> int | TakeResult:
        """Take the next serial (1-based) for `identity`, or say why not."""
        ...

    def return_unit(self, drop_id: int, identity: str, serial: int) -> None: ...
    def hit(self, key: str, limit: int, window_seconds: float, now: float) -> float:
        """Count one hit against `key`; 0.0 if allowed, else seconds until the next is allowed."""
        ...

    def load_drop(
        self, drop_id: int, entrants: set[str], held: dict[str, list[int]], supply: int
    ) -> None:
        """Replace the drop's state with what SQL says: who entered and who holds which serials."""
        ...

    def is_loaded(self, drop_id: int) -> bool:
        """False after a loss (or before first use): the caller must `load_drop` from SQL."""
        ...

    def forget_drop(self, drop_id: int) -> None: ...


class TransactionRunner(Protocol):
    """Runs a function with a fresh unit of work, off the event loop, one at a time."""

    async def run(self, fn: Callable[[UnitOfWork], T]) -> T: ...


RandomBytes = Callable[[int], bytes]
