"""Errors the core raises for requests it refuses. Each message is one line a user can act on."""

from __future__ import annotations

from bot.kernel.errors import DropError


class IllegalTransition(DropError):
    pass


class UnknownDrop(DropError):
    @classmethod
    def numbered(cls, drop_id: int) -> UnknownDrop:
        """No drop has id `drop_id` (said as an id, not a number with digit grouping)."""
        return cls("refusal-no-drop-number", id=str(drop_id))


class Superseded(Exception):
    """Work under a fencing token that is no longer the newest: another process took the lease
    over, so this one does nothing (not a `DropError`: no user asked for it)."""


class NotAWinner(DropError):
    """A disqualification that cannot be done: no such winner, or no drawn drop."""
