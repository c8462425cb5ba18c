"""Three fairdrop processes, one first-come drop, shared through PostgreSQL and Redis.

Each process (`tests/store/claimer_process.py`) builds its own `DropService` over the same
PostgreSQL database and the same Redis. Together they take 30,000 claims from 10,000 people
(three each, a person's claims spread over the processes) for a supply of 1,000 with a cap of
two per person. Afterwards SQL must show exactly 1,000 live allocations with serials 1..1000,
nobody over the cap, one entry per person, one code per allocation, and every claim must have
had an outcome that matches the record.

The second test kills Redis mid-drop (it comes back empty), and later flushes it: the processes
rebuild the hot state from SQL and the drop still ends with no unit sold twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.bootstrap import open_runtime
from bot.drops.keyring import Keyring
from bot.drops.model import Mode
from bot.keystore import ENV_KEYRING
from bot.store.allocations import ALLOCATION
from bot.store.codes import CODE
from bot.store.entries import ENTRY
from bot.store.inbound import INBOUND
from tests.fixtures.services import RedisServer
from tests.store.claimer_process import CHANNEL, claimer_settings

ROOT = Path(__file__).resolve().parents[2]
LIVE = ("pending", "claimed")
START_TIMEOUT = 60.0
RUN_TIMEOUT = 90.0


@dataclass
class DropRun:
    outcomes: dict[str, tuple[str, int | None]]  # every claim of every process
    claims: list[tuple[str, str]]  # (message id, user)
    retries: Counter[str]  # retried transactions by cause, over all processes


def make_claims(people: int, per_person: int, seed: int) -> list[tuple[str, str]]:
    claims = [(f"m:{p}:{k}", str(100_000 + p)) for p in range(people) for k in range(per_person)]
    random.Random(seed).shuffle(claims)
    return claims


async def create_drop(postgres_url: str, redis_url: str, supply: int, cap: int) -> Keyring:
    keyring = Keyring.new(datetime.now(UTC))
    settings = claimer_settings(postgres_url, redis_url)
    async with open_runtime(settings, keyring, migrate=True) as runtime:
        spec = settings.drop_spec(
            "rush",
            "Multi-process rush",
            CHANNEL,
            mode=Mode.FCFS,
            supply=supply,
            cap_per_person=cap,
            entry_window=timedelta(hours=1),
            tiers=(),  # one public tier open to everyone
        )
        await runtime.service.create(spec)
    return keyring


@contextlib.contextmanager
def claimer_processes(
    tmp_path: Path,
    postgres_url: str,
    redis_url: str,
    keyring: Keyring,
    claims: list[tuple[str, str]],
    workers: int,
    rate: float = 0.0,
) -> Iterator[Callable[[], DropRun]]:
    """Start `workers` claimer processes, release them together; the callable collects."""
    claims_file = tmp_path / "claims.json"
    claims_file.write_text(json.dumps(claims))
    env = {**os.environ, ENV_KEYRING: keyring.to_json()}
    procs: list[subprocess.Popen[str]] = []
    outs = [tmp_path / f"out-{k}.json" for k in range(workers)]
    try:
        for k in range(workers):
            command = [
                sys.executable, "-m", "tests.store.claimer_process",
                "--db", postgres_url, "--redis", redis_url, "--claims", str(claims_file),
                "--worker", str(k), "--workers", str(workers), "--out", str(outs[k]),
                "--rate", str(rate),
            ]  # fmt: skip
            procs.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=env,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
        for proc in procs:
            assert proc.stdout is not None
            assert read_line(proc, START_TIMEOUT) == "READY"
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()

        def collect() -> DropRun:
            outcomes: dict[str, tuple[str, int | None]] = {}
            retries: Counter[str] = Counter()
            for proc, out in zip(procs, outs, strict=True):
                assert read_line(proc, RUN_TIMEOUT) == "DONE"
                assert proc.wait(timeout=30) == 0
                result = json.loads(out.read_text())
                outcomes.update({m: (o[0], o[1]) for m, o in result["outcomes"].items()})
                retries.update(result["retries"])
            return DropRun(outcomes, claims, retries)

        yield collect
    finally:
        for proc in procs:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    stream.close()


def read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    """The process's next stdout line, or fail after `timeout` seconds."""
    assert proc.stdout is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout)
    assert lines, f"process {proc.pid} said nothing within {timeout:.0f}s"
    return lines[0].strip()


def check_the_record(postgres_url: str, run: DropRun, supply: int, cap: int) -> None:
    """Zero oversell, zero duplicates, every claim answered and its answer on record."""
    engine = sa.create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            live = conn.execute(
                sa.select(ALLOCATION.c.serial, ALLOCATION.c.identity).where(
                    ALLOCATION.c.status.in_(LIVE)
                )
            ).all()
            codes = conn.execute(sa.select(sa.func.count()).select_from(CODE)).scalar_one()
            entries = conn.execute(sa.select(ENTRY.c.identity)).scalars().all()
            rows = conn.execute(sa.select(INBOUND.c.message_id, INBOUND.c.outcome)).all()
            inbound = {message_id: outcome for message_id, outcome in rows}
    finally:
        engine.dispose()

    serials = sorted(serial for serial, _ in live)
    assert serials == list(range(1, supply + 1)), "every unit exactly once"
    per_person = Counter(identity for _, identity in live)
    assert max(per_person.values()) <= cap
    assert codes == supply
    assert len(entries) == len(set(entries)), "one entry per person"

    errors = {m: o for m, (o, _) in run.outcomes.items() if o.startswith("error")}
    assert errors == {}
    assert set(run.outcomes) == {m for m, _ in run.claims}, "every claim got an outcome"
    assert {m: o for m, (o, _) in run.outcomes.items()} == inbound, "answers match the record"
    won = {
        (f"twitch:{user}", run.outcomes[m][1])
        for m, user in run.claims
        if run.outcomes[m][0] == "won"
    }
    assert won == {(identity, serial) for serial, identity in live}
    names = Counter(o for o, _ in run.outcomes.values())
    assert set(names) <= {"won", "cap_reached", "sold_out"}
    assert names["won"] == supply


@pytest.mark.slow
async def test_three_processes_sell_exactly_the_supply(
    tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    supply, cap = 1000, 2
    keyring = await create_drop(postgres_url, redis_url, supply, cap)
    claims = make_claims(people=10_000, per_person=3, seed=7)
    with claimer_processes(tmp_path, postgres_url, redis_url, keyring, claims, 3) as collect:
        run = await asyncio.to_thread(collect)
    check_the_record(postgres_url, run, supply, cap)


@pytest.mark.slow
async def test_redis_killed_and_flushed_mid_drop_the_drop_still_finishes(
    tmp_path: Path, postgres_url: str, redis_url: str, redis_server: RedisServer
) -> None:
    supply, cap = 1000, 2
    keyring = await create_drop(postgres_url, redis_url, supply, cap)
    # 3,000 people claiming twice each, paced so the units go out over a few seconds.
    claims = make_claims(people=3000, per_person=2, seed=11)
    engine = sa.create_engine(postgres_url)

    def allocated() -> int:
        with engine.connect() as conn:
            query = sa.select(sa.func.count()).select_from(ALLOCATION)
            return int(conn.execute(query).scalar_one())

    def wait_for(count: int) -> None:
        deadline = time.monotonic() + RUN_TIMEOUT
        while allocated() < count:
            assert time.monotonic() < deadline, f"stuck below {count} allocations"
            time.sleep(0.01)

    try:
        with claimer_processes(
            tmp_path, postgres_url, redis_url, keyring, claims, 3, rate=150
        ) as collect:
            await asyncio.to_thread(wait_for, 250)
            redis_server.kill()  # claims in flight fail over to retries
            await asyncio.sleep(0.5)
            redis_server.restart()  # empty: the processes rebuild from SQL
            killed_at = allocated()
            await asyncio.to_thread(wait_for, killed_at + 250)
            with redis_server.client() as client:
                client.flushall()  # lost again, while the processes are working
            flushed_at = allocated()
            run = await asyncio.to_thread(collect)
    finally:
        engine.dispose()
    assert 250 <= killed_at < supply
    assert flushed_at < supply, "the flush came too late to test anything"
    assert run.retries["unavailable"] + run.retries["lost"] > 0
    print(f"retried transactions: {dict(run.retries)}")
    check_the_record(postgres_url, run, supply, cap)
