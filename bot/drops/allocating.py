"""Allocating units: each winner's serial, its one code and its winner notice, in bulk.

Both ways a unit is won end here: a first-come claim that takes one (`claiming`) and a draw,
its waitlist and rerolls (`winners`). It stands apart from the claims because what it writes
is the same whoever won and however: one allocation, one signed code with a free selector and
one `won` notice per winner, three statements per batch, however many winners.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.drops.entitlements import CodeIssuer
from bot.drops.holders import pseudonym
from bot.drops.model import Allocation, AllocationStatus, CodeRecord, Drop
from bot.drops.notices import Won, outbox_message
from bot.drops.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class Winner:
    """Who gets a serial: what `allocate_many` needs to know of them."""

    serial: int
    identity: str
    display_name: str
    platform: str


def allocate_many(
    uow: UnitOfWork,
    drop: Drop,
    winners: Sequence[Winner],
    now: datetime,
    via: str,
    issuer: CodeIssuer,
    holders: Sequence[str] | None = None,
) -> list[Allocation]:
    """Give each winner their serial: the allocation, its one code and its winner notice.

    Written in bulk (three statements however many winners), so a draw with thousands of
    winners commits in a fraction of a second. `holders` are the winners' pseudonyms when the
    caller has them already (the draw computed them).
    """
    deadline = now + drop.spec.claim_window
    allocations = uow.allocations.add_many(
        [
            Allocation(
                drop_id=drop.id,
                serial=w.serial,
                identity=w.identity,
                display_name=w.display_name,
                platform=w.platform,
                allocated_at=now,
                claim_deadline=deadline,
                via=via,
            )
            for w in winners
        ]
    )
    salt = drop.pseudonym_salt

    def issue(i: int) -> CodeRecord:
        a = allocations[i]
        return issuer.issue(
            drop, a, now, holders[i] if holders is not None else pseudonym(salt, a.identity)
        )

    uow.codes.add_many(
        _with_free_selectors(uow, [issue(i) for i in range(len(allocations))], issue)
    )
    uow.outbox.add_many(
        [
            outbox_message(
                Won(
                    drop=drop.name,
                    title=drop.spec.title,
                    serial=a.serial,
                    display_name=a.display_name,
                    platform=a.platform,
                    via=via,
                    claim_deadline=deadline,
                ),
                dedupe_key=f"won:{a.id}",
                drop_id=drop.id,
                audience=a.identity,
                created_at=now,
            )
            for a in allocations
        ]
    )
    return allocations


def held_serials(uow: UnitOfWork, drop_id: int) -> dict[str, list[int]]:
    """Who holds which live serials: what the hot state is rebuilt from."""
    held: dict[str, list[int]] = {}
    for allocation in uow.allocations.for_drop(drop_id):
        if allocation.status in (AllocationStatus.PENDING, AllocationStatus.CLAIMED):
            held.setdefault(allocation.identity, []).append(allocation.serial)
    return held


def _with_free_selectors(
    uow: UnitOfWork, codes: list[CodeRecord], issue: Callable[[int], CodeRecord]
) -> list[CodeRecord]:
    """`codes`, with any whose selector is taken issued again with a new code id.

    A selector is 30 bits of the short code, unique across the database (it finds the code);
    among tens of thousands of codes two will share one now and then (a birthday clash), and
    the insert would fail the whole batch or draw. One look-up per batch finds the clashes.
    """
    while True:
        taken = set(uow.codes.by_selectors([c.selector for c in codes]))
        clashing = []
        for i, code in enumerate(codes):
            if code.selector in taken:
                clashing.append(i)
            taken.add(code.selector)  # a later code of this batch may not reuse it either
        if not clashing:
            return codes
        for i in clashing:
            codes[i] = issue(i)
