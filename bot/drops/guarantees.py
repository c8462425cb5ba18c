"""Guaranteed units: fixed when a drop opens, committed to by a digest published then.

At open the drop fixes who its guaranteed lists give units to (serials 1..k, in list then member
order) and publishes ``guaranteed_digest`` of their pseudonyms, so no guaranteed unit can be added
once anyone has entered: the lists may still change, the drop no longer follows them. At close a
unit can only be withdrawn (its member was denied since, or is now linked to an earlier member),
and the transcript says whose and why.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from bot.drops.holders import pseudonym
from bot.drops.model import Drop, Guaranteed
from bot.drops.ports import UnitOfWork
from bot.gating.context import GatingContext
from bot.gating.lists import ListKind

__all__ = [
    "GUARANTEED_DOMAIN",
    "commit_guaranteed",
    "guaranteed_digest",
    "guaranteed_for",
    "guaranteed_members",
    "recheck_guaranteed",
]

GUARANTEED_DOMAIN = b"fairdrop/guaranteed/v1\n"
DENIED_SINCE_OPEN = "on the deny list since the drop opened"
LINKED_SINCE_OPEN = "one unit per person: now linked to an earlier guaranteed member"


def guaranteed_digest(pseudonyms: Iterable[str]) -> str:
    """The lowercase SHA-256 hex digest committing to a drop's guaranteed units.

    Input: ``b"fairdrop/guaranteed/v1\\n"`` followed, for each unit in serial order, by its
    holder's pseudonym and one LF (0x0A), as UTF-8. No units: the digest of the domain alone.
    """
    digest = hashlib.sha256(GUARANTEED_DOMAIN)
    for name in pseudonyms:
        digest.update(f"{name}\n".encode())
    return digest.hexdigest()


def commit_guaranteed(uow: UnitOfWork, drop: Drop) -> None:
    """Fix the drop's guaranteed units as its lists are now, and the digest to publish."""
    drop.guaranteed_units = tuple(guaranteed_for(uow, drop))
    drop.guaranteed_digest = guaranteed_digest(
        pseudonym(drop.pseudonym_salt, g.identity) for g in drop.guaranteed_units
    )


def recheck_guaranteed(drop: Drop, gating: GatingContext) -> tuple[Guaranteed, ...]:
    """The committed units with ``withdrawn`` set afresh from what ``gating`` says now.

    ``gating`` must have been loaded with every committed unit's account.
    """
    units: list[Guaranteed] = []
    seen: set[str] = set()
    for unit in drop.guaranteed_units:
        now_identity = gating.identity(unit.account) if unit.account else unit.identity
        withdrawn = ""
        if unit.account and _denied(drop, gating, unit.account):
            withdrawn = DENIED_SINCE_OPEN
        elif now_identity in seen or unit.identity in seen:
            withdrawn = LINKED_SINCE_OPEN
        if not withdrawn:
            seen.update((unit.identity, now_identity))
        units.append(
            Guaranteed(unit.identity, unit.display_name, unit.platform, unit.account, withdrawn)
        )
    return tuple(units)


def guaranteed_for(uow: UnitOfWork, drop: Drop) -> list[Guaranteed]:
    """Who the drop's guaranteed lists give units to now, at most ``supply`` of them."""
    members = guaranteed_members(uow, drop)
    gating = GatingContext.load(uow.lists, uow.links, uow.holdings, [a for a, _ in members])
    chosen: list[Guaranteed] = []
    seen: set[str] = set()
    for account, display_name in members:
        identity = gating.identity(account)
        if identity in seen or _denied(drop, gating, account):
            continue
        seen.add(identity)
        platform = account.partition(":")[0]
        # No name when the list has none (a member added by account alone): readers fall
        # back as they show it (chat counts them, pages show the pseudonym), never the account.
        chosen.append(Guaranteed(identity, display_name, platform, account))
        if len(chosen) == drop.spec.supply:
            break
    return chosen


def guaranteed_members(uow: UnitOfWork, drop: Drop) -> list[tuple[str, str]]:
    """(account, display name) of the drop's guaranteed lists, in list then member order."""
    members: list[tuple[str, str]] = []
    for name in drop.spec.guaranteed:
        allocation_list = uow.lists.get(drop.spec.channel, name)
        if allocation_list is None or allocation_list.kind is not ListKind.GUARANTEED:
            continue  # a list deleted since the drop opened guarantees nothing
        assert allocation_list.id is not None
        members += [(m.account, m.display_name) for m in uow.lists.members(allocation_list.id)]
    return members


def _denied(drop: Drop, gating: GatingContext, account: str) -> bool:
    return any(kind is ListKind.DENY for _, kind in gating.memberships(drop.spec.channel, account))
