"""A real fairdrop worker for the crash test: takes fcfs claims from stdin, acks them on stdout.

    FAIRDROP_KEYRING='<keyring json>' python -m tests.crash.worker --db sqlite:////tmp/x.db

On start it opens the runtime (migrating the database), makes sure the channel's fcfs drop
exists, and prints ``READY``. Then it reads one JSON claim per line, ``{"id": 17, "user": 4}``,
hands each to ``DropService.claim`` (many at once, so the intake groups them into batches), and
once a claim's outcome is durable prints

    ACK <id> <outcome> <serial or ->          a claim judged now
    ACK <id> <first outcome> - dup            a redelivery of a claim already recorded

A claim whose batch fails prints ``FAIL <id> <error>``. At end of input it waits for every
claim, closes the runtime and exits 0. The parent SIGKILLs it at random moments, so nothing here
may rely on getting to run any cleanup.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from datetime import timedelta

from bot.bootstrap import Runtime, open_runtime
from bot.clock import SystemClock
from bot.config import ClaimSettings, DatabaseSettings, Settings
from bot.drops import outcomes as oc
from bot.drops.claiming import ClaimRequest
from bot.drops.keyring import Keyring
from bot.drops.model import Drop, Mode
from bot.drops.service import DropService
from bot.gating.context import Claimant
from bot.keystore import ENV_KEYRING
from bot.loop import run_on_loop
from tests.fixtures.settings import offline_settings

CHANNEL = "crash"
DROP_NAME = "crash-fcfs"
SUPPLY = 500
CAP = 2
MAX_IN_FLIGHT = 2000
# Far above anyone's 2-5 claims, so no claim is rate-limited (those are not recorded at all).
RATE_LIMIT = 1000


def worker_settings(url: str) -> Settings:
    return offline_settings().model_copy(
        update={
            "database": DatabaseSettings(url=url, sqlite_synchronous="full"),
            "claims": ClaimSettings(rate_limit=RATE_LIMIT),
        }
    )


def message_id(claim_id: int) -> str:
    return f"crash:{claim_id}"


class AckWriter:
    """Writes whole lines straight to fd 1, coalescing the lines of one loop turn in one write.

    A kill can still cut a write short; the parent only believes lines that end in a newline.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.lines: list[str] = []

    def line(self, text: str) -> None:
        if not self.lines:
            self.loop.call_soon(self.flush)
        self.lines.append(text + "\n")

    def flush(self) -> None:
        data = "".join(self.lines).encode()
        self.lines.clear()
        view = memoryview(data)
        while view:
            view = view[os.write(1, view) :]


async def ensure_drop(runtime: Runtime) -> None:
    """Create the fcfs drop unless it is running: one transaction, so a kill leaves all or none."""

    def running() -> Drop | None:
        with runtime.uow() as uow:
            return uow.drops.running(CHANNEL)

    if await asyncio.to_thread(running) is None:
        spec = runtime.settings.drop_spec(
            DROP_NAME,
            "Crash-test fcfs drop",
            CHANNEL,
            mode=Mode.FCFS,
            supply=SUPPLY,
            cap_per_person=CAP,
            entry_window=timedelta(hours=6),
            tiers=(),  # validate_spec fills in one public tier open to everyone
        )
        await runtime.service.create(spec)


async def claim_one(service: DropService, claim_id: int, user: int, acks: AckWriter) -> None:
    request = ClaimRequest(message_id(claim_id), CHANNEL, Claimant("twitch", str(user), f"u{user}"))
    try:
        outcome = await service.claim(request)
    except Exception as error:
        acks.line(f"FAIL {claim_id} {type(error).__name__}: {error}".replace("\n", " "))
        return
    if isinstance(outcome, oc.Duplicate):
        acks.line(f"ACK {claim_id} {outcome.first_outcome} - dup")
    else:
        serial = outcome.serial if isinstance(outcome, oc.Won) else "-"
        acks.line(f"ACK {claim_id} {oc.outcome_name(outcome)} {serial}")


async def serve(url: str) -> None:
    keyring = Keyring.from_json(os.environ[ENV_KEYRING])
    settings = worker_settings(url)
    loop = asyncio.get_running_loop()
    acks = AckWriter(loop)
    async with open_runtime(settings, keyring, clock=SystemClock(), migrate=True) as runtime:
        await ensure_drop(runtime)
        acks.line("READY")

        reader = asyncio.StreamReader(limit=1 << 20)
        transport, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), sys.stdin
        )
        slots = asyncio.Semaphore(MAX_IN_FLIGHT)
        tasks: set[asyncio.Task[None]] = set()

        async def run(claim_id: int, user: int) -> None:
            try:
                await claim_one(runtime.service, claim_id, user, acks)
            finally:
                slots.release()

        try:
            while line := await reader.readline():
                if not line.strip():
                    continue
                claim = json.loads(line)
                await slots.acquire()
                task = asyncio.create_task(run(int(claim["id"]), int(claim["user"])))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            if tasks:
                await asyncio.gather(*tasks)
        finally:
            transport.close()
    acks.line("DONE")
    acks.flush()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.crash.worker")
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of a SQLite file database")
    args = parser.parse_args(argv)
    run_on_loop(serve(args.db))


if __name__ == "__main__":
    main()
