"""The frozen entry list of a lottery: re-checked, hashed at close, and drawn from.

Eligibility is checked again at close, because things change during a drop: a moderator takes
someone off a list or adds them to the deny list, a role is removed, two accounts are linked
into one person. An entry whose window its owner no longer qualifies for is left out, one that
qualifies for a lighter tier is drawn with that weight, and the transcript says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.drops.holders import pseudonym
from bot.drops.lottery import DrawEntry, entry_list_hash
from bot.drops.model import Drop, Entry
from bot.drops.ports import UnitOfWork
from bot.drops.transcript import Adjustment
from bot.gating.antibot import AccountFacts
from bot.gating.context import Claimant, GatingContext
from bot.gating.eligibility import best_tier_at
from bot.gating.lists import ListKind
from bot.gating.rules import Tier

# Badges and roles as they are now, by platform account, when an adapter could look them up
# (Discord roles from the guild); accounts absent here are judged by what they had at entry.
CurrentFacts = Mapping[str, tuple[frozenset[str], frozenset[str]]]


@dataclass(frozen=True)
class Guaranteed:
    identity: str
    display_name: str
    platform: str


@dataclass(frozen=True)
class FrozenEntries:
    """The entries drawn from (entry order), their pseudonymous form, and what the check did."""

    entries: list[Entry]
    draw_entries: list[DrawEntry]
    entry_hash: str
    guaranteed: list[Guaranteed] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)


def freeze(uow: UnitOfWork, drop: Drop, current: CurrentFacts | None = None) -> FrozenEntries:
    """Re-check every entry, record the outcome on it, and hash the entries that stay in."""
    stored = uow.entries.for_drop(drop.id)
    members = _guaranteed_members(uow, drop)
    accounts = [e.account or e.identity for e in stored] + [account for account, _ in members]
    gating = GatingContext.load(uow.lists, uow.links, uow.holdings, accounts)
    guaranteed = _guaranteed(drop, gating, members)
    taken = {g.identity for g in guaranteed}
    salt = drop.pseudonym_salt
    kept: list[Entry] = []
    adjustments: list[Adjustment] = []
    checks: list[tuple[int, str, str | None, int | None]] = []
    seen: set[str] = set()
    for entry in stored:
        account = entry.account or entry.identity
        identity = gating.identity(account)
        reason, tier = _recheck(drop, gating, entry, account, identity, seen, taken, current)
        weight = tier.weight if tier is not None else None
        seen.add(identity)
        changed_weight = weight if weight is not None and weight != entry.weight else None
        assert entry.id is not None
        if reason or changed_weight or identity != entry.identity:
            checks.append((entry.id, identity, reason, changed_weight))
        entry.identity, entry.excluded_reason, entry.drawn_weight = identity, reason, changed_weight
        entrant = pseudonym(salt, identity)
        if reason:
            adjustments.append({"entrant": entrant, "change": "excluded", "reason": reason})
            continue
        if changed_weight:
            adjustments.append(
                {
                    "entrant": entrant,
                    "change": f"weight {entry.weight} -> {changed_weight}",
                    "reason": f"now in tier {tier.name if tier else '?'}",
                }
            )
        kept.append(entry)
    # Exclusions first: a kept entry may take the identity an excluded one still holds.
    uow.entries.mark_checked(drop.id, sorted(checks, key=lambda c: c[2] is None))
    draw_entries = [
        DrawEntry(pseudonym(salt, e.identity), e.drawn_weight or e.weight) for e in kept
    ]
    return FrozenEntries(kept, draw_entries, entry_list_hash(draw_entries), guaranteed, adjustments)


def _recheck(
    drop: Drop,
    gating: GatingContext,
    entry: Entry,
    account: str,
    identity: str,
    seen: set[str],
    taken: set[str],
    current: CurrentFacts | None,
) -> tuple[str | None, Tier | None]:
    """Why the entry is left out (or None), and the tier (so the weight) it is drawn in."""
    if identity in seen:
        return "one entry per person: an earlier entry of the same (linked) person counts", None
    if identity in taken:
        return "holds a guaranteed unit from a list", None
    claimant = _claimant(entry, account, current)
    known = AccountFacts(created_at=entry.account_created_at, joined_at=entry.joined_at)
    facts, kept_out = gating.facts(drop, claimant, known, entry.entered_at)
    if kept_out is not None:
        return f"filtered at close: {kept_out.value.replace('_', ' ')}", None
    tier = best_tier_at(drop, facts, entry.entered_at)
    if tier is None:
        barred = [b for t in drop.spec.tiers if (b := t.rule.barred(facts))]
        if barred:
            return f"no longer eligible: {'; '.join(dict.fromkeys(barred))}", None
        missing = [m for t in drop.spec.tiers if (m := t.rule.unmet(facts))]
        return f"no longer eligible for the window entered in: needs {' or '.join(missing)}", None
    return None, tier


def _claimant(entry: Entry, account: str, current: CurrentFacts | None) -> Claimant:
    platform, _, user_id = account.partition(":")
    badges, roles = (current or {}).get(account, (entry.badges, entry.roles))
    return Claimant(platform, user_id, entry.display_name, badges, roles)


def guaranteed_for(uow: UnitOfWork, drop: Drop) -> list[Guaranteed]:
    """Who the drop's guaranteed lists give units to now (first come drops reserve at open)."""
    members = _guaranteed_members(uow, drop)
    gating = GatingContext.load(uow.lists, uow.links, uow.holdings, [a for a, _ in members])
    return _guaranteed(drop, gating, members)


def _guaranteed_members(uow: UnitOfWork, drop: Drop) -> list[tuple[str, str]]:
    """(account, display name) of the drop's guaranteed lists, in list then member order."""
    members: list[tuple[str, str]] = []
    for name in drop.spec.guaranteed:
        allocation_list = uow.lists.get(drop.spec.channel, name)
        if allocation_list is None or allocation_list.kind is not ListKind.GUARANTEED:
            continue  # a list deleted since the drop opened guarantees nothing
        assert allocation_list.id is not None
        members += [(m.account, m.display_name) for m in uow.lists.members(allocation_list.id)]
    return members


def _guaranteed(
    drop: Drop, gating: GatingContext, members: list[tuple[str, str]]
) -> list[Guaranteed]:
    chosen: list[Guaranteed] = []
    seen: set[str] = set()
    for account, display_name in members:
        identity = gating.identity(account)
        denied = any(
            kind is ListKind.DENY for _, kind in gating.memberships(drop.spec.channel, account)
        )
        if identity in seen or denied:
            continue
        seen.add(identity)
        platform = account.partition(":")[0]
        chosen.append(Guaranteed(identity, display_name or account, platform))
        if len(chosen) == drop.spec.supply:
            break
    return chosen
