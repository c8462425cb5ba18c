"""A drop's figures, computed from what is stored: who entered, who won, what converted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.drops.model import Allocation, AllocationStatus, CodeRecord, Entry, Redemption


@dataclass(frozen=True, slots=True)
class TierFigures:
    tier: str
    entrants: int
    winners: int
    entry_share: float  # this tier's share of all entries
    winner_share: float  # this tier's share of all first-draw winners


@dataclass(frozen=True, slots=True)
class DropKpis:
    entrants: int
    entrants_by_platform: dict[str, int]
    tiers: tuple[TierFigures, ...]
    allocations: int  # live allocations: pending or claimed
    claimed: int
    expired: int
    rerolls: int
    codes_issued: int
    codes_delivered: int
    codes_redeemed: int
    revenue_cents: int

    @property
    def redemption_rate(self) -> float:
        return self.codes_redeemed / self.codes_delivered if self.codes_delivered else 0.0


def compute_kpis(
    entries: Sequence[Entry],
    allocations: Sequence[Allocation],
    codes: Sequence[CodeRecord],
    redemptions: Sequence[Redemption],
) -> DropKpis:
    tier_of = {e.identity: e.tier for e in entries}
    by_tier = Counter(e.tier for e in entries)
    first_winners = Counter(
        "guaranteed" if a.via == "guaranteed" else tier_of.get(a.identity, "?")
        for a in allocations
        if a.via != "reroll"
    )
    if first_winners.get("guaranteed"):
        by_tier["guaranteed"] += 0  # a row for units given from guaranteed lists
    total_winners = sum(first_winners.values())
    tiers = tuple(
        TierFigures(
            tier=tier,
            entrants=count,
            winners=first_winners.get(tier, 0),
            entry_share=count / len(entries) if entries else 0.0,
            winner_share=(first_winners.get(tier, 0) / total_winners) if total_winners else 0.0,
        )
        for tier, count in sorted(by_tier.items())
    )
    live = (AllocationStatus.PENDING, AllocationStatus.CLAIMED)
    return DropKpis(
        entrants=len(entries),
        entrants_by_platform=dict(Counter(e.platform for e in entries)),
        tiers=tiers,
        allocations=sum(a.status in live for a in allocations),
        claimed=sum(a.status is AllocationStatus.CLAIMED for a in allocations),
        expired=sum(a.status is AllocationStatus.EXPIRED for a in allocations),
        rerolls=sum(a.via == "reroll" for a in allocations),
        codes_issued=len(codes),
        codes_delivered=sum(c.delivered_at is not None for c in codes),
        codes_redeemed=len(redemptions),
        revenue_cents=sum(r.order_value_cents or 0 for r in redemptions),
    )
