"""When a season is summarized in its community, and that it is posted once: planned from the
record on the hand-built season of `season_fixture` (every backend), with a controllable clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.config import Settings
from bot.drops.model import OutboxMessage
from bot.drops.notice_kinds import FINAL
from bot.drops.notices import SeasonSummary, notice_of
from bot.drops.ports import UnitOfWork
from bot.drops.season_summary import (
    AFTER_LAST,
    SeasonSummaries,
    due_summaries,
    month_after,
    season_key,
)
from bot.drops.timeline import Due, DueKind
from tests.drops.season_fixture import CHANNEL, E3_CLOSE, SERIES, ZONE, build_season
from tests.fakes.memory_store import InlineTransactions
from tests.fixtures.harness import ManualClock

NewUow = Callable[[], UnitOfWork]
LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _settings(**season: Any) -> Settings:
    return Settings.model_validate(
        {"scheduler": {"timezone": ZONE}, "seasons": {SERIES: season} if season else {}}
    )


def _summaries(new_uow: NewUow, clock: ManualClock, **season: Any) -> SeasonSummaries:
    """What `open_runtime` builds, over its own transactions (a process of its own)."""
    settings = _settings(**season)
    return SeasonSummaries(
        InlineTransactions(new_uow),
        clock,
        settings.seasons.summaries(),
        settings.scheduler.timezone,
        settings.season_reads,
    )


def _stored(new_uow: NewUow) -> dict[str, int]:
    with new_uow() as uow:
        ids = build_season(uow)
        uow.commit()
    return ids


def _season_rows(new_uow: NewUow) -> list[OutboxMessage]:
    with new_uow() as uow:
        rows = uow.outbox.pending("twitch", 100, LONG_AGO)
    return [r for r in rows if r.kind == "season_summary"]


# -- when -------------------------------------------------------------------------------------


async def test_after_the_last_episode_the_summary_waits_for_its_72_hours(new_uow: NewUow) -> None:
    ids = _stored(new_uow)
    clock = ManualClock(E3_CLOSE)

    due = await _summaries(new_uow, clock, summary="after-last", episodes=3).due()

    # other-chan ran one episode of the series: its season is not over.
    assert due == [Due(DueKind.SEASON, ids["ep3"], E3_CLOSE + AFTER_LAST, FINAL)]
    assert timedelta(hours=72) == AFTER_LAST


async def test_a_season_not_over_yet_has_no_summary_after_its_last(new_uow: NewUow) -> None:
    _stored(new_uow)

    summaries = _summaries(new_uow, ManualClock(E3_CLOSE), summary="after-last", episodes=4)

    assert await summaries.due() == []


async def test_off_plans_nothing(new_uow: NewUow) -> None:
    _stored(new_uow)

    assert await _summaries(new_uow, ManualClock(E3_CLOSE), summary="off").due() == []
    assert await _summaries(new_uow, ManualClock(E3_CLOSE)).due() == []  # the default


async def test_monthly_goes_out_on_the_first_at_midnight_in_the_community_time_zone(
    new_uow: NewUow,
) -> None:
    ids = _stored(new_uow)

    due = await _summaries(new_uow, ManualClock(E3_CLOSE), summary="monthly").due()

    # Episode 3 closed in May: 1 June 00:00 in Berlin (summer time) is 31 May 22:00 UTC. The
    # series' one episode in other-chan closed on 2 April: its May has nothing to say.
    by_drop = {d.drop_id: d for d in due}
    assert by_drop[ids["ep3"]] == Due(
        DueKind.SEASON, ids["ep3"], datetime(2026, 5, 31, 22, tzinfo=UTC), "2026-05"
    )
    assert [d.label for d in due if d.drop_id != ids["ep3"]] == ["2026-04"]


@pytest.mark.parametrize(
    ("closed", "month", "first_of_next"),
    [
        # 31 October, 22:30 UTC is 23:30 in Berlin (winter time since the 25th): October's.
        (at(2026, 10, 31, 22, 30), "2026-10", at(2026, 10, 31, 23)),
        # An hour later it is already 1 November there: November's, posted on 1 December.
        (at(2026, 10, 31, 23, 30), "2026-11", at(2026, 11, 30, 23)),
        # March's first is midnight winter time; the month after the clocks go forward, summer.
        (at(2026, 3, 31, 12), "2026-03", at(2026, 3, 31, 22)),
        (at(2026, 12, 31, 22, 59), "2026-12", at(2026, 12, 31, 23)),
    ],
)
def test_a_month_is_the_community_s_month_across_its_boundaries(
    closed: datetime, month: str, first_of_next: datetime
) -> None:
    assert month_after(closed, ZONE) == (month, first_of_next)


def test_a_month_in_which_another_episode_closes_moves_the_summary_to_that_episode() -> None:
    from tests.drops.season_fixture import _drop  # the fixture's drop, in a memory store
    from tests.fakes.memory_store import MemoryData, MemoryUnitOfWork

    with MemoryUnitOfWork(MemoryData()) as uow:
        october = _drop(uow, "ep1", at(2026, 10, 10, 18), SERIES)
        also = _drop(uow, "ep2", at(2026, 10, 31, 22, 30), SERIES)
    plan = _settings(summary="monthly").seasons.summaries()[SERIES]

    due = due_summaries([october, also], SERIES, plan, ZONE)

    # One summary for October, after its latest episode: the job's key follows the episode.
    assert due == [Due(DueKind.SEASON, also.id, datetime(2026, 10, 31, 23, tzinfo=UTC), "2026-10")]


# -- once -------------------------------------------------------------------------------------


async def test_the_summary_is_posted_once_with_the_season_s_headline_figures(
    new_uow: NewUow,
) -> None:
    ids = _stored(new_uow)
    clock = ManualClock(E3_CLOSE + AFTER_LAST)
    summaries = _summaries(new_uow, clock, summary="after-last", episodes=3)
    (due,) = await summaries.due()

    assert await summaries.post(due.drop_id, due.label) is True
    assert await summaries.post(due.drop_id, due.label) is False  # a job run twice
    assert await summaries.due() == []  # planned no more

    (row,) = _season_rows(new_uow)
    assert (row.dedupe_key, row.drop_id) == (season_key(CHANNEL, SERIES, FINAL), ids["ep3"])
    notice = notice_of(row)
    assert isinstance(notice, SeasonSummary)
    assert (notice.series, notice.channel, notice.final) == (SERIES, CHANNEL, True)
    # 3 entrants in each episode; carol (ep1), alice and bob (ep2), carol (ep3) had entered
    # earlier drops of the community; alice's and carol's codes of ep1 were redeemed.
    assert [(e.drop, e.entrants, e.winners, e.redeemed) for e in notice.episodes] == [
        ("ep1", 3, 3, 2),
        ("ep2", 3, 2, 0),
        ("ep3", 3, 1, 0),
    ]
    assert (notice.entrants, notice.returning, notice.redeemed) == (9, 4, 2)
    assert notice.as_of == clock.now()
    assert notice.lift is False and notice.subscriptions is None


async def test_two_processes_planning_and_posting_at_once_post_one_summary(
    new_uow: NewUow,
) -> None:
    _stored(new_uow)
    clock = ManualClock(E3_CLOSE + AFTER_LAST)
    one = _summaries(new_uow, clock, summary="after-last", episodes=3)
    other = _summaries(new_uow, clock, summary="after-last", episodes=3)
    planned = await asyncio.gather(one.due(), other.due(), one.due())
    assert planned[0] == planned[1] == planned[2] and len(planned[0]) == 1
    (due,) = planned[0]

    posted = await asyncio.gather(
        one.post(due.drop_id, due.label), other.post(due.drop_id, due.label)
    )

    assert sorted(posted) == [False, True]
    assert len(_season_rows(new_uow)) == 1
    assert await one.due() == [] and await other.due() == []
