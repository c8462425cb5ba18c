"""What anyone may see of a drop: the figures and names behind its transparency page.

The transcript (pseudonyms only) is what `fairdrop verify-draw` checks; this record adds what a
community wants to read beside it: how many entered each tier and who won each serial, by the
display name they entered with. Whether names are shown or masked is the adapter's choice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.drops import transparency
from bot.drops.draw import Transcript
from bot.drops.holders import pseudonym
from bot.drops.model import AllocationStatus, Drop
from bot.drops.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class Winner:
    serial: int
    display_name: str
    platform: str
    holder: str  # the pseudonym the transcript uses for this person
    via: str  # draw | fcfs | guaranteed | reroll
    status: AllocationStatus


@dataclass(frozen=True, slots=True)
class PublicRecord:
    drop: Drop
    entrants_by_tier: tuple[tuple[str, int], ...]  # in the drop's tier order, then any others
    excluded: int  # entries the re-check at close left out
    winners: tuple[Winner, ...]  # live holders (pending or claimed) by serial
    transcript: Transcript | None  # None until the drop is drawn (and for first-come drops)


def public_record(uow: UnitOfWork, drop: Drop) -> PublicRecord:
    """Build the public record of `drop` from what is stored; reveals nothing before the draw
    that the drop's announcements have not already said (the commitment and counts)."""
    entries = uow.entries.for_drop(drop.id)
    by_tier = Counter(e.tier for e in entries if e.excluded_reason is None)
    order = [t.name for t in drop.spec.tiers]
    tiers = [(name, by_tier.pop(name, 0)) for name in order]
    tiers += sorted(by_tier.items())
    live = (AllocationStatus.PENDING, AllocationStatus.CLAIMED)
    winners = tuple(
        Winner(
            serial=a.serial,
            display_name=a.display_name,
            platform=a.platform,
            holder=pseudonym(drop.pseudonym_salt, a.identity),
            via=a.via,
            status=a.status,
        )
        for a in sorted(uow.allocations.for_drop(drop.id), key=lambda a: a.serial)
        if a.status in live
    )
    drawn = drop.drawn_at is not None and drop.seed_revealed
    return PublicRecord(
        drop=drop,
        entrants_by_tier=tuple(tiers),
        excluded=sum(e.excluded_reason is not None for e in entries),
        winners=winners,
        transcript=transparency.transcript(uow, drop) if drawn else None,
    )
