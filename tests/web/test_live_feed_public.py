"""The live feed on the public listener (`[web] public_port`): served by a worker process (or,
with 0 workers, on the bot's loop), which hears the bot's drop events over its pipe and reads
the drop on its own read path."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import pytest

from bot.bootstrap import open_runtime
from bot.clock import ScaledClock
from bot.drops.claiming import ClaimRequest
from bot.gating.context import Claimant
from bot.web.metrics import Metrics
from bot.web.public_server import PublicServer
from tests.fixtures.harness import CHANNEL, START, ManualClock, spec
from tests.fixtures.sse import EventReader, entrants, phase
from tests.web.test_live_feed import EVERYONE_NOW
from tests.web.test_public_listener import HOST, KEYRING, _eventually, _settings


@pytest.mark.parametrize("workers", [1, 0])
async def test_the_public_listener_feeds_a_drop_from_open_to_draw(
    tmp_path: Any, workers: int
) -> None:
    settings = _settings(tmp_path, public_workers=workers)
    clock = ManualClock(START)
    stop = asyncio.Event()
    async with open_runtime(settings, KEYRING, clock=clock, migrate=True) as runtime:
        public = PublicServer(settings, runtime.service.public, Metrics(), clock=clock)
        assert runtime.local_events is not None  # no Redis: this process's own commits
        runtime.local_events.listeners.append(public)  # as build_web wires it
        serving = asyncio.create_task(public.serve(stop))
        service = runtime.service
        try:

            async def started() -> bool:
                return public.serving()

            await _eventually(started, "the public listener serves")
            drop = await service.create(spec(tiers=EVERYONE_NOW, supply=1))
            url = f"http://{HOST}:{settings.web.public_port}/drops/{drop.id}/events"
            async with aiohttp.ClientSession() as http, http.get(url) as response:
                assert response.status == 200
                feed = EventReader(response)
                assert phase(await feed.next()) == "public"
                async with http.get(f"http://{HOST}:{settings.web.public_port}/healthz") as health:
                    detail: Any = (await health.json())["detail"]
                assert detail["feed"] == {
                    "clients": 1, "drop_feeds": 1, "community_feeds": 0, "drops_read": 1,
                }  # fmt: skip
                for n in range(2):
                    claimant = Claimant("twitch", f"u{n}", f"Fan{n}")
                    await service.claim(ClaimRequest(f"twitch:m{n}", CHANNEL, claimant))
                await feed.until(lambda e: entrants(e) == 2)
                await service.close(CHANNEL)
                drawn: Any = (await feed.until(lambda e: phase(e) == "drawn")).json()
                assert drawn["drop"]["winners"][0] in ("Fan0", "Fan1")
        finally:
            stop.set()
            await serving


async def test_a_workers_feed_runs_the_bots_drop_time_and_hears_it_change_speed(
    tmp_path: Any,
) -> None:
    # Drop time weeks behind the wall clock, as `time_scale` leaves it (the anchor is stored):
    # a worker on the system clock said an early drop was open to everyone, weeks ahead.
    settings = _settings(tmp_path, public_workers=1)
    clock = ScaledClock(1.0, origin=START)
    stop = asyncio.Event()
    async with open_runtime(settings, KEYRING, clock=clock, migrate=True) as runtime:
        public = PublicServer(settings, runtime.service.public, Metrics(), clock=clock)
        assert runtime.local_events is not None
        runtime.local_events.listeners.append(public)  # as build_web wires it
        serving = asyncio.create_task(public.serve(stop))
        try:

            async def started() -> bool:
                return public.serving()

            await _eventually(started, "the public listener serves")
            drop = await runtime.service.create(spec())  # subscribers now, everyone in 2 minutes
            url = f"http://{HOST}:{settings.web.public_port}/drops/{drop.id}/events"
            async with aiohttp.ClientSession() as http, http.get(url) as response:
                feed = EventReader(response)
                early: Any = (await feed.next()).json()
                said_at = datetime.fromisoformat(early["server_time"])
                assert early["phase"] == "early"
                assert abs(said_at - clock.now()) < timedelta(minutes=1)  # not weeks ahead
                public_at = datetime.fromisoformat(early["drop"]["public_at"])

                clock.set_scale(100_000.0)  # the 2 minutes pass in a few wall milliseconds
                public_state: Any = (await feed.until(lambda e: phase(e) == "public")).json()
                said_at = datetime.fromisoformat(public_state["server_time"])
                assert public_at <= said_at <= clock.now()
        finally:
            stop.set()
            await serving
