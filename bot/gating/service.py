"""The service moderators' commands call for allocation lists (from Discord or the CLI).

Each method is one use case of `bot.gating.list_admin` in one transaction: committed when it
returns, rolled back when it raises, so a refused command or a rejected import changes nothing.
Twitch logins are resolved before the transaction opens, since that may wait on the network.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence

from bot.gating import list_admin
from bot.gating.facts import LoginResolver
from bot.gating.list_admin import ImportReport, ListSummary
from bot.gating.lists import AllocationList, ListKind, ListMember, ResolveLogins, logins_in_csv
from bot.gating.ports import GatingUnitOfWork
from bot.kernel.clock import Clock
from bot.kernel.transactions import TransactionRunner, atomic, read_only


class ListService:
    def __init__(
        self,
        tx: TransactionRunner[GatingUnitOfWork],
        clock: Clock,
        *,
        logins: LoginResolver | None = None,
    ) -> None:
        """`logins` looks Twitch logins up; without it, imports and commands need account ids."""
        self.tx, self.clock, self.logins = tx, clock, logins

    async def create(
        self, channel: str, name: str, kind: ListKind | str, *, by: str = ""
    ) -> AllocationList:
        kind = kind if isinstance(kind, ListKind) else list_admin.parse_kind(kind)
        now = self.clock.now()
        return await self.tx.run(
            atomic(lambda uow: list_admin.create_list(uow, channel, name, kind, now, by))
        )

    async def delete(self, channel: str, name: str) -> int:
        """Delete the list; returns how many members it had."""
        return await self.tx.run(atomic(lambda uow: list_admin.delete_list(uow, channel, name)))

    async def add(self, channel: str, name: str, accounts: Sequence[str], *, by: str = "") -> int:
        """Add accounts (`twitch:<id>`, `discord:<id>` or Twitch logins); returns how many were
        not on the list yet."""
        members = await self._members(accounts)
        now = self.clock.now()
        return await self.tx.run(
            atomic(lambda uow: list_admin.add_members(uow, channel, name, members, now, by))
        )

    async def remove(self, channel: str, name: str, accounts: Sequence[str]) -> int:
        """Take accounts (or Twitch logins) off the list; returns how many were on it."""
        keys = [m.account for m in await self._members(accounts)]
        return await self.tx.run(
            atomic(lambda uow: list_admin.remove_members(uow, channel, name, keys))
        )

    async def show(self, channel: str, name: str) -> tuple[AllocationList, list[ListMember]]:
        return await self.tx.run(read_only(lambda uow: list_admin.show(uow, channel, name)))

    async def all(self, channel: str) -> list[ListSummary]:
        return await self.tx.run(read_only(lambda uow: list_admin.lists(uow, channel)))

    async def import_csv(
        self, channel: str, name: str, text: str, *, by: str = "", replace: bool = False
    ) -> ImportReport:
        """Import a CSV (see `bot.gating.lists.parse_members_csv`); all of it or, with
        `ListImportError` naming every bad row, none of it."""
        text = list_admin.without_bom(text)
        resolve = await self._resolver(_logins_in(text))
        now = self.clock.now()
        return await self.tx.run(
            atomic(
                lambda uow: list_admin.import_csv(
                    uow, channel, name, text, now, by, resolve_logins=resolve, replace=replace
                )
            )
        )

    async def export_csv(self, channel: str, name: str) -> str:
        return await self.tx.run(read_only(lambda uow: list_admin.export_csv(uow, channel, name)))

    async def _members(self, accounts: Sequence[str]) -> list[ListMember]:
        logins = list_admin.logins_named(accounts)
        resolved = await self._lookup(logins) if self.logins is not None else None
        return list_admin.members_from_text(accounts, resolved)

    async def _resolver(self, logins: list[str]) -> ResolveLogins | None:
        if self.logins is None:
            return None  # bare logins become bad rows that say so
        found = await self._lookup(logins)
        return lambda asked: {login: found[login] for login in asked if login in found}

    async def _lookup(self, logins: list[str]) -> Mapping[str, str]:
        assert self.logins is not None
        if not logins:
            return {}
        found = await self.logins.resolve_logins(logins)
        return {login.lower(): user_id for login, user_id in found.items()}


def _logins_in(text: str) -> list[str]:
    try:
        return logins_in_csv(text)
    except csv.Error:  # an unreadable file: the import itself reports it
        return []
