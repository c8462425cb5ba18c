"""The drop book: what a community's drops are (running, upcoming, recent), a public index of
every drop page by page, one member's history across drops (entries, wins, redemptions), and
the audit log of moderators' actions (`bot.drops.audit`).

Moderators read the list and a member's history; anyone may read the index, which holds only
what each drop's announcement and transparency page already show (never an entrant).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.drops.audit import AuditLog
from bot.drops.model import OPEN_STATES, Allocation, Drop, DropState, Entry
from bot.drops.ports import UnitOfWork
from bot.kernel.clock import Clock
from bot.kernel.errors import FairdropError
from bot.kernel.transactions import TransactionRunner, read_only

RUNNING = (*OPEN_STATES, DropState.CLOSED, DropState.DRAWN)  # drawn: winners still claiming
UPCOMING = (DropState.SCHEDULED, DropState.DRAFT)
RECENT = (DropState.SETTLED, DropState.CANCELLED)
PUBLIC = tuple(s for s in DropState if s is not DropState.DRAFT)  # drafts are not announced
INDEX_PAGE_SIZE = 20
MAX_INDEX_PAGE = 10_000  # far past any real history; a bigger number is a crafted request


class BadPage(FairdropError, ValueError):
    """A page number of the public index that is not one (not a number, 0, too big)."""


@dataclass(frozen=True, slots=True)
class DropList:
    """A community's drops at a glance, newest first in each part."""

    running: tuple[Drop, ...]
    upcoming: tuple[Drop, ...]  # scheduled, then prepared drafts
    recent: tuple[Drop, ...]  # settled or cancelled

    def parts(self) -> list[tuple[str, tuple[Drop, ...]]]:
        """The parts that have drops, named: running, upcoming, recent."""
        named = (("running", self.running), ("upcoming", self.upcoming), ("recent", self.recent))
        return [(label, drops) for label, drops in named if drops]


def next_moment(drop: Drop) -> tuple[str, datetime] | None:
    """What the drop does next by the clock and when: ("closes", t) while open, ("opens", t)
    while scheduled; None otherwise."""
    if drop.state in OPEN_STATES and drop.closes_at is not None:
        return "closes", drop.closes_at
    if drop.state is DropState.SCHEDULED and drop.scheduled_for is not None:
        return "opens", drop.scheduled_for
    return None


@dataclass(frozen=True, slots=True)
class IndexPage:
    drops: tuple[Drop, ...]  # newest first
    page: int
    has_next: bool


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One drop in a member's history: their entry (if any), units won, when each was redeemed."""

    drop: Drop
    entry: Entry | None
    won: tuple[Allocation, ...]
    redeemed: tuple[datetime, ...]


def index_page(text: str | None) -> int:
    """The page number of the public index from its query parameter (absent: 1); BadPage for
    anything but a plain number from 1 to MAX_INDEX_PAGE."""
    if text is None:
        return 1
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        raise BadPage(f"page must be a number from 1 to {MAX_INDEX_PAGE}")
    page = int(text)
    if not 1 <= page <= MAX_INDEX_PAGE:
        raise BadPage(f"page must be a number from 1 to {MAX_INDEX_PAGE}")
    return page


def drop_list(uow: UnitOfWork, channel: str, recent: int = 5) -> DropList:
    """The community's running and upcoming drops and its `recent` latest finished ones."""
    return DropList(
        running=tuple(uow.drops.listed(channel, RUNNING, 0, 10)),
        upcoming=tuple(uow.drops.listed(channel, UPCOMING, 0, 10)),
        recent=tuple(uow.drops.listed(channel, RECENT, 0, recent)),
    )


def public_index(uow: UnitOfWork, page: int, size: int = INDEX_PAGE_SIZE) -> IndexPage:
    """One page of every announced drop, newest first."""
    found = uow.drops.listed(None, PUBLIC, (page - 1) * size, size + 1)
    return IndexPage(tuple(found[:size]), page, len(found) > size)


def member_history(
    uow: UnitOfWork, channel: str, account: str, limit: int = 10
) -> list[HistoryLine]:
    """The person behind `account` (linked accounts are one) in the community's latest drops
    they entered or won: newest first, at most `limit`."""
    identity = uow.links.identities([account]).get(account, account)
    entries = {e.drop_id: e for e in uow.entries.of_identity(identity, limit * 4)}
    drop_ids = sorted({*entries, *uow.allocations.drops_of(identity, limit * 4)}, reverse=True)
    lines: list[HistoryLine] = []
    for drop_id in drop_ids:
        drop = uow.drops.get(drop_id)
        if drop is None or drop.spec.channel != channel:
            continue
        won = tuple(uow.allocations.for_identity(drop_id, identity))
        redemptions = uow.redemptions.for_entitlements([(drop_id, a.serial) for a in won])
        redeemed = tuple(sorted(r.redeemed_at for r in redemptions.values()))
        lines.append(HistoryLine(drop, entries.get(drop_id), won, redeemed))
        if len(lines) == limit:
            break
    return lines


class DropBook:
    """The drop book's reads, each one read-only transaction: moderators' on `tx`, the public
    index on `reads` (the read path, apart from claims); and the audit log of what moderators
    did."""

    def __init__(
        self,
        tx: TransactionRunner[UnitOfWork],
        reads: TransactionRunner[UnitOfWork],
        clock: Clock,
    ) -> None:
        self.tx, self.reads = tx, reads
        self.audit = AuditLog(tx, clock)

    async def listing(self, channel: str) -> DropList:
        return await self.tx.run(read_only(lambda uow: drop_list(uow, channel)))

    async def history(self, channel: str, account: str) -> list[HistoryLine]:
        return await self.tx.run(read_only(lambda uow: member_history(uow, channel, account)))

    async def index(self, page: int) -> IndexPage:
        return await self.reads.run(read_only(lambda uow: public_index(uow, page)))
