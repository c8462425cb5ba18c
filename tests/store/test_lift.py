"""Subscriber and follower lift on hand-built hours, on every backend (memory, SQLite,
PostgreSQL): the window after a drop, the same weekday hours of the four weeks before on the
community's wall clock (a daylight-saving change included), weeks before listening left out, a
configured baseline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.drops.lift import (
    FOLLOWS,
    RESUBSCRIPTIONS,
    SUBSCRIPTIONS,
    Lift,
    Span,
    baseline_spans,
    lift_after,
)
from bot.drops.ports import UnitOfWork

NewUow = Callable[[], UnitOfWork]
ZONE = "Europe/Berlin"  # clocks go forward on Sunday 29 March 2026, 02:00 -> 03:00
H = timedelta(hours=1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("closed_at", "expected"),
    [
        # Wed 15 April, 20:40 CEST: every earlier week is summer time too; 72 hours each.
        (
            utc(2026, 4, 15, 18, 40),
            [
                (utc(2026, 4, 8, 18), utc(2026, 4, 11, 18)),
                (utc(2026, 4, 1, 18), utc(2026, 4, 4, 18)),
                (utc(2026, 3, 25, 19), utc(2026, 3, 28, 19)),  # CET: an hour later in UTC
                (utc(2026, 3, 18, 19), utc(2026, 3, 21, 19)),
            ],
        ),
        # Sat 4 April, 21:00 CEST: a week earlier the same Saturday 21:00 to Tuesday 21:00
        # was CET then CEST: 71 hours.
        (
            utc(2026, 4, 4, 19),
            [
                (utc(2026, 3, 28, 20), utc(2026, 3, 31, 19)),
                (utc(2026, 3, 21, 20), utc(2026, 3, 24, 20)),
                (utc(2026, 3, 14, 20), utc(2026, 3, 17, 20)),
                (utc(2026, 3, 7, 20), utc(2026, 3, 10, 20)),
            ],
        ),
    ],
)
def test_the_baseline_is_the_same_wall_clock_hours_of_the_four_weeks_before(
    closed_at: datetime, expected: list[tuple[datetime, datetime]]
) -> None:
    spans = baseline_spans(closed_at, ZONE)

    assert [(s.start, s.end) for s in spans] == expected
    assert spans[0].hours == (71 if closed_at == utc(2026, 4, 4, 19) else 72)


CLOSED = utc(2026, 4, 4, 19, 25)  # Saturday 21:25 CEST; the window starts at 19:00 UTC


def _listening(new_uow: NewUow, *since: datetime) -> None:
    with new_uow() as uow:
        for at in since:
            uow.audience.listening("chan", at)
        uow.commit()


def _count(new_uow: NewUow, events: list[tuple[str, datetime, int]]) -> None:
    with new_uow() as uow:
        for kind, at, n in events:
            for _ in range(n):
                uow.audience.count("chan", kind, at)
        uow.commit()


def _lift(new_uow: NewUow, configured: dict[str, float] | None = None) -> tuple[Lift, ...]:
    with new_uow() as uow:
        return lift_after(
            uow.audience,
            "chan",
            CLOSED,
            time_zone=ZONE,
            now=utc(2026, 5, 1),
            configured=configured,
        )


def test_counts_after_a_drop_are_compared_with_the_weeks_heard_before(new_uow: NewUow) -> None:
    # Heard from week 3 on; a later start changes nothing.
    _listening(new_uow, utc(2026, 3, 10), utc(2026, 4, 1))
    _count(
        new_uow,
        [
            (SUBSCRIPTIONS, utc(2026, 4, 4, 18, 59), 5),  # the hour before the close's hour
            (SUBSCRIPTIONS, utc(2026, 4, 4, 19, 0), 2),  # the close's hour: counted
            (SUBSCRIPTIONS, utc(2026, 4, 7, 18, 59), 4),  # the window's last hour
            (SUBSCRIPTIONS, utc(2026, 4, 7, 19, 0), 9),  # just after the window
            (FOLLOWS, utc(2026, 4, 5, 12), 10),
            # Week 1 before (Sat 28 March 20:00 UTC to Tue 31 March 19:00 UTC, 71 hours):
            (SUBSCRIPTIONS, utc(2026, 3, 28, 19, 59), 7),  # Saturday 20:59 CET: before it
            (SUBSCRIPTIONS, utc(2026, 3, 28, 20, 0), 1),
            (SUBSCRIPTIONS, utc(2026, 3, 31, 18, 30), 2),  # Tuesday 20:30 CEST: inside
            (SUBSCRIPTIONS, utc(2026, 3, 31, 19, 0), 8),  # Tuesday 21:00 CEST: after it
            (FOLLOWS, utc(2026, 3, 29, 1, 30), 4),  # the night the clocks went forward
            # Week 2 before: 21 to 24 March, 20:00 UTC.
            (SUBSCRIPTIONS, utc(2026, 3, 22, 10), 3),
            # Week 3 (14 March): heard from 10 March; week 4 (7 March) was not heard.
            (FOLLOWS, utc(2026, 3, 15, 10), 2),
            (SUBSCRIPTIONS, utc(2026, 3, 8, 10), 50),
        ],
    )

    subscriptions, resubscriptions, follows = _lift(new_uow)

    assert subscriptions == Lift(SUBSCRIPTIONS, after=6, baseline=2.0, weeks=3, complete=True)
    assert follows == Lift(FOLLOWS, after=10, baseline=2.0, weeks=3, complete=True)
    assert resubscriptions == Lift(RESUBSCRIPTIONS, after=0, baseline=0.0, weeks=3, complete=True)
    assert subscriptions.difference == 4.0


def test_a_configured_baseline_replaces_the_weeks_before(new_uow: NewUow) -> None:
    _listening(new_uow, CLOSED - 60 * H)  # no earlier week was heard
    _count(new_uow, [(FOLLOWS, CLOSED + H, 3)])

    subscriptions, _, follows = _lift(new_uow, configured={FOLLOWS: 1.5})

    assert subscriptions == Lift(SUBSCRIPTIONS, after=0, baseline=None, weeks=0, complete=True)
    assert follows == Lift(FOLLOWS, after=3, baseline=1.5, weeks=0, complete=True)
    assert follows.difference == 1.5


def test_a_window_still_running_says_so() -> None:
    class Quiet:
        def listening_since(self, channel: str) -> datetime | None:
            return utc(2026, 1, 1)

        def total(self, channel: str, kind: str, span: Span) -> int:
            return 0

    lifts = lift_after(Quiet(), "chan", CLOSED, time_zone=ZONE, now=CLOSED + 71 * H)

    assert [lift.complete for lift in lifts] == [False, False, False]
    assert [lift.baseline for lift in lifts] == [0.0, 0.0, 0.0]
