"""The season report's figures on a hand-built season with known answers, on every backend
(memory, SQLite, PostgreSQL): see `season_fixture` for the story."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.drops.experiments import Ratio
from bot.drops.ports import UnitOfWork
from bot.drops.season import SeasonReport, UnknownSeries, read_season
from tests.drops.season_fixture import CHANNEL, NOW, SERIES, ZONE, build_season

NewUow = Callable[[], UnitOfWork]


def _report(new_uow: NewUow, channel: str | None = CHANNEL, **variants: str) -> SeasonReport:
    with new_uow() as uow:
        build_season(uow)
        uow.commit()
    with new_uow() as uow:
        return read_season(uow.seasons, SERIES, channel, time_zone=ZONE, now=NOW, variants=variants)


def test_each_episode_counts_its_entrants_winners_and_conversion(new_uow: NewUow) -> None:
    report = _report(new_uow)

    rows = [
        (e.drop, e.entrants, e.new, e.returning, e.pass_holders, e.winners, e.redeemed)
        for e in report.episodes
    ]
    assert rows == [
        ("ep1", 3, 2, 1, 0, 3, 2),  # carol entered the warm-up
        ("ep2", 3, 1, 2, 1, 2, 0),  # alice holds ep1's unit; bob's expired
        ("ep3", 3, 2, 1, 1, 1, 0),  # carol holds the unit rerolled to her
    ]
    first = report.episodes[0]
    # By 24 h: alice's and bob's units, alice's sale; by 72 h carol's reroll and sale too.
    assert first.conversion == (Ratio(1, 2), Ratio(2, 3))
    assert (first.order_value_cents, first.orders_with_value) == (2500, 1)
    assert report.episodes[1].conversion == (Ratio(0, 2), Ratio(0, 2))


def test_repeat_rate_counts_entrants_of_the_previous_episode(new_uow: NewUow) -> None:
    report = _report(new_uow)

    assert [e.repeat for e in report.episodes] == [None, Ratio(2, 3), Ratio(0, 3)]
    assert report.repeat_rate == Ratio(2, 6)


def test_retention_windows_are_wall_clock_days_in_the_community_time_zone(
    new_uow: NewUow,
) -> None:
    report = _report(new_uow)

    ep1, ep2, ep3 = (e.retention for e in report.episodes)
    # alice came back at exactly 7 days (167 h across the clock change): in; bob a second
    # later: in the 30-day window only; carol in episode 3, in the 90-day window.
    assert ep1 == (Ratio(1, 3), Ratio(2, 3), Ratio(3, 3))
    # dave entered the after-party at exactly 7 days; bob's entry in another community is
    # not a return to this one.
    assert ep2 == (Ratio(1, 3), Ratio(1, 3), Ratio(1, 3))
    assert ep3 == (Ratio(0, 3), Ratio(0, 3), None)  # its 90 days end in August
    assert report.retention == (Ratio(2, 9), Ratio(3, 9), Ratio(4, 6))


def test_winners_across_the_season_and_fairness_by_tier(new_uow: NewUow) -> None:
    report = _report(new_uow)

    assert (report.distinct_winners, report.repeat_winners) == (5, 1)  # alice won twice
    tiers = [(t.tier, t.entrants, t.winners, round(t.weight_share, 3)) for t in report.fairness]
    # frank, left out at close, is in no tier; carol's reroll is not a first win.
    assert tiers == [("subs", 2, 2, 0.4), ("public", 6, 3, 0.6)]


def test_variants_are_compared_with_the_people_behind_each_figure(new_uow: NewUow) -> None:
    report = _report(new_uow, ep1="supply 2", ep2="supply 1", ep3="supply 1")

    conversion, retention = report.experiments
    assert conversion.figure == "conversion at 72 h"
    assert (conversion.baseline.variant, conversion.baseline.ratio) == ("supply 2", Ratio(2, 3))
    assert (conversion.other.variant, conversion.other.episodes) == ("supply 1", 2)
    assert conversion.other.ratio == Ratio(0, 3)
    assert not conversion.readable  # six people cannot tell the arms apart
    assert retention.other.ratio == Ratio(1, 6)


def test_a_series_in_two_communities_needs_one_named(new_uow: NewUow) -> None:
    with pytest.raises(UnknownSeries, match="several communities"):
        _report(new_uow, channel=None)


def test_an_unknown_series_is_refused(new_uow: NewUow) -> None:
    with new_uow() as uow, pytest.raises(UnknownSeries, match="no closed episode"):
        read_season(uow.seasons, "nothing", CHANNEL, time_zone=ZONE, now=NOW)
