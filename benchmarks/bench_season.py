"""A season report over a long season: ``python -m benchmarks.bench_season``.

A series of ``--episodes`` closed episodes with ``--entries`` entries between them (a returning
crowd: each episode's entrants are drawn from a pool three times an episode's size, so most
come back), ``--supply`` winners an episode and three in five of them redeeming, written
straight to a migrated SQLite file and a fresh PostgreSQL database (untimed). Timed: the whole
report, as `fairdrop report --series` makes it: one read transaction (`read_season`: the
episodes, then the store's aggregate queries) and the terminal tables, best of ``--repeat``.

Exits 1 if the report takes ``TARGET_SECONDS`` or longer on either database.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine

from benchmarks.common import T0, environment, verdict
from benchmarks.postgres import fresh_database, postgres
from bot.drops.model import Drop, DropSpec, DropState
from bot.drops.season import read_season
from bot.reports.season_text import season_text
from bot.reports.text_table import render
from bot.store.allocations import ALLOCATION
from bot.store.database import SqlUnitOfWork, make_engine
from bot.store.drops_repo import SqlDrops
from bot.store.entries import ENTRY
from bot.store.figures import REDEMPTIONS
from bot.store.migrate import upgrade
from bot.store.sql import driver_time, insert_many_fast

TARGET_SECONDS = 5.0  # for 50 episodes and 500,000 entries
CHANNEL, SERIES, ZONE = "bench", "season", "Europe/Berlin"
WEEK = timedelta(days=7)


def fill(engine: Engine, episodes: int, entries: int, supply: int, seed: int = 1) -> None:
    """Write the season (weekly episodes, closing on Saturday evenings)."""
    rng = random.Random(seed)
    per_episode = entries // episodes
    pool = [f"twitch:{n}" for n in range(per_episode * 3)]
    with engine.begin() as conn:
        drops = SqlDrops(conn)
        for number in range(episodes):
            closed = T0 + number * WEEK
            spec = DropSpec(
                name=f"ep{number + 1}", title=f"Episode {number + 1}", supply=supply,
                series=SERIES, channel=CHANNEL,
            )  # fmt: skip
            drop = drops.add(
                Drop(
                    id=0, spec=spec, state=DropState.SETTLED, created_at=closed - WEEK,
                    seed_hex="00" * 32, commitment="c" * 64, pseudonym_salt="11" * 16,
                    opened_at=closed - timedelta(minutes=10), closes_at=closed, closed_at=closed,
                )
            )  # fmt: skip
            people = rng.sample(pool, per_episode)
            at = driver_time(conn, closed - timedelta(minutes=5))
            insert_many_fast(
                conn, ENTRY,
                ("drop_id", "identity", "platform", "display_name", "tier", "weight",
                 "entered_at", "account", "badges", "roles"),
                [(drop.id, p, "twitch", p, "public", 1, at, p, "", "") for p in people],
            )  # fmt: skip
            won = driver_time(conn, closed)
            deadline = driver_time(conn, closed + timedelta(days=1))
            insert_many_fast(
                conn, ALLOCATION,
                ("drop_id", "serial", "identity", "display_name", "platform", "allocated_at",
                 "claim_deadline", "via", "status"),
                [(drop.id, s + 1, p, p, "twitch", won, deadline, "draw", "claimed")
                 for s, p in enumerate(people[:supply])],
            )  # fmt: skip
            sold = driver_time(conn, closed + timedelta(hours=rng.choice((2, 30, 80))))
            insert_many_fast(
                conn, REDEMPTIONS,
                ("drop_id", "serial", "code_id", "redeemed_at", "partner", "order_value_cents"),
                [(drop.id, s + 1, f"{drop.id}-{s}", sold, "shop", 2500)
                 for s in range(supply * 3 // 5)],
            )  # fmt: skip


def time_report(engine: Engine, repeat: int) -> tuple[float, float, str]:
    """The best wall-clock time of `repeat` reports, the best CPU time of this process (on
    SQLite that includes the database's work: it runs in-process; on a busy shared machine it
    is the steadier figure), and the last report's text."""
    now = T0 + 400 * WEEK
    best, best_cpu, text = float("inf"), float("inf"), ""
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        with SqlUnitOfWork(engine) as uow:
            report = read_season(uow.seasons, SERIES, CHANNEL, time_zone=ZONE, now=now)
        text = season_text(report)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best, best_cpu, text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_season",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--episodes", type=int, default=50)
    parser.add_argument("--entries", type=int, default=500_000, help="over the whole season")
    parser.add_argument("--supply", type=int, default=500, help="winners an episode")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", default=None, help="where the temporary SQLite file goes")
    parser.add_argument("--show", action="store_true", help="print the report too")
    args = parser.parse_args(argv)

    rows, failed, text = [], False, ""
    with tempfile.TemporaryDirectory(dir=args.dir) as directory, postgres() as port:
        urls = {
            "SQLite": f"sqlite:///{Path(directory) / 'season.db'}",
            "PostgreSQL": fresh_database(port, "bench_season"),
        }
        for name, url in urls.items():
            engine = make_engine(url)
            try:
                upgrade(engine)
                started = time.perf_counter()
                fill(engine, args.episodes, args.entries, args.supply)
                filled = time.perf_counter() - started
                seconds, cpu, text = time_report(engine, args.repeat)
            finally:
                engine.dispose()
            ok = seconds < TARGET_SECONDS
            failed |= not ok
            target = f"< {TARGET_SECONDS * 1000:,.0f}"
            timings = (round(seconds * 1000), round(cpu * 1000))
            rows.append((name, args.episodes, args.entries, round(filled, 1), *timings, target,
                         verdict(ok)))  # fmt: skip
    headers = ["database", "episodes", "entries", "fill s", "report ms", "cpu ms", "target ms"]
    print(
        render(
            [*headers, "verdict"],
            rows,
            title=f"Season report: {args.episodes} episodes, {args.entries:,} entries",
        )
    )
    print()
    print(
        f"report: read_season (episodes + aggregate queries) and its tables, best of {args.repeat}"
    )
    if args.show:
        print()
        print(text)
    print(environment())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
