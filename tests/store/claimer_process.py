"""One of several fairdrop processes sharing a drop through PostgreSQL and Redis, for the tests
and the benchmark: ``python -m tests.store.claimer_process --db URL --redis URL --claims FILE
--worker K --workers N --out FILE``.

It opens the runtime with the Redis hot state (the database must be migrated and the drop
created already), reads the claims file (a JSON list of ``[message id, user id]``) and keeps
every N-th claim from the K-th on, prints ``READY`` and waits for a line on stdin (so all
processes start together). Then it sends its claims through `DropService.claim` with
``--in-flight`` at once (optionally paced at ``--rate`` claims per second) and writes
``{"outcomes": {message id: [outcome, serial or null]}, "seconds": s, "latencies": [...],
"retries": {cause: count}}`` to the out file; a claim whose batch failed for good gets
``["error: ...", null]``. Prints ``DONE`` at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

from bot.bootstrap import open_runtime
from bot.clock import SystemClock
from bot.config import ClaimSettings, DatabaseSettings, HotStateSettings, Settings
from bot.drops import outcomes as oc
from bot.drops.claiming import ClaimRequest
from bot.drops.keyring import Keyring
from bot.gating.context import Claimant
from bot.keystore import ENV_KEYRING
from bot.store.hot_redis import RetryingTransactions
from tests.fixtures.settings import offline_settings

CHANNEL = "multi"
PREFIX = "multi"


def claimer_settings(db: str, redis_url: str, max_batch: int = 1000) -> Settings:
    return offline_settings().model_copy(
        update={
            "database": DatabaseSettings(url=db),
            "hot_state": HotStateSettings(backend="redis", url=redis_url, prefix=PREFIX),
            # Far above anyone's few claims: nobody is rate-limited (those go unrecorded).
            "claims": ClaimSettings(rate_limit=1000, max_batch=max_batch),
        }
    )


async def serve(args: argparse.Namespace) -> None:
    keyring = Keyring.from_json(os.environ[ENV_KEYRING])
    claims = json.loads(await asyncio.to_thread(Path(args.claims).read_text))
    claims = claims[args.worker :: args.workers]
    settings = claimer_settings(args.db, args.redis, args.max_batch)
    outcomes: dict[str, tuple[str, int | None]] = {}
    latencies: list[float] = []
    async with open_runtime(settings, keyring, clock=SystemClock()) as runtime:
        service = runtime.service
        print("READY", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        slots = asyncio.Semaphore(args.in_flight)
        clock = time.perf_counter

        async def claim(message_id: str, user: str) -> None:
            try:
                start = clock()
                request = ClaimRequest(message_id, CHANNEL, Claimant("twitch", user, f"u{user}"))
                try:
                    outcome = await service.claim(request)
                except Exception as error:
                    outcomes[message_id] = (f"error: {type(error).__name__}: {error}", None)
                    return
                latencies.append(clock() - start)
                serial = outcome.serial if isinstance(outcome, oc.Won) else None
                outcomes[message_id] = (oc.outcome_name(outcome), serial)
            finally:
                slots.release()

        started = clock()
        tasks = []
        for i, (message_id, user) in enumerate(claims):
            if args.rate:
                delay = started + i / args.rate - clock()
                if delay > 0:
                    await asyncio.sleep(delay)
            await slots.acquire()
            tasks.append(asyncio.create_task(claim(message_id, user)))
        await asyncio.gather(*tasks)
        seconds = clock() - started
        runner = service.tx
        retries = dict(runner.retried) if isinstance(runner, RetryingTransactions) else {}
    result = {"outcomes": outcomes, "seconds": seconds, "latencies": latencies, "retries": retries}
    await asyncio.to_thread(Path(args.out).write_text, json.dumps(result))
    print("DONE", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.store.claimer_process")
    parser.add_argument("--db", required=True)
    parser.add_argument("--redis", required=True)
    parser.add_argument("--claims", required=True)
    parser.add_argument("--worker", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--in-flight", type=int, default=1000)
    parser.add_argument("--max-batch", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=0.0, help="claims per second (0: flat out)")
    asyncio.run(serve(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
