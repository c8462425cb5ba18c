"""What gating needs from storage: lists, account links, filtered claims, earlier holdings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.gating.lists import AllocationList, ListKind, ListMember
from bot.kernel.transactions import UnitOfWork


class ListRepository(Protocol):
    def create(self, allocation_list: AllocationList) -> AllocationList: ...
    def get(self, channel: str, name: str) -> AllocationList | None: ...
    def all(self, channel: str) -> list[AllocationList]: ...
    def delete(self, list_id: int) -> None: ...
    def members(self, list_id: int) -> list[ListMember]: ...
    def add_members(self, list_id: int, members: Sequence[ListMember]) -> int:
        """Add members not on the list yet; returns how many were added."""
        ...

    def remove_members(self, list_id: int, accounts: Sequence[str]) -> int: ...
    def memberships(
        self, channel: str, accounts: Sequence[str]
    ) -> dict[str, set[tuple[str, ListKind]]]:
        """For each account on any list in the channel: the (list name, kind) pairs."""
        ...


class LinkRepository(Protocol):
    def identities(self, accounts: Sequence[str]) -> dict[str, str]:
        """The identity each linked account belongs to (unlinked accounts are absent)."""
        ...

    def accounts_of(self, identity: str) -> list[str]:
        """Every account linked into `identity` (not the identity's own account)."""
        ...

    def link(self, account: str, identity: str, at: datetime) -> None: ...
    def unlink(self, account: str) -> bool: ...
    def add_code(
        self, code_hash: str, account: str, at: datetime, expires_at: datetime
    ) -> None: ...
    def forget_codes(self, expired_before: datetime) -> int:
        """Delete codes that expired before then; 40-bit codes must not collide with history."""
        ...

    def lock_links(self) -> None:
        """Serialize changes to links for the rest of the transaction (so links never chain)."""
        ...

    def use_code(self, code_hash: str, used_by: str, at: datetime) -> str | None:
        """Mark an unused, unexpired code used, atomically; the account that asked for it."""
        ...


class FilteredRepository(Protocol):
    def add_many(self, rows: Sequence[tuple[int, str, str, datetime]]) -> None:
        """(drop id, identity, reason, when); one row per person and reason per drop."""
        ...

    def counts(self, drop_id: int) -> dict[str, int]: ...


class HoldingsRepository(Protocol):
    def held(self, channel: str, identities: Sequence[str]) -> dict[str, tuple[set[str], set[str]]]:
        """For each identity that won in the channel: (drop names, series) it holds."""
        ...

    def last_wins(
        self, channel: str, identities: Sequence[str], *, excluding_drop: int
    ) -> dict[str, dict[str, datetime]]:
        """For each identity that won in the channel's other drops: when it last won, by series
        ("" for any drop). Answered from an index on (identity, allocated_at)."""
        ...


class GatingUnitOfWork(UnitOfWork, Protocol):
    """One transaction over gating's repositories (the drop engine's unit of work extends it)."""

    lists: ListRepository
    links: LinkRepository
    filtered: FilteredRepository
    holdings: HoldingsRepository
