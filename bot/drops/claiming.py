"""Taking claims: `!claim` in chat or the Discord button, in batches that commit together.

A batch is one transaction: the inbound message ids (so a redelivery is recognised), the entries,
any fcfs allocations with their codes, and an outbox row per allocation. Hot-state reservations
made for the batch are undone if the transaction fails, so nothing is acknowledged unless it is
durable.

This is the hottest path in fairdrop (thousands of claims a second), so per-claim work is kept
small: eligibility is cached per distinct set of facts, and allocations are written in bulk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.drops import outcomes as oc
from bot.drops.entitlements import CodeIssuer
from bot.drops.holders import pseudonym
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
from bot.gating.antibot import AccountFacts
from bot.gating.context import GatingContext
from bot.gating.eligibility import Admitted, Eligibility, NotYet, eligibility
from bot.gating.rules import Facts


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    message_id: str  # namespaced by platform, e.g. "twitch:<event message id>"
    channel: str
    claimant: Claimant
    drop_name: str | None = None  # None: the channel's running drop
    received_at: datetime | None = None  # when the platform delivered it; windows judge by this
    facts: AccountFacts | None = None  # account and follow age, flags: for the anti-bot rules
    # The drop itself, when the adapter knows it (a Discord button names its drop): a newer
    # drop reusing the name can then never take the claim.
    drop_id: int | None = None


@dataclass(frozen=True, slots=True)
class ClaimPolicy:
    """Per-person claim rate limit: `limit` claims per `window_seconds`."""

    limit: int = 5
    window_seconds: float = 10.0


_OPEN = frozenset({DropState.EARLY, DropState.PUBLIC})


@dataclass(frozen=True, slots=True)
class _Windows:
    """A drop's window times, worked out once per batch rather than once per claim."""

    opened: bool  # the stored state is early or public
    closes_at: datetime | None
    tier_opens: tuple[datetime, ...]


@dataclass(frozen=True, slots=True)
class Winner:
    """Who gets a serial: what `allocate_many` needs to know of them."""

    serial: int
    identity: str
    display_name: str
    platform: str


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
    batch = _Batch(uow, hot, now, keyring, random_bytes, policy or ClaimPolicy())
    try:
        with uow:
            results = batch.process(requests)
            uow.commit()
        return results
    except BaseException:
        batch.undo()
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
    ) -> None:
        self.uow, self.hot, self.now = uow, hot, now
        self.keyring, self.random_bytes, self.policy = keyring, random_bytes, policy
        self.drops: dict[tuple[str, str | None, int | None], Drop | None] = {}
        self.entries: list[Entry] = []
        self.inbound: list[InboundClaim] = []
        self.stamp = now.timestamp()
        # Reservations in hot state, undone if the transaction fails.
        self.new_entrants: list[tuple[int, str]] = []
        self.taken: list[tuple[int, str, int]] = []
        # fcfs wins, allocated in bulk at the end of the batch: (result index, drop, winner).
        self.wins: list[tuple[int, Drop, Winner]] = []
        self.verdicts: dict[tuple[object, ...], Eligibility] = {}
        self.windows: dict[int, _Windows] = {}
        self.filtered: list[tuple[int, str, str, datetime]] = []
        self.gating: GatingContext | None = None

    def undo(self) -> None:
        for drop_id, identity, serial in reversed(self.taken):
            self.hot.return_unit(drop_id, identity, serial)
        for drop_id, identity in reversed(self.new_entrants):
            self.hot.remove_entrant(drop_id, identity)

    def process(self, requests: Sequence[ClaimRequest]) -> list[oc.EntryOutcome]:
        uow = self.uow
        seen = uow.inbound.find([r.message_id for r in requests])
        gating = self.gating = GatingContext.load(
            uow.lists, uow.links, uow.holdings, [r.claimant.account for r in requests]
        )
        results: list[oc.EntryOutcome] = []
        name_of = oc.outcome_name
        for request in requests:
            message_id = request.message_id
            if message_id in seen:
                results.append(oc.Duplicate(message_id, seen[message_id]))
                continue
            # One person, one entry: a linked account enters as the person it belongs to.
            identity = gating.identity(request.claimant.account)
            outcome = self._one(request, identity, len(results))
            name = name_of(outcome)
            if type(outcome) is not oc.RateLimited:
                # A rate-limited message is not recorded, so a later redelivery is judged anew.
                seen[message_id] = name
                drop_id = getattr(outcome, "drop_id", 0)
                self.inbound.append(InboundClaim(message_id, drop_id, identity, name, self.now))
            results.append(outcome)
        uow.entries.add_many(self.entries)
        uow.inbound.add_many(self.inbound)
        uow.filtered.add_many(self.filtered)
        self._allocate_wins(results)
        return results

    def _drop(self, request: ClaimRequest) -> Drop | None:
        key = (request.channel, request.drop_name, request.drop_id)
        if key not in self.drops:
            if request.drop_id is not None:
                drop = self.uow.drops.get(request.drop_id)
                if drop is not None and drop.spec.channel != request.channel:
                    drop = None
            elif request.drop_name:
                drop = self.uow.drops.by_name(request.channel, request.drop_name)
            else:
                drop = self.uow.drops.running(request.channel)
            if drop is not None and not self.hot.is_loaded(drop.id):
                self.hot.load_drop(
                    drop.id,
                    self.uow.entries.identities(drop.id),
                    held_serials(self.uow, drop.id),
                    drop.spec.supply,
                )
            self.drops[key] = drop
        return self.drops[key]

    def _eligibility(
        self, drop: Drop, windows: _Windows, facts: Facts, at: datetime
    ) -> Eligibility:
        """Eligibility depends only on the facts and which windows are open: cache on those."""
        open_tiers = tuple(at >= opens for opens in windows.tier_opens)
        key = (drop.id, facts, open_tiers)
        verdict = self.verdicts.get(key)
        if verdict is None:
            verdict = self.verdicts[key] = eligibility(drop, facts, at)
        return verdict

    def _windows(self, drop: Drop) -> _Windows:
        windows = self.windows.get(drop.id)
        if windows is None:
            opened_at = drop.opened_at
            tier_opens = (
                tuple(opened_at + t.opens_after for t in drop.spec.tiers) if opened_at else ()
            )
            windows = self.windows[drop.id] = _Windows(
                drop.state in _OPEN, drop.closes_at, tier_opens
            )
        return windows

    def _one(self, request: ClaimRequest, identity: str, index: int) -> oc.EntryOutcome:
        drop = self._drop(request)
        if drop is None:
            return oc.NoDrop(request.drop_name or "")
        at = request.received_at or self.now
        windows = self._windows(drop)
        if not windows.opened or (windows.closes_at is not None and at >= windows.closes_at):
            # Outside the open window: let the lifecycle say which state the clock puts it in.
            phase = phase_at(drop, at)
            if phase is DropState.DRAFT or phase is DropState.SCHEDULED:
                return oc.NotOpen(drop.id, drop.name, phase.value, drop.scheduled_for)
            return oc.Closed(drop.id, drop.name)
        claimant = request.claimant
        wait = self.hot.hit(
            f"claim:{identity}", self.policy.limit, self.policy.window_seconds, self.stamp
        )
        if wait > 0:
            return oc.RateLimited(wait)
        assert self.gating is not None
        facts, kept_out = self.gating.facts(drop, claimant, request.facts, at)
        if kept_out is not None:
            self.filtered.append((drop.id, identity, kept_out.value, self.now))
            return oc.NotEligible(drop.id, drop.name, kept_out.value.replace("_", " "), kept_out)
        verdict = self._eligibility(drop, windows, facts, at)
        if type(verdict) is NotYet:
            return oc.NotEligibleYet(
                drop.id, drop.name, verdict.tier.name, verdict.opens_at, verdict.early_access_for
            )
        if type(verdict) is not Admitted:
            assert not isinstance(verdict, Admitted | NotYet)
            return oc.NotEligible(drop.id, drop.name, verdict.reason)
        tier = verdict.tier
        new = self.hot.add_entrant(drop.id, identity)
        if new:
            self.new_entrants.append((drop.id, identity))
            self.entries.append(
                Entry(
                    drop.id,
                    identity,
                    claimant.platform,
                    claimant.display_name,
                    tier.name,
                    tier.weight,
                    at,
                    account=claimant.account,
                    badges=claimant.badges,
                    roles=claimant.roles,
                )
            )
        if drop.spec.mode is Mode.LOTTERY:
            if not new:
                return oc.AlreadyEntered(drop.id, drop.name)
            return oc.Entered(drop.id, drop.name, tier.name, self.hot.entrant_count(drop.id))
        return self._take(drop, claimant, identity, index)

    def _take(self, drop: Drop, claimant: Claimant, identity: str, index: int) -> oc.EntryOutcome:
        taken = self.hot.take_unit(drop.id, identity, drop.spec.supply, drop.spec.cap_per_person)
        if taken is TakeResult.CAP_REACHED:
            return oc.CapReached(drop.id, drop.name, drop.spec.cap_per_person)
        if taken is TakeResult.SOLD_OUT:
            position = max(1, self.hot.entrant_count(drop.id) - drop.spec.supply)
            return oc.SoldOut(drop.id, drop.name, position)
        assert isinstance(taken, int)
        self.taken.append((drop.id, identity, taken))
        winner = Winner(taken, identity, claimant.display_name, claimant.platform)
        self.wins.append((index, drop, winner))
        # A placeholder until the allocations are written in bulk (they need their ids).
        return oc.Won(drop.id, drop.name, taken, 0, self.now + drop.spec.claim_window)

    def _allocate_wins(self, results: list[oc.EntryOutcome]) -> None:
        if not self.wins:
            return
        issuer = CodeIssuer(self.keyring, self.random_bytes)
        by_drop: dict[int, list[tuple[int, Drop, Winner]]] = {}
        for win in self.wins:
            by_drop.setdefault(win[1].id, []).append(win)
        for wins in by_drop.values():
            drop = wins[0][1]
            allocations = allocate_many(
                self.uow, drop, [w for _, _, w in wins], self.now, "fcfs", issuer
            )
            for (index, _, winner), allocation in zip(wins, allocations, strict=True):
                assert allocation.id is not None
                results[index] = oc.Won(
                    drop.id, drop.name, winner.serial, allocation.id, allocation.claim_deadline
                )


def allocate_many(
    uow: UnitOfWork,
    drop: Drop,
    winners: Sequence[Winner],
    now: datetime,
    via: str,
    issuer: CodeIssuer,
    holders: Sequence[str] | None = None,
) -> list[Allocation]:
    """Give each winner their serial: the allocation, its one code and its winner notice.

    Written in bulk (three statements however many winners), so a draw with thousands of
    winners commits in a fraction of a second. `holders` are the winners' pseudonyms when the
    caller has them already (the draw computed them).
    """
    deadline = now + drop.spec.claim_window
    allocations = uow.allocations.add_many(
        [
            Allocation(
                drop_id=drop.id,
                serial=w.serial,
                identity=w.identity,
                display_name=w.display_name,
                platform=w.platform,
                allocated_at=now,
                claim_deadline=deadline,
                via=via,
            )
            for w in winners
        ]
    )
    salt = drop.pseudonym_salt
    uow.codes.add_many(
        [
            issuer.issue(
                drop, a, now, holders[i] if holders is not None else pseudonym(salt, a.identity)
            )
            for i, a in enumerate(allocations)
        ]
    )
    uow.outbox.add_many(
        [
            OutboxMessage(
                dedupe_key=f"won:{a.id}",
                drop_id=drop.id,
                kind="won",
                audience=a.identity,
                payload={
                    "drop": drop.name,
                    "title": drop.spec.title,
                    "serial": a.serial,
                    "display_name": a.display_name,
                    "platform": a.platform,
                    "via": via,
                    "claim_deadline": deadline.isoformat(),
                },
                created_at=now,
            )
            for a in allocations
        ]
    )
    return allocations


def held_serials(uow: UnitOfWork, drop_id: int) -> dict[str, list[int]]:
    """Who holds which live serials: what the hot state is rebuilt from."""
    held: dict[str, list[int]] = {}
    for allocation in uow.allocations.for_drop(drop_id):
        if allocation.status in (AllocationStatus.PENDING, AllocationStatus.CLAIMED):
            held.setdefault(allocation.identity, []).append(allocation.serial)
    return held
