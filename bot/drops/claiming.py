"""Taking claims: `!claim` in chat or the Discord button, in batches that commit together.

A batch is one transaction: the inbound message ids (so a redelivery is recognised), the entries,
any fcfs allocations with their codes, and an outbox row per allocation. Hot-state reservations
made for the batch are undone if the transaction fails, so nothing is acknowledged unless it is
durable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.drops import entitlements
from bot.drops import outcomes as oc
from bot.drops.keyring import Keyring
from bot.drops.lifecycle import phase_at
from bot.drops.model import (
    Allocation,
    AllocationStatus,
    Claimant,
    Drop,
    DropState,
    Entry,
    InboundClaim,
    Mode,
    OutboxMessage,
)
from bot.drops.ports import HotState, RandomBytes, TakeResult, UnitOfWork
from bot.gating.eligibility import Admitted, NotYet, eligibility, facts_of


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    message_id: str  # namespaced by platform, e.g. "twitch:<event message id>"
    channel: str
    claimant: Claimant
    drop_name: str | None = None  # None: the channel's running drop
    received_at: datetime | None = None  # when the platform delivered it; windows judge by this


@dataclass(frozen=True, slots=True)
class ClaimPolicy:
    """Per-person claim rate limit: `limit` claims per `window_seconds`."""

    limit: int = 5
    window_seconds: float = 10.0


def enter_batch(
    uow: UnitOfWork,
    hot: HotState,
    requests: Sequence[ClaimRequest],
    now: datetime,
    *,
    keyring: Keyring,
    random_bytes: RandomBytes,
    policy: ClaimPolicy | None = None,
) -> list[oc.EntryOutcome]:
    """Process claims in one transaction and return one outcome per request, in order."""
    undo: list[Callable[[], None]] = []
    try:
        with uow:
            batch = _Batch(uow, hot, now, keyring, random_bytes, policy or ClaimPolicy(), undo)
            results = batch.process(requests)
            uow.commit()
        return results
    except BaseException:
        for step in reversed(undo):
            step()
        raise


class _Batch:
    def __init__(
        self,
        uow: UnitOfWork,
        hot: HotState,
        now: datetime,
        keyring: Keyring,
        random_bytes: RandomBytes,
        policy: ClaimPolicy,
        undo: list[Callable[[], None]],
    ) -> None:
        self.uow, self.hot, self.now = uow, hot, now
        self.keyring, self.random_bytes, self.policy = keyring, random_bytes, policy
        self.undo = undo
        self.drops: dict[tuple[str, str | None], Drop | None] = {}
        self.entries: list[Entry] = []
        self.inbound: list[InboundClaim] = []
        self.stamp = now.timestamp()

    def process(self, requests: Sequence[ClaimRequest]) -> list[oc.EntryOutcome]:
        seen = self.uow.inbound.find([r.message_id for r in requests])
        results: list[oc.EntryOutcome] = []
        for request in requests:
            if request.message_id in seen:
                results.append(oc.Duplicate(request.message_id, seen[request.message_id]))
                continue
            outcome = self._one(request)
            name = oc.outcome_name(outcome)
            seen[request.message_id] = name
            if not isinstance(outcome, oc.RateLimited):
                # A rate-limited message is not recorded, so a later redelivery is judged anew.
                drop_id = getattr(outcome, "drop_id", 0)
                self.inbound.append(
                    InboundClaim(
                        request.message_id, drop_id, request.claimant.account, name, self.now
                    )
                )
            results.append(outcome)
        self.uow.entries.add_many(self.entries)
        self.uow.inbound.add_many(self.inbound)
        return results

    def _drop(self, request: ClaimRequest) -> Drop | None:
        key = (request.channel, request.drop_name)
        if key not in self.drops:
            if request.drop_name:
                drop = self.uow.drops.by_name(request.channel, request.drop_name)
            else:
                drop = self.uow.drops.running(request.channel)
            if drop is not None and not self.hot.is_loaded(drop.id):
                self.hot.load_drop(
                    drop.id,
                    self.uow.entries.identities(drop.id),
                    _held(self.uow, drop.id),
                    drop.spec.supply,
                )
            self.drops[key] = drop
        return self.drops[key]

    def _one(self, request: ClaimRequest) -> oc.EntryOutcome:
        drop = self._drop(request)
        if drop is None:
            return oc.NoDrop(request.drop_name or "")
        at = request.received_at or self.now
        phase = phase_at(drop, at)
        if phase in (DropState.DRAFT, DropState.SCHEDULED):
            return oc.NotOpen(drop.id, drop.name, phase.value, drop.scheduled_for)
        if phase not in (DropState.EARLY, DropState.PUBLIC):
            return oc.Closed(drop.id, drop.name)
        identity = request.claimant.account
        wait = self.hot.hit(
            f"claim:{identity}", self.policy.limit, self.policy.window_seconds, self.stamp
        )
        if wait > 0:
            return oc.RateLimited(wait)
        verdict = eligibility(drop, facts_of(request.claimant), at)
        if isinstance(verdict, NotYet):
            return oc.NotEligibleYet(
                drop.id, drop.name, verdict.tier.name, verdict.opens_at, verdict.early_access_for
            )
        if not isinstance(verdict, Admitted):
            return oc.NotEligible(drop.id, drop.name, verdict.reason)
        new = self.hot.add_entrant(drop.id, identity)
        if new:
            self.undo.append(lambda: self.hot.remove_entrant(drop.id, identity))
            self.entries.append(
                Entry(
                    drop_id=drop.id,
                    identity=identity,
                    platform=request.claimant.platform,
                    display_name=request.claimant.display_name,
                    tier=verdict.tier.name,
                    weight=verdict.tier.weight,
                    entered_at=at,
                )
            )
        if drop.spec.mode is Mode.LOTTERY:
            if not new:
                return oc.AlreadyEntered(drop.id, drop.name)
            return oc.Entered(
                drop.id, drop.name, verdict.tier.name, self.hot.entrant_count(drop.id)
            )
        return self._take(drop, request.claimant)

    def _take(self, drop: Drop, claimant: Claimant) -> oc.EntryOutcome:
        identity = claimant.account
        taken = self.hot.take_unit(drop.id, identity, drop.spec.supply, drop.spec.cap_per_person)
        if taken is TakeResult.CAP_REACHED:
            return oc.CapReached(drop.id, drop.name, drop.spec.cap_per_person)
        if taken is TakeResult.SOLD_OUT:
            position = max(1, self.hot.entrant_count(drop.id) - drop.spec.supply)
            return oc.SoldOut(drop.id, drop.name, position)
        assert isinstance(taken, int)
        self.undo.append(lambda: self.hot.return_unit(drop.id, identity, taken))
        allocation = allocate(
            self.uow,
            drop,
            taken,
            claimant.account,
            claimant.display_name,
            claimant.platform,
            self.now,
            "fcfs",
            self.keyring,
            self.random_bytes,
        )
        assert allocation.id is not None
        return oc.Won(drop.id, drop.name, taken, allocation.id, allocation.claim_deadline)


def allocate(
    uow: UnitOfWork,
    drop: Drop,
    serial: int,
    identity: str,
    display_name: str,
    platform: str,
    now: datetime,
    via: str,
    keyring: Keyring,
    random_bytes: RandomBytes,
) -> Allocation:
    """Give `(drop, serial)` to `identity`: the allocation, its one code and its winner notice."""
    allocation = uow.allocations.add(
        Allocation(
            drop_id=drop.id,
            serial=serial,
            identity=identity,
            display_name=display_name,
            platform=platform,
            allocated_at=now,
            claim_deadline=now + drop.spec.claim_window,
            via=via,
        )
    )
    uow.codes.add(entitlements.issue(keyring, drop, allocation, now, random_bytes))
    uow.outbox.add(
        OutboxMessage(
            dedupe_key=f"won:{allocation.id}",
            drop_id=drop.id,
            kind="won",
            audience=identity,
            payload={
                "drop": drop.name,
                "title": drop.spec.title,
                "serial": serial,
                "display_name": display_name,
                "platform": platform,
                "via": via,
                "claim_deadline": allocation.claim_deadline.isoformat(),
            },
            created_at=now,
        )
    )
    return allocation


def _held(uow: UnitOfWork, drop_id: int) -> dict[str, list[int]]:
    held: dict[str, list[int]] = {}
    for allocation in uow.allocations.for_drop(drop_id):
        if allocation.status in (AllocationStatus.PENDING, AllocationStatus.CLAIMED):
            held.setdefault(allocation.identity, []).append(allocation.serial)
    return held
