"""Which tier an entrant falls in, and whether that tier's window is open yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.gating.context import Claimant, GatedDrop
from bot.gating.rules import (
    Condition,
    ConditionKind,
    EntrantFacts,
    Exclusion,
    Node,
    Rule,
    Tier,
)


@dataclass(frozen=True, slots=True)
class Admitted:
    tier: Tier


@dataclass(frozen=True, slots=True)
class NotYet:
    """Every tier that admits the person opens later; `opens_at` is the earliest."""

    tier: Tier
    opens_at: datetime
    early_access_for: str  # in English words, for logs and the audit
    open_rules: tuple[Rule, ...] = ()  # the rules of the windows open now, for adapters to say


@dataclass(frozen=True, slots=True)
class Refused:
    reason: str  # in English words, for logs and the audit
    # What every tier asks for that the person misses, for adapters to say in their language
    # (none when an exclusion bars them: `reason` says how).
    missing: tuple[Rule, ...] = ()
    # The exclusions that bar the person, each with how long ago they last won (for a
    # won-within exclusion), for adapters to say in their language.
    barred: tuple[Exclusion, ...] = ()


Eligibility = Admitted | NotYet | Refused


def facts_of(claimant: Claimant) -> EntrantFacts:
    return EntrantFacts(badges=claimant.badges, roles=claimant.roles)


def best_tier_at(drop: GatedDrop, facts: EntrantFacts, at: datetime) -> Tier | None:
    """The tier that admits the person with its window open at `at`, or None.

    Used by the re-check at close with the time the person entered: someone who entered in an
    early window they no longer qualify for has no tier, and loses the entry.
    """
    assert drop.opened_at is not None
    opened = [
        t for t in drop.spec.tiers if drop.opened_at + t.opens_after <= at and t.rule.admits(facts)
    ]
    return max(opened, key=lambda t: (t.weight, -t.opens_after)) if opened else None


def missing(drop: GatedDrop, facts: EntrantFacts) -> tuple[Rule, ...]:
    """What each tier asks for that the person misses, when no exclusion bars them."""
    if any(t.rule.barred(facts) for t in drop.spec.tiers):
        return ()
    found = [m for t in drop.spec.tiers if (m := t.rule.missing(facts))]
    return tuple(dict.fromkeys(found))


def exclusions(drop: GatedDrop, facts: EntrantFacts) -> tuple[Exclusion, ...]:
    """The exclusions that bar the person from the drop's tiers, once each."""
    found = [e for t in drop.spec.tiers if (e := t.rule.barring(facts))]
    return tuple(Exclusion(e.item, _won_ago(e.item, facts)) for e in dict.fromkeys(found))


def _won_ago(item: Node, facts: EntrantFacts) -> timedelta | None:
    if isinstance(item, Condition) and item.kind is ConditionKind.WON_WITHIN:
        return facts.last_won(item.value)
    return None


def refusal(drop: GatedDrop, facts: EntrantFacts) -> str:
    """Why no tier admits the person: the exclusion that bars them ("you won a drop 3 days
    ago; winners wait 30 days"), else what every tier asks for that they miss."""
    barred = [b for t in drop.spec.tiers if (b := t.rule.barred(facts))]
    if barred:
        return "; ".join(dict.fromkeys(barred))
    missing = [m for t in drop.spec.tiers if (m := t.rule.unmet(facts))]
    return f"this drop is for {' or '.join(dict.fromkeys(missing))}"


def eligibility(drop: GatedDrop, facts: EntrantFacts, now: datetime) -> Eligibility:
    """The best open tier that admits the person: highest weight, then earliest window."""
    assert drop.opened_at is not None, "eligibility is only asked of an opened drop"
    matching = [t for t in drop.spec.tiers if t.rule.admits(facts)]
    if not matching:
        return Refused(refusal(drop, facts), missing(drop, facts), exclusions(drop, facts))
    opened = [t for t in matching if drop.opened_at + t.opens_after <= now]
    if opened:
        return Admitted(max(opened, key=lambda t: (t.weight, -t.opens_after)))
    first = min(matching, key=lambda t: t.opens_after)
    open_now = [t for t in drop.spec.tiers if drop.opened_at + t.opens_after <= now]
    return NotYet(
        tier=first,
        opens_at=drop.opened_at + first.opens_after,
        early_access_for=" and ".join(t.rule.describe() for t in open_now),
        open_rules=tuple(t.rule for t in open_now),
    )
