"""Moderators steering a drop that is under way: the use cases behind `disqualify` (and the
changes to a running drop), one transaction each, on the drop service's parts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.drops import changes, editing, opening
from bot.drops import disqualify as dq
from bot.drops.model import Drop
from bot.drops.ports import UnitOfWork
from bot.kernel.transactions import atomic

Change = Callable[[UnitOfWork, Drop, datetime], Drop]

if TYPE_CHECKING:
    from bot.drops.service import DropService


class Steering:
    def __init__(self, service: DropService) -> None:
        self.service = service

    async def disqualify(
        self,
        channel: str,
        winner: dq.WinnerRef,
        moderator: str,
        reason: str = "",
        name: str | None = None,
    ) -> dq.Disqualification:
        """Take `winner`'s unit of the channel's drop (`name`, else the running or newest
        unfinished one) away now and pass it to the next in line; see `disqualify.disqualify`."""
        s = self.service
        now = s.clock.now()

        def run(uow: UnitOfWork) -> dq.Disqualification:
            drop = opening.find_drop(uow, channel, name)
            return dq.disqualify(
                uow, s.hot, drop, winner, moderator, reason, now, s.keyring, s.random_bytes
            )

        return await s.tx.run(atomic(run))

    async def extend(
        self, channel: str, by: timedelta, moderator: str, name: str | None = None
    ) -> Drop:
        """Move the close of the channel's open drop (`name`, else the running one) by `by`
        (earlier when negative); see `changes.move_close`. The scheduler re-plans its close
        from the stored time."""
        s = self.service
        now = s.clock.now()

        def run(uow: UnitOfWork) -> Drop:
            drop = opening.find_drop(uow, channel, name)
            return changes.move_close(uow, drop, by, moderator, now)

        return await s.tx.run(atomic(run))

    async def pause(self, channel: str, moderator: str, name: str | None = None) -> Drop:
        """Pause the channel's open drop (`name`, else the running one); see `changes.pause`."""
        return await self._change(
            channel, name, lambda uow, drop, now: changes.pause(uow, drop, moderator, now)
        )

    async def resume(self, channel: str, moderator: str, name: str | None = None) -> Drop:
        """Resume the channel's paused drop with the time it had left; see `changes.resume`."""
        return await self._change(
            channel, name, lambda uow, drop, now: changes.resume(uow, drop, moderator, now)
        )

    async def edit(self, channel: str, name: str, edit: editing.DropEdit, moderator: str) -> Drop:
        """Change the draft or scheduled drop `name`; see `editing.edit_drop`."""
        return await self._change(
            channel, name, lambda uow, drop, now: editing.edit_drop(uow, drop, edit, moderator, now)
        )

    async def _change(self, channel: str, name: str | None, change: Change) -> Drop:
        now = self.service.clock.now()

        def run(uow: UnitOfWork) -> Drop:
            return change(uow, opening.find_drop(uow, channel, name), now)

        return await self.service.tx.run(atomic(run))
