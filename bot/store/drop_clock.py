"""One sped-up drop time for every process and every restart (`[scheduler] time_scale`).

A `ScaledClock` started on its own begins at the wall clock: a restart would move drop time
backwards (a drop opened before it looks not yet open) and two processes would each run their
own drop time. So the anchor (wall moment, drop time then, speed) is stored once, in the
`drop_clock` table: the first process writes it, every other process and every restart reads
it and runs from it.

A process started with another `time_scale` than the stored one re-anchors: drop time goes on
from where the stored anchor has it now, at the new speed, so it never jumps; this is logged,
because processes still running at the old speed drift from then on and should be restarted.
`time_scale = 1` is real time: drop time is the wall clock, and `fairdrop run` clears a stored
anchor (logged), so a later sped-up run starts again from the wall clock rather than from a
demo's long-gone drop time.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, Table, delete, select, update

from bot.clock import Anchor, ScaledClock
from bot.store.sql import insert_ignoring_duplicates
from bot.store.sql_table import table_of
from bot.store.tables import DropClockRow

log = logging.getLogger(__name__)

DROP_CLOCK: Table = table_of(DropClockRow)
ROW = 1  # the one row


def shared_anchor(engine: Engine, scale: float, wall: datetime | None = None) -> Anchor:
    """The stored anchor of drop time at `scale`: written if there is none (race-safe: the
    first of several processes starting together wins, the others read its anchor), re-anchored
    without a jump if it runs at another scale."""
    wall = wall or datetime.now(UTC)
    fresh = Anchor(wall, wall, scale)
    with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE, so one process at a time
        conn.execute(
            insert_ignoring_duplicates(conn, DROP_CLOCK).values(
                id=ROW, wall_at=fresh.wall, drop_at=fresh.drop, scale=fresh.scale
            )
        )
        stored = _read(conn, lock=True)
        assert stored is not None  # inserted just now, or there already
        if stored.scale == scale:
            return stored
        moved = stored.rescaled(wall, scale)
        conn.execute(
            update(DROP_CLOCK)
            .where(DROP_CLOCK.c.id == ROW)
            .values(wall_at=moved.wall, drop_at=moved.drop, scale=moved.scale)
        )
    log.warning(
        "time_scale changed from %g to %g: drop time goes on from %s at the new speed; "
        "restart any process still running at the old one",
        stored.scale,
        scale,
        moved.drop.isoformat(timespec="seconds"),
    )
    return moved


def shared_clock(engine: Engine, scale: float) -> ScaledClock:
    """A clock running from the stored anchor (see `shared_anchor`)."""
    return ScaledClock(scale, anchor=shared_anchor(engine, scale))


def stored_anchor(engine: Engine) -> Anchor | None:
    """The stored anchor, if any (for status and tests)."""
    with engine.connect() as conn:
        return _read(conn, lock=False)


def clear_anchor(engine: Engine) -> Anchor | None:
    """Forget the stored anchor (back to real time); the one forgotten, if there was one."""
    with engine.begin() as conn:
        stored = _read(conn, lock=True)
        if stored is not None:
            conn.execute(delete(DROP_CLOCK).where(DROP_CLOCK.c.id == ROW))
    if stored is not None:
        log.warning(
            "time_scale is 1: drop time is the wall clock again (it was %s at %gx)",
            stored.drop_time(datetime.now(UTC)).isoformat(timespec="seconds"),
            stored.scale,
        )
    return stored


def _read(conn: Connection, *, lock: bool) -> Anchor | None:
    query = select(DROP_CLOCK.c.wall_at, DROP_CLOCK.c.drop_at, DROP_CLOCK.c.scale).where(
        DROP_CLOCK.c.id == ROW
    )
    row = conn.execute(query.with_for_update() if lock else query).first()
    return None if row is None else Anchor(row.wall_at, row.drop_at, float(row.scale))
