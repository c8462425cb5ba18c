"""Public reads (transparency pages) run on a read path of their own, as `open_runtime` wires
it: a public read held open does not hold up a claim, on SQLite (WAL) and on PostgreSQL."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from bot.bootstrap import open_runtime
from bot.config import DatabaseSettings, Settings
from bot.drops import outcomes as oc
from bot.drops.claiming import ClaimRequest
from bot.drops.keyring import Keyring
from bot.gating.context import Claimant
from bot.gating.rules import EVERYONE, Tier
from tests.fixtures.harness import START, ManualClock, seeded_bytes, spec

EVERYONE_NOW = (Tier("public", EVERYONE, timedelta(0), 1),)
# Generous: only a claim stuck behind the held read (the fault under test) would ever take it.
HANG_GUARD_S = 60.0


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/read-path.db"
    return str(request.getfixturevalue("postgres_url"))


def _values(parameters: Any) -> tuple[Any, ...]:
    if isinstance(parameters, Mapping):
        return tuple(parameters.values())
    return tuple(parameters) if isinstance(parameters, Sequence) else ()


async def test_a_claim_commits_while_a_public_read_is_held_open(database_url: str) -> None:
    settings = Settings(database=DatabaseSettings(url=database_url))
    keyring = Keyring.new(START, seeded_bytes(1))
    clock = ManualClock()
    async with open_runtime(
        settings, keyring, clock=clock, random_bytes=seeded_bytes(2), migrate=True
    ) as runtime:
        service = runtime.service
        viewed = await service.create(spec(name="viewed", channel="fans", tiers=EVERYONE_NOW))
        await service.create(spec(name="live", channel="live", tiers=EVERYONE_NOW))
        held, release = threading.Event(), threading.Event()

        def hold(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            # The public read's first look-up of the viewed drop waits, its transaction open,
            # until the test lets it go.
            viewing = "FROM drops" in statement and _values(parameters) == (viewed.id,)
            if viewing and not held.is_set():
                held.set()
                release.wait(HANG_GUARD_S)

        event.listen(Engine, "before_cursor_execute", hold)
        reading = asyncio.create_task(service.public_record(viewed.id))
        try:
            assert await asyncio.to_thread(held.wait, HANG_GUARD_S)
            fan = Claimant("twitch", "42", "fan_42")
            claim = service.claim(ClaimRequest("msg-1", "live", fan))
            outcome = await asyncio.wait_for(claim, HANG_GUARD_S)
            assert isinstance(outcome, oc.Entered)
            assert not reading.done()  # the claim went through while the read was held open
        finally:
            release.set()
            await asyncio.wait([reading])  # no statement runs while the listener is removed
            event.remove(Engine, "before_cursor_execute", hold)
        record = reading.result()
        assert record.drop.id == viewed.id and record.entrants_by_tier == (("public", 0),)
        status = await service.status(channel="live")
        assert status.entrants == 1
