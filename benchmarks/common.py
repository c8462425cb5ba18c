"""Helpers shared by the benchmarks: a fixed clock, settings for a file database, a crowd of
distinct claimants pushed through the real service with bounded concurrency, percentiles."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import Settings
from bot.drops import outcomes as oc
from bot.drops.claiming import ClaimRequest
from bot.drops.service import DropService
from bot.gating.context import Claimant
from bot.loop import loop_name
from bot.store.tables import InboundRow
from tests.fixtures.settings import offline_settings

CHANNEL = "bench"
T0 = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)
# Past every tier's opening offset with the default tiers (the public tier opens after 2 min),
# and well inside the default 10-minute entry window: every claimant is admitted.
CLAIM_AT = T0 + timedelta(minutes=3)


class FixedClock:
    """A clock that stays where it is put, so phases do not drift while a benchmark runs."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def file_settings(
    path: Path, sync: str, max_batch: int | None = None, commit_delay_ms: float | None = None
) -> Settings:
    """Default settings over a SQLite file at `path` with the given `synchronous` level (and
    claim batching, where given)."""
    settings = offline_settings()
    database = settings.database.model_copy(
        update={"url": f"sqlite:///{path}", "sqlite_synchronous": sync}
    )
    update: dict[str, object] = {"database": database}
    claims = {"max_batch": max_batch, "commit_delay_ms": commit_delay_ms}
    if given := {k: v for k, v in claims.items() if v is not None}:
        update["claims"] = settings.claims.model_copy(update=given)
    return settings.model_copy(update=update)


def claimants(n: int) -> list[Claimant]:
    """`n` distinct viewers; one in five wears the subscriber badge (the early tier)."""
    return [
        Claimant(
            "twitch",
            str(1_000_000 + i),
            f"viewer{i:07d}",
            frozenset({"subscriber"}) if i % 5 == 0 else frozenset(),
        )
        for i in range(n)
    ]


def requests_for(
    people: Sequence[Claimant], tag: str, at: datetime | None = None
) -> list[ClaimRequest]:
    """One claim per person; `at=None` lets the service stamp `received_at`, as adapters do."""
    return [ClaimRequest(f"twitch:{tag}:{c.user_id}", CHANNEL, c, received_at=at) for c in people]


def discord_requests(n: int, drop: str) -> list[ClaimRequest]:
    """`n` distinct Discord members entering `drop`, as the Enter button builds their requests
    (no roles)."""
    return [
        ClaimRequest(
            f"discord:{9_000_000 + i}",
            CHANNEL,
            Claimant("discord", str(1_000_000 + i), f"fan{i:07d}", roles=frozenset()),
            drop,
        )
        for i in range(n)
    ]


@dataclass
class ClaimRun:
    seconds: float  # first submit to last acknowledged outcome
    latencies: list[float]  # per claim, seconds, submit to acknowledged outcome
    outcomes: dict[str, int]


async def run_claims(
    service: DropService, requests: Sequence[ClaimRequest], concurrency: int
) -> ClaimRun:
    """Push every request through `service.claim` with at most `concurrency` in flight.

    `concurrency` claimer tasks run under one asyncio.gather; each takes the next request as soon
    as its previous claim is acknowledged, so the service always sees `concurrency` waiting.
    """
    latencies = [0.0] * len(requests)
    outcomes: list[oc.EntryOutcome | None] = [None] * len(requests)
    queue = iter(range(len(requests)))
    clock = time.perf_counter

    async def claimer() -> None:
        for i in queue:  # shared iterator: each index is taken by exactly one claimer
            start = clock()
            outcomes[i] = await service.claim(requests[i])
            latencies[i] = clock() - start

    start = clock()
    await asyncio.gather(*(claimer() for _ in range(max(1, min(concurrency, len(requests))))))
    seconds = clock() - start
    counts: dict[str, int] = {}
    for outcome in outcomes:
        assert outcome is not None
        name = oc.outcome_name(outcome)
        counts[name] = counts.get(name, 0) + 1
    return ClaimRun(seconds, latencies, counts)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile, `q` in [0, 100]."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def count_rows(path: Path, table: str, where: str = "") -> int:
    conn = sqlite3.connect(path)
    try:
        query = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
        return int(conn.execute(query).fetchone()[0])
    finally:
        conn.close()


def inbound_outcomes(path: Path) -> dict[str, int]:
    """How many processed claims got each outcome, from the inbound record of the file."""
    conn = sqlite3.connect(path)
    try:
        table = InboundRow.__tablename__
        rows = conn.execute(f"SELECT outcome, count(*) FROM {table} GROUP BY outcome")
        return {str(k): int(v) for k, v in rows}
    finally:
        conn.close()


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def environment() -> str:
    """One line on what ran the benchmark, including the load other processes put on it."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    line = (
        f"python {platform.python_version()}, sqlite {sqlite3.sqlite_version}, {sys.platform}, "
        f"{cpus} CPUs, event loop {loop_name()}"
    )
    if hasattr(os, "getloadavg"):
        line += ", load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    return line


@contextlib.contextmanager
def quiet_loggers(levels: Mapping[str, int]) -> Iterator[None]:
    """Loggers set to `levels` while a benchmark runs (its table should not drown in the bot's
    starts and stops), then put back: the test suite runs benchmarks beside other tests."""
    before = {name: logging.getLogger(name).level for name in levels}
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    try:
        yield
    finally:
        for name, level in before.items():
            logging.getLogger(name).setLevel(level)
