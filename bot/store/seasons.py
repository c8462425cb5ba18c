"""A season's counts in SQL: the `SeasonReads` port, in five aggregate queries.

However many entries a season has, Python sees one row per episode (and one per tier): the
episodes' window ends travel into the database as a small derived table, and the per-person
questions (entered before? won before? came back within 7 days?) are window functions over one
row per person per drop of the community.
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

LIVE = ("pending", "claimed")  # a unit its winner still holds: what a `series:` rule sees


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
        people = self._people(channel, w, [x.drop_id for x in windows])
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

    def _people(self, channel: str, w: CTE, episodes: list[int]) -> dict[int, dict[str, Any]]:
        """Entrants, returning, pass holders, repeat and retained, per episode, in one query
        with one pass of window functions (one sort of the community's entries by person)."""
        e, d, a = ENTRY, DROP, ALLOCATIONS
        # One row per person per drop of the community (a person left out at close may have two
        # entries in one drop), with when they first entered it, when the drop closed, and
        # whether they hold a unit of it (the allocation index answers that per entry).
        held = and_(a.c.drop_id == e.c.drop_id, a.c.identity == e.c.identity, a.c.status.in_(LIVE))
        firsts = (
            select(
                e.c.identity,
                e.c.drop_id,
                func.min(e.c.entered_at).label("at"),
                func.min(d.c.closed_at).label("closed"),
                func.count(a.c.id).label("held"),
            )
            .join(d, d.c.id == e.c.drop_id)
            .outerjoin(a, held)
            .where(d.c.channel == channel)
            .group_by(e.c.identity, e.c.drop_id)
            .cte("firsts")
        )
        f = firsts.c
        visits = {"partition_by": f.identity, "order_by": (f.at, f.drop_id)}
        episode = f.drop_id.in_(episodes)
        ordered = select(
            f.identity,
            f.drop_id,
            f.closed,
            func.lag(f.drop_id).over(**visits).label("before"),  # type: ignore[arg-type]
            func.lead(f.at).over(**visits).label("next_at"),  # type: ignore[arg-type]
            # Over their earlier visits: the close of the latest episode they entered, and
            # whether they hold a unit of any episode (a pass, as a `series:` rule sees it).
            func.max(case((episode, f.closed)))
            .over(**visits, rows=(None, -1))  # type: ignore[arg-type]
            .label("last_episode"),
            func.max(case((and_(episode, f.held > 0), 1), else_=0))
            .over(**visits, rows=(None, -1))  # type: ignore[arg-type]
            .label("pass"),
        ).cte("ordered")
        o = ordered.c

        def count(condition: Any) -> Any:
            return func.sum(case((condition, 1), else_=0))

        came_back = [count(and_(o.next_at > o.closed, o.next_at <= w.c[f"r{i}"])) for i in range(3)]
        rows = self.conn.execute(
            select(
                o.drop_id,
                func.count(),
                func.count(o.before),
                count(o["pass"] == 1),
                count(o.last_episode == w.c.previous_close),
                *came_back,
            )
            .select_from(ordered)
            .join(w, w.c.drop_id == o.drop_id)
            .group_by(o.drop_id)
        )
        return {
            r[0]: {
                "entrants": r[1],
                "returning": r[2],
                "pass_holders": int(r[3] or 0),
                "repeat": int(r[4] or 0),
                "retained": tuple(int(n or 0) for n in r[5:8]),
            }
            for r in rows
        }

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
    """The episodes and their window ends as a derived table (one SELECT per episode)."""
    stamp = UtcDateTime()
    parts = [
        select(
            cast(literal(x.drop_id), Integer).label("drop_id"),
            literal(previous.closed_at if previous else None, stamp).label("previous_close"),
            *(literal(t, stamp).label(f"c{i}") for i, t in enumerate(x.conversion_until)),
            *(literal(t, stamp).label(f"r{i}") for i, t in enumerate(x.retention_until)),
        )
        for previous, x in zip([None, *windows], windows, strict=False)
    ]
    return (union_all(*parts) if len(parts) > 1 else parts[0]).cte("windows")
