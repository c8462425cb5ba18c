"""A season: the episodes of one series in one community, reported together.

The report is computed here, purely, from counts the store answers in a few aggregate queries
(`SeasonReads.counts`): a season of 50 episodes and half a million entries is never read entry
by entry. What the store needs to count by is planned here too (`plan`): the moments each
episode's conversion and retention windows end.

Definitions (the README's "Seasons" section says the same):

- an episode is a drop of the series that closed (not cancelled), in the order they closed;
- entrants: people with an entry; new ones never entered an earlier drop of the community,
  returning ones did; pass holders had won a unit of an earlier episode (what a `series:` rule
  lets in);
- conversion at 24 h / 72 h: codes redeemed by then over units allocated by then;
- repeat rate: entrants of an episode who entered the previous episode too, over the entrants
  of every episode but the first;
- retention at 7 / 30 / 90 days: entrants of an episode who entered any drop of the community
  again after its close, up to the same wall-clock time 7 / 30 / 90 days later in the
  community's time zone (an entry at exactly that time counts); an episode whose window has
  not ended yet is left out of that figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.drops.experiments import Arm, Comparison, Ratio, compare
from bot.drops.kpis import GUARANTEED, TierFigures
from bot.drops.lift import AudienceReads, EpisodeLift, lift_payload, lifts_of
from bot.drops.model import Drop, DropState
from bot.kernel.errors import DropError

CONVERSION_HOURS = (24, 72)
RETENTION_DAYS = (7, 30, 90)


class UnknownSeries(DropError):
    """No closed episode carries that series name (in that community)."""


class SeveralCommunities(UnknownSeries):
    """The series name runs in more than one community: the caller must name one."""


@dataclass(frozen=True, slots=True)
class EpisodeWindows:
    """When an episode's windows end: what the store counts up to."""

    drop_id: int
    order: int  # 0 for the first episode of the season
    closed_at: datetime
    conversion_until: tuple[datetime, ...]  # one per CONVERSION_HOURS
    retention_until: tuple[datetime, ...]  # one per RETENTION_DAYS


@dataclass(frozen=True, slots=True)
class EpisodeCounts:
    """What the store counts of one episode."""

    drop_id: int
    entrants: int = 0
    returning: int = 0  # entered an earlier drop of the community
    pass_holders: int = 0  # had won a unit of an earlier episode
    repeat: int = 0  # entered the previous episode too
    retained: tuple[int, ...] = (0, 0, 0)  # entered again within each retention window
    winners: int = 0  # units allocated, however late
    winners_by: tuple[int, ...] = (0, 0)  # allocated by each conversion time
    redeemed_by: tuple[int, ...] = (0, 0)  # redeemed by each conversion time
    redeemed: int = 0
    order_value_cents: int = 0
    orders_with_value: int = 0


@dataclass(frozen=True, slots=True)
class TierCounts:
    tier: str  # or GUARANTEED for units given from guaranteed lists
    entries: int  # entries in the draw, over the season
    first_winners: int  # rerolls pass on a unit someone else won: not counted
    weight: int  # the draw weight of those entries


@dataclass(frozen=True, slots=True)
class SeasonCounts:
    episodes: tuple[EpisodeCounts, ...]
    distinct_winners: int
    repeat_winners: int  # won in two episodes or more
    tiers: tuple[TierCounts, ...]


class SeasonReads(Protocol):
    """The store's side of a season report: episodes, and counts over them."""

    def episodes(self, series: str, channel: str | None) -> list[Drop]:
        """Every drop of `series` (in `channel`, or in any channel when None)."""
        ...

    def counts(self, channel: str, windows: Sequence[EpisodeWindows]) -> SeasonCounts: ...


@dataclass(frozen=True, slots=True)
class EpisodeFigures:
    drop_id: int
    drop: str
    title: str
    closed_at: datetime
    variant: str
    supply: int
    entrants: int
    new: int
    returning: int
    pass_holders: int
    repeat: Ratio | None  # None for the first episode
    winners: int
    conversion: tuple[Ratio, ...]  # at CONVERSION_HOURS
    retention: tuple[Ratio | None, ...]  # at RETENTION_DAYS; None while the window is open
    redeemed: int
    order_value_cents: int
    orders_with_value: int

    def funnel(self) -> tuple[tuple[str, int], ...]:
        return (("entrants", self.entrants), ("winners", self.winners), ("redeemed", self.redeemed))


@dataclass(frozen=True, slots=True)
class SeasonReport:
    series: str
    channel: str
    time_zone: str
    computed_at: datetime
    episodes: tuple[EpisodeFigures, ...]
    repeat_rate: Ratio
    retention: tuple[Ratio, ...]  # pooled over the episodes whose window has ended
    distinct_winners: int
    repeat_winners: int
    fairness: tuple[TierFigures, ...]
    experiments: tuple[Comparison, ...]
    # Subscriber lift per episode; None when lift is off or the community was never listened to.
    lift: tuple[EpisodeLift, ...] | None = None

    def to_payload(self) -> dict[str, Any]:
        """The report as JSON-safe values (`fairdrop report --series --json`)."""
        return {
            "series": self.series,
            "channel": self.channel,
            "time_zone": self.time_zone,
            "computed_at": self.computed_at.isoformat(),
            "episodes": [_episode_payload(e) for e in self.episodes],
            "repeat_rate": self.repeat_rate.to_payload(),
            "retention": {
                f"{days}d": r.to_payload()
                for days, r in zip(RETENTION_DAYS, self.retention, strict=True)
            },
            "distinct_winners": self.distinct_winners,
            "repeat_winners": self.repeat_winners,
            "fairness": [t.to_payload() for t in self.fairness],
            "experiments": [c.to_payload() for c in self.experiments],
            "lift": lift_payload(self.lift),
        }


def episodes_of(drops: Sequence[Drop], series: str) -> list[Drop]:
    """The season's episodes: drops that closed and were not cancelled, in closing order.

    UnknownSeries if there are none, or if they run in more than one community (name one).
    """
    closed = [
        d
        for d in drops
        if d.spec.series == series
        and d.closed_at is not None
        and d.state is not DropState.CANCELLED
    ]
    channels = sorted({d.spec.channel for d in closed})
    if not closed:
        raise UnknownSeries("refusal-season-unknown", series=series)
    if len(channels) > 1:
        raise SeveralCommunities(
            "refusal-season-several", series=series, allowed=", ".join(channels)
        )
    return sorted(closed, key=lambda d: (d.closed_at, d.id))


def plan(episodes: Sequence[Drop], time_zone: str) -> list[EpisodeWindows]:
    """Each episode's window ends. Retention windows are whole days on the community's wall
    clock: 7 days after a Saturday 20:00 close is the next-but-one Saturday 20:00 there, even
    if the clocks changed in between (167 or 169 hours)."""
    zone = ZoneInfo(time_zone)
    windows = []
    for order, drop in enumerate(episodes):
        closed = drop.closed_at
        assert closed is not None  # episodes_of keeps closed drops only
        local = closed.astimezone(zone)
        windows.append(
            EpisodeWindows(
                drop_id=drop.id,
                order=order,
                closed_at=closed,
                conversion_until=tuple(closed + timedelta(hours=h) for h in CONVERSION_HOURS),
                # Aware arithmetic on a ZoneInfo datetime is wall-clock arithmetic.
                retention_until=tuple(
                    (local + timedelta(days=d)).astimezone(UTC) for d in RETENTION_DAYS
                ),
            )
        )
    return windows


def read_season(
    reads: SeasonReads,
    series: str,
    channel: str | None,
    *,
    time_zone: str,
    now: datetime,
    variants: Mapping[str, str] | None = None,
    audience: AudienceReads | None = None,
    lift_baseline: Mapping[str, float] | None = None,
) -> SeasonReport:
    """Find the season's episodes, have the store count them, and report (one read
    transaction's worth: `reads` is the unit of work's `seasons`, `audience` its subscription
    and follow counts when lift is on)."""
    episodes = episodes_of(reads.episodes(series, channel), series)
    windows = plan(episodes, time_zone)
    community = episodes[0].spec.channel
    counts = reads.counts(community, windows)
    report = season_report(
        series, episodes, windows, counts, time_zone=time_zone, now=now, variants=variants
    )
    if audience is None:
        return report
    lifts = lifts_of(
        audience,
        community,
        [(w.drop_id, w.closed_at) for w in windows],
        time_zone=time_zone,
        now=now,
        configured=lift_baseline,
    )
    if not lifts:
        return report
    by_drop = {d.id: d.name for d in episodes}
    episode_lifts = tuple(
        EpisodeLift(by_drop[w.drop_id], w.closed_at, lifts[w.drop_id]) for w in windows
    )
    return replace(report, lift=episode_lifts)


def season_report(
    series: str,
    episodes: Sequence[Drop],
    windows: Sequence[EpisodeWindows],
    counts: SeasonCounts,
    *,
    time_zone: str,
    now: datetime,
    variants: Mapping[str, str] | None = None,
) -> SeasonReport:
    """The season's figures from the store's counts. `variants` names each episode's supply
    experiment arm by drop name; episodes it does not name are in no arm."""
    by_drop = {c.drop_id: c for c in counts.episodes}
    figures = []
    for drop, window in zip(episodes, windows, strict=True):
        c = by_drop.get(drop.id, EpisodeCounts(drop.id))
        figures.append(
            EpisodeFigures(
                drop_id=drop.id,
                drop=drop.name,
                title=drop.spec.title,
                closed_at=window.closed_at,
                variant=(variants or {}).get(drop.name, ""),
                supply=drop.spec.supply,
                entrants=c.entrants,
                new=c.entrants - c.returning,
                returning=c.returning,
                pass_holders=c.pass_holders,
                repeat=Ratio(c.repeat, c.entrants) if window.order else None,
                winners=c.winners,
                conversion=tuple(
                    Ratio(r, w) for r, w in zip(c.redeemed_by, c.winners_by, strict=True)
                ),
                retention=tuple(
                    Ratio(kept, c.entrants) if until <= now else None
                    for kept, until in zip(c.retained, window.retention_until, strict=True)
                ),
                redeemed=c.redeemed,
                order_value_cents=c.order_value_cents,
                orders_with_value=c.orders_with_value,
            )
        )
    return SeasonReport(
        series=series,
        channel=episodes[0].spec.channel if episodes else "",
        time_zone=time_zone,
        computed_at=now,
        episodes=tuple(figures),
        repeat_rate=_pooled(e.repeat for e in figures),
        retention=tuple(
            _pooled(e.retention[i] for e in figures) for i in range(len(RETENTION_DAYS))
        ),
        distinct_winners=counts.distinct_winners,
        repeat_winners=counts.repeat_winners,
        fairness=_fairness(episodes, counts.tiers),
        experiments=_experiments(figures),
    )


# What a supply experiment compares: conversion at 72 h and retention at 30 days.
EXPERIMENT_FIGURES = (
    ("conversion at 72 h", 1, "conversion"),
    ("retention at 30 days", 1, "retention"),
)


def _experiments(figures: Sequence[EpisodeFigures]) -> tuple[Comparison, ...]:
    """Each arm against the first arm named (in episode order), figure by figure, pooled over
    the arm's episodes."""
    arms = list(dict.fromkeys(e.variant for e in figures if e.variant))
    comparisons = []
    for label, index, kind in EXPERIMENT_FIGURES:
        pooled = []
        for arm in arms:
            mine = [e for e in figures if e.variant == arm]
            ratios = [
                e.conversion[index] if kind == "conversion" else e.retention[index] for e in mine
            ]
            pooled.append(Arm(arm, len(mine), _pooled(ratios)))
        comparisons += [compare(label, pooled[0], other) for other in pooled[1:]]
    return tuple(comparisons)


def _pooled(ratios: Any) -> Ratio:
    known = [r for r in ratios if r is not None]
    return Ratio(sum(r.part for r in known), sum(r.whole for r in known))


def _fairness(episodes: Sequence[Drop], tiers: Sequence[TierCounts]) -> tuple[TierFigures, ...]:
    """Each tier's share of the season's first winners against its share of its entries, in
    the episodes' tier order (then any other tier, then the guaranteed row)."""
    order = list(dict.fromkeys(t.name for d in episodes for t in d.spec.tiers))
    found = {t.tier: t for t in tiers}
    names = [n for n in order if n in found]
    names += sorted(set(found) - set(names) - {GUARANTEED})
    if GUARANTEED in found:
        names.append(GUARANTEED)
    entries = sum(t.entries for t in tiers)
    won = sum(t.first_winners for t in tiers)
    weight = sum(t.weight for t in tiers)
    return tuple(
        TierFigures(
            tier=name,
            entrants=found[name].entries,
            winners=found[name].first_winners,
            entry_share=found[name].entries / entries if entries else 0.0,
            winner_share=found[name].first_winners / won if won else 0.0,
            weight_share=found[name].weight / weight if weight else 0.0,
        )
        for name in names
    )


def _ratio(r: Ratio | None) -> dict[str, Any] | None:
    return None if r is None else r.to_payload()


def _episode_payload(e: EpisodeFigures) -> dict[str, Any]:
    return {
        "drop_id": e.drop_id,
        "drop": e.drop,
        "title": e.title,
        "closed_at": e.closed_at.isoformat(),
        "variant": e.variant,
        "supply": e.supply,
        "entrants": e.entrants,
        "new": e.new,
        "returning": e.returning,
        "pass_holders": e.pass_holders,
        "repeat": _ratio(e.repeat),
        "winners": e.winners,
        "conversion": {
            f"{h}h": r.to_payload() for h, r in zip(CONVERSION_HOURS, e.conversion, strict=True)
        },
        "retention": {f"{d}d": _ratio(r) for d, r in zip(RETENTION_DAYS, e.retention, strict=True)},
        "redeemed": e.redeemed,
        "order_value_cents": e.order_value_cents,
        "orders_with_value": e.orders_with_value,
    }
