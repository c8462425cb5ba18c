"""Two processes on one Redis feed one overlay: process A opens, fills and draws a drop;
process B (`fairdrop run` with only the web app) serves the overlay's feed and hears it all
over Redis pub/sub, and reads the record from the shared database.

Each "process" is a whole runtime built by the composition root (its own engine, database
thread, drop service and Redis connections); nothing in memory is shared.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

from bot.bootstrap import open_runtime
from bot.config import HotStateSettings, Settings
from bot.drops.claiming import ClaimRequest
from bot.drops.keyring import Keyring
from bot.gating.context import Claimant
from bot.run import run
from tests.fixtures.harness import CHANNEL, spec
from tests.fixtures.services import free_port
from tests.fixtures.settings import offline_settings
from tests.fixtures.sse import WAIT_S, EventReader, entrants, phase
from tests.web.test_live_feed import EVERYONE_NOW


def shared_settings(tmp_path: Path, redis_url: str, port: int) -> Settings:
    base = offline_settings(hot_state=HotStateSettings(backend="redis", url=redis_url))
    return base.model_copy(
        update={
            "database": base.database.model_copy(update={"url": f"sqlite:///{tmp_path}/s.db"}),
            "web": base.web.model_copy(
                update={
                    "enabled": True,
                    "port": port,
                    "public_url": f"http://127.0.0.1:{port}",
                    "metrics_port": 0,
                }
            ),
        }
    )


async def test_an_overlay_on_process_b_sees_a_drop_opened_and_drawn_by_process_a(
    tmp_path: Path, redis_url: str
) -> None:
    port = free_port()
    settings = shared_settings(tmp_path, redis_url, port)
    keyring = Keyring.new(datetime.now(UTC))
    stop, ready = asyncio.Event(), asyncio.Event()
    async with open_runtime(settings, keyring, migrate=True) as a:  # A: the database first
        b = asyncio.create_task(run(settings, keyring, stop=stop, env={}, ready=ready))
        try:
            await asyncio.wait_for(ready.wait(), WAIT_S)
            async with (
                aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http,
                http.get(f"/overlay/{CHANNEL}/events") as response,
            ):
                assert response.status == 200
                feed = EventReader(response)
                assert phase(await feed.next()) == "none"
                drop = await a.service.create(spec(tiers=EVERYONE_NOW, supply=1, title="Cap"))
                opened: Any = (await feed.until(lambda e: phase(e) == "public")).json()
                assert opened["drop"]["id"] == drop.id and opened["drop"]["title"] == "Cap"
                for n in range(2):
                    claimant = Claimant("twitch", f"u{n}", f"Fan{n}")
                    await a.service.claim(ClaimRequest(f"twitch:m{n}", CHANNEL, claimant))
                await feed.until(lambda e: entrants(e) == 2)
                await a.service.close(CHANNEL)
                drawn: Any = (await feed.until(lambda e: phase(e) == "drawn")).json()
                assert drawn["drop"]["winners"][0] in ("Fan0", "Fan1")
        finally:
            stop.set()
            await asyncio.wait_for(b, WAIT_S)
