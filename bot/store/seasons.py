"""A season's counts in SQL: the `SeasonReads` port, in five queries.

Four are aggregates: Python sees one row per episode (and one per tier), the episodes' window
ends travelling into the database as a small derived table. The per-person questions (entered
before? won before? came back within 7 days?) read one row per person per drop of the
community, in index order, and fold them in one pass (`season_people`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    CTE,
    Connection,
    Integer,
    and_,
    case,
    cast,
    func,
    literal,
    select,
    union_all,
)

from bot.drops.kpis import GUARANTEED
from bot.drops.model import Drop
from bot.drops.season import EpisodeCounts, EpisodeWindows, SeasonCounts, TierCounts
from bot.store.columns import UtcDateTime
from bot.store.drops_repo import DROP, drop_from_row
from bot.store.entries import ENTRY
from bot.store.figures import ALLOCATIONS, REDEMPTIONS
from bot.store.season_people import fold, visits


class SqlSeasons:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def episodes(self, series: str, channel: str | None) -> list[Drop]:
        query = select(DROP).where(DROP.c.series == series)
        if channel is not None:
            query = query.where(DROP.c.channel == channel)
        return [drop_from_row(r) for r in self.conn.execute(query.order_by(DROP.c.id))]

    def counts(self, channel: str, windows: Sequence[EpisodeWindows]) -> SeasonCounts:
        if not windows:
            return SeasonCounts((), 0, 0, ())
        w = _windows(windows)
        people = fold(visits(self.conn, channel), windows)
        units = self._units(w)
        sales = self._sales(w)
        episodes = tuple(
            EpisodeCounts(
                drop_id=x.drop_id,
                **people.get(x.drop_id, {}),
                **units.get(x.drop_id, {}),
                **sales.get(x.drop_id, {}),
            )
            for x in windows
        )
        distinct, repeat = self._winners(w)
        return SeasonCounts(episodes, distinct, repeat, self._tiers(w))

    def _units(self, w: CTE) -> dict[int, dict[str, Any]]:
        a = ALLOCATIONS
        rows = self.conn.execute(
            select(
                a.c.drop_id,
                func.count(),
                *_by_conversion_times(a.c.allocated_at, w),
            )
            .join(w, w.c.drop_id == a.c.drop_id)
            .group_by(a.c.drop_id)
        )
        return {r[0]: {"winners": r[1], "winners_by": (int(r[2]), int(r[3]))} for r in rows}

    def _sales(self, w: CTE) -> dict[int, dict[str, Any]]:
        r_ = REDEMPTIONS
        rows = self.conn.execute(
            select(
                r_.c.drop_id,
                func.count(),
                *_by_conversion_times(r_.c.redeemed_at, w),
                func.coalesce(func.sum(r_.c.order_value_cents), 0),
                func.count(r_.c.order_value_cents),
            )
            .join(w, w.c.drop_id == r_.c.drop_id)
            .group_by(r_.c.drop_id)
        )
        return {
            r[0]: {
                "redeemed": r[1],
                "redeemed_by": (int(r[2]), int(r[3])),
                "order_value_cents": int(r[4]),
                "orders_with_value": r[5],
            }
            for r in rows
        }

    def _winners(self, w: CTE) -> tuple[int, int]:
        a = ALLOCATIONS
        per_person = (
            select(func.count(func.distinct(a.c.drop_id)).label("episodes"))
            .join(w, w.c.drop_id == a.c.drop_id)
            .group_by(a.c.identity)
            .subquery()
        )
        distinct, repeat = self.conn.execute(
            select(func.count(), func.sum(case((per_person.c.episodes > 1, 1), else_=0)))
        ).one()
        return int(distinct), int(repeat or 0)

    def _tiers(self, w: CTE) -> tuple[TierCounts, ...]:
        e, a = ENTRY, ALLOCATIONS
        in_draw = e.c.excluded_reason.is_(None)
        entered = self.conn.execute(
            select(e.c.tier, func.count(), func.sum(func.coalesce(e.c.drawn_weight, e.c.weight)))
            .join(w, w.c.drop_id == e.c.drop_id)
            .where(in_draw)
            .group_by(e.c.tier)
        ).all()
        tier = case((a.c.via == GUARANTEED, GUARANTEED), else_=func.coalesce(e.c.tier, "?"))
        won: dict[str, int] = dict(
            self.conn.execute(
                select(tier, func.count())
                .select_from(a)
                .join(w, w.c.drop_id == a.c.drop_id)
                .outerjoin(
                    e, and_(e.c.drop_id == a.c.drop_id, e.c.identity == a.c.identity, in_draw)
                )
                .where(a.c.via != "reroll")
                .group_by(tier)
            ).all()
        )
        rows = {name: TierCounts(name, n, 0, int(weight or 0)) for name, n, weight in entered}
        for name, n in won.items():
            kept = rows.get(name, TierCounts(name, 0, 0, 0))
            rows[name] = TierCounts(name, kept.entries, int(n), kept.weight)
        return tuple(rows.values())


def _by_conversion_times(at: Any, w: CTE) -> list[Any]:
    """How many rows happened by each of the episode's conversion times (24 h, 72 h)."""
    return [func.sum(case((at <= w.c[f"c{i}"], 1), else_=0)) for i in (0, 1)]


def _windows(windows: Sequence[EpisodeWindows]) -> CTE:
    """The episodes and their conversion times as a derived table (one SELECT per episode)."""
    stamp = UtcDateTime()
    parts = [
        select(
            cast(literal(x.drop_id), Integer).label("drop_id"),
            *(literal(t, stamp).label(f"c{i}") for i, t in enumerate(x.conversion_until)),
        )
        for x in windows
    ]
    return (union_all(*parts) if len(parts) > 1 else parts[0]).cte("windows")
