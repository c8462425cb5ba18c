"""Fencing: work done for a lease holder checks, in its own transaction, that the holder's token
is still the newest. A holder that lost its lease without noticing yet (Redis lost its data, or
the process stalled past the lease's expiry) then does nothing, so exactly one process acts.
"""

from __future__ import annotations

from bot.drops.errors import Superseded
from bot.drops.ports import Fence, UnitOfWork


def check(uow: UnitOfWork, fence: Fence | None) -> None:
    """Superseded if `fence` is no longer the newest token of its lease (None: no lease, as in a
    single process). Called first in the work's transaction, which it then orders before any
    takeover (see `FenceRepository.holds`)."""
    if fence is not None and not uow.fences.holds(fence):
        raise Superseded(
            f"the {fence.name} lease was taken over (token {fence.token} is no longer the newest)"
        )
