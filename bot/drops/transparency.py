"""The public record of a drawn drop: the transcript anyone can re-derive with verify-draw."""

from __future__ import annotations

from bot.drops.draw import DrawEntry, Reroll, Transcript
from bot.drops.holders import pseudonym
from bot.drops.model import Allocation, AllocationStatus, Drop
from bot.drops.ports import UnitOfWork


def transcript(uow: UnitOfWork, drop: Drop) -> Transcript:
    """Rebuild the transcript of a drawn lottery from the stored entries, ranks and rerolls."""
    assert drop.drawn_at is not None
    entries = uow.entries.for_drop(drop.id)
    salt = drop.pseudonym_salt
    ranked = sorted((e for e in entries if e.rank is not None), key=lambda e: e.rank or 0)
    winners = min(drop.spec.supply, len(ranked))
    rerolls: list[tuple[int, Reroll]] = []
    by_serial: dict[int, list[Allocation]] = {}
    for allocation in uow.allocations.for_drop(drop.id):
        by_serial.setdefault(allocation.serial, []).append(allocation)
    for serial, holders in sorted(by_serial.items()):
        holders.sort(key=lambda a: a.id or 0)
        for i, before in enumerate(holders):
            if before.status is not AllocationStatus.EXPIRED:
                continue
            after = holders[i + 1] if i + 1 < len(holders) else None
            # Chronological: the order in which the waitlist was consumed.
            order = after.id if after and after.id else 2**62 + (before.id or 0)
            rerolls.append(
                (
                    order,
                    Reroll(
                        serial=serial,
                        from_entrant=pseudonym(salt, before.identity),
                        to_entrant=pseudonym(salt, after.identity) if after else None,
                        at=(after.allocated_at if after else before.claim_deadline).isoformat(),
                        reason="claim window expired",
                    ),
                )
            )
    return Transcript(
        drop_id=str(drop.id),
        title=drop.spec.title,
        mode=drop.spec.mode.value,
        supply=drop.spec.supply,
        commitment=drop.commitment,
        seed_hex=drop.seed_hex,
        beacon=drop.beacon,
        entry_list_hash=drop.entry_hash,
        entries=[DrawEntry(pseudonym(salt, e.identity), e.weight) for e in entries],
        winners=[pseudonym(salt, e.identity) for e in ranked[:winners]],
        waitlist=[pseudonym(salt, e.identity) for e in ranked[winners:]],
        drawn_at=drop.drawn_at.isoformat(),
        rerolls=[reroll for _, reroll in sorted(rerolls, key=lambda pair: pair[0])],
    )
