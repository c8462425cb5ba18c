"""One Idempotency-Key, two processes, two different codes: exactly one redeems.

Each "process" is a whole web app with its own engine, database thread, drop service and
partner store (so nothing in memory is shared), over one SQLite file or one PostgreSQL database.
A partner's till sends the same Idempotency-Key with two different codes to both at once: one
is redeemed (200), the other is refused (422), and a 422 must mean nothing happened: its code
is still unredeemed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings, WebSettings
from bot.drops.claiming import ClaimPolicy, ClaimRequest
from bot.drops.keyring import Keyring
from bot.drops.partners import PartnerScope
from bot.drops.service import DropService
from bot.gating.context import Claimant
from bot.gating.rules import EVERYONE, Tier
from bot.store.database import SqlUnitOfWork, ThreadedTransactions, make_engine
from bot.store.hot_memory import MemoryHotState
from bot.store.migrate import upgrade
from bot.store.partners import PartnerStore
from bot.web.app import make_app
from tests.fixtures.harness import CHANNEL, START, ManualClock, seeded_bytes, spec
from tests.fixtures.services import free_port

HOST = "127.0.0.1"
REDEEM, CHECK = "/api/v1/codes/redeem", "/api/v1/codes/check"
ROUNDS = 12  # each round races one key; without the reservation nearly every round goes wrong


@dataclass
class Process:
    client: TestClient[Any, Any]
    service: DropService
    partners: PartnerStore


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/shared.db"
    return str(request.getfixturevalue("postgres_url"))


@asynccontextmanager
async def _process(url: str, keyring: Keyring, clock: ManualClock) -> AsyncIterator[Process]:
    engine = make_engine(url)
    tx = ThreadedTransactions(lambda: SqlUnitOfWork(engine))
    service = DropService(
        tx, MemoryHotState(), keyring, clock, seeded_bytes(2), policy=ClaimPolicy(100, 10)
    )
    partners = PartnerStore(engine, lambda fn: tx.run(lambda _uow: fn()))
    port = free_port()
    settings = Settings(
        web=WebSettings.model_validate(
            {"enabled": True, "port": port, "public_url": f"http://{HOST}:{port}"}
        )
    )
    app = make_app(service, partners, settings)
    try:
        async with TestClient(TestServer(app, host=HOST, port=port)) as client:
            yield Process(client, service, partners)
    finally:
        await service.intake.drain()
        tx.close()
        engine.dispose()


async def _codes(process: Process, clock: ManualClock, count: int) -> tuple[int, list[str]]:
    """A drawn drop with `count` winners who all collected their codes: (drop id, short codes)."""
    service = process.service
    public = (Tier("public", EVERYONE, timedelta(0), 1),)
    drop = await service.create(spec(supply=count, tiers=public))
    for i in range(count):
        fan = Claimant("twitch", str(1000 + i), f"fan{i}")
        await service.claim(ClaimRequest(f"twitch:m{i}", CHANNEL, fan))
    clock.advance(minutes=10)
    await service.close(CHANNEL)
    codes: list[str] = []
    for i in range(count):
        collected = await service.collect_for_account(drop.id, f"twitch:{1000 + i}")
        codes.extend(code.short_code for code in collected.codes)
    return drop.id, codes


async def _post(
    process: Process, path: str, key: str, body: dict[str, Any], **headers: str
) -> tuple[int, dict[str, Any]]:
    headers["Authorization"] = f"Bearer {key}"
    async with process.client.post(path, json=body, headers=headers) as response:
        return response.status, await response.json()


async def test_one_key_with_two_codes_in_two_processes_redeems_exactly_one(
    database_url: str,
) -> None:
    clock, keyring = ManualClock(START), Keyring.new(START, seeded_bytes(1))
    upgrade_engine = make_engine(database_url)
    upgrade(upgrade_engine)
    upgrade_engine.dispose()
    async with AsyncExitStack() as stack:
        first = await stack.enter_async_context(_process(database_url, keyring, clock))
        second = await stack.enter_async_context(_process(database_url, keyring, clock))
        drop_id, codes = await _codes(first, clock, 2 * ROUNDS)
        till, key = first.partners.sql.create("till", PartnerScope(frozenset({drop_id})), START)
        for round_ in range(ROUNDS):
            ours, theirs = codes[2 * round_], codes[2 * round_ + 1]
            idempotency = {"Idempotency-Key": f"order-{round_}"}
            answers = await asyncio.gather(
                _post(first, REDEEM, key, {"code": ours}, **idempotency),
                _post(second, REDEEM, key, {"code": theirs}, **idempotency),
            )
            statuses = sorted(status for status, _ in answers)
            assert statuses == [200, 422], answers
            refused = theirs if answers[1][0] == 422 else ours
            (_, body), *_ = [a for a in answers if a[0] == 422]
            assert body["error"]["code"] == "idempotency_key_reused"
            # The 422 changed nothing: its code is still there to redeem.
            status, check = await _post(second, CHECK, key, {"code": refused})
            assert status == 200 and check.get("status") == "valid", (round_, check)
            # The winner's answer was stored with its redemption, for a retry to replay.
            (kept,) = second.partners.sql.answers([(till.id, f"order-{round_}")]).values()
            assert (kept.status, kept.body) == next((s, b) for s, b in answers if s == 200)
        with first.partners.sql.engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT count(*) FROM redemptions").scalar_one()
        assert stored == ROUNDS
