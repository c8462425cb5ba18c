"""`fairdrop run` serves the web app beside the platform clients, in the same process."""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from bot.drops.keyring import Keyring
from bot.run import run
from tests.fixtures.services import free_port
from tests.fixtures.settings import offline_settings


async def test_run_serves_health_and_public_keys_and_metrics_on_their_own_listener(
    tmp_path: Path,
) -> None:
    port, metrics_port = free_port(), free_port()
    base = offline_settings()
    settings = base.model_copy(
        update={
            "database": base.database.model_copy(update={"url": f"sqlite:///{tmp_path}/w.db"}),
            "web": base.web.model_copy(
                update={
                    "enabled": True,
                    "port": port,
                    "public_url": f"http://127.0.0.1:{port}",
                    "metrics_port": metrics_port,
                }
            ),
        }
    )
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(
        run(settings, Keyring.new(datetime.now(UTC)), stop=stop, env={}, ready=ready)
    )
    try:
        await asyncio.wait_for(ready.wait(), 10)
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
            for _ in range(50):  # the site starts just after `ready`
                try:
                    async with http.get("/healthz") as health:
                        status, body = health.status, await health.json()
                    break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            async with http.get("/metrics") as public:
                assert public.status == 404  # the figures are the operator's, not the public's
            metrics_url = f"http://127.0.0.1:{metrics_port}/metrics"
            async with http.get(metrics_url) as metrics:
                exposition = await metrics.text()
            async with http.get("/api/v1/openapi.json") as openapi:
                assert openapi.status == 200
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
    assert status == 200 and body["checks"] == {"database": "ok"}
    assert "fairdrop_entries" in exposition


async def test_a_metrics_port_already_taken_is_logged_and_the_bot_stays_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    held.listen()
    base = offline_settings()
    web = {
        "enabled": True,
        "port": port,
        "public_url": f"http://127.0.0.1:{port}",
        "metrics_port": held.getsockname()[1],
    }
    settings = base.model_copy(
        update={
            "database": base.database.model_copy(update={"url": f"sqlite:///{tmp_path}/w.db"}),
            "web": base.web.model_copy(update=web),
        }
    )
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(
        run(settings, Keyring.new(datetime.now(UTC)), stop=stop, env={}, ready=ready)
    )
    try:
        await asyncio.wait_for(ready.wait(), 10)
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
            for _ in range(50):
                if "no /metrics listener" in caplog.text:
                    break
                await asyncio.sleep(0.1)
            async with http.get("/healthz") as health:
                assert health.status == 200
        assert not task.done()
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        held.close()
    assert "no /metrics listener" in caplog.text and "metrics_port" in caplog.text
