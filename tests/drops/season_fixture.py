"""A hand-built season with known answers, stored through the repositories of any backend.

Community `tour-chan`, time zone Europe/Berlin (clocks go forward on 29 March 2026), series
`tour`:

- drop `warmup` (no series) closes 1 March: carol enters it;
- episode 1 closes Wed 25 March 19:00 UTC (20:00 CET); alice (subs), bob and carol enter;
  alice and bob are drawn; bob lets his unit expire and it is rerolled to carol 25 h after the
  close; alice redeems 2 h after the close (order of 25.00), carol 50 h after it;
- episode 2 closes Wed 1 April 18:30 UTC; alice enters at exactly 18:00 UTC, 7 wall-clock days
  after episode 1's close (20:00 CEST: 167 hours, not 168), bob one second later, dave too;
  dave and alice are drawn;
- drop `afterparty` (no series) closes 10 April: dave enters it at exactly 7 days after
  episode 2's close; bob enters a drop of another community the day after episode 2;
- episode 3 closes Wed 20 May 19:00 UTC: carol, erin, and frank (left out at close) enter;
  erin is drawn.

Looked at on 1 July 2026, 12:00 UTC: episode 3's 90-day window has not ended.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.drops.model import (
    Allocation,
    AllocationStatus,
    Drop,
    DropSpec,
    DropState,
    Entry,
    Redemption,
)
from bot.drops.ports import UnitOfWork
from bot.gating.rules import EVERYONE, Tier, parse_rule

CHANNEL, SERIES, ZONE = "tour-chan", "tour", "Europe/Berlin"
NOW = datetime(2026, 7, 1, 12, tzinfo=UTC)
E1_CLOSE = datetime(2026, 3, 25, 19, tzinfo=UTC)
E2_CLOSE = datetime(2026, 4, 1, 18, 30, tzinfo=UTC)
E3_CLOSE = datetime(2026, 5, 20, 19, tzinfo=UTC)
TIERS = (
    Tier("subs", parse_rule(["badge:subscriber"]), timedelta(0), 2),
    Tier("public", EVERYONE, timedelta(minutes=2), 1),
)


def _drop(
    uow: UnitOfWork, name: str, closed: datetime, series: str = "", channel: str = CHANNEL
) -> Drop:
    spec = DropSpec(
        name=name, title=f"The {name}", supply=2, tiers=TIERS, series=series, channel=channel
    )
    drop = Drop(
        id=0,
        spec=spec,
        state=DropState.SETTLED,
        created_at=closed - timedelta(days=2),
        seed_hex="00" * 32,
        commitment="c" * 64,
        pseudonym_salt="11" * 16,
        opened_at=closed - timedelta(hours=1),
        closes_at=closed,
        closed_at=closed,
    )
    return uow.drops.add(drop)


def _enter(
    drop: Drop, who: str, at: datetime, tier: str = "public", out: str | None = None
) -> Entry:
    weight = 2 if tier == "subs" else 1
    return Entry(drop.id, who, "twitch", who, tier, weight, at, excluded_reason=out)


def _won(
    drop: Drop,
    serial: int,
    who: str,
    after: timedelta = timedelta(0),
    via: str = "draw",
    status: AllocationStatus = AllocationStatus.CLAIMED,
) -> Allocation:
    at = drop.closed_at + after if drop.closed_at else NOW
    return Allocation(drop.id, serial, who, who, "twitch", at, at + timedelta(days=1), via, status)


def build_season(uow: UnitOfWork) -> dict[str, int]:
    """Store the season; the drops' ids by name."""
    warmup = _drop(uow, "warmup", datetime(2026, 3, 1, 20, tzinfo=UTC))
    e1 = _drop(uow, "ep1", E1_CLOSE, SERIES)
    e2 = _drop(uow, "ep2", E2_CLOSE, SERIES)
    elsewhere = _drop(uow, "ep2", E2_CLOSE + timedelta(days=1), SERIES, channel="other-chan")
    after = _drop(uow, "afterparty", datetime(2026, 4, 10, 20, tzinfo=UTC))
    e3 = _drop(uow, "ep3", E3_CLOSE, SERIES)
    hour = timedelta(hours=1)
    uow.entries.add_many(
        [
            _enter(warmup, "carol", datetime(2026, 3, 1, 19, tzinfo=UTC)),
            _enter(e1, "alice", E1_CLOSE - hour, "subs"),
            _enter(e1, "bob", E1_CLOSE - hour),
            _enter(e1, "carol", E1_CLOSE - hour),
            _enter(e2, "alice", datetime(2026, 4, 1, 18, tzinfo=UTC), "subs"),
            _enter(e2, "bob", datetime(2026, 4, 1, 18, 0, 1, tzinfo=UTC)),
            _enter(e2, "dave", E2_CLOSE - hour),
            _enter(elsewhere, "bob", E2_CLOSE + timedelta(days=1) - hour),
            _enter(after, "dave", datetime(2026, 4, 8, 18, 30, tzinfo=UTC)),
            _enter(e3, "carol", E3_CLOSE - hour),
            _enter(e3, "erin", E3_CLOSE - hour),
            _enter(e3, "frank", E3_CLOSE - hour),
        ]
    )
    # The re-check at close leaves frank out (as the close records it).
    (frank,) = [e for e in uow.entries.for_drop(e3.id) if e.identity == "frank"]
    assert frank.id is not None
    uow.entries.mark_checked(e3.id, [(frank.id, "frank", "left out: no longer a follower", None)])
    expired = AllocationStatus.EXPIRED
    uow.allocations.add_many(
        [
            _won(e1, 1, "alice"),
            _won(e1, 2, "bob", status=expired),
            _won(e1, 2, "carol", timedelta(hours=25), "reroll", AllocationStatus.PENDING),
            _won(e2, 1, "dave", status=AllocationStatus.PENDING),
            _won(e2, 2, "alice"),
            _won(e3, 1, "erin"),
        ]
    )
    uow.redemptions.add(Redemption(e1.id, 1, "code-a", E1_CLOSE + 2 * hour, "shop", 2500))
    uow.redemptions.add(Redemption(e1.id, 2, "code-c", E1_CLOSE + 50 * hour, "shop"))
    return {"ep1": e1.id, "ep2": e2.id, "ep3": e3.id}
