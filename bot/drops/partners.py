"""Which codes a merch partner may check and redeem: the drops and series their key covers."""

from __future__ import annotations

from dataclasses import dataclass

from bot.drops.model import Drop


@dataclass(frozen=True, slots=True)
class PartnerScope:
    """A partner key covers these drops (by id) and every drop of these series."""

    drop_ids: frozenset[int] = frozenset()
    series: frozenset[str] = frozenset()

    def covers(self, drop: Drop) -> bool:
        if drop.id in self.drop_ids:
            return True
        return bool(drop.spec.series) and drop.spec.series in self.series

    def describe(self) -> str:
        """One line for listings: `drops 4, 7; series spring-tour`."""
        parts = []
        if self.drop_ids:
            parts.append("drops " + ", ".join(str(i) for i in sorted(self.drop_ids)))
        if self.series:
            parts.append("series " + ", ".join(sorted(self.series)))
        return "; ".join(parts) or "nothing"
