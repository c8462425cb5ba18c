"""Redemptions through the partner API: ``python -m benchmarks.bench_redeem``.

The real web app (``make_app``) is served by ``serve_web`` on a local port over a migrated
SQLite file; a first-come drop issues ``--codes`` codes (setup, untimed). Then:

* throughput: ``--clients`` concurrent aiohttp clients, one connection each, redeem every code
  once through ``POST /api/v1/codes/redeem`` (the short code, then in a second run on a fresh
  drop the token); redemptions/s is codes / wall time, latencies per request.
* the race: ``--race-clients`` clients each try to redeem the same ``--race-codes`` codes, in
  their own shuffled order, all at once. Every code must be redeemed exactly once (one 200, the
  rest 409 ``already_redeemed``), and the database must hold exactly one redemption per code.

Clients run in a separate process, so the server's event loop and its database thread have the
CPU the way they would in production. Exits 1 if the target or the exactly-once check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import aiohttp

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
from bot.drops.entitlements import reveal
from bot.drops.keyring import Keyring
from bot.drops.model import Mode
from bot.drops.partners import PartnerScope
from bot.drops.service import DropService
from bot.drops.transactions import read_only
from bot.store.partners import PartnerStore
from bot.tables import render
from bot.web.app import make_app
from bot.web.serve import serve_web
from tests.fixtures.services import free_port

TARGET_PER_SECOND = 2000.0
HOST = "127.0.0.1"
REDEEM = "/api/v1/codes/redeem"


async def _codes(service: DropService, drop_id: int) -> list[tuple[str, str]]:
    records = await service.tx.run(read_only(lambda uow: uow.codes.for_drop(drop_id)))
    revealed = [reveal(service.keyring, r) for r in records]
    return [(c.short_code, c.token) for c in revealed]


# -- the clients (a separate process) ------------------------------------------------------------


async def _clients(
    base: str, key: str, work: list[list[str]], results: list[tuple[int, float]]
) -> float:
    headers = {"Authorization": f"Bearer {key}"}

    async def client(codes: list[str]) -> None:
        connector = aiohttp.TCPConnector(limit=1)
        async with aiohttp.ClientSession(base, headers=headers, connector=connector) as http:
            for code in codes:
                start = time.perf_counter()
                async with http.post(REDEEM, json={"code": code}) as response:
                    await response.read()
                results.append((response.status, time.perf_counter() - start))

    start = time.perf_counter()
    await asyncio.gather(*(client(codes) for codes in work))
    return time.perf_counter() - start


def _client_process(
    base: str, key: str, work: list[list[str]], queue: multiprocessing.Queue[object]
) -> None:
    results: list[tuple[int, float]] = []
    seconds = asyncio.run(_clients(base, key, work, results))
    queue.put((seconds, results))


def _run_clients(
    base: str, key: str, work: list[list[str]]
) -> tuple[float, list[tuple[int, float]]]:
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[object] = context.Queue()
    process = context.Process(target=_client_process, args=(base, key, work, queue))
    process.start()
    seconds, results = queue.get()  # type: ignore[misc]
    process.join()
    return seconds, results


# -- the server side ----------------------------------------------------------------------------


async def _measure(args: argparse.Namespace, directory: str) -> tuple[list[list[object]], bool]:
    path = Path(directory) / "redeem.db"
    settings = file_settings(path, args.sync)
    keyring = Keyring.new(T0)
    clock = FixedClock(T0)
    rows: list[list[object]] = []
    failed = False
    async with open_runtime(settings, keyring, clock=clock, migrate=True) as runtime:
        service = runtime.service
        partners = PartnerStore(runtime.engine, lambda fn: service.tx.run(lambda _uow: fn()))
        port = free_port()
        app = make_app(service, partners, settings)
        stop, ready = asyncio.Event(), asyncio.Event()
        server = asyncio.create_task(serve_web(app, HOST, port, stop, ready))
        await ready.wait()
        base = f"http://{HOST}:{port}"

        async def drop_with_codes(name: str, n: int) -> tuple[int, list[tuple[str, str]]]:
            clock.at = T0
            spec = settings.drop_spec(name, "Benchmark drop", CHANNEL, mode=Mode.FCFS, supply=n)
            drop = await service.create(spec)
            clock.at = CLAIM_AT
            run = await run_claims(service, requests_for(claimants(n), name), 500)
            if run.outcomes.get("won") != n:
                raise RuntimeError(f"expected {n:,} units taken, got {run.outcomes}")
            await service.close(CHANNEL, name)
            return drop.id, await _codes(service, drop.id)

        try:
            for form in ("short code", "token"):
                drop_id, codes = await drop_with_codes(f"bench-{form[0]}", args.codes)
                _, key = partners.sql.create(
                    f"bench-{form[0]}", PartnerScope(frozenset({drop_id})), clock.now()
                )
                texts = [s if form == "short code" else t for s, t in codes]
                work = [texts[i :: args.clients] for i in range(args.clients)]
                seconds, results = await asyncio.to_thread(_run_clients, base, key, work)
                statuses = Counter(status for status, _ in results)
                latencies = [latency for _, latency in results]
                rate = len(results) / seconds
                ok = statuses == {200: args.codes}
                target = TARGET_PER_SECOND if args.codes >= 1000 else 0.0
                passed = ok and rate >= target
                failed |= not passed
                rows.append(
                    [
                        f"redeem by {form}", args.clients, len(results), f"{rate:,.0f}",
                        f"{percentile(latencies, 50) * 1000:.1f}",
                        f"{percentile(latencies, 99) * 1000:.1f}",
                        f">= {TARGET_PER_SECOND:,.0f}/s", verdict(passed),
                    ]
                )  # fmt: skip
            # The race: everyone tries every code.
            drop_id, codes = await drop_with_codes("bench-race", args.race_codes)
            _, key = partners.sql.create(
                "bench-race", PartnerScope(frozenset({drop_id})), clock.now()
            )
            shorts = [s for s, _ in codes]
            work = []
            for i in range(args.race_clients):
                order = list(shorts)
                random.Random(i).shuffle(order)
                work.append(order)
            seconds, results = await asyncio.to_thread(_run_clients, base, key, work)
            statuses = Counter(status for status, _ in results)
            stored = count_rows(path, "redemptions", f"drop_id = {drop_id}")
            once = statuses[200] == args.race_codes and stored == args.race_codes
            once &= statuses[409] == args.race_codes * (args.race_clients - 1)
            failed |= not once
            latencies = [latency for _, latency in results]
            rows.append(
                [
                    f"race: {args.race_codes:,} codes x {args.race_clients} clients",
                    args.race_clients, len(results), f"{len(results) / seconds:,.0f}",
                    f"{percentile(latencies, 50) * 1000:.1f}",
                    f"{percentile(latencies, 99) * 1000:.1f}",
                    "each once", verdict(once),
                ]
            )  # fmt: skip
            print(
                f"race: {statuses[200]:,} redeemed (200), "
                f"{statuses[409]:,} already redeemed (409), "
                f"{sum(v for k, v in statuses.items() if k not in (200, 409)):,} other; "
                f"{stored:,} redemptions stored for {args.race_codes:,} codes"
            )
        finally:
            stop.set()
            await server
    return rows, failed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_redeem",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--codes", type=int, default=5000, help="codes redeemed per form")
    parser.add_argument("--clients", type=int, default=50, help="concurrent API clients")
    parser.add_argument("--race-codes", type=int, default=1000)
    parser.add_argument("--race-clients", type=int, default=50)
    parser.add_argument("--sync", choices=["full", "normal"], default="full")
    parser.add_argument("--dir", default=None, help="where the temporary database goes")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fairdrop-bench-redeem-", dir=args.dir) as directory:
        rows, failed = asyncio.run(_measure(args, directory))
    print(
        render(
            ["path", "clients", "requests", "req/s", "p50 ms", "p99 ms", "target", "verdict"],
            rows,
            title=f"Partner API redemptions over HTTP (SQLite, synchronous={args.sync})",
        )
    )
    print()
    print("req/s: HTTP requests answered per second of wall time, clients in another process")
    print(environment())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
