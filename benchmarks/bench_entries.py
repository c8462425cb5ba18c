"""Durable lottery entries per second on SQLite: ``python -m benchmarks.bench_entries``.

The service path: ``--claims`` distinct viewers claim a running lottery drop through the real
``DropService.claim`` (group commit through ``BatchIntake``, one transaction per batch in the
database thread) on a fresh, migrated SQLite file, with ``--concurrency`` claims in flight.
Timed from the first submit to the last acknowledged outcome; an outcome is acknowledged only
after its batch has committed, so every counted entry is durable at the chosen ``synchronous``.

The ceiling, in the same run: the very rows the service wrote (one inbound-message row and one
entry row per claim, read back from the service's database) inserted with the stdlib ``sqlite3``
module into an identically migrated database, with ``executemany`` and the same statements
(``INSERT ... ON CONFLICT DO NOTHING``), in ``BEGIN IMMEDIATE`` transactions of the service's
average batch size, with the same WAL, ``synchronous``, ``foreign_keys`` and ``busy_timeout``.
Its rows are built before the clock starts, so it times nothing but SQLite.

Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import (
    CHANNEL,
    CLAIM_AT,
    T0,
    FixedClock,
    claimants,
    count_rows,
    environment,
    file_settings,
    percentile,
    requests_for,
    run_claims,
    verdict,
)
from bot.bootstrap import open_runtime
from bot.drops.keyring import Keyring
from bot.drops.model import Mode
from bot.loop import run_on_loop
from bot.reports.text_table import render
from bot.store.tables import EntryRow, InboundRow

TARGET_RATE = 20_000  # durable entries per second
TARGET_RATIO = 0.50  # of the bare batched-insert ceiling

ENTRY_TABLE = str(EntryRow.__tablename__)
INBOUND_TABLE = str(InboundRow.__tablename__)


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    # What SQLAlchemy's sqlite `insert(...).on_conflict_do_nothing()` compiles to for executemany.
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT DO NOTHING"


def _written_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """Every column but an integer autoincrement key (unset columns are copied as NULL)."""
    columns = conn.execute(f"PRAGMA table_info({table})").fetchall()
    return [name for _, name, kind, _, _, pk in columns if not (pk and kind.upper() == "INTEGER")]


@dataclass
class ServiceResult:
    sync: str
    claims: int
    seconds: float
    batches: int
    latencies: list[float]
    entries: int  # entry rows in the database afterwards
    inbound: int  # inbound rows in the database afterwards

    @property
    def rate(self) -> float:
        return self.claims / self.seconds

    @property
    def avg_batch(self) -> int:
        return max(1, round(self.claims / max(1, self.batches)))


@dataclass
class CeilingResult:
    sync: str
    claims: int
    rows: int
    batch: int
    transactions: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.claims / self.seconds


async def _service_run(
    path: Path, claims: int, concurrency: int, sync: str, max_batch: int | None
) -> tuple[ServiceResult, int]:
    settings = file_settings(path, sync, max_batch)
    clock = FixedClock(T0)
    keyring = Keyring.new(T0)
    async with open_runtime(settings, keyring, clock=clock, migrate=True) as runtime:
        service = runtime.service
        spec = settings.drop_spec("bench-entries", "Benchmark drop", CHANNEL, mode=Mode.LOTTERY)
        drop = await service.create(spec)
        clock.at = CLAIM_AT
        requests = requests_for(claimants(claims), "entries")
        run = await run_claims(service, requests, concurrency)
        batches = service.intake.batches
    if run.outcomes != {"entered": claims}:
        raise RuntimeError(f"expected {claims:,} 'entered' outcomes, got {run.outcomes}")
    entries, inbound = count_rows(path, ENTRY_TABLE), count_rows(path, INBOUND_TABLE)
    if entries != claims or inbound != claims:
        raise RuntimeError(f"expected {claims:,} entry and inbound rows, got {entries}/{inbound}")
    result = ServiceResult(sync, claims, run.seconds, batches, run.latencies, entries, inbound)
    return result, drop.id


async def _prepare_ceiling_db(path: Path, sync: str) -> int:
    """A database migrated exactly like the service's, holding one open drop (for the FK)."""
    settings = file_settings(path, sync)
    async with open_runtime(settings, Keyring.new(T0), clock=FixedClock(T0), migrate=True) as rt:
        spec = settings.drop_spec("bench-ceiling", "Ceiling drop", CHANNEL, mode=Mode.LOTTERY)
        return (await rt.service.create(spec)).id


@dataclass
class Rows:
    """Rows of one table as the service wrote them, in write order."""

    table: str
    columns: list[str]
    values: list[tuple[object, ...]]

    def insert_sql(self) -> str:
        return _insert_sql(self.table, self.columns)


def _rows_written(path: Path, drop_id: int, new_drop_id: int) -> tuple[Rows, Rows]:
    """The entry and inbound rows the service wrote, re-pointed at the drop `new_drop_id`."""
    conn = sqlite3.connect(path)
    try:
        tables = []
        for table in (ENTRY_TABLE, INBOUND_TABLE):
            columns = _written_columns(conn, table)
            values = conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE drop_id = ? ORDER BY rowid",
                (drop_id,),
            ).fetchall()
            at = columns.index("drop_id")
            values = [(*row[:at], new_drop_id, *row[at + 1 :]) for row in values]
            tables.append(Rows(table, columns, values))
    finally:
        conn.close()
    return tables[0], tables[1]


def _ceiling_run(path: Path, sync: str, entries: Rows, inbound: Rows, batch: int) -> CeilingResult:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in (
            "PRAGMA journal_mode=WAL",
            f"PRAGMA synchronous={sync.upper()}",
            "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=10000",
        ):
            conn.execute(pragma)
        insert_entry, insert_inbound = entries.insert_sql(), inbound.insert_sql()
        e, n = entries.values, inbound.values
        chunks = [(e[i : i + batch], n[i : i + batch]) for i in range(0, len(e), batch)]
        start = time.perf_counter()
        for entry_rows, inbound_rows in chunks:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(insert_entry, entry_rows)
            conn.executemany(insert_inbound, inbound_rows)
            conn.execute("COMMIT")
        seconds = time.perf_counter() - start
    finally:
        conn.close()
    claims = len(entries.values)
    written = count_rows(path, entries.table)
    if written != claims:
        raise RuntimeError(f"ceiling wrote {written:,} entry rows, expected {claims:,}")
    return CeilingResult(sync, claims, claims + len(inbound.values), batch, len(chunks), seconds)


def measure(
    claims: int,
    concurrency: int,
    sync: str,
    max_batch: int | None,
    where: str | None,
    ceiling_repeat: int = 3,
    service_repeat: int = 3,
) -> tuple[ServiceResult, CeilingResult]:
    """The service and the ceiling, each the best of several runs on fresh databases.

    Best-of on both sides: this 2-core VM's speed drifts by a quarter from run to run, and a
    ratio of one lucky run to one unlucky one would say nothing.
    """
    with tempfile.TemporaryDirectory(prefix="fairdrop-bench-", dir=where) as tmp:
        runs = []
        for run in range(max(1, service_repeat)):
            service_db = Path(tmp) / f"service-{run}.db"
            runs.append(
                (run_on_loop(_service_run(service_db, claims, concurrency, sync, max_batch)), run)
            )
        (service, drop_id), best = min(runs, key=lambda r: r[0][0].seconds)
        service_db = Path(tmp) / f"service-{best}.db"
        ceilings = []
        for run in range(max(1, ceiling_repeat)):
            ceiling_db = Path(tmp) / f"ceiling-{run}.db"
            ceiling_drop = run_on_loop(_prepare_ceiling_db(ceiling_db, sync))
            entries, inbound = _rows_written(service_db, drop_id, ceiling_drop)
            ceilings.append(_ceiling_run(ceiling_db, sync, entries, inbound, service.avg_batch))
    return service, min(ceilings, key=lambda c: c.seconds)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_entries",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--claims", type=int, default=100_000, help="distinct claimants")
    parser.add_argument("--concurrency", type=int, default=2000, help="claims in flight")
    parser.add_argument(
        "--sync",
        choices=["full", "normal", "both"],
        default="both",
        help="SQLite synchronous level (default: both, one after the other)",
    )
    parser.add_argument(
        "--max-batch",
        type=int,
        default=None,
        help="claims per transaction at most (default: the settings' claims.max_batch)",
    )
    parser.add_argument(
        "--ceiling-repeat", type=int, default=3, help="ceiling runs per sync level (best wins)"
    )
    parser.add_argument(
        "--service-repeat", type=int, default=3, help="service runs per sync level (best wins)"
    )
    parser.add_argument("--dir", default=None, help="where the temporary databases go")
    args = parser.parse_args(argv)
    syncs = ["full", "normal"] if args.sync == "both" else [args.sync]

    results = [
        measure(
            args.claims,
            args.concurrency,
            sync,
            args.max_batch,
            args.dir,
            args.ceiling_repeat,
            args.service_repeat,
        )
        for sync in syncs
    ]

    target = f">= {TARGET_RATE:,}/s, >= {TARGET_RATIO:.0%}"
    rows: list[tuple[object, ...]] = []
    failed = False
    for service, ceiling in results:
        ratio = service.rate / ceiling.rate
        ok = service.rate >= TARGET_RATE and ratio >= TARGET_RATIO
        failed |= not ok
        rows.append(
            (
                "DropService.claim (lottery entry)",
                service.sync,
                service.claims,
                service.entries + service.inbound,
                round(service.seconds, 3),
                round(service.rate),
                f"{ratio:.1%}",
                target,
                verdict(ok),
            )
        )
        rows.append(
            (
                f"ceiling: sqlite3 executemany, {ceiling.batch:,}/tx",
                ceiling.sync,
                ceiling.claims,
                ceiling.rows,
                round(ceiling.seconds, 3),
                round(ceiling.rate),
                "100.0%",
                "-",
                "ref",
            )
        )
    print(
        render(
            [
                "path",
                "sync",
                "claims",
                "rows",
                "seconds",
                "claims/s",
                "vs ceiling",
                "target",
                "verdict",
            ],
            rows,
            title=f"Durable lottery entries on SQLite ({args.concurrency:,} claims in flight)",
        )
    )
    print()
    print(
        render(
            ["sync", "transactions", "avg claims/tx", "p50 ms", "p99 ms", "max ms"],
            [
                (
                    s.sync,
                    s.batches,
                    s.avg_batch,
                    round(percentile(s.latencies, 50) * 1000, 2),
                    round(percentile(s.latencies, 99) * 1000, 2),
                    round(max(s.latencies) * 1000, 2),
                )
                for s, _ in results
            ],
            title="DropService.claim: group commit and latency (submit to durable outcome)",
        )
    )
    print()
    for service, ceiling in results:
        ratio = service.rate / ceiling.rate
        if service.rate < TARGET_RATE or ratio < TARGET_RATIO:
            print(
                f"missed (sync={service.sync}): {service.rate:,.0f}/s is "
                f"{service.rate / TARGET_RATE:.0%} of the {TARGET_RATE:,}/s target; "
                f"{ratio:.1%} of the ceiling against {TARGET_RATIO:.0%}"
            )
    print(
        "service: first submit to last acknowledged (committed) outcome, "
        f"best of {args.service_repeat} runs"
    )
    print("ceiling: the same rows (1 inbound + 1 entry per claim), prebuilt, in transactions of")
    print(f"  the service's average batch; best of {args.ceiling_repeat} runs")
    print(environment())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
