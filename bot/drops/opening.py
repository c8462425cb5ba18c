"""Use cases that move a drop through its life: open or schedule, close, cancel, settle."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from bot.drops.arrivals import chain_start
from bot.drops.beacon import BeaconTerms, CommittedRound, commit_round
from bot.drops.drawinput import commitment_v2
from bot.drops.entrylist import FrozenEntries, freeze
from bot.drops.errors import UnknownDrop
from bot.drops.first_come_record import arrivals_of
from bot.drops.guarantees import commit_guaranteed, guaranteed_digest
from bot.drops.keywords import check_free
from bot.drops.lifecycle import move, phase_at
from bot.drops.lottery import new_seed
from bot.drops.model import (
    FINAL_STATES,
    AllocationStatus,
    Drop,
    DropSpec,
    DropState,
    Mode,
)
from bot.drops.notices import (
    Announcement,
    Cancelled,
    Closed,
    ClosingSoon,
    Opened,
    OpenedEarly,
    OpenToEveryone,
    Scheduled,
    Settled,
    TierOpening,
    outbox_message,
)
from bot.drops.ports import UnitOfWork
from bot.drops.spec import validate_spec
from bot.kernel.entropy import RandomBytes
from bot.kernel.errors import DropError


def create_drop(
    uow: UnitOfWork,
    spec: DropSpec,
    now: datetime,
    random_bytes: RandomBytes,
    *,
    start_at: datetime | None = None,
    draft: bool = False,
    beacon: BeaconTerms | None = None,
) -> Drop:
    """Create a drop and open it now, schedule it for `start_at`, or keep it as a draft.

    The seed is chosen here and only its commitment is published, so the draw cannot be
    steered after anyone has entered. A lottery that wants the beacon (and a service that has
    one: `beacon`) commits at open to a drand round after its close; the commitment then binds
    the round, the guaranteed units fixed at open and the claim window too, so it is final
    only once the drop opens.
    """
    spec = validate_spec(spec)
    _keyword_free(uow, spec, None)
    running = uow.drops.running(spec.channel)
    if running is not None and blocks_the_next(running) and not draft:
        raise DropError("refusal-still-running", name=running.name, phase=running.state.value)
    seed = new_seed(random_bytes)
    drop = Drop(
        id=0,
        spec=spec,
        state=DropState.DRAFT,
        created_at=now,
        seed_hex=seed.hex(),
        commitment="",
        pseudonym_salt=random_bytes(16).hex(),
        draw_version=2,
    )
    # Provisional until the drop opens (its guaranteed units, maybe its round, are fixed then):
    # never announced before, but a draft or scheduled drop still shows one.
    drop.commitment = _commitment(drop, None, guaranteed_digest(()))
    if draft:
        pass
    elif start_at is not None and start_at > now:
        move(drop, DropState.SCHEDULED)
        drop.scheduled_for = start_at
    else:
        _open(uow, drop, now, beacon)
    drop = uow.drops.add(drop)
    if drop.state is not DropState.DRAFT:
        _announce(uow, drop, _ON_CREATE[drop.state], now)
    return drop


def open_drop(
    uow: UnitOfWork, drop: Drop, now: datetime, beacon: BeaconTerms | None = None
) -> Drop:
    """Open a draft or scheduled drop now."""
    if drop.state not in (DropState.DRAFT, DropState.SCHEDULED):
        move(drop, DropState.EARLY)  # raises, naming the state
    running = uow.drops.running(drop.spec.channel)
    if (
        running is not None
        and running.id != drop.id
        and running.state is not DropState.SCHEDULED
        and blocks_the_next(running)
    ):
        raise DropError("refusal-still-running-here", name=running.name, phase=running.state.value)
    _keyword_free(uow, drop.spec, drop.id)
    _open(uow, drop, now, beacon)
    uow.drops.save(drop)
    _announce(uow, drop, Opened, now)
    return drop


def _keyword_free(uow: UnitOfWork, spec: DropSpec, drop_id: int | None) -> None:
    """InvalidSpec if another drop of the channel that can still be entered (or opened) has
    the keyword: a fan typing it could not tell which one they enter."""
    if not spec.keyword:
        return
    check_free(
        spec.keyword,
        (
            (other.spec.keyword, other.name)
            for other in uow.drops.unfinished()
            if other.spec.channel == spec.channel
            and other.id != drop_id
            and other.spec.keyword
            and other.state in KEYWORD_LIVE
        ),
    )


# The states in which a drop's keyword answers in chat (a drawn drop's no longer matters).
KEYWORD_LIVE = frozenset(
    {DropState.DRAFT, DropState.SCHEDULED, DropState.EARLY, DropState.PUBLIC, DropState.CLOSED}
)


def _open(uow: UnitOfWork, drop: Drop, now: datetime, beacon: BeaconTerms | None) -> None:
    # Before anyone can enter, so no guaranteed unit can be added once entries are in.
    commit_guaranteed(uow, drop)
    drop.opened_at = now
    drop.closes_at = now + drop.spec.entry_window
    move(drop, phase_at_open(drop, now))
    if drop.draw_version < 2:
        return
    committed = None
    if drop.spec.mode is Mode.LOTTERY and drop.spec.beacon and beacon is not None:
        committed = commit_round(beacon.chain, drop.closes_at, beacon.margin)
        chain = committed.chain
        drop.beacon_chain, drop.beacon_genesis = chain.chain_hash, chain.genesis
        drop.beacon_period, drop.beacon_round = chain.period, committed.round
    # Final from now on: the round, the guaranteed units and the claim window are all fixed.
    drop.commitment = _commitment(drop, committed, drop.guaranteed_digest)


def _commitment(drop: Drop, committed: CommittedRound | None, guaranteed: str) -> str:
    return commitment_v2(
        bytes.fromhex(drop.seed_hex),
        committed,
        guaranteed_digest=guaranteed,
        claim_window_seconds=int(drop.spec.claim_window.total_seconds()),
    )


def phase_at_open(drop: Drop, now: datetime) -> DropState:
    public_at = drop.public_opens_at()
    return DropState.PUBLIC if public_at is None or public_at <= now else DropState.EARLY


CLOSING_NOTICE = timedelta(minutes=1)  # "closing soon" goes out this long before the close


CloseStep = Callable[[UnitOfWork, Drop, datetime], object]


def advance(
    uow: UnitOfWork,
    drop: Drop,
    now: datetime,
    close_with: CloseStep | None = None,
    beacon: BeaconTerms | None = None,
) -> list[str]:
    """Persist what the clock says: scheduled → open, early → public, open → closed.

    `close_with` closes the drop when its window has ended (default: `close`; a lottery's
    caller passes a step that draws it too). Returns what changed, so the scheduler can log
    it. Safe to call any number of times.
    """
    changes: list[str] = []
    if drop.state is DropState.SCHEDULED and drop.scheduled_for and drop.scheduled_for <= now:
        _open(uow, drop, now, beacon)
        _announce(uow, drop, Opened, now)
        changes.append("opened")
    target = phase_at(drop, now)
    if drop.state is DropState.EARLY and target is DropState.PUBLIC:
        move(drop, DropState.PUBLIC)
        _announce(uow, drop, OpenToEveryone, now)
        changes.append("public")
    closes_at = drop.closes_at
    if (
        drop.state in (DropState.EARLY, DropState.PUBLIC)
        and target is not DropState.CLOSED
        and closes_at is not None
        and now >= closes_at - CLOSING_NOTICE
        and drop.spec.entry_window > 2 * CLOSING_NOTICE
        and drop.paused_at is None
    ):
        # Said once (the outbox dedupes by key), whichever tick gets here first.
        _announce(uow, drop, ClosingSoon, now)
    if drop.state in (DropState.EARLY, DropState.PUBLIC) and target is DropState.CLOSED:
        assert drop.closes_at is not None
        (close_with or close)(uow, drop, drop.closes_at)
        changes.append("closed")
        return changes
    if changes:
        uow.drops.save(drop)
    return changes


def close(uow: UnitOfWork, drop: Drop, now: datetime, frozen: FrozenEntries | None = None) -> Drop:
    """Stop taking entries and freeze the entry list by hashing it (`frozen`, if read already)."""
    move(drop, DropState.CLOSED)
    drop.closed_at = now
    drop.paused_at = None  # a moderator may close a paused drop: it is simply closed
    if drop.closes_at is None or drop.closes_at > now:
        drop.closes_at = now
    if drop.spec.mode is Mode.LOTTERY:
        drop.entry_hash = (frozen or freeze(uow, drop)).entry_hash
    elif drop.guaranteed_digest:
        # A first-come drop's arrivals are final now: their chain's head is announced instead.
        arrivals = arrivals_of(uow, drop)
        drop.entry_hash = arrivals[-1]["link"] if arrivals else chain_start()
    uow.drops.save(drop)
    _announce(uow, drop, Closed, now, entry_hash=drop.entry_hash)
    return drop


def cancel(uow: UnitOfWork, drop: Drop, now: datetime, reason: str = "") -> Drop:
    """Cancel the drop: pending allocations lapse and their codes are revoked."""
    move(drop, DropState.CANCELLED)
    drop.cancelled_at = now
    drop.cancel_reason = reason
    for allocation in uow.allocations.for_drop(drop.id):
        if allocation.status in (AllocationStatus.PENDING, AllocationStatus.CLAIMED):
            allocation.status = AllocationStatus.CANCELLED
            uow.allocations.save(allocation)
            assert allocation.id is not None
            code = uow.codes.for_allocation(allocation.id)
            if code is not None and code.revoked_at is None:
                code.revoked_at = now
                uow.codes.save(code)
    uow.drops.save(drop)
    _announce(uow, drop, Cancelled, now, reason=reason)
    return drop


def settle_if_done(uow: UnitOfWork, drop: Drop, now: datetime) -> bool:
    """Settle a drawn (or closed fcfs) drop once no allocation is waiting for its winner."""
    if drop.state not in (DropState.DRAWN, DropState.CLOSED):
        return False
    if drop.state is DropState.CLOSED and drop.spec.mode is Mode.LOTTERY:
        return False
    allocations = uow.allocations.for_drop(drop.id)
    if any(a.status is AllocationStatus.PENDING for a in allocations):
        return False
    move(drop, DropState.SETTLED)
    drop.settled_at = now
    uow.drops.save(drop)
    _announce(uow, drop, Settled, now)
    return True


def find_drop(uow: UnitOfWork, channel: str, name: str | None) -> Drop:
    """The drop a command means: by name, else the channel's running one, else its newest
    unfinished one (a drawn drop whose winners are still claiming)."""
    if name:
        drop = uow.drops.by_name(channel, name)
    else:
        drop = uow.drops.running(channel) or max(
            (d for d in uow.drops.unfinished() if d.spec.channel == channel),
            key=lambda d: d.id,
            default=None,
        )
    if drop is None:
        if name:
            raise UnknownDrop("refusal-no-drop-named", typed=repr(name))
        raise UnknownDrop("refusal-no-drop-running")
    return drop


def blocks_the_next(running: Drop) -> bool:
    """Whether the channel's running drop keeps another from opening.

    A closed first-come drop has handed out all it will; only its winners' claim windows run
    on (up to a day), like a drawn lottery's, so it does not hold up the next drop.
    """
    return not (running.state is DropState.CLOSED and running.spec.mode is Mode.FCFS)


def is_final(drop: Drop) -> bool:
    return drop.state in FINAL_STATES


# What a drop created open (or scheduled) announces: the phase it starts in.
_ON_CREATE: dict[DropState, type[Announcement]] = {
    DropState.SCHEDULED: Scheduled,
    DropState.EARLY: OpenedEarly,
    DropState.PUBLIC: OpenToEveryone,
}


def _announce(
    uow: UnitOfWork,
    drop: Drop,
    notice: type[Announcement],
    now: datetime,
    *,
    dedupe_key: str | None = None,
    **extra: Any,
) -> None:
    """Queue a channel announcement; the dedupe key makes a retried transition say it once.
    `extra` holds the fields of `notice` beyond `DropNews` (a cancellation's reason); a notice
    that may be said more than once per drop (a moved close) passes its own `dedupe_key`."""
    news = notice(
        drop=drop.name,
        title=drop.spec.title,
        state=drop.state.value,
        supply=drop.spec.supply,
        mode=drop.spec.mode.value,
        # A v2 drop's commitment is final only once it opens (see `_open`).
        commitment="" if drop.opened_at is None and drop.draw_version >= 2 else drop.commitment,
        beacon_round=drop.beacon_round,
        keyword=drop.spec.keyword,
        closes_at=drop.closes_at,
        starts_at=drop.scheduled_for,
        tiers=tuple(
            TierOpening(t.name, drop.tier_opens_at(t), t.rule.describe(), t.rule)
            for t in drop.spec.tiers
        ),
        **extra,
    )
    uow.outbox.add(outbox_message(news, drop_id=drop.id, created_at=now, dedupe_key=dedupe_key))


announce = _announce  # for the other use cases that change a drop (`bot.drops.changes`)
