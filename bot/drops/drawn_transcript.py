"""A drawn drop's transcript, read from its rows: the public record anyone can re-derive with
verify-draw (the format itself is `bot.drops.transcript`; what pages add is `public_record`)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.drops.beacon import BeaconRound
from bot.drops.holders import pseudonym
from bot.drops.lottery import DrawEntry
from bot.drops.model import Allocation, AllocationStatus, Drop
from bot.drops.ports import UnitOfWork
from bot.drops.transcript import (
    DISQUALIFIED,
    EXCLUDED,
    MERGED,
    WITHDRAWN,
    Adjustment,
    Holder,
    RerollRecord,
    Transcript,
    weight_change,
)
from bot.drops.transcript_v2 import drand_record


def transcript(uow: UnitOfWork, drop: Drop) -> Transcript:
    """Rebuild the transcript of a drawn lottery from the stored entries, ranks and rerolls."""
    assert drop.drawn_at is not None
    entries = uow.entries.for_drop(drop.id)
    salt = drop.pseudonym_salt
    # The list drawn from: what the re-check at close kept, with the weights it drew them with.
    kept = [e for e in entries if e.excluded_reason is None]
    ranked = sorted((e for e in kept if e.rank is not None), key=lambda e: e.rank or 0)
    # Each entrant's pseudonym once: the entries and the draw order both list every entrant,
    # and keyed hashing is most of a big drop's transcript build.
    names = {e.identity: pseudonym(salt, e.identity) for e in kept}
    allocations = uow.allocations.for_drop(drop.id)
    if drop.guaranteed_digest:
        committed: list[str] | None = [pseudonym(salt, g.identity) for g in drop.guaranteed_units]
        guaranteed = [pseudonym(salt, g.identity) for g in drop.guaranteed_units if not g.withdrawn]
    else:
        committed, guaranteed = None, _first_guaranteed(allocations, salt)
    winners = max(0, min(drop.spec.supply - len(guaranteed), len(ranked)))
    adjustments: list[Adjustment] = [
        {"entrant": pseudonym(salt, g.identity), "change": WITHDRAWN, "reason": g.withdrawn}
        for g in drop.guaranteed_units
        if g.withdrawn
    ]
    for e in entries:
        if e.excluded_reason:
            entrant = pseudonym(salt, e.identity)
            # A later entry of a person still in the draw was merged into their earlier one.
            change = MERGED if e.identity in names else EXCLUDED
            adjustments.append({"entrant": entrant, "change": change, "reason": e.excluded_reason})
        elif e.drawn_weight is not None:
            adjustments.append(
                {
                    "entrant": pseudonym(salt, e.identity),
                    "change": weight_change(e.weight, e.drawn_weight),
                    "reason": "re-checked at close",
                }
            )
    rerolls = rerolls_of(allocations, salt)
    v2 = drop.draw_version >= 2
    committed_round = drop.committed_round
    drand = None
    if v2 and committed_round is not None:
        fetched = (
            BeaconRound(committed_round.round, drop.beacon_signature, drop.beacon)
            if drop.beacon and drop.beacon_signature
            else None
        )
        drand = drand_record(committed_round, fetched, drop.beacon_outcome)
    return Transcript(
        version=2 if v2 else 1,
        drand=drand,
        closed_at=(drop.closed_at or drop.drawn_at).isoformat() if v2 else None,
        announcements=[
            {"platform": r.platform, "message_id": r.message_id, "at": r.at.isoformat()}
            for r in (uow.announcements.for_drop(drop.id) if v2 else [])
        ],
        drop_id=str(drop.id),
        title=drop.spec.title,
        mode=drop.spec.mode.value,
        supply=drop.spec.supply,
        commitment=drop.commitment,
        seed_hex=drop.seed_hex,
        beacon=None if v2 else drop.beacon,
        entry_list_hash=drop.entry_hash,
        entries=[DrawEntry(names[e.identity], e.drawn_weight or e.weight) for e in kept],
        winners=[names[e.identity] for e in ranked[:winners]],
        waitlist=[names[e.identity] for e in ranked[winners:]],
        drawn_at=drop.drawn_at.isoformat(),
        rerolls=rerolls,
        guaranteed=guaranteed,
        adjustments=adjustments,
        guaranteed_digest=drop.guaranteed_digest or None,
        guaranteed_committed=committed,
        claim_window_seconds=int(drop.spec.claim_window.total_seconds()),
        holders=holders_of(allocations, salt),
    )


def _first_guaranteed(allocations: Sequence[Allocation], salt: str) -> list[str]:
    # A drop opened before guaranteed units were committed: its first guaranteed holders.
    first_holders = sorted(
        (a for a in allocations if a.via == "guaranteed"), key=lambda a: (a.serial, a.id or 0)
    )
    guaranteed: list[str] = []
    for allocation in first_holders:
        if allocation.serial == len(guaranteed) + 1:
            guaranteed.append(pseudonym(salt, allocation.identity))
    return guaranteed


def holders_of(allocations: Sequence[Allocation], salt: str) -> list[Holder]:
    """Each allocated serial's latest holder (None once the waitlist ran out), and whether they
    have claimed it."""
    latest: dict[int, Allocation] = {}
    for allocation in sorted(allocations, key=lambda a: a.id or 0):
        latest[allocation.serial] = allocation
    holders: list[Holder] = []
    for serial, allocation in sorted(latest.items()):
        expired = allocation.status is AllocationStatus.EXPIRED
        holders.append(
            {
                "serial": serial,
                "entrant": None if expired else pseudonym(salt, allocation.identity),
                "claimed": allocation.status is AllocationStatus.CLAIMED,
            }
        )
    return holders


def rerolls_of(allocations: Sequence[Allocation], salt: str) -> list[RerollRecord]:
    """Every prize passed on after the draw, in the order the waitlist was consumed: read from
    the allocations alone (a page can show them without reading the entries)."""
    rerolls: list[tuple[int, RerollRecord]] = []
    by_serial: dict[int, list[Allocation]] = {}
    for allocation in allocations:
        by_serial.setdefault(allocation.serial, []).append(allocation)
    for serial, holders in sorted(by_serial.items()):
        holders.sort(key=lambda a: a.id or 0)
        for i, before in enumerate(holders):
            if before.status is not AllocationStatus.EXPIRED:
                continue
            after = holders[i + 1] if i + 1 < len(holders) else None
            # Chronological: the order in which the waitlist was consumed.
            order = after.id if after and after.id else 2**62 + (before.id or 0)
            passed = RerollRecord(
                serial=serial,
                from_entrant=pseudonym(salt, before.identity),
                to_entrant=pseudonym(salt, after.identity) if after else None,
                at=(after.allocated_at if after else before.claim_deadline).isoformat(),
                reason="claim window expired",
            )
            if before.disqualified_by is not None and before.disqualified_at is not None:
                why = before.disqualified_reason
                passed["at"] = before.disqualified_at.isoformat()
                passed["reason"] = f"{DISQUALIFIED}: {why}" if why else DISQUALIFIED
                passed["by"] = before.disqualified_by
            rerolls.append((order, passed))
    return [reroll for _, reroll in sorted(rerolls, key=lambda pair: pair[0])]
