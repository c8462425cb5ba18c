"""Who came back, per episode: the per-person half of a season's counts.

SQL hands over one row per person per drop of the community, already grouped by person (read in
order from `ix_entry_person_visits` (identity, drop_id, entered_at), without touching the
table), and one pass in Python folds each person's few visits into the episodes' counters.
Profiled on 50 episodes and 500,000 entries (`benchmarks/bench_season.py`), the window-function
query this replaces spent most of its time in SQLite's window machinery (a sort of every visit,
then one pass per window function) and in joining every visit to the episodes' window ends;
sorting a person's ten-odd visits here is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby, pairwise
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Select, case, func, select

from bot.drops.season import EpisodeWindows
from bot.store.drops_repo import DROP
from bot.store.entries import ENTRY
from bot.store.figures import ALLOCATIONS

LIVE = ("pending", "claimed")  # a unit its winner still holds: what a `series:` rule sees

Visit = tuple[str, int, datetime, int]  # identity, drop id, first entered at, holds a unit (0/1)


@dataclass(slots=True)
class _Tally:
    entrants: int = 0
    returning: int = 0
    pass_holders: int = 0
    repeat: int = 0
    retained: list[int] = field(default_factory=lambda: [0, 0, 0])

    def as_counts(self) -> dict[str, Any]:
        return {
            "entrants": self.entrants,
            "returning": self.returning,
            "pass_holders": self.pass_holders,
            "repeat": self.repeat,
            "retained": tuple(self.retained),
        }


def visits(conn: Connection, channel: str) -> Iterable[Visit]:
    """One row per person per drop of `channel`, grouped by person."""
    rows: Iterable[Visit] = conn.execute(visits_query(channel))  # rows unpack like tuples
    return rows


def visits_query(channel: str) -> Select[Any]:
    """The query behind `visits`.

    A person left out at close may have two entries in one drop: the first one counts. The
    drop is checked per entry (an EXISTS by primary key) rather than joined: with a join
    SQLite walks the entries drop by drop and sorts them all for the GROUP BY.
    """
    e, d, a = ENTRY, DROP, ALLOCATIONS
    in_channel = select(d.c.id).where(d.c.id == e.c.drop_id, d.c.channel == channel).exists()
    held = (
        select(a.c.id)
        .where(a.c.drop_id == e.c.drop_id, a.c.identity == e.c.identity, a.c.status.in_(LIVE))
        .exists()
    )
    return (
        select(
            e.c.identity,
            e.c.drop_id,
            func.min(e.c.entered_at),
            func.max(case((held, 1), else_=0)),
        )
        .where(in_channel)
        .group_by(e.c.identity, e.c.drop_id)
        .order_by(e.c.identity, e.c.drop_id)  # as grouped: SQLite sorts nothing more
    )


def fold(rows: Iterable[Visit], windows: Sequence[EpisodeWindows]) -> dict[int, dict[str, Any]]:
    """Entrants, returning, pass holders, repeat and retained per episode, from `rows` grouped
    by person.

    A person's visits are ordered by when they first entered each drop (then by drop id).
    Returning: an earlier visit. Pass holder: holds a unit of an earlier-visited episode.
    Repeat: the latest-closing episode visited earlier is the previous episode. Retained within
    a window: the next visit came after the episode closed and by the window's end.
    """
    episodes = {x.drop_id: x for x in windows}
    previous_close = {x.drop_id: p.closed_at for p, x in pairwise(windows)}
    tallies = {x.drop_id: _Tally(retained=[0] * len(x.retention_until)) for x in windows}
    for _, group in groupby(rows, key=itemgetter(0)):
        seen = sorted(((at, drop_id, held) for _, drop_id, at, held in group))
        latest_episode: datetime | None = None  # the close of the latest episode seen so far
        holds_pass = False
        for i, (_, drop_id, held) in enumerate(seen):
            x = episodes.get(drop_id)
            if x is None:
                continue
            tally = tallies[drop_id]
            tally.entrants += 1
            tally.returning += i > 0
            tally.pass_holders += holds_pass
            before = previous_close.get(drop_id)
            tally.repeat += before is not None and latest_episode == before
            if i + 1 < len(seen):
                next_at = seen[i + 1][0]
                for n, until in enumerate(x.retention_until):
                    tally.retained[n] += x.closed_at < next_at <= until
            if latest_episode is None or x.closed_at > latest_episode:
                latest_episode = x.closed_at
            holds_pass = holds_pass or held > 0
    return {drop_id: t.as_counts() for drop_id, t in tallies.items() if t.entrants}
