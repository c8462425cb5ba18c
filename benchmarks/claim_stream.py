"""A live drop's steady stream of claims, and the public listener beside it: what
``bench_crowd`` (a crowd on the transparency pages) and ``bench_overlay`` (overlays and live
pages on the feed) share. Each measures the claims' acknowledgement with and without its
readers, so both must stream the claims, and serve the readers, the same way."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from benchmarks.common import CHANNEL, percentile
from bot.bootstrap import Runtime
from bot.config import Settings
from bot.drops.claiming import ClaimRequest
from bot.drops.outcomes import Entered
from bot.drops.service import DropService
from bot.gating.context import Claimant
from bot.kernel.clock import Clock
from bot.loop import run_on_loop
from bot.web.metrics import Metrics
from bot.web.public_server import PublicServer

Run = TypeVar("Run")

HOST = "127.0.0.1"
STREAM = "stream"  # the streaming drop's short name
CONNECT_BATCH = 100  # readers connecting at once before a run starts (the accept backlog)
# Whole runs by default, each on a fresh database (see `PooledAcks`).
RUNS = 5


def member(number: int) -> ClaimRequest:
    """Discord member `number` entering the streaming drop (each number a distinct member)."""
    return ClaimRequest(
        f"discord:{number}",
        CHANNEL,
        Claimant("discord", str(number), f"fan{number}", roles=frozenset()),
        STREAM,
    )


@dataclass
class Acked:
    """A stream's claims: each one's acknowledgement time (seconds, submit to durable outcome)
    and the moments (`time.perf_counter`) they were acknowledged, in order."""

    acks: list[float] = field(default_factory=list)
    moments: list[float] = field(default_factory=list)


async def paced_claims(
    service: DropService,
    first: int,
    rate: float,
    seconds: float,
    until: Callable[[], bool] | None = None,
) -> Acked:
    """Claims at `rate` a second for `seconds` (and on until `until()` says done), members
    numbered from `first`, each on its own task as the adapters submit them. Every claim must
    be entered: a refusal would make the run measure something else."""
    acked = Acked()

    async def claim(request: ClaimRequest) -> None:
        started = time.perf_counter()
        outcome = await service.claim(request)
        done = time.perf_counter()
        if not isinstance(outcome, Entered):
            raise RuntimeError(f"a claim was not entered: {outcome!r}")
        acked.acks.append(done - started)
        acked.moments.append(done)

    tasks: list[asyncio.Task[None]] = []
    started = time.perf_counter()
    i = 0
    while True:
        due = started + i / rate
        if due - started >= seconds and (until is None or until()):
            break
        if (wait := due - time.perf_counter()) > 0:
            await asyncio.sleep(wait)
        tasks.append(asyncio.create_task(claim(member(first + i))))
        i += 1
    await asyncio.gather(*tasks)
    acked.moments.sort()
    return acked


def ack_ratio(alone: list[float], together: list[float]) -> float:
    """The claim-ack p99 with the readers over the p99 without (inf without a p99)."""
    base = percentile(alone, 99)
    return percentile(together, 99) / base if base else float("inf")


def median_run(runs: list[Run], ratio: Callable[[Run], float]) -> Run:
    """The run whose ack ratio is the median of `runs` (sorted by it, in place): whose figures
    other than the claims' p99 the table shows."""
    runs.sort(key=ratio)
    return runs[len(runs) // 2]


class Streamed(Protocol):
    alone: list[float]  # each claim's acknowledgement without the readers, seconds
    together: list[float]  # and with them


@dataclass(frozen=True)
class PooledAcks:
    """Every claim of every run, without the readers and with them: what the verdict's p99s
    are taken over. One run's p99 rests on its slowest 1% of claims (50 of a 5-second stream,
    one or two stalls of the whole process), and one run's ratio moved between 0.9x and 1.7x
    from run to run on two shared cores, the same commit's median of five between 1.15x and
    1.71x; the p99 over every run's claims rests on the slowest 1% of all of them."""

    alone: list[float]
    together: list[float]

    @classmethod
    def of(cls, runs: Sequence[Streamed]) -> PooledAcks:
        return cls([a for r in runs for a in r.alone], [a for r in runs for a in r.together])

    @property
    def p99_ms(self) -> tuple[float, float]:
        """The p99 without the readers and with them, in milliseconds."""
        return percentile(self.alone, 99) * 1000, percentile(self.together, 99) * 1000

    @property
    def ratio(self) -> float:
        return ack_ratio(self.alone, self.together)


def fresh_runs(
    repeat: int,
    database: str,
    where: str | None,
    measure: Callable[[Path], Coroutine[Any, Any, Run]],
) -> list[Run]:
    """`repeat` whole runs of `measure`, each on a fresh database file named `database` in a
    temporary directory of its own (under `where`), removed after its run."""
    runs = []
    for _ in range(repeat):
        prefix = f"fairdrop-bench-{Path(database).stem}-"
        with tempfile.TemporaryDirectory(prefix=prefix, dir=where) as directory:
            runs.append(run_on_loop(measure(Path(directory) / database)))
    return runs


def every_error(counted: Iterable[dict[str, int]]) -> tuple[int, str]:
    """Every run's errors: how many, and by kind ("kind: n, ..."; "" for none)."""
    kinds: Counter[str] = Counter()
    for run in counted:
        kinds.update(run)
    return sum(kinds.values()), ", ".join(f"{kind}: {n}" for kind, n in kinds.items())


@asynccontextmanager
async def public_listener(
    settings: Settings, runtime: Runtime, clock: Clock | None = None
) -> AsyncIterator[PublicServer]:
    """The public listener serving (its workers started, untimed), hearing this process's drop
    events as `fairdrop run` wires it (bot/web/build.py); stopped on the way out."""
    public = PublicServer(settings, runtime.service.public, Metrics(), clock=clock)
    assert runtime.local_events is not None
    runtime.local_events.listeners.append(public)
    stop = asyncio.Event()
    serving = asyncio.create_task(public.serve(stop))
    try:
        while not public.serving():
            if serving.done():
                await serving  # it failed to start: say why
            await asyncio.sleep(0.05)
        yield public
    finally:
        stop.set()
        await serving


def workers_cpu() -> float:
    """The CPU seconds the public workers (children of this process) have used, from Linux's
    /proc (0 where there is none)."""
    total = 0.0
    for child in multiprocessing.active_children():
        if not child.name.startswith("fairdrop-public") or child.pid is None:
            continue
        try:
            fields = Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return total


def workers_pids(workers: int) -> list[int]:
    """The processes serving the public listener: its workers, or this one with 0."""
    if workers == 0:
        return [os.getpid()]
    children = multiprocessing.active_children()
    return [c.pid for c in children if c.name.startswith("fairdrop-public") and c.pid]
