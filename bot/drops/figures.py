"""A drop's conversion summary as figures, and those figures as JSON-safe values.

The figures travel in the outbox (as a `Summary` notice) and in `fairdrop report --json`; they are
computed in `bot.drops.summary`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.drops.kpis import TierFigures

Counts = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class ConversionSummary:
    drop_id: int
    drop: str  # the drop's name
    title: str
    channel: str
    mode: str
    supply: int
    label: str  # "24h", "72h": how long after the close; "now" for as of computing it
    closed_at: datetime
    as_of: datetime  # nothing that happened after this is counted
    computed_at: datetime
    entrants: int  # unique people with an entry
    by_tier: Counts
    by_platform: Counts
    new: int  # entrants who never entered an earlier drop of the channel
    returning: int
    kept_out: Counts  # people the anti-bot rules or a deny list kept from entering, by reason
    left_out: Counts  # entrants the re-check at close left out of the draw, by reason
    eligible: int  # entrants in the draw
    winners: int
    delivered: int
    viewed: int
    redeemed: int
    rerolls: int  # units passed on to the waitlist because the winner did not claim in time
    median_claim_seconds: float | None  # allocated → code fetched
    median_redeem_seconds: float | None  # code shown (or allocated, if never shown) → redeemed
    revenue_cents: int  # order values partners reported with their redemptions
    orders_with_value: int
    fairness: tuple[TierFigures, ...]

    @property
    def final(self) -> bool:
        """False if computed before its as-of time: later events may still change it."""
        return self.as_of <= self.computed_at

    @property
    def redeemed_per_winner(self) -> float | None:
        return self.redeemed / self.winners if self.winners else None

    @property
    def redeemed_per_viewed(self) -> float | None:
        return self.redeemed / self.viewed if self.viewed else None

    def funnel(self) -> Counts:
        """The steps from entry to shop, each counted as above, for the chart."""
        return (
            ("entrants", self.entrants),
            ("eligible", self.eligible),
            ("winners", self.winners),
            ("delivered", self.delivered),
            ("viewed", self.viewed),
            ("redeemed", self.redeemed),
        )

    def to_payload(self) -> dict[str, Any]:
        """The figures as JSON-safe values: what the outbox carries and `--json` writes."""
        return {
            "drop_id": self.drop_id,
            "drop": self.drop,
            "title": self.title,
            "channel": self.channel,
            "mode": self.mode,
            "supply": self.supply,
            "label": self.label,
            "closed_at": self.closed_at.isoformat(),
            "as_of": self.as_of.isoformat(),
            "computed_at": self.computed_at.isoformat(),
            "final": self.final,
            "entrants": self.entrants,
            "by_tier": _pairs(self.by_tier),
            "by_platform": _pairs(self.by_platform),
            "new": self.new,
            "returning": self.returning,
            "kept_out": _pairs(self.kept_out),
            "left_out": _pairs(self.left_out),
            "eligible": self.eligible,
            "winners": self.winners,
            "delivered": self.delivered,
            "viewed": self.viewed,
            "redeemed": self.redeemed,
            "rerolls": self.rerolls,
            "redeemed_per_winner": self.redeemed_per_winner,
            "redeemed_per_viewed": self.redeemed_per_viewed,
            "median_claim_seconds": self.median_claim_seconds,
            "median_redeem_seconds": self.median_redeem_seconds,
            "revenue_cents": self.revenue_cents,
            "orders_with_value": self.orders_with_value,
            "fairness": [t.to_payload() for t in self.fairness],
            "funnel": _pairs(self.funnel()),
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> ConversionSummary:
        """Read a payload written by `to_payload` (back from JSON); ValueError if it is not one."""
        try:
            return cls(
                drop_id=_int(payload["drop_id"]),
                drop=str(payload["drop"]),
                title=str(payload["title"]),
                channel=str(payload["channel"]),
                mode=str(payload["mode"]),
                supply=_int(payload["supply"]),
                label=str(payload["label"]),
                closed_at=datetime.fromisoformat(str(payload["closed_at"])),
                as_of=datetime.fromisoformat(str(payload["as_of"])),
                computed_at=datetime.fromisoformat(str(payload["computed_at"])),
                entrants=_int(payload["entrants"]),
                by_tier=_counts(payload["by_tier"]),
                by_platform=_counts(payload["by_platform"]),
                new=_int(payload["new"]),
                returning=_int(payload["returning"]),
                kept_out=_counts(payload["kept_out"]),
                left_out=_counts(payload["left_out"]),
                eligible=_int(payload["eligible"]),
                winners=_int(payload["winners"]),
                delivered=_int(payload["delivered"]),
                viewed=_int(payload["viewed"]),
                redeemed=_int(payload["redeemed"]),
                rerolls=_int(payload["rerolls"]),
                median_claim_seconds=_seconds(payload["median_claim_seconds"]),
                median_redeem_seconds=_seconds(payload["median_redeem_seconds"]),
                revenue_cents=_int(payload["revenue_cents"]),
                orders_with_value=_int(payload["orders_with_value"]),
                fairness=tuple(_tier(t) for t in _list(payload["fairness"])),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a conversion summary: {error}") from None


def _pairs(counts: Counts) -> list[list[object]]:
    return [[name, count] for name, count in counts]


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{value!r} is not a whole number")
    return value


def _seconds(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{value!r} is not a number of seconds")
    return float(value)


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(f"{value!r} is not a list")
    return value


def _counts(value: object) -> Counts:
    pairs = []
    for pair in _list(value):
        name, count = _list(pair)
        pairs.append((str(name), _int(count)))
    return tuple(pairs)


def _share(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{value!r} is not a share")
    return float(value)


def _tier(value: object) -> TierFigures:
    if not isinstance(value, dict):
        raise TypeError(f"{value!r} is not a tier's figures")
    return TierFigures(
        tier=str(value["tier"]),
        entrants=_int(value["entrants"]),
        winners=_int(value["winners"]),
        entry_share=_share(value["entry_share"]),
        winner_share=_share(value["winner_share"]),
        weight_share=_share(value["weight_share"]),
    )
