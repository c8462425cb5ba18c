"""`build_web`: the web app (claim page, partner API, public keys, transparency pages, /healthz,
/metrics) and the operator's metrics listener, built from the runtime without listening yet.

/healthz asks every platform adapter built alongside (its sink and client checks), so the web
adapter is built last.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.adapter import Adapter
from bot.config import ENV_TWITCH_SECRET, session_secrets

if TYPE_CHECKING:
    from aiohttp import web as aiohttp_web

    from bot.bootstrap import Runtime

log = logging.getLogger("fairdrop")


def build_web(
    runtime: Runtime, env: Mapping[str, str], stop: asyncio.Event, platforms: Sequence[Adapter]
) -> Adapter:
    """The web app and its listeners; the adapter's `listening` is set once the app listens."""
    from bot.outbox.parked import parked_report
    from bot.store.figures import totals
    from bot.store.hot_redis import RedisHotState
    from bot.store.partners import PartnerStore
    from bot.web.app import make_app
    from bot.web.health import HealthProbe, database_check
    from bot.web.listener import ListenerLimits
    from bot.web.metrics import Metrics, metrics_app
    from bot.web.serve import serve_web

    service, engine, settings = runtime.service, runtime.engine, runtime.settings
    # Partner keys are read and written on the service's one database thread, like everything.
    partners = PartnerStore(engine, lambda fn: service.tx.run(lambda _uow: fn()))
    sink_checks = {name: check for p in platforms for name, check in p.sink_checks.items()}
    probe = HealthProbe({"database": database_check(service.tx), **sink_checks})
    if isinstance(service.hot, RedisHotState):
        hot = service.hot

        async def redis_answering() -> bool:
            return await asyncio.to_thread(hot.answering)

        probe.add("redis", redis_answering)

    async def outbox_detail() -> object:
        return (await parked_report(service.tx)).as_json()

    probe.detail("outbox", outbox_detail)  # what the sinks gave up on: shown, not unhealthy
    sinks = [p.name for p in platforms]
    served: dict[str, list[str]] = {}
    if "twitch" in sinks:
        served["twitch"] = [c.name for c in settings.twitch.channels]  # what its sender reads
    for platform in platforms:
        for name, check in platform.client_checks.items():
            probe.add(name, check)

    async def figures() -> dict[str, float | dict[str, float]]:
        since = service.clock.now() - timedelta(days=3)
        return await service.tx.run(lambda _uow: totals(engine, sinks, since, served))

    app_metrics = Metrics(figures)
    app = make_app(
        service,
        partners,
        settings,
        health_probe=probe,
        app_metrics=app_metrics,
        twitch_client_secret=env.get(ENV_TWITCH_SECRET, ""),
        session_secrets=session_secrets(env),
    )
    web = settings.web
    limits = ListenerLimits.from_settings(web)
    listening = asyncio.Event()
    adapter = Adapter(
        "web",
        tasks={"web": lambda: serve_web(app, web.host, web.port, stop, listening, limits=limits)},
        listening=listening,
    )
    if web.metrics_port:  # the operator's listener: /metrics never shares the public one
        metrics_only = metrics_app(app_metrics)
        adapter.tasks["metrics"] = lambda: _serve_metrics(
            metrics_only, web.metrics_host, web.metrics_port, stop
        )
    return adapter


async def _serve_metrics(
    app: aiohttp_web.Application, host: str, port: int, stop: asyncio.Event
) -> None:
    """The metrics listener; one that cannot bind is logged and the bot goes on without it
    (it is the operator's window, not the fans' or partners' service)."""
    from bot.web import WebListenError
    from bot.web.serve import serve_web

    try:
        await serve_web(app, host, port, stop)
    except WebListenError as error:
        log.error("no /metrics listener: %s ([web] metrics_port, 0 for none)", error)
