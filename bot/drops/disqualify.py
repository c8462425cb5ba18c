"""A moderator takes one winner's unit away now: their code is revoked and the unit passes to
the next entrant on the waitlist, as a reroll does when a claim window lapses.

The allocation is kept (expired, with who disqualified it, why and when), so the transcript lists
the disqualification among the rerolls and verify-draw checks it like one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.drops.errors import NotAWinner
from bot.drops.holders import pseudonym
from bot.drops.keyring import Keyring
from bot.drops.model import Allocation, AllocationStatus, Drop, DropState, Mode
from bot.drops.ports import HotState, UnitOfWork
from bot.drops.winners import pass_on
from bot.kernel.entropy import RandomBytes

MAX_REASON = 200  # a moderator's reason, as stored and published


@dataclass(frozen=True, slots=True)
class WinnerRef:
    """Whom a moderator means: a platform account (`discord:<id>`, exact) or, from Twitch chat
    where only a login is typed, a display name matched without regard to case."""

    account: str | None = None
    name: str | None = None

    def describe(self) -> str:
        return self.name or self.account or "nobody"


@dataclass(frozen=True, slots=True)
class Disqualification:
    drop: Drop
    serial: int
    disqualified: str  # who lost the unit: their display name, else their pseudonym
    passed_to: str | None  # the next in line's display name, None when nobody was left


def disqualify(
    uow: UnitOfWork,
    hot: HotState,
    drop: Drop,
    winner: WinnerRef,
    moderator: str,
    reason: str,
    now: datetime,
    keyring: Keyring,
    random_bytes: RandomBytes,
) -> Disqualification:
    """Take `winner`'s unit of `drop` away now, for `reason`, by `moderator`.

    NotAWinner (and nothing changed) unless the drop is drawn and not yet settled (or a
    first-come drop handing out units) and `winner` holds a unit of it whose code is not
    redeemed yet.
    """
    if drop.state is DropState.SETTLED:
        # Its record is final (and published as such); taking a unit back would rewrite it.
        raise NotAWinner("refusal-dq-settled", name=drop.name)
    if drop.state not in (DropState.DRAWN, DropState.CLOSED, DropState.EARLY, DropState.PUBLIC):
        raise NotAWinner("refusal-dq-not-drawn-state", name=drop.name, phase=drop.state.value)
    if drop.spec.mode is Mode.LOTTERY and drop.drawn_at is None:
        raise NotAWinner("refusal-dq-not-drawn", name=drop.name)
    allocation = _held_by(uow, drop, winner)
    assert allocation.id is not None
    redeemed = uow.redemptions.get(drop.id, allocation.serial)
    if redeemed is not None:
        raise NotAWinner("refusal-dq-redeemed", winner=_shown(drop, allocation), name=drop.name)
    allocation.disqualified_by = moderator[:MAX_REASON] or "a moderator"
    allocation.disqualified_reason = " ".join(reason.split())[:MAX_REASON]
    allocation.disqualified_at = now
    successor = pass_on(
        uow,
        hot,
        drop,
        allocation,
        now,
        keyring,
        random_bytes,
        reason=allocation.disqualified_reason,
    )
    return Disqualification(
        drop, allocation.serial, _shown(drop, allocation), successor[1] if successor else None
    )


def _shown(drop: Drop, allocation: Allocation) -> str:
    """The name a winner is named by: the display name they entered with, else (a guaranteed
    member listed by account alone, whose name fairdrop never saw) the pseudonym the drop's
    transcript and pages list them under, never the account id."""
    return allocation.display_name or pseudonym(drop.pseudonym_salt, allocation.identity)


def _held_by(uow: UnitOfWork, drop: Drop, winner: WinnerRef) -> Allocation:
    live = [
        a
        for a in uow.allocations.for_drop(drop.id)
        if a.status in (AllocationStatus.PENDING, AllocationStatus.CLAIMED)
    ]
    if winner.account is not None:
        # A linked account stands for its person, as claims resolve it.
        identity = uow.links.identities([winner.account]).get(winner.account, winner.account)
        found = [a for a in live if a.identity == identity]
    else:
        wanted = (winner.name or "").lstrip("@").casefold()
        found = [a for a in live if a.display_name and a.display_name.casefold() == wanted]
    if not found:
        raise NotAWinner("refusal-dq-no-unit", winner=winner.describe(), name=drop.name)
    if len({a.identity for a in found}) > 1:
        raise NotAWinner("refusal-dq-ambiguous", name=drop.name, winner=winner.describe())
    return found[0]
