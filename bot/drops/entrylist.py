"""The frozen entry list of a lottery: re-checked, hashed at close, and drawn from.

Eligibility is checked again at close, because things change during a drop: a moderator takes
someone off a list or adds them to the deny list, a role is removed, two accounts are linked
into one person. An entry whose window its owner no longer qualifies for is left out, one that
qualifies for a lighter tier is drawn with that weight, and the transcript says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.drops.guarantees import guaranteed_for, guaranteed_members, recheck_guaranteed
from bot.drops.holders import pseudonym
from bot.drops.lottery import DrawEntry, entry_list_hash
from bot.drops.model import Drop, Entry, Guaranteed
from bot.drops.ports import UnitOfWork
from bot.drops.transcript import EXCLUDED, MERGED, WITHDRAWN, Adjustment, weight_change
from bot.gating.antibot import AccountFacts
from bot.gating.context import Claimant, GatingContext
from bot.gating.eligibility import best_tier_at
from bot.gating.rules import Tier

# Badges and roles as they are now, by platform account, when an adapter could look them up
# (Discord roles from the guild); accounts absent here are judged by what they had at entry.
CurrentFacts = Mapping[str, tuple[frozenset[str], frozenset[str]]]


__all__ = ["CurrentFacts", "FrozenEntries", "freeze"]

ONE_ENTRY_PER_PERSON = "one entry per person: an earlier entry of the same (linked) person counts"
# The starts of the other reasons the re-check at close stores (a summary counts them by these).
HOLDS_GUARANTEED = "holds a guaranteed unit from a list"
FILTERED_AT_CLOSE = "filtered at close"
NO_LONGER_ELIGIBLE = "no longer eligible"
WRONG_WINDOW = "no longer eligible for the window entered in"


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
    salt = drop.pseudonym_salt
    adjustments: list[Adjustment] = []
    accounts = [e.account or e.identity for e in stored]
    if drop.guaranteed_digest:
        # Committed at open: a unit can only be withdrawn now, never added.
        accounts += [g.account for g in drop.guaranteed_units if g.account]
        gating = GatingContext.load(uow.lists, uow.links, uow.holdings, accounts)
        drop.guaranteed_units = recheck_guaranteed(drop, gating)
        guaranteed = [g for g in drop.guaranteed_units if not g.withdrawn]
        adjustments += [
            {"entrant": pseudonym(salt, g.identity), "change": WITHDRAWN, "reason": g.withdrawn}
            for g in drop.guaranteed_units
            if g.withdrawn
        ]
        taken = {g.identity for g in guaranteed} | {
            gating.identity(g.account) for g in guaranteed if g.account
        }
    else:
        # A drop opened before guaranteed units were committed: its lists as they are now.
        members = guaranteed_members(uow, drop)
        accounts += [account for account, _ in members]
        gating = GatingContext.load(uow.lists, uow.links, uow.holdings, accounts)
        guaranteed = guaranteed_for(uow, drop)
        taken = {g.identity for g in guaranteed}
    kept: list[Entry] = []
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
            change = MERGED if reason == ONE_ENTRY_PER_PERSON else EXCLUDED
            adjustments.append({"entrant": entrant, "change": change, "reason": reason})
            continue
        if changed_weight:
            adjustments.append(
                {
                    "entrant": entrant,
                    "change": weight_change(entry.weight, changed_weight),
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
        return ONE_ENTRY_PER_PERSON, None
    if identity in taken:
        return HOLDS_GUARANTEED, None
    claimant = _claimant(entry, account, current)
    known = AccountFacts(created_at=entry.account_created_at, joined_at=entry.joined_at)
    facts, kept_out = gating.facts(drop, claimant, known, entry.entered_at)
    if kept_out is not None:
        return f"{FILTERED_AT_CLOSE}: {kept_out.value.replace('_', ' ')}", None
    tier = best_tier_at(drop, facts, entry.entered_at)
    if tier is None:
        barred = [b for t in drop.spec.tiers if (b := t.rule.barred(facts))]
        if barred:
            return f"{NO_LONGER_ELIGIBLE}: {'; '.join(dict.fromkeys(barred))}", None
        missing = [m for t in drop.spec.tiers if (m := t.rule.unmet(facts))]
        return f"{WRONG_WINDOW}: needs {' or '.join(missing)}", None
    return None, tier


def _claimant(entry: Entry, account: str, current: CurrentFacts | None) -> Claimant:
    platform, _, user_id = account.partition(":")
    badges, roles = (current or {}).get(account, (entry.badges, entry.roles))
    return Claimant(platform, user_id, entry.display_name, badges, roles)
