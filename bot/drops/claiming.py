"""Taking claims: `!claim` in chat or the Discord button, in batches that commit together.

A batch is one transaction: the inbound message ids (so a redelivery is recognised), the entries,
any fcfs allocations with their codes, and an outbox row per allocation. Hot-state reservations
made for the batch are undone if the transaction fails, so nothing is acknowledged unless it is
durable.

This is the hottest path in fairdrop (thousands of claims a second), so per-claim work is kept
small: eligibility is cached per distinct set of facts, allocations are written in bulk, and
the hot state is called once per drop for the whole batch (`HotState.reserve_claims`: the rate
limit, the entry and the unit of every claim in one step), not once per check and claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.drops import outcomes as oc
from bot.drops.allocating import Winner, allocate_many, held_serials
from bot.drops.entitlements import CodeIssuer
from bot.drops.holders import pseudonym
from bot.drops.keyring import Keyring
from bot.drops.lifecycle import phase_at
from bot.drops.model import Drop, DropState, Entry, InboundClaim, Mode
from bot.drops.ports import ClaimLimit, HotClaim, HotClaimResult, HotState, TakeResult, UnitOfWork
from bot.gating.antibot import AccountFacts, FilterReason
from bot.gating.context import Claimant, GatingContext
from bot.gating.eligibility import Admitted, Eligibility, NotYet, eligibility
from bot.gating.rules import EntrantFacts, Tier
from bot.kernel.entropy import RandomBytes


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


@dataclass(slots=True)
class _Waiting:
    """A claim judged as far as it can be without the hot state (rate limit, entry, unit)."""

    index: int  # its place in the batch's results
    request: ClaimRequest
    identity: str
    at: datetime
    tier: Tier | None  # admitted: the tier it enters under
    refusal: oc.EntryOutcome | None  # not admitted: the outcome, unless it is rate limited
    kept_out: FilterReason | None  # filtered by anti-bot or deny rules: recorded if not limited


class _Batch:
    """One batch's claims: judged in order, then sent to the hot state together, per drop."""

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
        self.keyring, self.random_bytes = keyring, random_bytes
        # Every claim of the batch is counted against the rate limit at the same instant.
        self.limit = ClaimLimit(policy.limit, policy.window_seconds, now.timestamp())
        self.drops: dict[tuple[str, str | None, int | None], Drop | None] = {}
        self.entries: list[Entry] = []
        self.inbound: list[InboundClaim] = []
        self.seen: dict[str, str] = {}
        # Claims waiting for the hot state, by drop, and their message ids.
        self.waiting: dict[int, tuple[Drop, list[_Waiting]]] = {}
        self.waiting_ids: set[str] = set()
        self.loaded: set[int] = set()  # drops whose hot state this batch has checked
        # Reservations in hot state, by drop: (new entrants, (identity, serial) units taken),
        # given back if the transaction fails.
        self.reserved: dict[int, tuple[list[str], list[tuple[str, int]]]] = {}
        # fcfs wins, allocated in bulk at the end of the batch: (result index, drop, winner).
        self.wins: list[tuple[int, Drop, Winner]] = []
        self.verdicts: dict[tuple[object, ...], Eligibility] = {}
        self.windows: dict[int, _Windows] = {}
        self.filtered: list[tuple[int, str, str, datetime]] = []
        self.gating: GatingContext | None = None

    def undo(self) -> None:
        """Give back what the hot state reserved for the batch (its transaction failed)."""
        failed: Exception | None = None
        for drop_id, (entrants, units) in self.reserved.items():
            try:
                self.hot.release_claims(drop_id, entrants, units)
            except Exception as error:  # each drop's undo stands alone: do the others
                failed = failed or error
        if failed is not None:
            raise failed

    def process(self, requests: Sequence[ClaimRequest]) -> list[oc.EntryOutcome]:
        uow = self.uow
        seen = self.seen = uow.inbound.find([r.message_id for r in requests])
        gating = self.gating = GatingContext.load(
            uow.lists, uow.links, uow.holdings, [r.claimant.account for r in requests]
        )
        results: list[oc.EntryOutcome | None] = []
        for request in requests:
            message_id = request.message_id
            if message_id in self.waiting_ids:
                # The same message twice in one batch: the second is judged knowing the first's
                # outcome (a duplicate, or judged anew if the first was rate limited).
                self._settle(results)
            if message_id in seen:
                results.append(oc.Duplicate(message_id, seen[message_id]))
                continue
            # One person, one entry: a linked account enters as the person it belongs to.
            identity = gating.identity(request.claimant.account)
            outcome = self._judge(request, identity, len(results))
            results.append(outcome)
            if outcome is not None:
                self._record(message_id, identity, outcome)
        self._settle(results)
        uow.entries.add_many(self.entries)
        uow.inbound.add_many(self.inbound)
        uow.filtered.add_many(self.filtered)
        outcomes = [outcome for outcome in results if outcome is not None]
        assert len(outcomes) == len(results)
        self._allocate_wins(outcomes)
        return outcomes

    def _record(self, message_id: str, identity: str, outcome: oc.EntryOutcome) -> None:
        if type(outcome) is oc.RateLimited:
            return  # not recorded, so a later redelivery is judged anew
        name = oc.outcome_name(outcome)
        self.seen[message_id] = name
        drop_id = getattr(outcome, "drop_id", 0)
        self.inbound.append(InboundClaim(message_id, drop_id, identity, name, self.now))

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
            self.drops[key] = drop
        return self.drops[key]

    def _load(self, drop: Drop) -> None:
        """Make sure the drop's hot state is there (once per batch): rebuild it from SQL if not."""
        if drop.id in self.loaded:
            return
        if not self.hot.is_loaded(drop.id):
            self.hot.load_drop(
                drop.id,
                self.uow.entries.identities(drop.id),
                held_serials(self.uow, drop.id),
                drop.spec.supply,
            )
        self.loaded.add(drop.id)

    def _eligibility(
        self, drop: Drop, windows: _Windows, facts: EntrantFacts, at: datetime
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

    def _judge(self, request: ClaimRequest, identity: str, index: int) -> oc.EntryOutcome | None:
        """The claim's outcome, or None if it waits for the hot state (every claim on an open
        drop does: it counts against the rate limit, which is judged first)."""
        drop = self._drop(request)
        if drop is None:
            return oc.NoDrop(request.drop_name or "")
        at = request.received_at or self.now
        if drop.paused_at is not None and drop.state in _OPEN:
            return oc.Paused(drop.id, drop.name)
        windows = self._windows(drop)
        if not windows.opened or (windows.closes_at is not None and at >= windows.closes_at):
            # Outside the open window: let the lifecycle say which state the clock puts it in.
            phase = phase_at(drop, at)
            if phase is DropState.DRAFT or phase is DropState.SCHEDULED:
                return oc.NotOpen(
                    drop.id, drop.name, phase.value, drop.scheduled_for, title=drop.spec.title
                )
            return oc.Closed(drop.id, drop.name, title=drop.spec.title)
        assert self.gating is not None
        facts, kept_out = self.gating.facts(drop, request.claimant, request.facts, at)
        tier: Tier | None = None
        refusal: oc.EntryOutcome | None = None
        if kept_out is not None:
            reason = kept_out.value.replace("_", " ")
            refusal = oc.NotEligible(drop.id, drop.name, reason, kept_out, title=drop.spec.title)
        else:
            verdict = self._eligibility(drop, windows, facts, at)
            if type(verdict) is Admitted:
                tier = verdict.tier
            elif type(verdict) is NotYet:
                refusal = oc.NotEligibleYet(
                    drop.id,
                    drop.name,
                    verdict.tier.name,
                    verdict.opens_at,
                    verdict.early_access_for,
                    title=drop.spec.title,
                    early_access_rules=verdict.open_rules,
                )
            else:
                assert not isinstance(verdict, Admitted | NotYet)
                refusal = oc.refused(drop.id, drop.name, verdict, drop.spec.title)
        waiting = self.waiting.get(drop.id)
        if waiting is None:
            waiting = self.waiting[drop.id] = (drop, [])
        waiting[1].append(_Waiting(index, request, identity, at, tier, refusal, kept_out))
        self.waiting_ids.add(request.message_id)
        return None

    def _settle(self, results: list[oc.EntryOutcome | None]) -> None:
        """Send the waiting claims to the hot state, one call per drop, and fill in outcomes."""
        for drop, waiting in self.waiting.values():
            self._load(drop)
            fcfs = drop.spec.mode is Mode.FCFS
            answers = self.hot.reserve_claims(
                drop.id,
                [HotClaim(w.identity, w.tier is not None) for w in waiting],
                self.limit,
                supply=drop.spec.supply if fcfs else None,
                cap=drop.spec.cap_per_person,
            )
            # Note every reservation before anything else can fail, so `undo` sees them all.
            entrants, units = self.reserved.setdefault(drop.id, ([], []))
            for w, answer in zip(waiting, answers, strict=True):
                if answer.new:
                    entrants.append(w.identity)
                if type(answer.taken) is int:
                    units.append((w.identity, answer.taken))
            for w, answer in zip(waiting, answers, strict=True):
                outcome = self._outcome(drop, w, answer)
                results[w.index] = outcome
                self._record(w.request.message_id, w.identity, outcome)
        self.waiting.clear()
        self.waiting_ids.clear()

    def _outcome(self, drop: Drop, w: _Waiting, answer: HotClaimResult) -> oc.EntryOutcome:
        if answer.wait > 0:
            return oc.RateLimited(answer.wait)
        if w.refusal is not None:
            if w.kept_out is not None:
                self.filtered.append((drop.id, w.identity, w.kept_out.value, self.now))
            return w.refusal
        tier = w.tier
        assert tier is not None
        claimant = w.request.claimant
        if answer.new:
            self.entries.append(
                Entry(
                    drop.id,
                    w.identity,
                    claimant.platform,
                    claimant.display_name,
                    tier.name,
                    tier.weight,
                    w.at,
                    account=claimant.account,
                    badges=claimant.badges,
                    roles=claimant.roles,
                    account_created_at=facts.created_at if (facts := w.request.facts) else None,
                    joined_at=facts.joined_at if facts else None,
                )
            )
        if drop.spec.mode is Mode.LOTTERY:
            if not answer.new:
                return oc.AlreadyEntered(drop.id, drop.name)
            receipt = pseudonym(drop.pseudonym_salt, w.identity)
            return oc.Entered(
                drop.id,
                drop.name,
                tier.name,
                answer.entrants,
                title=drop.spec.title,
                pseudonym=receipt,
                weight=tier.weight,
            )
        taken = answer.taken
        if taken is TakeResult.CAP_REACHED:
            return oc.CapReached(
                drop.id, drop.name, drop.spec.cap_per_person, title=drop.spec.title
            )
        if taken is TakeResult.SOLD_OUT:
            position = max(1, answer.entrants - drop.spec.supply)
            return oc.SoldOut(drop.id, drop.name, position, title=drop.spec.title)
        assert isinstance(taken, int)
        winner = Winner(taken, w.identity, claimant.display_name, claimant.platform)
        self.wins.append((w.index, drop, winner))
        # A placeholder until the allocations are written in bulk (they need their ids).
        return oc.Won(
            drop.id, drop.name, taken, 0, self.now + drop.spec.claim_window, title=drop.spec.title
        )

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
                    drop.id,
                    drop.name,
                    winner.serial,
                    allocation.id,
                    allocation.claim_deadline,
                    title=drop.spec.title,
                )
