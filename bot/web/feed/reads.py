"""The feed's reads: a drop's public record, its entrant count, and a community's drop to show.

Each is one read-only transaction on the read path (the transparency pages' own connections
and threads), so the feed never waits in line with claims. The hub calls them once per drop
(or community) per change per process, never per client.

The entrant count while a drop is open is a count over the entries' (drop, rank) index, a few
times a second at most, and nothing is added to the claims' path. Measured on SQLite on the
busy 2-core test machine: 6 ms for 20,000 entries and 17 ms for 100,000 (median), where the
tier aggregate of the public record took 27 ms and 216 ms (it reads every entry). So the
record is read only once a drop has closed (its kept counts and winners), the count before.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.drops.errors import UnknownDrop
from bot.drops.model import Drop, DropState
from bot.drops.ports import UnitOfWork
from bot.drops.public_record import public_record
from bot.kernel.transactions import TransactionRunner, read_only
from bot.web.feed.state import DropView

# Before the close every entry is kept and no winner is shown: a count over the entries'
# (drop, rank) index says it all, where the public record's aggregates read every entry.
COUNTED = frozenset({DropState.DRAFT, DropState.SCHEDULED, DropState.EARLY, DropState.PUBLIC})
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

    async def view(self, drop_id: int) -> DropView:
        """What the feed shows of the drop; UnknownDrop if there is no such drop."""

        def read(uow: UnitOfWork) -> DropView:
            drop = uow.drops.get(drop_id)
            if drop is None:
                raise UnknownDrop.numbered(drop_id)
            if drop.state in COUNTED:  # no winner to show yet, nobody left out
                return DropView(drop, uow.entries.count(drop_id))
            return DropView.of_record(public_record(uow, drop))

        return await self.reads.run(read_only(read))

    async def entrants(self, drop_id: int) -> int:
        """How many entered the open drop: a count over the entries' (drop, rank) index.
        Entries are left out only by the re-check at close, so while the drop is open every
        entry is kept; after the close the record's tier counts say it (`record`)."""
        return await self.reads.run(read_only(lambda uow: uow.entries.count(drop_id)))

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
