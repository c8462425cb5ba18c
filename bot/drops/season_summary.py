"""A season's summary in its community: when it is due, what it says, and posting it once.

`[seasons.NAME] summary` says when (the README's "Seasons" section says the same):

- "after-last": once, when the season is over: `episodes = N` gives its length, and the
  summary goes out 72 h after the Nth episode closed, so that episode's conversion is in;
- "monthly": on the first of each month at midnight in the community's time zone
  (`[scheduler] timezone`), the season so far, for a month in which an episode closed (a
  season that ran nothing that month says nothing);
- "off" (the default): never.

Planned as the drops' 24 h / 72 h summaries are: the record decides. `due` works out from SQL
(the series' closed episodes and the outbox's keys) what is still to post, at every replan of
the scheduler; `post` writes the notice to the outbox under a key naming the community, the
series and the period, in a transaction that finds it already there when another process or an
earlier run posted it, so a summary goes out exactly once across restarts and processes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.drops import fencing
from bot.drops.lift import SUBSCRIPTIONS
from bot.drops.model import Drop, DropState
from bot.drops.notice_kinds import FINAL, SeasonEpisode, SeasonSummary
from bot.drops.notices import outbox_message
from bot.drops.ports import Fence, UnitOfWork
from bot.drops.season import SeasonReport
from bot.drops.timeline import Due, DueKind
from bot.kernel.clock import Clock
from bot.kernel.transactions import TransactionRunner, atomic, read_only

When = Literal["after-last", "monthly", "off"]
# After the last episode closes, the summary waits for its 72 h conversion figures.
AFTER_LAST = timedelta(hours=72)

# (series, community, now) -> the read of its report, as the config builds it (time zone,
# variants, lift): `Settings.season_reads`.
ReportRead = Callable[[str, str, datetime], Callable[[UnitOfWork], SeasonReport]]


@dataclass(frozen=True, slots=True)
class SummaryPlan:
    """When one series' season is summarized in its community."""

    when: When = "off"
    episodes: int | None = None  # the season's length, for "after-last"


def season_key(channel: str, series: str, period: str) -> str:
    """The outbox dedupe key of a season's summary: the record that it went out."""
    return f"season:{channel}:{series}:{period}"


def due_summaries(
    drops: Sequence[Drop], series: str, plan: SummaryPlan, time_zone: str
) -> list[Due]:
    """The summaries of `series` that fall due by its closed episodes among `drops`, one per
    community it runs in, whether posted or not (see `unposted`). A `Due`'s drop is the
    episode it follows, its label the period."""
    if plan.when == "off":
        return []
    by_channel: dict[str, list[Drop]] = {}
    for drop in drops:
        if (
            drop.spec.series == series
            and drop.closed_at is not None
            and drop.state is not DropState.CANCELLED
        ):
            by_channel.setdefault(drop.spec.channel, []).append(drop)
    due = []
    for episodes in by_channel.values():
        episodes.sort(key=lambda d: (d.closed_at, d.id))
        if plan.when == "after-last":
            if plan.episodes is not None and len(episodes) >= plan.episodes:
                last = episodes[plan.episodes - 1]
                assert last.closed_at is not None
                due.append(Due(DueKind.SEASON, last.id, last.closed_at + AFTER_LAST, FINAL))
        else:
            latest = episodes[-1]
            assert latest.closed_at is not None
            month, first_of_next = month_after(latest.closed_at, time_zone)
            due.append(Due(DueKind.SEASON, latest.id, first_of_next, month))
    return due


def month_after(at: datetime, time_zone: str) -> tuple[str, datetime]:
    """The month `at` falls in, in `time_zone` ("2026-11"), and the first of the next month at
    midnight there, in UTC."""
    local = at.astimezone(ZoneInfo(time_zone))
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    first = datetime(year, month, 1, tzinfo=ZoneInfo(time_zone))
    return f"{local:%Y-%m}", first.astimezone(UTC)


def season_notice(report: SeasonReport, period: str) -> SeasonSummary:
    """The report's headline figures and what its chart draws, as the notice that says them."""
    episodes = report.episodes
    subscriptions, expected = _subscriptions(report)
    return SeasonSummary(
        series=report.series,
        channel=report.channel,
        period=period,
        as_of=report.computed_at,
        episodes=tuple(
            SeasonEpisode(
                drop=e.drop,
                entrants=e.entrants,
                winners=e.winners,
                redeemed=e.redeemed,
                retention=tuple(r.rate if r is not None else None for r in e.retention),
            )
            for e in episodes
        ),
        entrants=sum(e.entrants for e in episodes),
        returning=sum(e.returning for e in episodes),
        redeemed=sum(e.redeemed for e in episodes),
        retention=tuple(r.rate for r in report.retention),
        lift=report.lift is not None,
        subscriptions=subscriptions,
        expected=expected,
    )


def _subscriptions(report: SeasonReport) -> tuple[int | None, float | None]:
    """New subscriptions in the 72 h after the episodes whose window is over, and what the
    baseline expected then (None when it is unknown for any of them)."""
    if report.lift is None:
        return None, None
    found = [
        lift
        for episode in report.lift
        for lift in episode.lifts
        if lift.kind == SUBSCRIPTIONS and lift.complete
    ]
    if not found:
        return None, None
    baselines = [lift.baseline for lift in found]
    expected = None if None in baselines else sum(b for b in baselines if b is not None)
    return sum(lift.after for lift in found), expected


class SeasonSummaries:
    """The use cases: what is due, and posting one (run by the scheduler)."""

    def __init__(
        self,
        tx: TransactionRunner[UnitOfWork],
        clock: Clock,
        plans: Mapping[str, SummaryPlan],
        time_zone: str,
        read_report: ReportRead,
    ) -> None:
        self.tx, self.clock, self.time_zone = tx, clock, time_zone
        self.plans = {name: plan for name, plan in plans.items() if plan.when != "off"}
        self.read_report = read_report

    async def due(self) -> list[Due]:
        """The summaries due (or to come) that are not in the outbox yet."""
        if not self.plans:
            return []

        def run(uow: UnitOfWork) -> list[Due]:
            due: list[Due] = []
            for series, plan in self.plans.items():
                drops = uow.seasons.episodes(series, None)
                channels = {d.id: d.spec.channel for d in drops}
                keyed = {
                    season_key(channels[d.drop_id], series, d.label): d
                    for d in due_summaries(drops, series, plan, self.time_zone)
                }
                posted = uow.outbox.existing(list(keyed))
                due += [d for key, d in keyed.items() if key not in posted]
            return due

        return await self.tx.run(read_only(run))

    async def post(self, drop_id: int, period: str, *, fence: Fence | None = None) -> bool:
        """Queue the summary of the season of drop `drop_id` for `period`, once: False when it
        was queued already (by an earlier run or another process). With a `fence`,
        Superseded if it is no longer the newest."""
        now = self.clock.now()

        def run(uow: UnitOfWork) -> bool:
            fencing.check(uow, fence)
            drop = uow.drops.get(drop_id)
            if drop is None or not drop.spec.series:
                return False
            channel, series = drop.spec.channel, drop.spec.series
            key = season_key(channel, series, period)
            if uow.outbox.existing([key]):
                return False
            report = self.read_report(series, channel, now)(uow)
            notice = season_notice(report, period)
            uow.outbox.add(outbox_message(notice, drop_id=drop_id, created_at=now, dedupe_key=key))
            return True

        return await self.tx.run(atomic(run))
