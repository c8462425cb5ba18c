"""The ports: what the core needs from storage, hot state and the runtime, as small protocols.

The SQL store (`bot/store`) and the in-memory fakes in tests implement these. Repository methods
are shaped by the use cases (batches on the claim path) rather than by tables.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Protocol

from bot.drops.audit import AuditRepository
from bot.drops.lift import Audience
from bot.drops.model import (
    Allocation,
    AllocationStatus,
    AnnouncementReceipt,
    CodeRecord,
    Drop,
    DropState,
    Entry,
    InboundClaim,
    KeyReservation,
    OutboxMessage,
    ParkedDelivery,
    Redemption,
)
from bot.drops.season import SeasonReads
from bot.gating.ports import GatingUnitOfWork


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
    def closed_since(self, since: datetime) -> list[Drop]:
        """Drops (of any state but cancelled) whose entries closed at or after `since`."""
        ...

    def listed(
        self, channel: str | None, states: Collection[DropState], offset: int, limit: int
    ) -> list[Drop]:
        """Drops in these states, newest first, of the channel (None: of every channel)."""
        ...


class EntryRepository(Protocol):
    def add_many(self, entries: Sequence[Entry]) -> None: ...
    def for_drop(self, drop_id: int) -> list[Entry]:
        """All entries of a drop in entry order."""
        ...

    def count(self, drop_id: int) -> int: ...
    def count_by_tier(self, drop_id: int) -> dict[str, tuple[int, int]]:
        """Per tier entered: (entries in the draw, entries the re-check at close left out),
        counted by the store without reading the entries."""
        ...

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

    def of_identity(self, identity: str, limit: int) -> list[Entry]:
        """The person's entries across drops, newest drop first (an index on identity)."""
        ...

    def returning(self, drop_id: int) -> set[str]:
        """The identities entered in the drop that also entered an earlier drop (a smaller id)
        of the same channel: the summary's returning entrants."""
        ...


class AllocationRepository(Protocol):
    def add(self, allocation: Allocation) -> Allocation: ...
    def add_many(self, allocations: Sequence[Allocation]) -> list[Allocation]:
        """Store allocations in one go; each comes back with its id, in the same order."""
        ...

    def save(self, allocation: Allocation) -> None: ...
    def for_drop(self, drop_id: int) -> list[Allocation]: ...
    def count_by_status(self, drop_id: int) -> dict[AllocationStatus, int]:
        """How many of the drop's allocations are in each status (absent: none)."""
        ...

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

    def next_deadline(self, drop_id: int) -> datetime | None:
        """The earliest claim deadline among the drop's pending allocations."""
        ...


class CodeRepository(Protocol):
    def add(self, code: CodeRecord) -> CodeRecord: ...
    def add_many(self, codes: Sequence[CodeRecord]) -> None: ...
    def save(self, code: CodeRecord) -> None: ...
    def for_allocation(self, allocation_id: int) -> CodeRecord | None: ...
    def by_selector(self, selector: str) -> CodeRecord | None: ...
    def by_code_id(self, code_id: str) -> CodeRecord | None: ...
    def by_selectors(self, selectors: Sequence[str]) -> dict[str, CodeRecord]:
        """The codes with these selectors, by selector (absent ones are left out)."""
        ...

    def by_code_ids(self, code_ids: Sequence[str]) -> dict[str, CodeRecord]:
        """The codes with these code ids, by code id (absent ones are left out)."""
        ...

    def for_drop(self, drop_id: int) -> list[CodeRecord]: ...


class RedemptionRepository(Protocol):
    def add(self, redemption: Redemption) -> bool:
        """Record the redemption; False if that entitlement was already redeemed."""
        ...

    def add_many(self, redemptions: Sequence[Redemption]) -> set[tuple[int, int]]:
        """Record each redemption (one per entitlement) in one go; returns the `(drop, serial)`
        of those recorded now. An entitlement already redeemed keeps its first redemption."""
        ...

    def get(self, drop_id: int, serial: int) -> Redemption | None: ...
    def for_entitlements(
        self, entitlements: Sequence[tuple[int, int]]
    ) -> dict[tuple[int, int], Redemption]:
        """The redemptions of these `(drop, serial)` entitlements that exist, by entitlement."""
        ...

    def for_drop(self, drop_id: int) -> list[Redemption]: ...


class IdempotencyRepository(Protocol):
    def reserve(
        self, reservations: Sequence[KeyReservation], at: datetime
    ) -> dict[tuple[int, str], str]:
        """Reserve each `(partner key, Idempotency-Key)` not reserved yet for its fingerprint (the
        first in `reservations` wins a key named twice). Returns the fingerprint each key stands
        reserved for. A key another open transaction reserved waits for it to end."""
        ...

    def answer(self, answers: Sequence[tuple[KeyReservation, int, dict[str, Any]]]) -> None:
        """Store the answer (status, JSON body) of each key reserved in this transaction for
        that same request; a key already answered keeps its first answer."""
        ...


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

    def pending(
        self,
        sink: str,
        limit: int,
        since: datetime | None = None,
        channels: Collection[str] | None = None,
    ) -> list[OutboxMessage]:
        """Messages `sink` has not sent, oldest first (created at or after `since`, if given;
        of drops in `channels`, if given: the rows one of several senders serves)."""
        ...

    def mark_sent(self, sink: str, message_id: int, at: datetime) -> None: ...
    def recipients_since(self, sink: str, since: datetime) -> set[str]:
        """The audiences of the messages `sink` sent at or after `since` (for daily budgets)."""
        ...

    def mark_failed(self, sink: str, message_id: int) -> None: ...
    def park(self, sink: str, message_id: int, at: datetime, reason: str) -> None:
        """Give up on the message for `sink`: count this last attempt and never read it as
        pending again (`pending` leaves parked messages out)."""
        ...

    def parked(self, limit: int = 20) -> list[ParkedDelivery]:
        """The most recently parked deliveries of every sink, newest first."""
        ...

    def parked_counts(self) -> dict[str, int]:
        """How many messages each sink has parked, all time (sinks with none left out)."""
        ...

    def for_drop(self, drop_id: int) -> list[OutboxMessage]: ...
    def sent_by_sink(self, drop_id: int, kind: str) -> dict[tuple[str, str], datetime]:
        """When each sink sent each of the drop's messages of `kind`: `(dedupe key, sink)` →
        sent at (so a summary knows when each winner was told, and where)."""
        ...

    def existing(self, dedupe_keys: Sequence[str]) -> set[str]:
        """The keys among `dedupe_keys` already queued (a summary posted, say)."""
        ...


@dataclass(frozen=True, slots=True)
class Fence:
    """A fencing token: the `token`-th holder of the lease `name`. Work done under an older
    token than the newest issued is refused (its holder was superseded without noticing)."""

    name: str
    token: int


class AnnouncementRepository(Protocol):
    def add(self, receipt: AnnouncementReceipt) -> None:
        """Keep `receipt`; the same platform message twice is kept once."""
        ...

    def for_drop(self, drop_id: int) -> list[AnnouncementReceipt]:
        """The drop's receipts, oldest first."""
        ...


class FenceRepository(Protocol):
    def issue(self, name: str) -> Fence:
        """A new token for `name`, greater than every token issued for it before."""
        ...

    def holds(self, fence: Fence) -> bool:
        """Whether `fence` is still the newest token of its lease. Until the transaction ends,
        no newer token can be issued (the row is locked), so work done in it under a fence
        that holds is ordered before any takeover."""
        ...


class UnitOfWork(GatingUnitOfWork, Protocol):
    """One transaction over every repository. Leaving the block without commit rolls back."""

    drops: DropRepository
    entries: EntryRepository
    allocations: AllocationRepository
    codes: CodeRepository
    redemptions: RedemptionRepository
    idempotency: IdempotencyRepository
    inbound: InboundRepository
    outbox: OutboxRepository
    fences: FenceRepository
    audit: AuditRepository
    seasons: SeasonReads
    announcements: AnnouncementRepository
    audience: Audience


class TakeResult(Enum):
    SOLD_OUT = "sold_out"
    CAP_REACHED = "cap_reached"


class HotStateUnavailable(Exception):
    """The hot state could not be reached or is not serving: the call's transaction must not
    commit (a Redis implementation raises it when Redis is down or restarting)."""


class HotStateLost(HotStateUnavailable):
    """The drop's hot state is gone or was rebuilt while in use: rebuild from SQL and retry."""


@dataclass(frozen=True, slots=True)
class ClaimLimit:
    """The per-person claim rate limit a batch is judged by: `limit` per `window_seconds`, with
    every claim of the batch counted at the instant `now` (seconds since the epoch)."""

    limit: int
    window_seconds: float
    now: float


@dataclass(frozen=True, slots=True)
class HotClaim:
    """One claim of a batch, as the hot state sees it."""

    identity: str
    enter: bool = True  # False: kept out (not eligible): only counted against the limit


@dataclass(frozen=True, slots=True)
class HotClaimResult:
    """What `HotState.reserve_claims` did with one claim."""

    wait: float  # > 0: rate limited (and nothing else done): seconds until the next is allowed
    new: bool  # this claim made its identity an entrant
    taken: int | TakeResult | None  # fcfs: the serial taken, or why none; None: none asked for
    entrants: int  # the drop's entrant count just after this claim


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

    def reserve_claims(
        self,
        drop_id: int,
        claims: Sequence[HotClaim],
        limit: ClaimLimit,
        *,
        supply: int | None,
        cap: int,
    ) -> list[HotClaimResult]:
        """A batch's claims on one loaded drop, in order, as one atomic step; one result each.

        Each claim counts one hit against `limit` for its identity in this drop (the GCRA of
        `hit`; the drop's rate limits go with its state). One that is not rate limited and may
        `enter` is added to the entrants (as `add_entrant`) and then, when `supply` is given
        (first come, first served), takes a unit under `cap` (as `take_unit`). Raises
        `HotStateLost`, having changed nothing, if the drop is not loaded or was rebuilt since
        this process's `is_loaded` or `load_drop` said it was.
        """
        ...

    def release_claims(
        self, drop_id: int, entrants: Sequence[str], units: Sequence[tuple[str, int]]
    ) -> None:
        """Undo reservations whose transaction failed: each `(identity, serial)` unit goes back
        (as `return_unit`), each of `entrants` is removed (as `remove_entrant`). Nothing
        happens if the drop was lost or rebuilt since: the reservations went with it."""
        ...
