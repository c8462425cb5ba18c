"""Handing a winner their code, privately: the claim page, the Discord button, a DM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.drops.entitlements import DeliveredCode, reveal
from bot.drops.keyring import Keyring
from bot.drops.model import AllocationStatus, Drop
from bot.drops.opening import settle_if_done
from bot.drops.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class Collected:
    """What a person gets when they come for their codes in a drop."""

    drop_id: int
    codes: tuple[DeliveredCode, ...]
    missed: tuple[int, ...]  # serials whose claim window ran out before they came


def collect_codes(
    uow: UnitOfWork,
    drop: Drop,
    identity: str,
    now: datetime,
    keyring: Keyring,
    *,
    deliver: bool = True,
) -> Collected:
    """Deliver the person's codes in `drop`, marking each allocation claimed on first delivery.

    Re-delivery shows the same codes. A claim window that has run out is judged by the clock,
    even if the expiry job has not run yet, so a late winner never takes a rerolled unit.
    With `deliver` False nothing is marked: the codes are only prepared, for a channel that may
    still fail (a DM), and delivered once it has not.
    """
    codes: list[DeliveredCode] = []
    missed: list[int] = []
    for allocation in uow.allocations.for_identity(drop.id, identity):
        assert allocation.id is not None
        if allocation.status is AllocationStatus.PENDING and now > allocation.claim_deadline:
            missed.append(allocation.serial)
            continue
        if allocation.status not in (AllocationStatus.PENDING, AllocationStatus.CLAIMED):
            if allocation.status is AllocationStatus.EXPIRED:
                missed.append(allocation.serial)
            continue
        record = uow.codes.for_allocation(allocation.id)
        if record is None or record.revoked_at is not None:
            continue
        if not deliver:
            codes.append(reveal(keyring, record))
            continue
        if allocation.status is AllocationStatus.PENDING:
            allocation.status = AllocationStatus.CLAIMED
            allocation.claimed_at = now
            uow.allocations.save(allocation)
        if record.delivered_at is None:
            record.delivered_at = now
            uow.codes.save(record)
        codes.append(reveal(keyring, record))
    if deliver:
        settle_if_done(uow, drop, now)
    return Collected(drop.id, tuple(codes), tuple(missed))
