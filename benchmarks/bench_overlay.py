"""Overlays and live pages on the feed as claims stream in: ``python -m benchmarks.bench_overlay``.

On a migrated SQLite file (``synchronous=full``) the benchmark opens the runtime and, as
``fairdrop run`` does with ``[web] public_port`` set, the public listener
(``bot.web.public_server``: ``--public-workers`` processes, default the setting's; 0 serves it
on the claims' event loop), which serves the live feed and hears this process's drop events. As
behind the README's proxy, the clients arrive through a trusted proxy (each with its own
``X-Forwarded-For``). One lottery drop is open to everyone. Then, twice:

* without clients: ``--rate`` claims a second (distinct Discord members, each on its own task,
  as in ``bench_crowd``) stream into the drop for ``--seconds``;
* with ``--clients`` SSE clients connected beforehand, half following the community's overlay
  (``/overlay/{community}/events``) and half the drop's live page (``/drops/{id}/events``):
  the same stream.

Figures: claim acknowledgement p99 (submit to durable outcome) with and without the clients;
the delay from each entrant-count change (the moment the claim that made the count N was
acknowledged) to each client seeing a count of at least N (every change, every client: p50,
p99, max); memory per connected client (the serving processes' RSS after the clients connected,
less before, over the clients). The clients run in a child process and speak raw HTTP/1.1;
`time.perf_counter` is the system's monotonic clock, the same in both processes. On a shared
machine the figures move from run to run, so the whole run is made ``--repeat`` times (default
5), each on a fresh database: the claim-ack p99s are taken over every run's claims (see
``claim_stream.PooledAcks``), the other figures are the median run's (by its own ratio), and
every run's ratio is listed under the table. Exits 1 if a target is missed or any run had an
error.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from multiprocessing.connection import Connection
from pathlib import Path

import numpy as np

from benchmarks.claim_stream import (
    CONNECT_BATCH,
    HOST,
    RUNS,
    STREAM,
    PooledAcks,
    ack_ratio,
    every_error,
    fresh_runs,
    median_run,
    paced_claims,
    public_listener,
    workers_cpu,
    workers_pids,
)
from benchmarks.common import CHANNEL, T0, FixedClock, environment, file_settings
from benchmarks.common import verdict as verdict_of
from bot.bootstrap import open_runtime
from bot.config import WebSettings
from bot.drop_presets import drop_spec
from bot.drops.keyring import Keyring
from bot.gc_tuning import tuned_gc
from bot.loop import run_on_loop
from bot.reports.text_table import render
from tests.fixtures.services import free_port

ACK_RATIO_TARGET = 1.2  # claim-ack p99 with the clients, at most this times the p99 without
SEEN_P99_TARGET_S = 1.0  # every client sees each count change within this (p99)
ENTRANTS = re.compile(rb'"entrants": (\d+)[,}]')
SETTLE_S = 2.0  # after the stream, for the last counts to reach every client


# -- the clients (a child process) --------------------------------------------------------------


class _Follower(asyncio.Protocol):
    """One SSE client: the entrant counts it saw, each with the moment it first saw it. The
    stream is scanned for `"entrants": N` (each message is one write, so one chunk)."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, float]] = []
        self.first = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None
        self._tail = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        now = time.perf_counter()
        buffer = self._tail + data
        end = 0
        for match in ENTRANTS.finditer(buffer):
            count, end = int(match.group(1)), match.end()
            if not self.seen or count > self.seen[-1][0]:
                self.seen.append((count, now))
        self._tail = buffer[max(end, len(buffer) - 64) :]
        if self.seen and not self.first.done():
            self.first.set_result(None)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.first.done():
            self.first.set_exception(exc or ConnectionError("the server closed the stream"))


@dataclass
class Seen:
    by_client: list[list[tuple[int, float]]] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    cpu: float = 0.0  # the clients' process's CPU seconds while the stream ran, and after


async def _followers(port: int, paths: list[str], conn: Connection) -> Seen:
    loop = asyncio.get_running_loop()
    seen = Seen()
    followers: list[_Follower] = []
    for start in range(0, len(paths), CONNECT_BATCH):
        batch = paths[start : start + CONNECT_BATCH]
        opened = await asyncio.gather(
            *(loop.create_connection(_Follower, HOST, port) for _ in batch), return_exceptions=True
        )
        for number, (path, made) in enumerate(zip(batch, opened, strict=True), start):
            if isinstance(made, BaseException):
                seen.errors[type(made).__name__] = seen.errors.get(type(made).__name__, 0) + 1
                continue
            follower = made[1]
            assert follower.transport is not None
            follower.transport.write(
                f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept: text/event-stream\r\n"
                f"X-Forwarded-For: 10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
                "\r\n\r\n".encode()
            )
            followers.append(follower)
    firsts = await asyncio.gather(*(f.first for f in followers), return_exceptions=True)
    for first in firsts:
        if isinstance(first, BaseException):
            seen.errors[type(first).__name__] = seen.errors.get(type(first).__name__, 0) + 1
    conn.send("connected")
    cpu = time.process_time()
    await asyncio.to_thread(conn.recv)  # the stream is over and settled
    seen.cpu = time.process_time() - cpu
    seen.by_client = [f.seen for f in followers]
    for follower in followers:
        if follower.transport is not None:
            follower.transport.close()
    return seen


def _followers_process(port: int, paths: list[str], conn: Connection) -> None:
    with tuned_gc():
        seen = run_on_loop(_followers(port, paths, conn))
    conn.send(seen)
    conn.close()


# -- the bot's side -----------------------------------------------------------------------------


@dataclass
class Measured:
    alone: list[float]
    together: list[float]
    delays: np.ndarray  # seconds, every (change, client)
    clients: int
    memory_per_client: float  # bytes
    errors: dict[str, int]
    cpu_public: float  # the public workers' CPU seconds while the stream ran with the clients
    cpu_bot: tuple[float, float]  # the bot process's, while it ran alone and with the clients
    cpu_clients: float


def _rss(pids: list[int]) -> int:
    """The resident memory of `pids` in bytes (Linux /proc)."""
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def _delays(moments: list[float], base: int, seen: Seen) -> np.ndarray:
    """For every count change (the claim making the count `base + k` acknowledged at
    `moments[k - 1]`) and every client: when that client first saw a count at least that."""
    changed = np.asarray(moments)
    wanted = base + np.arange(1, len(changed) + 1)
    delays = []
    for client in seen.by_client:
        counts = np.asarray([c for c, _ in client])
        times = np.asarray([t for _, t in client] + [np.inf])
        found = np.searchsorted(counts, wanted, side="left")
        delays.append(np.maximum(times[found] - changed, 0.0))
    return np.concatenate(delays) if delays else np.asarray([np.inf])


async def _measure(args: argparse.Namespace, path: Path) -> Measured:
    settings = file_settings(path, args.sync)
    web = settings.web.model_copy(
        update={
            "public_port": free_port(),
            "public_workers": args.public_workers,
            "trusted_proxies": [HOST],
            "feed_max_clients": max(args.clients, WebSettings().feed_max_clients),
        }
    )
    settings = settings.model_copy(update={"web": web})
    clock = FixedClock(T0)
    async with (
        open_runtime(settings, Keyring.new(T0), clock=clock, migrate=True) as runtime,
        public_listener(settings, runtime, clock) as public,
    ):
        service = runtime.service
        spec = drop_spec(
            settings, CHANNEL, STREAM, supply=10, entry_window=timedelta(hours=1),
            early=timedelta(0),
        )  # fmt: skip
        drop = await service.create(spec)
        clock.at += timedelta(seconds=1)
        half = args.clients // 2
        paths = [f"/overlay/{CHANNEL}/events"] * half
        paths += [f"/drops/{drop.id}/events"] * (args.clients - half)
        context = multiprocessing.get_context("spawn")
        conn, child = context.Pipe()
        clients = context.Process(
            target=_followers_process, args=(public.port, paths, child), daemon=True
        )
        with tuned_gc():  # as `fairdrop run` serves (see bot.gc_tuning)
            cpu = time.process_time()
            alone = await paced_claims(service, 10_000_000, args.rate, args.seconds)
            cpu_alone = time.process_time() - cpu
            await asyncio.sleep(SETTLE_S)
            pids = workers_pids(args.public_workers)
            before = _rss(pids)
            clients.start()
            child.close()
            if not await asyncio.to_thread(conn.poll, 300) or conn.recv() != "connected":
                raise RuntimeError("the clients did not connect")
            memory = (_rss(pids) - before) / max(1, args.clients)
            cpu_public, cpu = workers_cpu(), time.process_time()
            together = await paced_claims(service, 20_000_000, args.rate, args.seconds)
            cpu_together = time.process_time() - cpu
            await asyncio.sleep(SETTLE_S)
            cpu_public = workers_cpu() - cpu_public
            conn.send("done")
            seen: Seen = await asyncio.to_thread(conn.recv)
            await asyncio.to_thread(clients.join, 30)
    delays = _delays(together.moments, len(alone.acks), seen)
    return Measured(
        alone.acks, together.acks, delays, args.clients, memory, seen.errors, cpu_public,
        (cpu_alone, cpu_together), seen.cpu,
    )  # fmt: skip


def _ratio(measured: Measured) -> float:
    """The claim-ack p99 with the clients over the p99 without."""
    return ack_ratio(measured.alone, measured.together)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_overlay",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--clients", type=int, default=2000, help="SSE clients connected")
    parser.add_argument("--rate", type=float, default=1000.0, help="claims a second")
    parser.add_argument("--seconds", type=float, default=5.0, help="how long each stream runs")
    parser.add_argument("--sync", choices=["full", "normal"], default="full")
    parser.add_argument(
        "--public-workers", type=int, default=WebSettings().public_workers,
        help="processes serving the public listener (the feed); 0: on the bot's loop",
    )  # fmt: skip
    parser.add_argument("--dir", default=None, help="where the temporary database goes")
    parser.add_argument(
        "--repeat", type=int, default=RUNS,
        help="whole runs, each on a fresh database; the table shows the median run's figures",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.clients < 2 or args.rate <= 0 or args.seconds <= 0 or args.public_workers < 0:
        parser.error("--clients must be 2 or more; --rate and --seconds positive; workers >= 0")
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    runs = fresh_runs(args.repeat, "overlay.db", args.dir, lambda path: _measure(args, path))
    acks = PooledAcks.of(runs)  # every run's claims; each run's ratio is listed below
    (alone_p99, together_p99), ratio = acks.p99_ms, acks.ratio
    measured = median_run(runs, _ratio)  # the table's other figures
    delays = measured.delays
    seen_p99 = float(np.percentile(delays, 99))
    errors, failed = every_error(run.errors for run in runs)
    ack_ok, seen_ok = ratio <= ACK_RATIO_TARGET, seen_p99 < SEEN_P99_TARGET_S
    rows: list[list[object]] = [
        ["claim ack p99, no clients", f"{alone_p99:.1f} ms",
         f"{len(acks.alone):,} claims at {args.rate:,.0f}/s, {len(runs)} run(s)", "", ""],
        ["claim ack p99, with the clients", f"{together_p99:.1f} ms",
         f"{len(acks.together):,} claims; {ratio:.2f}x", f"<= {ACK_RATIO_TARGET}x",
         verdict_of(ack_ok)],
        ["count change seen by every client, p99", f"{seen_p99 * 1000:.0f} ms",
         f"{len(delays):,} (change, client) pairs; p50 "
         f"{np.percentile(delays, 50) * 1000:.0f} ms, max {delays.max() * 1000:.0f} ms",
         f"< {SEEN_P99_TARGET_S * 1000:.0f} ms", verdict_of(seen_ok)],
        ["memory per connected client", f"{measured.memory_per_client / 1024:.1f} KiB",
         f"RSS delta of the serving processes / {measured.clients:,} clients", "", ""],
        ["errors, every run", errors, failed or "none",
         "0", verdict_of(errors == 0)],
    ]  # fmt: skip
    served = (
        "the bot's own loop"
        if args.public_workers == 0
        else f"{args.public_workers} public worker process(es)"
    )
    print(
        render(
            ["figure", "value", "of", "target", "verdict"],
            rows,
            title=(
                f"{measured.clients:,} SSE clients (half overlays, half live pages) while "
                f"{args.rate:,.0f} claims/s stream into the drop (SQLite synchronous="
                f"{args.sync}; the feed served by {served})"
            ),
        )
    )  # fmt: skip
    print()
    print(
        f"runs: {len(runs)} on fresh databases; the claims' p99s are over every run's claims, "
        "the other figures the median run's (by its own ack ratio); every run's ratio and seen "
        "p99: "
        + ", ".join(
            f"{_ratio(run):.2f}x/{float(np.percentile(run.delays, 99)) * 1000:.0f} ms"
            for run in runs
        )
    )
    print(
        f"CPU seconds: the bot process {measured.cpu_bot[0]:.2f} s while the stream ran alone, "
        f"{measured.cpu_bot[1]:.2f} s with the clients;\nthe public workers "
        f"{measured.cpu_public:.2f} s and the clients' process {measured.cpu_clients:.2f} s "
        f"while it ran with the clients (and {SETTLE_S:.0f} s after).\nClients run in a child "
        "process on the same cores; on a shared machine the figures move from run to run."
    )
    print(environment())
    return 0 if ack_ok and seen_ok and errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
