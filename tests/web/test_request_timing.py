"""Every request is timed under its route's pattern, however many times the route is asked."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.web.metrics import Metrics, timing_middleware


async def test_each_request_is_timed_under_its_route_and_method() -> None:
    metrics = Metrics()

    async def drop(request: web.Request) -> web.Response:
        return web.Response(text=request.match_info["drop_id"])

    app = web.Application(middlewares=[timing_middleware(metrics)])
    app.router.add_get("/drops/{drop_id}", drop)
    app.router.add_post("/drops/{drop_id}", drop)
    async with TestClient(TestServer(app)) as client:
        for path in ("/drops/1", "/drops/2", "/drops/3"):
            assert (await client.get(path)).status == 200
        assert (await client.post("/drops/4")).status == 200
        assert (await client.get("/nowhere")).status == 404

    def count(route: str, method: str) -> float | None:
        return metrics.registry.get_sample_value(
            "fairdrop_http_request_duration_seconds_count", {"route": route, "method": method}
        )

    assert count("/drops/{drop_id}", "GET") == 3
    assert count("/drops/{drop_id}", "POST") == 1
    assert count("unmatched", "GET") == 1
