"""Fairness by tier: each tier's share of the winners against its share of the entries.

A community asks "did subscribers get more than their share?". The answer compares, per tier,
the entries in the draw with the units the draw (or first come) gave them. Guaranteed units are
given before the draw, from lists, so they get a row of their own rather than a tier's credit;
rerolls pass on a unit someone else won, so only first winners count here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.drops.model import Allocation, Entry

GUARANTEED = "guaranteed"  # the row for units given from guaranteed lists before the draw


@dataclass(frozen=True, slots=True)
class TierFigures:
    tier: str
    entrants: int  # entries in the draw
    winners: int  # first winners: drawn, first come, or (for its own row) guaranteed
    entry_share: float  # this tier's share of all entries in the draw
    winner_share: float  # this tier's share of all first winners
    weight_share: float  # this tier's share of the draw weight: what a weighted draw aims at

    def to_payload(self) -> dict[str, Any]:
        """The row as JSON-safe values (the summary's and the season's `fairness`)."""
        return {
            "tier": self.tier,
            "entrants": self.entrants,
            "winners": self.winners,
            "entry_share": self.entry_share,
            "winner_share": self.winner_share,
            "weight_share": self.weight_share,
        }


def fairness(
    tier_order: Sequence[str], entries: Sequence[Entry], allocations: Sequence[Allocation]
) -> tuple[TierFigures, ...]:
    """One row per tier (in `tier_order`, then any other tier entries name), and a
    `guaranteed` row when units went to guaranteed lists.

    `entries` are the entries in the draw (the ones the re-check at close did not leave out);
    `allocations` every allocation of the drop to count (rerolls are skipped here).
    """
    tier_of = {e.identity: e.tier for e in entries}
    entered = Counter(e.tier for e in entries)
    weight: Counter[str] = Counter()
    for e in entries:
        weight[e.tier] += e.drawn_weight if e.drawn_weight is not None else e.weight
    won = Counter(
        GUARANTEED if a.via == GUARANTEED else tier_of.get(a.identity, "?")
        for a in allocations
        if a.via != "reroll"
    )
    names = list(dict.fromkeys(tier_order))
    names += sorted((set(entered) | set(won)) - set(names) - {GUARANTEED})
    if won[GUARANTEED]:
        names.append(GUARANTEED)
    total_entries, total_won, total_weight = len(entries), won.total(), weight.total()
    return tuple(
        TierFigures(
            tier=name,
            entrants=entered[name],
            winners=won[name],
            entry_share=_share(entered[name], total_entries),
            winner_share=_share(won[name], total_won),
            weight_share=_share(weight[name], total_weight),
        )
        for name in names
    )


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
