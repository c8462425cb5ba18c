"""Codes issued and persisted: ``python -m benchmarks.bench_codes``.

A lottery drop with ``--codes`` entrants and supply ``--codes`` (entries go in through the real
``DropService.claim``, untimed), then ``DropService.close`` is timed: it closes the drop, draws,
and in one transaction writes every allocation, its code record and its winner notice (outbox
row) to a fresh, migrated SQLite file. Every entrant wins, so ``--codes`` codes are issued.

Beside it, in memory: ``CodeIssuer.issue`` (the CodeRecord: random code id, short-code
derivation, selector and verifier hash) and ``entitlements.reveal`` (re-signing the PASETO
v4.public token and re-deriving the short code) for as many codes, best of ``--repeat``.

The ceiling, in the same run: raw pynacl ``SigningKey.sign`` of a 200-byte message (about the
size of a token's pre-authentication encoding), once per code, with the key built once.

Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nacl.signing import SigningKey as NaclSigningKey

from benchmarks.common import (
    CHANNEL,
    CLAIM_AT,
    T0,
    FixedClock,
    best_of,
    claimants,
    count_rows,
    environment,
    file_settings,
    requests_for,
    run_claims,
    verdict,
)
from bot.bootstrap import open_runtime
from bot.drops.entitlements import CodeIssuer, reveal
from bot.drops.keyring import Keyring
from bot.drops.model import Allocation, CodeRecord, Drop, Mode
from bot.loop import run_on_loop
from bot.reports.text_table import render
from bot.store.tables import AllocationRow, CodeRow, OutboxRow

TARGET_CLOSE_SECONDS = 1.0  # for 10,000 codes issued and persisted
TARGET_CODES = 10_000
MESSAGE_BYTES = 200


@dataclass
class CloseResult:
    codes: int
    seconds: float
    drop: Drop
    allocations: list[Allocation]


async def _close_run(
    path: Path, codes: int, concurrency: int, sync: str, keyring: Keyring
) -> CloseResult:
    settings = file_settings(path, sync)
    clock = FixedClock(T0)
    async with open_runtime(settings, keyring, clock=clock, migrate=True) as runtime:
        service = runtime.service
        spec = settings.drop_spec(
            "bench-codes", "Benchmark drop", CHANNEL, mode=Mode.LOTTERY, supply=codes
        )
        await service.create(spec)
        clock.at = CLAIM_AT
        run = await run_claims(service, requests_for(claimants(codes), "codes"), concurrency)
        if run.outcomes != {"entered": codes}:
            raise RuntimeError(f"expected {codes:,} 'entered' outcomes, got {run.outcomes}")
        start = time.perf_counter()
        closing = await service.close(CHANNEL, spec.name)
        seconds = time.perf_counter() - start
        assert closing.draw is not None
        if closing.draw.winners != codes:
            raise RuntimeError(f"the draw gave {closing.draw.winners:,} winners, not {codes:,}")
        with runtime.uow() as uow:
            allocations = uow.allocations.for_drop(closing.drop.id)
    for table, where in (
        (str(AllocationRow.__tablename__), ""),
        (str(CodeRow.__tablename__), ""),
        (str(OutboxRow.__tablename__), "kind = 'won'"),  # one winner notice per allocation
    ):
        if (stored := count_rows(path, table, where)) != codes:
            raise RuntimeError(f"{stored:,} {table} rows after close, expected {codes:,}")
    return CloseResult(codes, seconds, closing.drop, allocations)


def _issue_all(
    keyring: Keyring, drop: Drop, allocations: Sequence[Allocation], now: datetime
) -> list[CodeRecord]:
    issuer = CodeIssuer(keyring, os.urandom)
    return [issuer.issue(drop, a, now) for a in allocations]


def measure(
    codes: int, concurrency: int, sync: str, repeat: int, where: str | None
) -> tuple[list[tuple[object, ...]], bool]:
    """The table rows, and whether a target was missed."""
    keyring = Keyring.new(T0)
    with tempfile.TemporaryDirectory(prefix="fairdrop-bench-", dir=where) as tmp:
        # Best of `repeat` fresh drops, as for the other rows: this VM drifts from run to run.
        close = min(
            (
                run_on_loop(
                    _close_run(Path(tmp) / f"codes-{i}.db", codes, concurrency, sync, keyring)
                )
                for i in range(max(1, repeat))
            ),
            key=lambda c: c.seconds,
        )
    drop, allocations, now = close.drop, close.allocations, CLAIM_AT

    records: list[CodeRecord] = []

    def issue_run() -> None:
        records[:] = _issue_all(keyring, drop, allocations, now)

    issue_seconds = best_of(repeat, issue_run)
    reveal_seconds = best_of(repeat, lambda: [reveal(keyring, r) for r in records])

    nacl_key = NaclSigningKey(os.urandom(32))
    message = os.urandom(MESSAGE_BYTES)
    sign = nacl_key.sign
    ceiling_seconds = best_of(repeat, lambda: [sign(message) for _ in range(codes)])
    ceiling_rate = codes / ceiling_seconds

    # The target is stated for 10,000 codes; other sizes scale it linearly.
    limit = TARGET_CLOSE_SECONDS * codes / TARGET_CODES
    close_ok = close.seconds < limit

    def row(path: str, seconds: float, target: str, result: str) -> tuple[object, ...]:
        rate = codes / seconds
        return (path, codes, round(seconds * 1000, 1), round(rate), f"{rate / ceiling_rate:.1%}",
                target, result)  # fmt: skip

    rows = [
        row(
            f"DropService.close: draw + persist (SQLite, sync={sync})",
            close.seconds,
            f"< {limit * 1000:,.0f} ms",
            verdict(close_ok),
        ),
        row("CodeIssuer.issue, in memory", issue_seconds, "-", "info"),
        row("entitlements.reveal (token + short code)", reveal_seconds, "-", "info"),
        row(f"ceiling: pynacl sign, {MESSAGE_BYTES}-byte msg", ceiling_seconds, "-", "ref"),
    ]
    return rows, not close_ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_codes",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--codes", type=int, default=TARGET_CODES, help="entrants = supply = codes")
    parser.add_argument("--concurrency", type=int, default=2000, help="claims in flight (setup)")
    parser.add_argument("--sync", choices=["full", "normal"], default="full")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the in-memory cases")
    parser.add_argument("--dir", default=None, help="where the temporary database goes")
    args = parser.parse_args(argv)

    rows, failed = measure(args.codes, args.concurrency, args.sync, args.repeat, args.dir)
    print(
        render(
            ["path", "codes", "ms", "codes/s", "vs pynacl", "target", "verdict"],
            rows,
            title=f"{args.codes:,} codes issued and persisted",
        )
    )
    print()
    print("close: one transaction (close, draw, allocation + code + outbox row per winner),")
    print(f"  each row: best of {args.repeat} runs (a fresh database for each close)")
    print("vs pynacl: codes/s divided by raw Ed25519 signatures/s (key built once)")
    print(environment())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
