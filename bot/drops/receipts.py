"""Receipts: what each entrant may see, privately, of their own entries.

Anyone who entered a drop can check that they are in its draw (issue 20 item 4): the pseudonym
the transcript lists them under, the tier they came in through, the weight they are drawn with,
and where the entry stands (waiting for the draw, left out at close and why, holding a unit,
on the waitlist). After the draw a receipt names its place in the transcript as the JSON path a
verifier prints (``winners[2]``, ``waitlist[14]``), so the entrant can find themselves there.

A receipt is only ever built for the person asking (``receipts_of`` takes their identity), and
adapters show it only in private replies: a pseudonym tied to an account in public would undo
the salting that keeps transcripts anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.drops.holders import pseudonym
from bot.drops.model import (
    Allocation,
    AllocationStatus,
    Drop,
    DropState,
    Entry,
    Mode,
)
from bot.drops.ports import UnitOfWork
from bot.kernel.transactions import TransactionRunner, read_only

__all__ = ["Receipt", "ReceiptBook", "Standing", "receipt_of", "receipts_of"]


class Standing(StrEnum):
    """Where an entry stands, as its receipt says."""

    IN_DRAW = "in the draw"  # a lottery not drawn yet
    LEFT_OUT = "left out at close"  # the re-check at close excluded or merged it (``reason``)
    HOLDS = "holds a unit"  # a unit is theirs now (``serials``)
    PASSED_ON = "passed on"  # they held a unit and it went to the waitlist
    WAITLISTED = "on the waitlist"  # drawn, no unit (yet)
    NO_UNIT = "no unit"  # first-come: arrived when no unit was left (or within the cap) for them
    CANCELLED = "cancelled"  # the drop was cancelled


@dataclass(frozen=True, slots=True)
class Receipt:
    """One person's entry in one drop, as only they may see it."""

    drop_id: int
    title: str
    channel: str
    mode: Mode
    pseudonym: str
    tier: str
    weight: int  # the weight drawn with (after the re-check at close), or as entered before it
    standing: Standing
    place: str = ""  # the JSON path of the entry in the transcript once drawn, e.g. winners[2]
    serials: tuple[int, ...] = ()  # units held now
    reason: str = ""  # why the re-check at close left the entry out


def receipt_of(drop: Drop, entry: Entry, allocations: list[Allocation]) -> Receipt:
    """The receipt of ``entry`` (one person's entry in ``drop``), with their ``allocations``."""
    held = tuple(
        sorted(
            a.serial
            for a in allocations
            if a.status in (AllocationStatus.PENDING, AllocationStatus.CLAIMED)
        )
    )
    place = _place(drop, entry)
    standing = _standing(drop, entry, held, allocations)
    return Receipt(
        drop_id=drop.id,
        title=drop.spec.title,
        channel=drop.spec.channel,
        mode=drop.spec.mode,
        pseudonym=pseudonym(drop.pseudonym_salt, entry.identity),
        tier=entry.tier,
        weight=entry.drawn_weight or entry.weight,
        standing=standing,
        place=place,
        serials=held,
        reason=entry.excluded_reason or "",
    )


def _standing(
    drop: Drop, entry: Entry, held: tuple[int, ...], allocations: list[Allocation]
) -> Standing:
    if drop.state is DropState.CANCELLED:
        return Standing.CANCELLED
    if entry.excluded_reason is not None:
        return Standing.LEFT_OUT
    if held:
        return Standing.HOLDS
    if any(a.status is AllocationStatus.EXPIRED for a in allocations):
        return Standing.PASSED_ON
    if drop.spec.mode is Mode.FCFS:
        return Standing.NO_UNIT  # units go as claims arrive: one without a unit got none
    return Standing.WAITLISTED if entry.rank is not None else Standing.IN_DRAW


def _place(drop: Drop, entry: Entry) -> str:
    # The draw ranks the entries it drew (winners first): rank r is order[r], and the
    # transcript lists order[:drawn] as winners and the rest as the waitlist, where the draw
    # gave out the supply less the guaranteed units that stood at close.
    if entry.rank is None or entry.excluded_reason is not None or drop.drawn_at is None:
        return ""
    guaranteed = sum(1 for g in drop.guaranteed_units if not g.withdrawn)
    drawn = max(0, drop.spec.supply - guaranteed)
    if entry.rank < drawn:
        return f"winners[{entry.rank}]"
    return f"waitlist[{entry.rank - drawn}]"


def receipts_of(uow: UnitOfWork, account: str, most: int) -> list[Receipt]:
    """The receipts of whoever holds ``account`` (the person it is linked into) in the
    ``most`` newest drops they entered, newest first."""
    identity = uow.links.identities([account]).get(account, account)
    found: list[Receipt] = []
    for entry in uow.entries.of_identity(identity, most):
        drop = uow.drops.get(entry.drop_id)
        if drop is None or drop.state is DropState.DRAFT:
            continue
        found.append(receipt_of(drop, entry, uow.allocations.for_identity(drop.id, identity)))
    return found


class ReceiptBook:
    """Receipts on the read path: each look-up one read-only transaction."""

    def __init__(self, reads: TransactionRunner[UnitOfWork]) -> None:
        self.reads = reads

    async def of_account(self, account: str, most: int = 10) -> list[Receipt]:
        """The receipts of ``account``'s person in their ``most`` newest drops."""
        return await self.reads.run(read_only(lambda uow: receipts_of(uow, account, most)))

    async def in_drop(self, drop_id: int, account: str) -> Receipt | None:
        """``account``'s person's receipt in one drop, or None if they did not enter it."""

        def run(uow: UnitOfWork) -> Receipt | None:
            identity = uow.links.identities([account]).get(account, account)
            drop = uow.drops.get(drop_id)
            if drop is None:
                return None
            for entry in uow.entries.of_identity(identity, _ANY_DROP):
                if entry.drop_id == drop_id:
                    return receipt_of(drop, entry, uow.allocations.for_identity(drop_id, identity))
            return None

        return await self.reads.run(read_only(run))


# of_identity is newest drop first; a person's entries are few enough to scan for one drop.
_ANY_DROP = 10_000
