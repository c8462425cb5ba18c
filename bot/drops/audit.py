"""The audit log: every moderator action (who, from which platform, what, when, the result).

Adapters run each moderator command inside `AuditLog.action`, which stores one row once the
command has run: what it did, or the refusal it got ("refused: drop 'x' is still public..."), or
that it failed on our side. Rows hold drop names, list names, accounts and reasons a moderator
typed; never a code or a token. `/drop audit [drop]` and `fairdrop audit [--drop ID]` read them.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from bot.kernel.clock import Clock
from bot.kernel.errors import FairdropError
from bot.kernel.transactions import TransactionRunner, UnitOfWork, atomic, read_only

MAX_TEXT = 300  # a detail or result longer than this is clipped: a log row, not a document


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acted: their platform account (`twitch:<id>`, `discord:<id>`, `cli:<user>`) and name."""

    account: str
    name: str

    @property
    def platform(self) -> str:
        return self.account.partition(":")[0]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    channel: str  # the community
    actor: str  # platform account of the moderator
    actor_name: str
    platform: str  # twitch | discord | cli
    action: str  # open, close, cancel, reroll, schedule, create, list-create, list-add...
    detail: str  # what was asked, in words (a drop name, list members, a reason)
    result: str  # what happened: "ok: ...", "refused: ..." or "failed: ..."
    at: datetime
    drop_id: int | None = None
    drop_name: str = ""
    id: int | None = None  # order of the log; assigned by the store


class AuditRepository(Protocol):
    def add(self, entry: AuditEntry) -> None: ...
    def recent(
        self, channel: str | None, *, drop_id: int | None, drop_name: str | None, limit: int
    ) -> list[AuditEntry]:
        """The newest entries first: of the channel (None: every channel), and of one drop by
        id or by name when given."""
        ...


class AuditUnitOfWork(UnitOfWork, Protocol):
    audit: AuditRepository


@dataclass
class Act:
    """An action under way: the command sets what it did (and the drop it did it to)."""

    entry: AuditEntry
    said: str = ""

    def done(self, result: str, *, drop_id: int | None = None, drop_name: str = "") -> None:
        self.said = result
        self.entry = replace(
            self.entry, drop_id=drop_id, drop_name=drop_name or self.entry.drop_name
        )


# What the log records an action did, the same from every platform. A record, not a message:
# it is kept as written (the log of a community never mixes languages with its overrides) and
# read back by moderators (/drop audit) and operators (fairdrop audit).
def closed_result(drawn: bool) -> str:
    """The result of a close: drawn at once (a lottery) or only closed."""
    return "closed and drawn" if drawn else "closed"


def rerolled_result(units: int) -> str:
    """The result of a reroll: how many units passed to the waitlist."""
    return f"{units} units passed to the waitlist"


def disqualified_result(serial: int, winner: str) -> str:
    """The result of a disqualification: whose unit was taken."""
    return f"unit #{serial} taken from {winner}"


class AuditLog:
    """Stores moderator actions (each in a transaction of its own) and reads them back."""

    def __init__(self, tx: TransactionRunner[AuditUnitOfWork], clock: Clock) -> None:
        self.tx, self.clock = tx, clock

    @contextlib.asynccontextmanager
    async def action(
        self,
        actor: Actor,
        action: str,
        channel: str,
        detail: str = "",
        *,
        drop_name: str = "",
    ) -> AsyncIterator[Act]:
        """Run a moderator command inside: its outcome is stored when it ends, a refusal (a
        FairdropError, re-raised) or a failure (any other error, re-raised) too."""
        entry = AuditEntry(
            channel, actor.account, actor.name, actor.platform, action, _clip(detail), "",
            self.clock.now(), drop_name=drop_name,
        )  # fmt: skip
        act = Act(entry)
        try:
            yield act
        except FairdropError as refused:
            await self._store(act.entry, f"refused: {refused}")
            raise
        except Exception as error:
            await self._store(act.entry, f"failed: {type(error).__name__}")
            raise
        await self._store(act.entry, f"ok: {act.said}" if act.said else "ok")

    async def _store(self, entry: AuditEntry, result: str) -> None:
        stored = replace(entry, result=_clip(result))
        await self.tx.run(atomic(lambda uow: uow.audit.add(stored)))

    async def recent(
        self,
        channel: str | None,
        *,
        drop_id: int | None = None,
        drop_name: str | None = None,
        limit: int = 20,
    ) -> Sequence[AuditEntry]:
        return await self.tx.run(
            read_only(
                lambda uow: uow.audit.recent(
                    channel, drop_id=drop_id, drop_name=drop_name, limit=limit
                )
            )
        )


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
