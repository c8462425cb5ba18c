"""The public record of a first-come drop: its arrivals, chained, and its transcript."""

from __future__ import annotations

from bot.drops.arrivals import Arrival, ArrivalTranscript, Unit, chain_start, next_link
from bot.drops.drawn_transcript import holders_of, rerolls_of
from bot.drops.holders import pseudonym
from bot.drops.model import Drop
from bot.drops.ports import UnitOfWork
from bot.kernel.errors import DropError

__all__ = ["arrival_transcript", "arrivals_of"]


def arrivals_of(uow: UnitOfWork, drop: Drop) -> list[Arrival]:
    """Every admitted claim of a first-come drop in the order it was recorded, chained.

    Recorded order is entry order. In one process that is the order the hot state handed out
    units (a batch is recorded as it was judged); processes sharing Redis could commit their
    batches out of that order, which this record cannot yet tell apart from unfairness.
    """
    salt = drop.pseudonym_salt
    arrivals: list[Arrival] = []
    link = chain_start()
    for seq, entry in enumerate(uow.entries.for_drop(drop.id), start=1):
        entrant, at = pseudonym(salt, entry.identity), entry.entered_at.isoformat()
        link = next_link(link, seq, entrant, at, entry.tier)
        arrivals.append(
            {"seq": seq, "entrant": entrant, "at": at, "tier": entry.tier, "link": link}
        )
    return arrivals


def arrival_transcript(uow: UnitOfWork, drop: Drop) -> ArrivalTranscript:
    """The transcript of a closed first-come drop; DropError before the close, or for a drop
    opened before guaranteed units were committed (its record cannot be checked)."""
    if drop.closed_at is None or drop.opened_at is None or drop.closes_at is None:
        raise DropError("refusal-transcript-not-closed", name=drop.name)
    if not drop.guaranteed_digest:
        raise DropError("refusal-transcript-too-old", name=drop.name)
    salt = drop.pseudonym_salt
    arrivals = arrivals_of(uow, drop)
    allocations = sorted(uow.allocations.for_drop(drop.id), key=lambda a: a.id or 0)
    first: dict[int, Unit] = {}
    for a in allocations:
        if a.serial not in first:
            first[a.serial] = {
                "serial": a.serial,
                "entrant": pseudonym(salt, a.identity),
                "via": a.via,
                "at": a.allocated_at.isoformat(),
            }
    return ArrivalTranscript(
        drop_id=str(drop.id),
        title=drop.spec.title,
        supply=drop.spec.supply,
        cap_per_person=drop.spec.cap_per_person,
        opened_at=drop.opened_at.isoformat(),
        closes_at=drop.closes_at.isoformat(),
        tiers=[
            {"name": t.name, "opens_after_seconds": int(t.opens_after.total_seconds())}
            for t in drop.spec.tiers
        ],
        arrivals_head=drop.entry_hash or (arrivals[-1]["link"] if arrivals else chain_start()),
        arrivals=arrivals,
        guaranteed_digest=drop.guaranteed_digest,
        guaranteed_committed=[pseudonym(salt, g.identity) for g in drop.guaranteed_units],
        units=[first[serial] for serial in sorted(first)],
        claim_window_seconds=int(drop.spec.claim_window.total_seconds()),
        rerolls=rerolls_of(allocations, salt),
        holders=holders_of(allocations, salt),
    )
