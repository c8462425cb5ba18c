"""Claims at a steady pace, by commit delay: ``python -m benchmarks.bench_pace``.

A burst groups itself: while one batch is in the database the next gathers. A steady stream
does not: at 1,000 claims a second each claim finds the database idle and commits alone, and
every commit costs CPU the event loop needs for the platform (Discord's button presses are such a
stream). `claims.commit_delay_ms` makes a batch that is not full wait that long for company.

For each delay in ``--delays``: ``--claims`` distinct Discord members submitted to the real
``DropService.claim`` at ``--rate`` a second (each on its own task, as the button handler does),
on a fresh, migrated SQLite file. Reported: the process's CPU time per claim (what the delay
saves), the transactions it took (mean claims per commit) and the time to the acknowledgement
(what it costs). Each row is the best (least CPU) of ``--repeat`` runs.

Reference only: no target, exit status 0 unless a run fails (every claim must be entered).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from benchmarks.common import (
    CHANNEL,
    T0,
    FixedClock,
    count_rows,
    discord_requests,
    environment,
    file_settings,
)
from benchmarks.common import percentile as pct
from bot.bootstrap import open_runtime
from bot.config import Settings
from bot.drop_presets import drop_spec
from bot.drops.claiming import ClaimRequest
from bot.drops.keyring import Keyring
from bot.loop import run_on_loop
from bot.reports.text_table import render
from bot.store.tables import EntryRow

DROP = "pace"


@dataclass(frozen=True)
class PaceRun:
    delay_ms: float
    claims: int
    cpu: float  # process CPU seconds while the claims ran
    batches: int
    acks: list[float]  # seconds, submit to acknowledged outcome

    @property
    def cpu_ms(self) -> float:
        return self.cpu / self.claims * 1000

    def ack_ms(self, q: float) -> float:
        return pct(self.acks, q) * 1000


async def _run(path: Path, claims: int, rate: float, delay_ms: float) -> PaceRun:
    sync = Settings().database.sqlite_synchronous
    settings = file_settings(path, sync, commit_delay_ms=delay_ms)
    clock = FixedClock(T0)
    async with open_runtime(settings, Keyring.new(T0), clock=clock, migrate=True) as runtime:
        service = runtime.service
        spec = drop_spec(
            settings, CHANNEL, DROP, supply=10, entry_window=timedelta(hours=1), early=timedelta(0)
        )
        drop = await service.create(spec)
        clock.at = T0 + timedelta(seconds=1)
        requests = discord_requests(claims, DROP)
        acks: list[float] = []

        async def claim(request: ClaimRequest) -> str:
            start = time.monotonic()
            outcome = await service.claim(request)
            acks.append(time.monotonic() - start)
            return type(outcome).__name__

        batches, cpu, start = service.intake.batches, time.process_time(), time.monotonic()
        tasks = []
        for i, request in enumerate(requests):
            # Paced against the start, not the previous claim: a late wake-up catches up.
            wait = start + i / rate - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            tasks.append(asyncio.create_task(claim(request)))
        outcomes = await asyncio.gather(*tasks)
        cpu = time.process_time() - cpu
        batches = service.intake.batches - batches
    entries = count_rows(path, str(EntryRow.__tablename__), f"drop_id = {int(drop.id or 0)}")
    if entries != claims:
        raise RuntimeError(f"{entries:,} entries for {claims:,} claims: {set(outcomes)}")
    return PaceRun(delay_ms, claims, cpu, batches, acks)


def measure(
    claims: int, rate: float, delays: Sequence[float], repeat: int, where: str | None
) -> list[PaceRun]:
    best: dict[float, PaceRun] = {}
    with tempfile.TemporaryDirectory(prefix="fairdrop-bench-", dir=where) as tmp:
        for r in range(max(1, repeat)):
            for delay in delays:  # interleaved, so a noisy moment hits every delay alike
                run = run_on_loop(_run(Path(tmp) / f"{r}-{delay}.db", claims, rate, delay))
                if delay not in best or run.cpu < best[delay].cpu:
                    best[delay] = run
    return [best[d] for d in delays]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_pace",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--claims", type=int, default=3000, help="distinct members, one claim each")
    parser.add_argument("--rate", type=float, default=1000, help="claims a second (default 1,000)")
    parser.add_argument(
        "--delays", default="0,1,2,5", help="commit delays to compare, in ms (default 0,1,2,5)"
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs per delay (least CPU wins)")
    parser.add_argument("--dir", default=None, help="where the temporary databases go")
    args = parser.parse_args(argv)
    try:
        delays = [float(d) for d in args.delays.split(",") if d.strip()]
    except ValueError:
        parser.error(f"--delays takes milliseconds separated by commas, not {args.delays!r}")
    if not delays or any(not 0 <= d <= 100 for d in delays):
        parser.error("--delays: each from 0 to 100 ms (what claims.commit_delay_ms allows)")

    runs = measure(args.claims, args.rate, delays, args.repeat, args.dir)
    base = runs[0]
    rows = [
        (
            f"{r.delay_ms:g} ms",
            round(r.cpu_ms, 3),
            f"{r.cpu_ms / base.cpu_ms:.0%}",
            r.batches,
            round(r.claims / r.batches, 1) if r.batches else "-",
            round(r.ack_ms(50), 1),
            round(r.ack_ms(99), 1),
        )
        for r in runs
    ]
    title = (
        f"{args.claims:,} claims at {args.rate:,.0f}/s through DropService.claim on SQLite, "
        f"by claims.commit_delay_ms (default {Settings().claims.commit_delay_ms:g} ms)"
    )
    headers = (
        "commit delay",
        "CPU ms/claim",
        f"vs {base.delay_ms:g} ms",
        "commits",
        "claims/commit",
        "ack p50 ms",
        "ack p99 ms",
    )
    print(render(headers, rows, title))
    print(environment())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
