"""Who wins a drop's units: the draw's winners at close, guaranteed units, and the next on the
waitlist when a winner does not claim in time (a reroll)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.drops import lottery
from bot.drops.allocating import Winner, allocate_many
from bot.drops.beacon import BeaconRound
from bot.drops.drawinput import DrawBinding
from bot.drops.entitlements import CodeIssuer
from bot.drops.entrylist import CurrentFacts, FrozenEntries, freeze
from bot.drops.guarantees import guaranteed_for
from bot.drops.keyring import Keyring
from bot.drops.lifecycle import move
from bot.drops.model import Allocation, AllocationStatus, Drop, DropState, Mode
from bot.drops.notices import Drawn, Rerolled, outbox_message
from bot.drops.opening import close, settle_if_done
from bot.drops.ports import HotState, UnitOfWork
from bot.kernel.entropy import RandomBytes
from bot.kernel.errors import DropError


@dataclass(frozen=True, slots=True)
class DrawSummary:
    drop_id: int
    entrants: int
    winners: int
    waitlist: int
    entry_hash: str
    seed_hex: str
    guaranteed: int = 0  # units given to guaranteed lists before the draw
    left_out: int = 0  # entries the re-check at close left out or re-weighted


def draw_winners(
    uow: UnitOfWork,
    drop: Drop,
    now: datetime,
    keyring: Keyring,
    random_bytes: RandomBytes,
    beacon: str | None = None,
    frozen: FrozenEntries | None = None,
    fetched: BeaconRound | None = None,
    outcome: str = "",
) -> DrawSummary:
    """Draw a closed lottery: allocate serials 1..k to the winners, rank everyone else.

    The draw re-derives from what is public after it: the seed (revealed now), the frozen
    entry list (whose hash was published at close) and the beacon. A v2 drop that committed
    to a drand round draws with ``fetched`` (that round, verified), or without it only with an
    ``outcome`` saying why (the policy after ``[beacon] max_wait``).
    """
    if drop.spec.mode is not Mode.LOTTERY:
        raise DropError("refusal-draw-first-come", name=drop.name)
    binding = _binding(drop, fetched, outcome)
    move(drop, DropState.DRAWN)  # raises unless closed
    # Within the closing transaction a second freeze gives the same list; passing it saves work.
    frozen = frozen or freeze(uow, drop)
    entries, draw_entries = frozen.entries, frozen.draw_entries
    guaranteed = frozen.guaranteed
    # Guaranteed units come off the supply before the draw; the draw gives out the rest.
    entry_hash, result = lottery.draw(
        bytes.fromhex(drop.seed_hex),
        draw_entries,
        drop.spec.supply - len(guaranteed),
        None if binding else beacon,
        binding,
    )
    if drop.entry_hash and entry_hash != drop.entry_hash:
        raise DropError(
            "refusal-draw-entries-changed",
            name=drop.name,
            hash=drop.entry_hash[:12],
            entries=entry_hash[:12],
        )
    ranks: list[tuple[int, int]] = []
    for rank, index in enumerate(result.order):
        entry_id = entries[index].id
        assert entry_id is not None
        ranks.append((entry_id, rank))
    uow.entries.set_ranks(drop.id, ranks)
    issuer = CodeIssuer(keyring, random_bytes)
    if guaranteed:
        allocate_many(
            uow,
            drop,
            [
                Winner(serial, g.identity, g.display_name, g.platform)
                for serial, g in enumerate(guaranteed, start=1)
            ],
            now,
            "guaranteed",
            issuer,
        )
    allocate_many(
        uow,
        drop,
        [
            Winner(serial, entries[i].identity, entries[i].display_name, entries[i].platform)
            for serial, i in enumerate(result.winners, start=len(guaranteed) + 1)
        ],
        now,
        "draw",
        issuer,
        holders=[draw_entries[i].entrant for i in result.winners],
    )
    drop.drawn_at = now
    if binding is None:
        drop.beacon = beacon
    else:
        drop.beacon = fetched.randomness if fetched else None
        drop.beacon_signature = fetched.signature if fetched else None
        drop.beacon_outcome = (
            outcome or ("verified" if fetched else "") if drop.beacon_round is not None else ""
        )
    drop.entry_hash = entry_hash
    uow.drops.save(drop)
    uow.outbox.add(
        outbox_message(
            Drawn(
                drop=drop.name,
                title=drop.spec.title,
                winners=tuple(entries[i].display_name for i in result.winners),
                winner_platforms=tuple(entries[i].platform for i in result.winners),
                guaranteed=tuple(g.display_name for g in guaranteed),
                left_out=len(frozen.adjustments),
                entrants=len(entries),
                seed=drop.seed_hex,
                commitment=drop.commitment,
                entry_hash=entry_hash,
            ),
            drop_id=drop.id,
            created_at=now,
        )
    )
    if not result.winners and not guaranteed:
        settle_if_done(uow, drop, now)
    return DrawSummary(
        drop.id,
        len(entries),
        len(result.winners) + len(guaranteed),
        len(result.waitlist),
        entry_hash,
        drop.seed_hex,
        guaranteed=len(guaranteed),
        left_out=len(frozen.adjustments),
    )


def _binding(drop: Drop, fetched: BeaconRound | None, outcome: str) -> DrawBinding | None:
    """What a v2 draw binds; None for a v1 drop (drawn as before)."""
    if drop.draw_version < 2:
        return None
    if drop.beacon_round is not None:
        if fetched is None and not outcome:
            raise DropError("refusal-draw-waits", name=drop.name, round=str(drop.beacon_round))
        if fetched is not None and fetched.round != drop.beacon_round:
            raise DropError(
                "refusal-draw-other-round",
                name=drop.name,
                round=str(drop.beacon_round),
                other_round=str(fetched.round),
            )
    elif fetched is not None:
        raise DropError("refusal-draw-no-round", name=drop.name)
    return DrawBinding(
        drop_id=str(drop.id),
        title=drop.spec.title,
        mode=drop.spec.mode.value,
        supply=drop.spec.supply,
        chain_hash=drop.beacon_chain if drop.beacon_round is not None else None,
        round=drop.beacon_round,
        randomness=fetched.randomness if fetched else None,
    )


def close_lottery(
    uow: UnitOfWork,
    drop: Drop,
    closed_at: datetime,
    drawn_at: datetime,
    keyring: Keyring,
    random_bytes: RandomBytes,
    beacon: str | None = None,
    current: CurrentFacts | None = None,
) -> DrawSummary | None:
    """Close a lottery and draw it in one step: the entry list is read and re-checked once.

    The close is dated when the window ended; the draw (and so the winners' claim window) when
    it actually ran. A lottery committed to a drand round is only closed here (None): it is
    drawn once its round is published (`bot.drops.beacon_draw`).
    """
    frozen = freeze(uow, drop, current)
    close(uow, drop, closed_at, frozen)
    if drop.awaiting_beacon:
        return None
    return draw_winners(uow, drop, drawn_at, keyring, random_bytes, beacon, frozen)


def reserve_guaranteed(
    uow: UnitOfWork, drop: Drop, now: datetime, keyring: Keyring, random_bytes: RandomBytes
) -> int:
    """A first-come drop gives its guaranteed units (serials 1..k) when it opens."""
    if drop.spec.mode is not Mode.FCFS or not drop.spec.guaranteed:
        return 0
    if uow.allocations.for_drop(drop.id):
        return 0  # reserved already (opening is retried, never doubled)
    # The units committed at open (the same moment, so the same people); a drop opened before
    # they were committed reads its lists.
    chosen = list(drop.guaranteed_units) if drop.guaranteed_digest else guaranteed_for(uow, drop)
    allocate_many(
        uow,
        drop,
        [
            Winner(serial, g.identity, g.display_name, g.platform)
            for serial, g in enumerate(chosen, start=1)
        ],
        now,
        "guaranteed",
        CodeIssuer(keyring, random_bytes),
    )
    return len(chosen)


@dataclass(frozen=True, slots=True)
class Reroll:
    drop_id: int
    serial: int
    from_identity: str
    to_identity: str | None  # None: the waitlist is empty, the unit goes unallocated


def expire_overdue(
    uow: UnitOfWork,
    hot: HotState,
    now: datetime,
    keyring: Keyring,
    random_bytes: RandomBytes,
) -> list[Reroll]:
    """Pass every allocation whose claim window ran out to the next person on the waitlist."""
    rerolls: list[Reroll] = []
    for allocation in uow.allocations.overdue(now):
        drop = uow.drops.get(allocation.drop_id)
        assert drop is not None and allocation.id is not None
        if drop.state not in (DropState.DRAWN, DropState.CLOSED, DropState.EARLY, DropState.PUBLIC):
            continue
        successor = pass_on(uow, hot, drop, allocation, now, keyring, random_bytes)
        to_identity = successor[0] if successor else None
        rerolls.append(Reroll(drop.id, allocation.serial, allocation.identity, to_identity))
    return rerolls


def pass_on(
    uow: UnitOfWork,
    hot: HotState,
    drop: Drop,
    allocation: Allocation,
    now: datetime,
    keyring: Keyring,
    random_bytes: RandomBytes,
    *,
    reason: str | None = None,
) -> tuple[str, str, str] | None:
    """Take `allocation`'s unit back (expired, its code revoked) and give it to the next in
    line, who is told by their `won` notice; the channel hears of it. `reason` is a
    disqualifying moderator's (None: the claim window ran out). Returns the new holder
    (identity, display name, platform), None when nobody was left."""
    assert allocation.id is not None
    allocation.status = AllocationStatus.EXPIRED
    uow.allocations.save(allocation)
    code = uow.codes.for_allocation(allocation.id)
    if code is not None and code.revoked_at is None:
        code.revoked_at = now
        uow.codes.save(code)
    successor = next_in_line(uow, drop)
    # The line saying the unit was passed on goes out before its new winner's "you won".
    uow.outbox.add(
        outbox_message(
            Rerolled(
                drop=drop.name,
                title=drop.spec.title,
                serial=allocation.serial,
                passed_from=allocation.display_name,
                passed_to=successor[1] if successor else None,
                disqualified=reason is not None,
                reason=reason or "",
            ),
            dedupe_key=f"{'disqualified' if reason is not None else 'reroll'}:{allocation.id}",
            drop_id=drop.id,
            created_at=now,
        )
    )
    if successor is not None:
        identity, display_name, platform = successor
        winner = Winner(allocation.serial, identity, display_name, platform)
        allocate_many(uow, drop, [winner], now, "reroll", CodeIssuer(keyring, random_bytes))
    # The fcfs counters in hot state no longer match SQL; reload them on next use.
    hot.forget_drop(drop.id)
    settle_if_done(uow, drop, now)
    return successor


def next_in_line(uow: UnitOfWork, drop: Drop) -> tuple[str, str, str] | None:
    """The best-ranked entrant (draw order, or arrival order for fcfs) who holds nothing yet."""
    holders = uow.allocations.identities(drop.id)
    if drop.spec.mode is Mode.LOTTERY:
        after = -1
        while True:
            batch = uow.entries.waitlist(drop.id, after, 200)
            if not batch:
                return None
            for entry in batch:
                if entry.identity not in holders:
                    return entry.identity, entry.display_name, entry.platform
            last_rank = batch[-1].rank
            assert last_rank is not None
            after = last_rank
    for entry in uow.entries.for_drop(drop.id):
        if entry.identity not in holders:
            return entry.identity, entry.display_name, entry.platform
    return None
