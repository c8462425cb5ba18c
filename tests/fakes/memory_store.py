"""An in-memory unit of work for the core's tests: the ports of bot.drops.ports over dicts.

Transactions are snapshots: entering copies the committed state, commit writes it back, so a
use case that raises half way leaves nothing behind, as with SQL.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self, TypeVar

from bot.drops.audit import AuditEntry, AuditRepository
from bot.drops.kpis import GUARANTEED
from bot.drops.lift import Audience, Span
from bot.drops.model import (
    FINAL_STATES,
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
from bot.drops.ports import (
    AllocationRepository,
    AnnouncementRepository,
    CodeRepository,
    DropRepository,
    EntryRepository,
    Fence,
    FenceRepository,
    IdempotencyRepository,
    InboundRepository,
    OutboxRepository,
    RedemptionRepository,
    UnitOfWork,
)
from bot.drops.recurrence import Series, SeriesRepository
from bot.drops.season import (
    EpisodeCounts,
    EpisodeWindows,
    SeasonCounts,
    SeasonReads,
    TierCounts,
)
from bot.gating.lists import AllocationList, ListKind, ListMember
from bot.gating.ports import (
    FilteredRepository,
    HoldingsRepository,
    LinkRepository,
    ListRepository,
)

T = TypeVar("T")


@dataclass
class LinkCode:
    """A link code as the store keeps it: whose it is, until when, and who used it."""

    account: str
    expires_at: datetime
    used_by: str | None = None


@dataclass
class MemoryData:
    audit: list[AuditEntry] = field(default_factory=list)
    series: dict[int, Series] = field(default_factory=dict)
    drops: dict[int, Drop] = field(default_factory=dict)
    entries: dict[int, Entry] = field(default_factory=dict)
    allocations: dict[int, Allocation] = field(default_factory=dict)
    codes: dict[int, CodeRecord] = field(default_factory=dict)
    redemptions: dict[tuple[int, int], Redemption] = field(default_factory=dict)
    # (partner key id, Idempotency-Key) -> the fingerprint of the request it is reserved for
    reservations: dict[tuple[int, str], str] = field(default_factory=dict)
    key_answers: dict[tuple[int, str], tuple[int, dict[str, Any]]] = field(default_factory=dict)
    inbound: dict[str, InboundClaim] = field(default_factory=dict)
    outbox: dict[str, OutboxMessage] = field(default_factory=dict)
    # (message id, sink) -> (sent at, failed attempts)
    deliveries: dict[tuple[int, str], tuple[datetime | None, int]] = field(default_factory=dict)
    parked: dict[tuple[int, str], tuple[datetime, str]] = field(default_factory=dict)
    lists: dict[int, AllocationList] = field(default_factory=dict)
    members: dict[int, dict[str, ListMember]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    link_codes: dict[str, LinkCode] = field(default_factory=dict)
    filtered: set[tuple[int, str, str]] = field(default_factory=set)
    fences: dict[str, int] = field(default_factory=dict)  # lease name -> newest token
    announcements: list[AnnouncementReceipt] = field(default_factory=list)
    # (channel, kind, UTC hour) -> subscriptions or follows counted; channel -> listening since
    audience_hours: dict[tuple[str, str, datetime], int] = field(default_factory=dict)
    listening: dict[str, datetime] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id


class _Repo:
    def __init__(self, data: MemoryData) -> None:
        self.data = data


class MemoryDrops(_Repo):
    def add(self, drop: Drop) -> Drop:
        drop.id = self.data.new_id()
        self.data.drops[drop.id] = copy.deepcopy(drop)
        return drop

    def get(self, drop_id: int) -> Drop | None:
        drop = self.data.drops.get(drop_id)
        return copy.deepcopy(drop) if drop else None

    def save(self, drop: Drop) -> None:
        self.data.drops[drop.id] = copy.deepcopy(drop)

    def running(self, channel: str) -> Drop | None:
        running = (DropState.SCHEDULED, DropState.EARLY, DropState.PUBLIC, DropState.CLOSED)
        live = [
            d for d in self.data.drops.values() if d.spec.channel == channel and d.state in running
        ]
        return copy.deepcopy(max(live, key=lambda d: d.id)) if live else None

    def by_name(self, channel: str, name: str) -> Drop | None:
        named = [
            d for d in self.data.drops.values() if d.spec.channel == channel and d.name == name
        ]
        return copy.deepcopy(max(named, key=lambda d: d.id)) if named else None

    def unfinished(self) -> list[Drop]:
        return [copy.deepcopy(d) for d in self.data.drops.values() if d.state not in FINAL_STATES]

    def listed(
        self, channel: str | None, states: Collection[DropState], offset: int, limit: int
    ) -> list[Drop]:
        found = [
            d
            for d in sorted(self.data.drops.values(), key=lambda d: -d.id)
            if d.state in states and (channel is None or d.spec.channel == channel)
        ]
        return [copy.deepcopy(d) for d in found[offset : offset + limit]]

    def closed_since(self, since: datetime) -> list[Drop]:
        return [
            copy.deepcopy(d)
            for d in sorted(self.data.drops.values(), key=lambda d: d.id)
            if d.closed_at is not None
            and d.closed_at >= since
            and d.state is not DropState.CANCELLED
        ]


class MemoryEntries(_Repo):
    def add_many(self, entries: Sequence[Entry]) -> None:
        taken = {(e.drop_id, e.identity) for e in self.data.entries.values()}
        for entry in entries:
            if (entry.drop_id, entry.identity) in taken:
                continue  # ON CONFLICT DO NOTHING, as in SQL
            stored = copy.copy(entry)
            stored.id = self.data.new_id()
            self.data.entries[stored.id] = stored
            taken.add((entry.drop_id, entry.identity))

    def for_drop(self, drop_id: int) -> list[Entry]:
        return [copy.copy(e) for _, e in sorted(self.data.entries.items()) if e.drop_id == drop_id]

    def of_identity(self, identity: str, limit: int) -> list[Entry]:
        mine = [e for e in self.data.entries.values() if e.identity == identity]
        return [copy.deepcopy(e) for e in sorted(mine, key=lambda e: -e.drop_id)[:limit]]

    def count(self, drop_id: int) -> int:
        return sum(e.drop_id == drop_id for e in self.data.entries.values())

    def count_by_tier(self, drop_id: int) -> dict[str, tuple[int, int]]:
        counts: dict[str, tuple[int, int]] = {}
        for e in self.data.entries.values():
            if e.drop_id == drop_id:
                kept, left_out = counts.get(e.tier, (0, 0))
                out = e.excluded_reason is not None
                counts[e.tier] = (kept + (not out), left_out + out)
        return counts

    def identities(self, drop_id: int) -> set[str]:
        return {e.identity for e in self.data.entries.values() if e.drop_id == drop_id}

    def mark_checked(
        self, drop_id: int, checks: Sequence[tuple[int, str, str | None, int | None]]
    ) -> None:
        for entry_id, identity, reason, weight in checks:
            self.data.entries[entry_id].identity = identity
            self.data.entries[entry_id].excluded_reason = reason
            self.data.entries[entry_id].drawn_weight = weight

    def set_ranks(self, drop_id: int, ranks: Sequence[tuple[int, int]]) -> None:
        for entry_id, rank in ranks:
            self.data.entries[entry_id].rank = rank

    def waitlist(self, drop_id: int, after_rank: int, limit: int) -> list[Entry]:
        ranked = [
            e
            for e in self.data.entries.values()
            if e.drop_id == drop_id
            and e.rank is not None
            and e.rank > after_rank
            and e.excluded_reason is None
        ]
        return [copy.copy(e) for e in sorted(ranked, key=lambda e: e.rank or 0)[:limit]]

    def returning(self, drop_id: int) -> set[str]:
        channel = self.data.drops[drop_id].spec.channel
        earlier = {
            e.identity
            for e in self.data.entries.values()
            if e.drop_id < drop_id and self.data.drops[e.drop_id].spec.channel == channel
        }
        return self.identities(drop_id) & earlier


class MemoryAllocations(_Repo):
    def add(self, allocation: Allocation) -> Allocation:
        live = (AllocationStatus.PENDING, AllocationStatus.CLAIMED)
        for other in self.data.allocations.values():
            if (other.drop_id, other.serial) == (allocation.drop_id, allocation.serial) and (
                other.status in live
            ):
                raise AssertionError(f"serial {allocation.serial} allocated twice")  # the index
        allocation.id = self.data.new_id()
        self.data.allocations[allocation.id] = copy.copy(allocation)
        return allocation

    def add_many(self, allocations: Sequence[Allocation]) -> list[Allocation]:
        return [self.add(a) for a in allocations]

    def save(self, allocation: Allocation) -> None:
        assert allocation.id is not None
        self.data.allocations[allocation.id] = copy.copy(allocation)

    def for_drop(self, drop_id: int) -> list[Allocation]:
        return [
            copy.copy(a) for _, a in sorted(self.data.allocations.items()) if a.drop_id == drop_id
        ]

    def count_by_status(self, drop_id: int) -> dict[AllocationStatus, int]:
        counts: dict[AllocationStatus, int] = {}
        for a in self.data.allocations.values():
            if a.drop_id == drop_id:
                counts[a.status] = counts.get(a.status, 0) + 1
        return counts

    def for_identity(self, drop_id: int, identity: str) -> list[Allocation]:
        return [a for a in self.for_drop(drop_id) if a.identity == identity]

    def identities(self, drop_id: int) -> set[str]:
        return {a.identity for a in self.for_drop(drop_id)}

    def drops_of(self, identity: str, limit: int) -> list[int]:
        held = {a.drop_id for a in self.data.allocations.values() if a.identity == identity}
        return sorted(held, reverse=True)[:limit]

    def overdue(self, now: datetime) -> list[Allocation]:
        due = [
            a
            for a in self.data.allocations.values()
            if a.status is AllocationStatus.PENDING and a.claim_deadline < now
        ]
        return [copy.copy(a) for a in sorted(due, key=lambda a: (a.claim_deadline, a.id or 0))]

    def next_deadline(self, drop_id: int) -> datetime | None:
        return min(
            (
                a.claim_deadline
                for a in self.data.allocations.values()
                if a.drop_id == drop_id and a.status is AllocationStatus.PENDING
            ),
            default=None,
        )


class MemoryCodes(_Repo):
    def add(self, code: CodeRecord) -> CodeRecord:
        for other in self.data.codes.values():
            if (other.drop_id, other.serial) == (code.drop_id, code.serial) and (
                other.revoked_at is None
            ):
                raise AssertionError(f"a second live code for serial {code.serial}")  # the index
        code.id = self.data.new_id()
        self.data.codes[code.id] = copy.copy(code)
        return code

    def add_many(self, codes: Sequence[CodeRecord]) -> None:
        for code in codes:
            self.add(code)

    def save(self, code: CodeRecord) -> None:
        assert code.id is not None
        self.data.codes[code.id] = copy.copy(code)

    def _first(self, match: Callable[[CodeRecord], bool]) -> CodeRecord | None:
        found = [c for c in self.data.codes.values() if match(c)]
        return copy.copy(found[0]) if found else None

    def for_allocation(self, allocation_id: int) -> CodeRecord | None:
        return self._first(lambda c: c.allocation_id == allocation_id)

    def by_selector(self, selector: str) -> CodeRecord | None:
        return self._first(lambda c: c.selector == selector)

    def by_code_id(self, code_id: str) -> CodeRecord | None:
        return self._first(lambda c: c.code_id == code_id)

    def by_selectors(self, selectors: Sequence[str]) -> dict[str, CodeRecord]:
        wanted = set(selectors)
        return {c.selector: copy.copy(c) for c in self.data.codes.values() if c.selector in wanted}

    def by_code_ids(self, code_ids: Sequence[str]) -> dict[str, CodeRecord]:
        wanted = set(code_ids)
        return {c.code_id: copy.copy(c) for c in self.data.codes.values() if c.code_id in wanted}

    def for_drop(self, drop_id: int) -> list[CodeRecord]:
        return [copy.copy(c) for _, c in sorted(self.data.codes.items()) if c.drop_id == drop_id]


class MemoryRedemptions(_Repo):
    def add(self, redemption: Redemption) -> bool:
        key = (redemption.drop_id, redemption.serial)
        if key in self.data.redemptions:
            return False
        self.data.redemptions[key] = copy.copy(redemption)
        return True

    def add_many(self, redemptions: Sequence[Redemption]) -> set[tuple[int, int]]:
        return {(r.drop_id, r.serial) for r in redemptions if self.add(r)}

    def get(self, drop_id: int, serial: int) -> Redemption | None:
        found = self.data.redemptions.get((drop_id, serial))
        return copy.copy(found) if found else None

    def for_entitlements(
        self, entitlements: Sequence[tuple[int, int]]
    ) -> dict[tuple[int, int], Redemption]:
        found = self.data.redemptions
        return {key: copy.copy(found[key]) for key in entitlements if key in found}

    def for_drop(self, drop_id: int) -> list[Redemption]:
        return [copy.copy(r) for (d, _), r in self.data.redemptions.items() if d == drop_id]


class MemoryIdempotency(_Repo):
    def reserve(
        self, reservations: Sequence[KeyReservation], at: datetime
    ) -> dict[tuple[int, str], str]:
        held = self.data.reservations
        for r in reservations:
            held.setdefault((r.partner_key_id, r.key), r.fingerprint)
        return {(r.partner_key_id, r.key): held[(r.partner_key_id, r.key)] for r in reservations}

    def answer(self, answers: Sequence[tuple[KeyReservation, int, dict[str, Any]]]) -> None:
        for r, status, body in answers:
            if self.data.reservations.get((r.partner_key_id, r.key)) == r.fingerprint:
                self.data.key_answers.setdefault((r.partner_key_id, r.key), (status, body))


class MemoryInbound(_Repo):
    def find(self, message_ids: Sequence[str]) -> dict[str, str]:
        return {i: self.data.inbound[i].outcome for i in message_ids if i in self.data.inbound}

    def add_many(self, claims: Sequence[InboundClaim]) -> None:
        for claim in claims:
            self.data.inbound.setdefault(claim.message_id, copy.copy(claim))


class MemoryOutbox(_Repo):
    def add(self, message: OutboxMessage) -> None:
        if message.dedupe_key not in self.data.outbox:
            stored = copy.deepcopy(message)
            stored.id = self.data.new_id()
            self.data.outbox[message.dedupe_key] = stored

    def add_many(self, messages: Sequence[OutboxMessage]) -> None:
        for message in messages:
            self.add(message)

    def pending(
        self,
        sink: str,
        limit: int,
        since: datetime | None = None,
        channels: Collection[str] | None = None,
    ) -> list[OutboxMessage]:
        waiting = []
        for message in sorted(self.data.outbox.values(), key=lambda m: m.id or 0):
            if channels is not None:
                drop = self.data.drops.get(message.drop_id)
                if drop is None or drop.spec.channel not in channels:
                    continue
            sent_at, attempts = self.data.deliveries.get((message.id or 0, sink), (None, 0))
            if (message.id or 0, sink) in self.data.parked:
                continue
            if sent_at is None and (since is None or (message.created_at or since) >= since):
                copied = copy.deepcopy(message)
                copied.attempts = attempts
                waiting.append(copied)
        return waiting[:limit]

    def mark_sent(self, sink: str, message_id: int, at: datetime) -> None:
        _, attempts = self.data.deliveries.get((message_id, sink), (None, 0))
        self.data.deliveries[(message_id, sink)] = (at, attempts)

    def recipients_since(self, sink: str, since: datetime) -> set[str]:
        by_id = {m.id: m for m in self.data.outbox.values()}
        return {
            by_id[message_id].audience
            for (message_id, s), (sent_at, _) in self.data.deliveries.items()
            if s == sink and sent_at is not None and sent_at >= since
        }

    def mark_failed(self, sink: str, message_id: int) -> None:
        sent_at, attempts = self.data.deliveries.get((message_id, sink), (None, 0))
        self.data.deliveries[(message_id, sink)] = (sent_at, attempts + 1)

    def park(self, sink: str, message_id: int, at: datetime, reason: str) -> None:
        self.mark_failed(sink, message_id)
        self.data.parked[(message_id, sink)] = (at, reason[:200])

    def parked(self, limit: int = 20) -> list[ParkedDelivery]:
        by_id = {m.id: m for m in self.data.outbox.values()}
        found = [
            ParkedDelivery(
                sink,
                message_id,
                by_id[message_id].drop_id,
                by_id[message_id].kind,
                self.data.deliveries[(message_id, sink)][1],
                at,
                reason,
            )
            for (message_id, sink), (at, reason) in self.data.parked.items()
        ]
        found.sort(key=lambda p: (p.parked_at, p.message_id), reverse=True)
        return found[:limit]

    def parked_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, sink in self.data.parked:
            counts[sink] = counts.get(sink, 0) + 1
        return counts

    def for_drop(self, drop_id: int) -> list[OutboxMessage]:
        found = [m for m in self.data.outbox.values() if m.drop_id == drop_id]
        return [copy.deepcopy(m) for m in sorted(found, key=lambda m: m.id or 0)]

    def sent_by_sink(self, drop_id: int, kind: str) -> dict[tuple[str, str], datetime]:
        by_id = {m.id: m for m in self.data.outbox.values()}
        sent: dict[tuple[str, str], datetime] = {}
        for (message_id, sink), (sent_at, _) in self.data.deliveries.items():
            message = by_id.get(message_id)
            if sent_at is None or message is None:
                continue
            if message.drop_id == drop_id and message.kind == kind:
                sent[(message.dedupe_key, sink)] = sent_at
        return sent

    def existing(self, dedupe_keys: Sequence[str]) -> set[str]:
        return {key for key in dedupe_keys if key in self.data.outbox}


class MemoryFences(_Repo):
    def issue(self, name: str) -> Fence:
        token = self.data.fences[name] = self.data.fences.get(name, 0) + 1
        return Fence(name, token)

    def holds(self, fence: Fence) -> bool:
        return self.data.fences.get(fence.name) == fence.token


class MemoryAudience(_Repo):
    def listening(self, channel: str, at: datetime) -> None:
        self.data.listening.setdefault(channel, at)

    def count(self, channel: str, kind: str, at: datetime) -> None:
        key = (channel, kind, at.astimezone(UTC).replace(minute=0, second=0, microsecond=0))
        self.data.audience_hours[key] = self.data.audience_hours.get(key, 0) + 1

    def listening_since(self, channel: str) -> datetime | None:
        return self.data.listening.get(channel)

    def total(self, channel: str, kind: str, span: Span) -> int:
        return sum(
            n
            for (c, k, hour), n in self.data.audience_hours.items()
            if (c, k) == (channel, kind) and span.start <= hour < span.end
        )


class MemorySeasons(_Repo):
    """The season's counts read person by person: a second, plain reading of the definitions
    in `bot.drops.season`, which the SQL queries must agree with."""

    def episodes(self, series: str, channel: str | None) -> list[Drop]:
        return [
            copy.copy(d)
            for _, d in sorted(self.data.drops.items())
            if d.spec.series == series and channel in (None, d.spec.channel)
        ]

    def counts(self, channel: str, windows: Sequence[EpisodeWindows]) -> SeasonCounts:
        drops = self.data.drops
        order = {w.drop_id: w.order for w in windows}
        firsts: dict[tuple[str, int], datetime] = {}
        for e in self.data.entries.values():
            if drops[e.drop_id].spec.channel == channel:
                key = (e.identity, e.drop_id)
                firsts[key] = min(firsts.get(key, e.entered_at), e.entered_at)
        visits: dict[str, list[tuple[datetime, int]]] = {}
        for (identity, drop_id), at in firsts.items():
            visits.setdefault(identity, []).append((at, drop_id))
        allocations = [a for a in self.data.allocations.values() if a.drop_id in order]
        first_won: dict[str, int] = {}
        for a in allocations:
            # A pass is a unit still held of an earlier episode the person entered.
            live = a.status in (AllocationStatus.PENDING, AllocationStatus.CLAIMED)
            if live and (a.identity, a.drop_id) in firsts:
                first_won[a.identity] = min(first_won.get(a.identity, 99_999), order[a.drop_id])
        sales = [r for r in self.data.redemptions.values() if r.drop_id in order]
        episodes = []
        for w in windows:
            entrants = returning = holders = repeat = 0
            retained = [0] * len(w.retention_until)
            for identity, seen in visits.items():
                seen.sort()
                mine = [i for i, (_, d) in enumerate(seen) if d == w.drop_id]
                if not mine:
                    continue
                i = mine[0]
                entrants += 1
                returning += i > 0
                holders += first_won.get(identity, 99_999) < w.order
                earlier = [order[d] for _, d in seen[:i] if d in order]
                repeat += bool(earlier) and earlier[-1] == w.order - 1
                if i + 1 < len(seen):
                    back = seen[i + 1][0]
                    for n, until in enumerate(w.retention_until):
                        retained[n] += w.closed_at < back <= until
            units = [a for a in allocations if a.drop_id == w.drop_id]
            sold = [r for r in sales if r.drop_id == w.drop_id]
            episodes.append(
                EpisodeCounts(
                    drop_id=w.drop_id,
                    entrants=entrants,
                    returning=returning,
                    pass_holders=holders,
                    repeat=repeat,
                    retained=tuple(retained),
                    winners=len(units),
                    winners_by=tuple(
                        sum(a.allocated_at <= t for a in units) for t in w.conversion_until
                    ),
                    redeemed_by=tuple(
                        sum(r.redeemed_at <= t for r in sold) for t in w.conversion_until
                    ),
                    redeemed=len(sold),
                    order_value_cents=sum(r.order_value_cents or 0 for r in sold),
                    orders_with_value=sum(r.order_value_cents is not None for r in sold),
                )
            )
        won_in: dict[str, set[int]] = {}
        for a in allocations:
            won_in.setdefault(a.identity, set()).add(a.drop_id)
        return SeasonCounts(
            tuple(episodes),
            len(won_in),
            sum(len(d) > 1 for d in won_in.values()),
            self._tiers(order, allocations),
        )

    def _tiers(
        self, order: dict[int, int], allocations: list[Allocation]
    ) -> tuple[TierCounts, ...]:
        in_draw = [
            e
            for e in self.data.entries.values()
            if e.drop_id in order and e.excluded_reason is None
        ]
        tier_of = {(e.drop_id, e.identity): e.tier for e in in_draw}
        entries: dict[str, int] = {}
        weight: dict[str, int] = {}
        for e in in_draw:
            entries[e.tier] = entries.get(e.tier, 0) + 1
            drawn = e.drawn_weight if e.drawn_weight is not None else e.weight
            weight[e.tier] = weight.get(e.tier, 0) + drawn
        won: dict[str, int] = {}
        for a in allocations:
            if a.via != "reroll":
                name = tier_of.get((a.drop_id, a.identity), "?")
                name = GUARANTEED if a.via == GUARANTEED else name
                won[name] = won.get(name, 0) + 1
        return tuple(
            TierCounts(name, entries.get(name, 0), won.get(name, 0), weight.get(name, 0))
            for name in dict.fromkeys([*entries, *won])
        )


class MemoryAnnouncements(_Repo):
    def add(self, receipt: AnnouncementReceipt) -> None:
        if receipt not in self.data.announcements:
            self.data.announcements.append(receipt)

    def for_drop(self, drop_id: int) -> list[AnnouncementReceipt]:
        mine = [r for r in self.data.announcements if r.drop_id == drop_id]
        return sorted(mine, key=lambda r: r.at)


class MemoryUnitOfWork:
    drops: DropRepository
    entries: EntryRepository
    allocations: AllocationRepository
    codes: CodeRepository
    redemptions: RedemptionRepository
    idempotency: IdempotencyRepository
    inbound: InboundRepository
    outbox: OutboxRepository
    lists: ListRepository
    links: LinkRepository
    filtered: FilteredRepository
    holdings: HoldingsRepository
    fences: FenceRepository
    audit: AuditRepository
    series: SeriesRepository
    seasons: SeasonReads
    announcements: AnnouncementRepository
    audience: Audience

    def __init__(self, committed: MemoryData) -> None:
        self.committed = committed

    def __enter__(self) -> Self:
        self.data = copy.deepcopy(self.committed)
        self.drops = MemoryDrops(self.data)
        self.entries = MemoryEntries(self.data)
        self.allocations = MemoryAllocations(self.data)
        self.codes = MemoryCodes(self.data)
        self.redemptions = MemoryRedemptions(self.data)
        self.idempotency = MemoryIdempotency(self.data)
        self.inbound = MemoryInbound(self.data)
        self.outbox = MemoryOutbox(self.data)
        self.lists = MemoryLists(self.data)
        self.links = MemoryLinks(self.data)
        self.filtered = MemoryFiltered(self.data)
        self.holdings = MemoryHoldings(self.data)
        self.fences = MemoryFences(self.data)
        self.audit = MemoryAudit(self.data)
        self.series = MemorySeries(self.data)
        self.seasons = MemorySeasons(self.data)
        self.announcements = MemoryAnnouncements(self.data)
        self.audience = MemoryAudience(self.data)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        del self.data

    def commit(self) -> None:
        self.committed.__dict__.update(copy.deepcopy(self.data).__dict__)

    def rollback(self) -> None:
        self.data.__dict__.update(copy.deepcopy(self.committed).__dict__)


class MemoryAudit(_Repo):
    def add(self, entry: AuditEntry) -> None:
        self.data.audit.append(replace(entry, id=self.data.new_id()))

    def recent(
        self, channel: str | None, *, drop_id: int | None, drop_name: str | None, limit: int
    ) -> list[AuditEntry]:
        found = [
            e
            for e in reversed(self.data.audit)
            if (channel is None or e.channel == channel)
            and (drop_id is None or e.drop_id == drop_id)
            and (drop_name is None or e.drop_name == drop_name)
        ]
        return found[:limit]


class InlineTransactions:
    """Runs each transaction at once on the event loop thread: enough for in-memory tests."""

    def __init__(self, factory: Callable[[], UnitOfWork]) -> None:
        self.factory = factory

    async def run(self, fn: Callable[[UnitOfWork], T]) -> T:
        await asyncio.sleep(0)  # let concurrent claims gather, as a real thread hop would
        return fn(self.factory())


class MemoryLists(_Repo):
    def create(self, allocation_list: AllocationList) -> AllocationList:
        if any(
            (lst.channel, lst.name) == (allocation_list.channel, allocation_list.name)
            for lst in self.data.lists.values()
        ):
            raise AssertionError("list names are unique per channel")  # the constraint
        stored = replace(allocation_list, id=self.data.new_id())
        assert stored.id is not None
        self.data.lists[stored.id] = stored
        self.data.members[stored.id] = {}
        return stored

    def get(self, channel: str, name: str) -> AllocationList | None:
        return next(
            (x for x in self.data.lists.values() if (x.channel, x.name) == (channel, name)), None
        )

    def all(self, channel: str) -> list[AllocationList]:
        return sorted(
            (x for x in self.data.lists.values() if x.channel == channel), key=lambda x: x.name
        )

    def delete(self, list_id: int) -> None:
        self.data.lists.pop(list_id, None)
        self.data.members.pop(list_id, None)

    def members(self, list_id: int) -> list[ListMember]:
        return list(self.data.members.get(list_id, {}).values())

    def add_members(self, list_id: int, members: Sequence[ListMember]) -> int:
        on = self.data.members[list_id]
        added = 0
        for member in members:
            if member.account not in on:
                on[member.account] = member
                added += 1
        return added

    def remove_members(self, list_id: int, accounts: Sequence[str]) -> int:
        on = self.data.members[list_id]
        return sum(on.pop(a, None) is not None for a in set(accounts))

    def memberships(
        self, channel: str, accounts: Sequence[str]
    ) -> dict[str, set[tuple[str, ListKind]]]:
        wanted = set(accounts)
        found: dict[str, set[tuple[str, ListKind]]] = {}
        for list_id, allocation_list in self.data.lists.items():
            if allocation_list.channel != channel:
                continue
            for account in wanted & self.data.members[list_id].keys():
                found.setdefault(account, set()).add((allocation_list.name, allocation_list.kind))
        return found


class MemoryLinks(_Repo):
    def identities(self, accounts: Sequence[str]) -> dict[str, str]:
        return {a: self.data.links[a] for a in accounts if a in self.data.links}

    def accounts_of(self, identity: str) -> list[str]:
        return sorted(a for a, i in self.data.links.items() if i == identity)

    def link(self, account: str, identity: str, at: datetime) -> None:
        self.data.links[account] = identity

    def unlink(self, account: str) -> bool:
        return self.data.links.pop(account, None) is not None

    def add_code(self, code_hash: str, account: str, at: datetime, expires_at: datetime) -> None:
        self.data.link_codes[code_hash] = LinkCode(account, expires_at)

    def forget_codes(self, expired_before: datetime) -> int:
        old = [h for h, c in self.data.link_codes.items() if c.expires_at < expired_before]
        for code_hash in old:
            del self.data.link_codes[code_hash]
        return len(old)

    def lock_links(self) -> None:
        pass  # one transaction at a time already

    def use_code(self, code_hash: str, used_by: str, at: datetime) -> str | None:
        code = self.data.link_codes.get(code_hash)
        if code is None or code.used_by is not None or code.expires_at <= at:
            return None
        code.used_by = used_by
        return code.account


class MemoryFiltered(_Repo):
    def add_many(self, rows: Sequence[tuple[int, str, str, datetime]]) -> None:
        for drop_id, identity, reason, _ in rows:
            self.data.filtered.add((drop_id, identity, reason))

    def counts(self, drop_id: int) -> dict[str, int]:
        counts: dict[str, int] = {}
        for d, _, reason in self.data.filtered:
            if d == drop_id:
                counts[reason] = counts.get(reason, 0) + 1
        return counts


class MemoryHoldings(_Repo):
    def _live(self, channel: str, identities: Sequence[str]) -> Iterator[tuple[Allocation, Drop]]:
        """The live (pending or claimed) allocations of these identities in the channel."""
        wanted = set(identities)
        live = (AllocationStatus.PENDING, AllocationStatus.CLAIMED)
        for allocation in self.data.allocations.values():
            drop = self.data.drops[allocation.drop_id]
            if (
                allocation.identity in wanted
                and allocation.status in live
                and drop.spec.channel == channel
            ):
                yield allocation, drop

    def held(self, channel: str, identities: Sequence[str]) -> dict[str, tuple[set[str], set[str]]]:
        found: dict[str, tuple[set[str], set[str]]] = {}
        for allocation, drop in self._live(channel, identities):
            drops, series = found.setdefault(allocation.identity, (set(), set()))
            drops.add(drop.name)
            if drop.spec.series:
                series.add(drop.spec.series)
        return found

    def last_wins(
        self, channel: str, identities: Sequence[str], *, excluding_drop: int
    ) -> dict[str, dict[str, datetime]]:
        found: dict[str, dict[str, datetime]] = {}
        for allocation, drop in self._live(channel, identities):
            if drop.id != excluding_drop:
                wins = found.setdefault(allocation.identity, {})
                for series in {"", drop.spec.series}:
                    if series not in wins or allocation.allocated_at > wins[series]:
                        wins[series] = allocation.allocated_at
        return found


class MemorySeries:
    def __init__(self, data: MemoryData) -> None:
        self.data = data

    def add(self, series: Series) -> Series:
        stored = replace(series, id=self.data.new_id())
        self.data.series[stored.id] = stored
        return replace(stored)

    def save(self, series: Series) -> None:
        self.data.series[series.id] = replace(series)

    def get(self, series_id: int) -> Series | None:
        found = self.data.series.get(series_id)
        return None if found is None else replace(found)

    def running(self, channel: str | None) -> list[Series]:
        return sorted(
            (
                replace(s)
                for s in self.data.series.values()
                if s.stopped_at is None and (channel is None or s.channel == channel)
            ),
            key=lambda s: s.name,
        )
