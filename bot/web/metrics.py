"""`/metrics` in the Prometheus text format, on a registry of the app's own.

Counts of record (entries, allocations, deliveries, redemptions, the outbound queue) are read
from the store at scrape time through the `figures` callable the composition root gives, so
they are right across restarts and processes. Rates and latencies of this process are counted
as they happen: HTTP requests by route, redemption outcomes, platform reconnects.

The figures are for the operator, not the public: they are served on a listener of their own
(`[web] metrics_host`/`metrics_port`, `metrics_app`), and on the public app only to the client
addresses in `[web] metrics_allow` (404 to everyone else).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web
from aiohttp.typedefs import Middleware
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.web.clients import IpNetwork, within
from bot.web.security import Handler, security_headers

# name -> value, or name -> {label value -> value} for the labelled gauges below.
Figures = Mapping[str, float | Mapping[str, float]]
FiguresSource = Callable[[], Awaitable[Figures]]

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    def __init__(self, figures: FiguresSource | None = None) -> None:
        self.figures = figures
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.entries = Gauge("fairdrop_entries", "Entries recorded, all drops", registry=r)
        self.allocations = Gauge(
            "fairdrop_allocations", "Allocations by status", ["status"], registry=r
        )
        self.deliveries = Gauge("fairdrop_codes_delivered", "Codes delivered", registry=r)
        self.redemptions = Gauge("fairdrop_redemptions", "Codes redeemed", registry=r)
        self.queue = Gauge(
            "fairdrop_outbound_queue_depth", "Messages waiting to go out", ["sink"], registry=r
        )
        self.parked = Gauge(
            "fairdrop_outbox_parked", "Messages a sink gave up on after its last attempt",
            ["sink"], registry=r,
        )  # fmt: skip
        self.reconnects = Counter(
            "fairdrop_platform_reconnects", "Platform connection reconnects", ["platform"],
            registry=r,
        )  # fmt: skip
        self.redeem_outcomes = Counter(
            "fairdrop_api_code_answers", "Partner API answers by endpoint and outcome",
            ["endpoint", "outcome"], registry=r,
        )  # fmt: skip
        self.public_serving = Gauge(
            "fairdrop_public_workers_serving",
            "Public listener workers serving (the bot's own loop counts as one)", registry=r,
        )  # fmt: skip
        self.public_restarts = Counter(
            "fairdrop_public_worker_restarts", "Public listener workers restarted after a failure",
            registry=r,
        )  # fmt: skip
        self.http_latency = Histogram(
            "fairdrop_http_request_duration_seconds", "HTTP request latency by route",
            ["route", "method"], buckets=LATENCY_BUCKETS, registry=r,
        )  # fmt: skip

    def reconnected(self, platform: str) -> None:
        """For platform adapters: count one reconnect of `platform`'s connection."""
        self.reconnects.labels(platform).inc()

    async def refresh(self) -> None:
        if self.figures is None:
            return
        figures = await self.figures()
        targets: dict[str, Gauge] = {
            "entries": self.entries,
            "allocations": self.allocations,
            "codes_delivered": self.deliveries,
            "redemptions": self.redemptions,
            "outbound_queue_depth": self.queue,
            "outbox_parked": self.parked,
        }
        for name, value in figures.items():
            gauge = targets.get(name)
            if gauge is None:
                continue
            if isinstance(value, Mapping):
                for label, number in value.items():
                    gauge.labels(label).set(number)
            else:
                gauge.set(value)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def timing_middleware(metrics: Metrics) -> Middleware:
    """Time each request under its route's pattern (never the raw path: unbounded labels)."""
    # prometheus_client's `labels()` validates and locks on every call: look each route's
    # histogram up once. As many entries as the histogram has children, no more.
    timers: dict[tuple[str, str], Histogram] = {}

    @web.middleware
    async def timed(request: web.Request, handler: Handler) -> web.StreamResponse:
        start = time.perf_counter()
        try:
            return await handler(request)
        finally:
            resource = request.match_info.route.resource
            route = resource.canonical if resource is not None else "unmatched"
            timer = timers.get((route, request.method))
            if timer is None:
                timer = timers[(route, request.method)] = metrics.http_latency.labels(
                    route, request.method
                )
            timer.observe(time.perf_counter() - start)

    return timed


METRICS = web.AppKey("metrics", Metrics)


METRICS_ALLOW = web.AppKey("metrics_allow", tuple[IpNetwork, ...])


async def metrics_endpoint(request: web.Request) -> web.Response:
    """The exposition; on the public app only for `metrics_allow` (after trusted proxies)."""
    allowed = request.app.get(METRICS_ALLOW)
    if allowed is not None and not within(request.remote, allowed):
        raise web.HTTPNotFound()
    metrics = request.app[METRICS]
    await metrics.refresh()
    response = web.Response(body=metrics.exposition())
    response.headers["Content-Type"] = CONTENT_TYPE_LATEST
    return response


def metrics_app(metrics: Metrics) -> web.Application:
    """`/metrics` alone, for the operator's own listener."""
    app = web.Application()
    app[METRICS] = metrics
    app.on_response_prepare.append(security_headers(""))
    app.router.add_get("/metrics", metrics_endpoint)
    return app
