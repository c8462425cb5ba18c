"""Lift in the season report, on every backend (memory, SQLite, PostgreSQL): the hand-built
season of `season_fixture` with subscriptions and follows counted around its episodes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from bot.drops.lift import CAVEAT, FOLLOWS, RESUBSCRIPTIONS, SUBSCRIPTIONS, Lift
from bot.drops.ports import UnitOfWork
from bot.drops.season import SeasonReport, read_season
from bot.reports.season_text import season_text
from tests.drops.season_fixture import CHANNEL, NOW, SERIES, ZONE, build_season

NewUow = Callable[[], UnitOfWork]


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def _report(new_uow: NewUow, *, listened: bool = True, lift: bool = True) -> SeasonReport:
    with new_uow() as uow:
        build_season(uow)
        if listened:
            uow.audience.listening(CHANNEL, utc(2, 1, 0))
        for kind, at in [
            (SUBSCRIPTIONS, utc(3, 19, 12)),  # a week before episode 1's window
            (SUBSCRIPTIONS, utc(3, 25, 18, 30)),  # before the hour episode 1 closed in
            (SUBSCRIPTIONS, utc(3, 26, 12)),  # episode 1's window (from 19:00 UTC)...
            (SUBSCRIPTIONS, utc(3, 26, 13)),
            (FOLLOWS, utc(3, 28, 18, 59)),  # ...to its last hour
            (RESUBSCRIPTIONS, utc(4, 2, 10)),  # episode 2's window
            (FOLLOWS, utc(4, 10, 0)),  # another community's follow
        ]:
            community = "elsewhere" if at == utc(4, 10, 0) else CHANNEL
            uow.audience.count(community, kind, at)
        uow.commit()
    with new_uow() as uow:
        return read_season(
            uow.seasons,
            SERIES,
            CHANNEL,
            time_zone=ZONE,
            now=NOW,
            audience=uow.audience if lift else None,
        )


def test_each_episode_shows_its_72_hours_against_the_weeks_before(new_uow: NewUow) -> None:
    report = _report(new_uow)

    assert report.lift is not None
    ep1, ep2, ep3 = report.lift
    assert ep1.lifts == (
        Lift(SUBSCRIPTIONS, after=2, baseline=0.25, weeks=4, complete=True),
        Lift(RESUBSCRIPTIONS, after=0, baseline=0.0, weeks=4, complete=True),
        Lift(FOLLOWS, after=1, baseline=0.0, weeks=4, complete=True),
    )
    # Episode 2 closed at 20:30 CEST: its window starts at 18:00 UTC, a week earlier the same
    # wall-clock hours started at 19:00 UTC (CET), so the 18:30 UTC subscription is in neither.
    assert [(x.after, x.baseline) for x in ep2.lifts] == [(0, 0.75), (1, 0.0), (0, 0.25)]
    assert [(x.after, x.baseline) for x in ep3.lifts] == [(0, 0.0), (0, 0.0), (0, 0.0)]
    payload = report.to_payload()["lift"]
    assert payload["caveat"] == CAVEAT and payload["hours"] == 72
    assert payload["episodes"][0]["kinds"][0] == {
        "kind": SUBSCRIPTIONS,
        "after": 2,
        "baseline": 0.25,
        "baseline_weeks": 4,
        "difference": 1.75,
        "complete": True,
    }
    text = season_text(report)
    assert "Lift: the 72 h after each close" in text and CAVEAT in text
    assert "2 (0.25)" in text and "1 (0.00)" in text


def test_no_lift_in_the_report_when_the_community_was_never_listened_to(new_uow: NewUow) -> None:
    report = _report(new_uow, listened=False)

    assert report.lift is None and report.to_payload()["lift"] is None
    assert "Lift:" not in season_text(report)


def test_lift_off_in_the_config_reads_nothing(new_uow: NewUow) -> None:
    report = _report(new_uow, lift=False)

    assert report.lift is None and report.to_payload()["lift"] is None
    assert "Lift:" not in season_text(report)
