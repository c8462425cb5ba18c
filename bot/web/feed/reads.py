"""The feed's reads: a drop's public record, its entrant count, and a community's drop to show.

Each is one read-only transaction on the read path (the transparency pages' own connections
and threads), so the feed never waits in line with claims. The hub calls them once per drop
(or community) per change per process, never per client.

The entrant count while a drop is open is one aggregate over the drop's entries (the same one
the transparency page's tier table reads), a few times a second at most: measured on SQLite
at 1.5 ms for 20,000 entries and 6 ms for 100,000 (see `benchmarks/bench_overlay.py`), against
nothing added to the claims' path.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.drops.errors import UnknownDrop
from bot.drops.model import Drop, DropState
from bot.drops.ports import UnitOfWork
from bot.drops.public_record import PublicRecord, public_record
from bot.kernel.transactions import TransactionRunner, read_only

SHOWN_RUNNING = (DropState.EARLY, DropState.PUBLIC, DropState.CLOSED)
FINISHED = (DropState.DRAWN, DropState.SETTLED, DropState.CANCELLED)
# A drawn or cancelled drop stays on a community's overlay this long (the winners on screen),
# unless another opens; then the next scheduled one, or nothing.
LINGER = timedelta(minutes=5)
SCHEDULED_LOOKED_AT = 50  # a community's scheduled drops compared for the soonest


class FeedReads:
    """The reads behind the feed, on `reads` (the read path)."""

    def __init__(self, reads: TransactionRunner[UnitOfWork]) -> None:
        self.reads = reads

    async def record(self, drop_id: int) -> PublicRecord:
        """The drop's public record; UnknownDrop if there is no such drop."""

        def read(uow: UnitOfWork) -> PublicRecord:
            drop = uow.drops.get(drop_id)
            if drop is None:
                raise UnknownDrop(f"no drop with id {drop_id}")
            return public_record(uow, drop)

        return await self.reads.run(read_only(read))

    async def entrants(self, drop_id: int) -> int:
        """Everyone entered and kept, from one aggregate over the drop's entries."""

        def read(uow: UnitOfWork) -> int:
            return sum(kept for kept, _ in uow.entries.count_by_tier(drop_id).values())

        return await self.reads.run(read_only(read))

    async def shown(self, community: str, now: datetime) -> int | None:
        """The id of the drop `community`'s overlay shows now, or None (`shown_drop`)."""
        return await self.reads.run(read_only(lambda uow: shown_drop(uow, community, now)))


def shown_drop(uow: UnitOfWork, community: str, now: datetime) -> int | None:
    """The community's drop to show: the one open or drawing, else one drawn or cancelled in
    the last `LINGER`, else the next scheduled one, else none."""
    running = uow.drops.listed(community, SHOWN_RUNNING, 0, 1)
    if running:
        return running[0].id
    finished = uow.drops.listed(community, FINISHED, 0, 1)
    if finished and (ended := _ended_at(finished[0])) is not None and now - ended < LINGER:
        return finished[0].id
    scheduled = uow.drops.listed(community, (DropState.SCHEDULED,), 0, SCHEDULED_LOOKED_AT)
    if scheduled:
        return min(scheduled, key=lambda d: (d.scheduled_for or now, d.id)).id
    return None


def _ended_at(drop: Drop) -> datetime | None:
    return drop.cancelled_at or drop.drawn_at or drop.closed_at
