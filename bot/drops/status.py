"""What a drop looks like now: its phase by the clock and its counts (`!drop status`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.drops.lifecycle import phase_at
from bot.drops.model import AllocationStatus, Drop, DropState
from bot.drops.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class DropStatus:
    drop: Drop
    phase: DropState
    entrants: int
    allocated: int
    claimed: int
    expired: int


def status_at(uow: UnitOfWork, drop: Drop, now: datetime) -> DropStatus:
    """The drop's phase at `now` and how many entered, won, claimed and lost their unit."""
    allocations = uow.allocations.for_drop(drop.id)
    return DropStatus(
        drop=drop,
        phase=phase_at(drop, now),
        entrants=uow.entries.count(drop.id),
        allocated=sum(a.status is not AllocationStatus.EXPIRED for a in allocations),
        claimed=sum(a.status is AllocationStatus.CLAIMED for a in allocations),
        expired=sum(a.status is AllocationStatus.EXPIRED for a in allocations),
    )
