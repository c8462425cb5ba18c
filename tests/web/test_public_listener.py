"""The public listener (`[web] public_port`): transparency pages and transcripts served by a
worker process of their own, apart from the claims' event loop, guarded like the main listener,
restarted when it dies, reported on /healthz and /metrics, and warmed when a drop settles."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from multidict import CIMultiDict

from bot.bootstrap import open_runtime
from bot.config import Settings
from bot.drops.claiming import ClaimRequest
from bot.drops.keyring import Keyring
from bot.drops.model import DropState
from bot.drops.service import DropService
from bot.gating.context import Claimant
from bot.gating.rules import EVERYONE, Tier
from bot.run import run
from bot.web.metrics import Metrics
from bot.web.public_server import PublicServer
from tests.fixtures.harness import CHANNEL, START, ManualClock, seeded_bytes, spec
from tests.fixtures.services import free_port

HOST = "127.0.0.1"
PATIENCE = 60.0  # seconds a worker process may take to start on a loaded machine
POLL = 0.05
KEYRING = Keyring.new(START, seeded_bytes(1))


def _settings(tmp_path: Path, **web: Any) -> Settings:
    base = Settings()
    port = free_port()
    web_settings = {
        "enabled": True,
        "port": port,
        "public_url": f"http://{HOST}:{port}",
        "metrics_port": free_port(),
        "public_port": free_port(),
        **web,
    }
    return base.model_copy(
        update={
            "database": base.database.model_copy(update={"url": f"sqlite:///{tmp_path}/public.db"}),
            "web": base.web.model_copy(update=web_settings),
        }
    )


async def _settle(service: DropService, clock: ManualClock, fans: int = 3) -> int:
    """A lottery drop `fans` fans entered, closed, drawn and settled; its id."""
    tiers = (Tier("public", EVERYONE, timedelta(0), 1),)
    drop = await service.create(spec(supply=2, tiers=tiers))
    for i in range(fans):
        claimant = Claimant("twitch", str(100 + i), f"fan{i}")
        await service.claim(ClaimRequest(f"twitch:m{i}", CHANNEL, claimant))
    clock.at += timedelta(minutes=10)
    await service.close(CHANNEL)
    for identity in await service.holders(drop.id):
        await service.collect(drop.id, identity)
    assert (await service.get(drop.id)).state is DropState.SETTLED
    return drop.id


async def _settled_beforehand(settings: Settings) -> int:
    clock = ManualClock(START)
    async with open_runtime(settings, KEYRING, clock=clock, migrate=True) as runtime:
        return await _settle(runtime.service, clock)


async def _eventually(found: Callable[[], Awaitable[bool]], what: str) -> None:
    """Poll until `found()`; generous, since worker processes start slowly on a busy machine."""
    for _ in range(int(PATIENCE / POLL)):
        if await found():
            return
        await asyncio.sleep(POLL)
    raise AssertionError(f"not within {PATIENCE:.0f} s: {what}")


async def _get(http: aiohttp.ClientSession, url: str) -> tuple[int, bytes, CIMultiDict[str]]:
    async with http.get(url) as response:
        return response.status, await response.read(), response.headers.copy()


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[tuple[Settings, int, asyncio.Task[None]]]:
    """`fairdrop run` with the web app and a public listener of one worker process, serving,
    over a database that holds one settled drop (its id)."""
    settings = _settings(tmp_path)
    drop_id = await _settled_beforehand(settings)
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(
        run(settings, KEYRING, stop=stop, env={}, ready=ready, clock=ManualClock(START))
    )
    try:
        await asyncio.wait_for(ready.wait(), PATIENCE)
        async with aiohttp.ClientSession() as http:
            main = _urls(settings)[0]
            await _eventually(lambda: _public_ok(http, main), "the worker serves")
        yield settings, drop_id, task
    finally:
        stop.set()
        await asyncio.wait_for(task, PATIENCE)
    assert not multiprocessing.active_children(), "the worker stopped with the bot"


def _urls(settings: Settings) -> tuple[str, str, str]:
    web = settings.web
    return (
        f"http://{HOST}:{web.port}",
        f"http://{HOST}:{web.public_port}",
        f"http://{HOST}:{web.metrics_port}/metrics",
    )


async def _public_ok(http: aiohttp.ClientSession, main: str) -> bool:
    status, body, _ = await _get(http, f"{main}/healthz")
    return status == 200 and b'"public": "ok"' in body


async def test_a_worker_process_serves_the_pages_with_the_main_listeners_guards(
    running: tuple[Settings, int, asyncio.Task[None]],
) -> None:
    settings, drop_id, _ = running
    main, public, metrics = _urls(settings)
    async with aiohttp.ClientSession() as http:
        page = await _get(http, f"{public}/drops/{drop_id}")
        transcript = await _get(http, f"{public}/drops/{drop_id}/transcript.json")
        same_page = await _get(http, f"{main}/drops/{drop_id}")
        health = await _get(http, f"{public}/healthz")
        claim = await _get(http, f"{public}/claim/abc")  # the claims stay on the main listener
        exposition = (await _get(http, metrics))[1].decode()
    workers = [p for p in multiprocessing.active_children() if p.name == "fairdrop-public-0"]
    assert len(workers) == 1 and workers[0].pid != os.getpid()
    assert page[0] == 200 and page[1] == same_page[1]
    assert b"fan0" in page[1] or b"fan1" in page[1] or b"fan2" in page[1]
    assert transcript[0] == 200 and b'"entries"' in transcript[1]
    assert page[2]["Cache-Control"] == "public, max-age=86400" and page[2]["ETag"]
    for headers in (page[2], health[2], claim[2]):
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "Server" not in headers
    assert health[0] == 200 and b'"database": "ok"' in health[1]
    assert claim[0] == 404
    assert "fairdrop_public_workers_serving 1.0" in exposition


async def test_a_handler_error_is_a_500_and_the_worker_serves_on(
    running: tuple[Settings, int, asyncio.Task[None]], tmp_path: Path
) -> None:
    settings, drop_id, _ = running
    _, public, _ = _urls(settings)
    database = sqlite3.connect(tmp_path / "public.db")
    async with aiohttp.ClientSession() as http:
        assert (await _get(http, f"{public}/drops/{drop_id}"))[0] == 200  # now in its cache
        database.execute("ALTER TABLE drops RENAME TO drops_away")  # every read now fails
        database.commit()
        broken = await _get(http, f"{public}/drops/{drop_id + 1}")
        database.execute("ALTER TABLE drops_away RENAME TO drops")
        database.commit()
        cached = await _get(http, f"{public}/drops/{drop_id}")
        unknown = await _get(http, f"{public}/drops/{drop_id + 1}")
    database.close()
    assert broken[0] == 500 and broken[2]["X-Content-Type-Options"] == "nosniff"
    assert cached[0] == 200 and unknown[0] == 404


async def test_a_killed_worker_is_restarted_and_the_bot_runs_on(
    running: tuple[Settings, int, asyncio.Task[None]],
) -> None:
    settings, drop_id, task = running
    main, public, metrics = _urls(settings)
    async with aiohttp.ClientSession() as http:
        (worker,) = [p for p in multiprocessing.active_children() if p.name.startswith("fairdrop")]
        assert worker.pid is not None
        os.kill(worker.pid, signal.SIGKILL)

        async def reported() -> bool:
            status, body, _ = await _get(http, f"{main}/healthz")
            return status == 503 and b'"public": "failing"' in body

        await _eventually(reported, "/healthz reports the public listener down")
        await _eventually(lambda: _public_ok(http, main), "a new worker serves")
        page = await _get(http, f"{public}/drops/{drop_id}")
        exposition = (await _get(http, metrics))[1].decode()
    assert not task.done()
    assert page[0] == 200
    assert "fairdrop_public_worker_restarts_total 1.0" in exposition
    (again,) = [p for p in multiprocessing.active_children() if p.name.startswith("fairdrop")]
    assert again.pid != worker.pid


async def test_a_public_port_in_use_stops_the_start_in_one_line(tmp_path: Path) -> None:
    held = await asyncio.start_server(lambda r, w: None, HOST, 0)
    taken = held.sockets[0].getsockname()[1]
    settings = _settings(tmp_path, public_port=taken)
    try:
        with pytest.raises(BaseExceptionGroup) as failed:
            await run(settings, KEYRING, stop=asyncio.Event(), env={})
    finally:
        held.close()
    from bot.cli.failures import explain

    explained = explain(failed.value)
    assert explained is not None and "public_port" in explained[0]


@pytest.mark.parametrize("workers", [1, 0])
async def test_a_drop_settled_here_is_built_before_its_first_view(
    tmp_path: Path, workers: int
) -> None:
    settings = _settings(tmp_path, public_workers=workers)
    clock = ManualClock(START)
    stop = asyncio.Event()
    async with open_runtime(settings, KEYRING, clock=clock, migrate=True) as runtime:
        public = PublicServer(settings, runtime.service.public, Metrics())
        assert runtime.local_events is not None  # no Redis: this process's own commits
        runtime.local_events.listeners.append(public)  # as build_web wires it
        serving = asyncio.create_task(public.serve(stop))
        url = f"http://{HOST}:{settings.web.public_port}"
        try:
            async with aiohttp.ClientSession() as http:

                async def pages() -> dict[str, Any]:
                    async with http.get(f"{url}/healthz") as health:
                        detail: dict[str, Any] = (await health.json())["detail"]["pages"]
                        return detail

                async def started() -> bool:
                    return public.serving()

                await _eventually(started, "the public listener serves")
                assert (await pages())["builds"] == 0
                drop_id = await _settle(runtime.service, clock)

                async def warmed() -> bool:  # once drawn, and again once settled
                    warmed: int = (await pages())["warmed"]
                    return warmed == 2

                await _eventually(warmed, "the settled drop's page and transcript are built")
                built = (await pages())["builds"]
                page = await _get(http, f"{url}/drops/{drop_id}")
                transcript = await _get(http, f"{url}/drops/{drop_id}/transcript.json")
                assert page[0] == 200 and transcript[0] == 200
                assert (await pages())["builds"] == built, "the views were answered from cache"
        finally:
            stop.set()
            await serving


async def test_no_worker_before_it_serves_is_reported_healthy(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    async with open_runtime(settings, KEYRING, clock=ManualClock(START), migrate=True) as rt:
        public = PublicServer(settings, rt.service.public, Metrics())
        assert not await public.healthy()


def test_the_public_port_may_not_be_the_main_port() -> None:
    from pydantic import ValidationError

    from bot.config import WebSettings

    with pytest.raises(ValidationError, match="public_port must differ"):
        WebSettings(port=8080, public_port=8080)
