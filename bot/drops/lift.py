"""Subscriber and follower lift: new subscriptions and follows in the 72 hours after a drop,
beside a baseline.

A comparison, not a causal claim: a drop is usually run during a stream, and a stream brings
subscriptions and follows of its own. The baseline is the same hours of the week in the four
weeks before (the same weekday and wall-clock hours in the community's time zone, so across a
clock change a window can be 71 or 73 hours long), averaged; or a number the streamer
configured per 72 hours, when their history is too short or too unusual to compare against.

The store keeps counts only, per community, per kind and per UTC hour: nothing about who
subscribed or followed. A drop's window is counted in whole hours, from the hour it closed in.
Weeks before fairdrop started listening in the community do not count as baseline (they would
read as zero); when none of the four weeks was heard, the baseline is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

LIFT_HOURS = 72
BASELINE_WEEKS = 4
# New subscriptions (gifted ones too), resubscriptions shared in chat, and follows.
SUBSCRIPTIONS, RESUBSCRIPTIONS, FOLLOWS = "subscriptions", "resubscriptions", "follows"
KINDS = (SUBSCRIPTIONS, RESUBSCRIPTIONS, FOLLOWS)
CAVEAT = "a comparison with the same hours of earlier weeks, not proof that the drop caused it"


@dataclass(frozen=True, slots=True)
class Span:
    """Hours [start, end) in UTC, both on the hour."""

    start: datetime
    end: datetime

    @property
    def hours(self) -> int:
        return int((self.end - self.start) / timedelta(hours=1))


class AudienceReads(Protocol):
    """The store's side of lift: hourly counts of one community."""

    def listening_since(self, channel: str) -> datetime | None:
        """When fairdrop first listened to the community's subscriptions and follows."""
        ...

    def total(self, channel: str, kind: str, span: Span) -> int:
        """How many events of `kind` were counted in `span`."""
        ...


class Audience(AudienceReads, Protocol):
    """The store's record of a community's subscriptions and follows."""

    def listening(self, channel: str, at: datetime) -> None:
        """Fairdrop listens to the community from `at` on (the first time is kept)."""
        ...

    def count(self, channel: str, kind: str, at: datetime) -> None:
        """One more event of `kind` in the hour of `at`."""
        ...


@dataclass(frozen=True, slots=True)
class Lift:
    """One kind of event after one drop, beside its baseline."""

    kind: str
    after: int  # counted in the window after the close
    baseline: float | None  # expected in such a window; None when unknown
    weeks: int  # the earlier weeks the baseline averages (0 when configured or unknown)
    complete: bool  # the window after the close is over

    @property
    def difference(self) -> float | None:
        return None if self.baseline is None else self.after - self.baseline

    def to_payload(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "after": self.after,
            "baseline": self.baseline,
            "baseline_weeks": self.weeks,
            "difference": self.difference,
            "complete": self.complete,
        }


def _hour(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def after_close(closed_at: datetime) -> Span:
    """The window after a drop: from the hour it closed in, `LIFT_HOURS` hours."""
    start = _hour(closed_at)
    return Span(start, start + timedelta(hours=LIFT_HOURS))


def baseline_spans(closed_at: datetime, time_zone: str, weeks: int = BASELINE_WEEKS) -> list[Span]:
    """The same hours of the week in each of the `weeks` weeks before, nearest first: the same
    weekday and wall-clock hours in `time_zone` (71, 72 or 73 hours across a clock change)."""
    zone = ZoneInfo(time_zone)
    window = after_close(closed_at)
    start, end = window.start.astimezone(zone), window.end.astimezone(zone)
    spans = []
    for week in range(1, weeks + 1):
        # Aware arithmetic on a ZoneInfo datetime is wall-clock arithmetic.
        back = timedelta(weeks=week)
        spans.append(
            Span(_hour((start - back).astimezone(UTC)), _hour((end - back).astimezone(UTC)))
        )
    return spans


def lift_after(
    reads: AudienceReads,
    channel: str,
    closed_at: datetime,
    *,
    time_zone: str,
    now: datetime,
    configured: Mapping[str, float] | None = None,
) -> tuple[Lift, ...]:
    """Each kind's count after the drop beside its baseline: `configured[kind]` (expected per
    `LIFT_HOURS` hours) when given, else the mean of the earlier weeks heard in full."""
    window = after_close(closed_at)
    since = reads.listening_since(channel)
    heard = [
        s for s in baseline_spans(closed_at, time_zone) if since is not None and since <= s.start
    ]
    lifts = []
    for kind in KINDS:
        after = reads.total(channel, kind, window)
        if configured and kind in configured:
            baseline: float | None = float(configured[kind])
            weeks = 0
        elif heard:
            baseline = sum(reads.total(channel, kind, s) for s in heard) / len(heard)
            weeks = len(heard)
        else:
            baseline, weeks = None, 0
        lifts.append(Lift(kind, after, baseline, weeks, complete=window.end <= now))
    return tuple(lifts)


def lifts_of(
    reads: AudienceReads,
    channel: str,
    closes: Sequence[tuple[int, datetime]],
    *,
    time_zone: str,
    now: datetime,
    configured: Mapping[str, float] | None = None,
) -> dict[int, tuple[Lift, ...]]:
    """`lift_after` for each (drop id, close) of a season; empty when the community was never
    listened to (lift is off)."""
    if reads.listening_since(channel) is None:
        return {}
    return {
        drop_id: lift_after(
            reads, channel, closed, time_zone=time_zone, now=now, configured=configured
        )
        for drop_id, closed in closes
    }


@dataclass(frozen=True, slots=True)
class EpisodeLift:
    """An episode's lift, kind by kind (`KINDS` order)."""

    drop: str
    closed_at: datetime
    lifts: tuple[Lift, ...]

    def to_payload(self) -> dict[str, Any]:
        return {
            "drop": self.drop,
            "closed_at": self.closed_at.isoformat(),
            "kinds": [lift.to_payload() for lift in self.lifts],
        }


def lift_payload(episodes: Sequence[EpisodeLift] | None) -> dict[str, Any] | None:
    """A season's lift as JSON-safe values; None when lift is off."""
    if episodes is None:
        return None
    return {
        "hours": LIFT_HOURS,
        "baseline_weeks": BASELINE_WEEKS,
        "caveat": CAVEAT,
        "episodes": [e.to_payload() for e in episodes],
    }
