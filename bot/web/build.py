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
    from bot.store.commit_broadcast import DropListener
    from bot.web.health import HealthProbe
    from bot.web.metrics import Metrics

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
    from bot.web.feed.reads import FeedReads
    from bot.web.feed.routes import add_feed_routes, feed_hub
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
    if web.public_port:
        _add_public_listener(runtime, adapter, probe, app_metrics, stop)
    else:  # one listener serves everything: the live feed too
        hub = feed_hub(FeedReads(service.public.reads), web, service.clock)
        add_feed_routes(app, hub, probe)
        _hear_drop_events(runtime, adapter, hub)
    if web.metrics_port:  # the operator's listener: /metrics never shares the public one
        metrics_only = metrics_app(app_metrics)
        adapter.tasks["metrics"] = lambda: _serve_metrics(
            metrics_only, web.metrics_host, web.metrics_port, stop
        )
    return adapter


def _add_public_listener(
    runtime: Runtime,
    adapter: Adapter,
    probe: HealthProbe,
    app_metrics: Metrics,
    stop: asyncio.Event,
) -> None:
    """The public listener (`bot.web.public_server`): its task, its /healthz check, and the drop
    events that warm it (over Redis when there is Redis, else this process's own commits). The
    adapter is listening once both listeners are."""
    from bot.store.database import has_own_readers
    from bot.web.public_server import PublicServer

    settings = runtime.settings
    if settings.web.public_workers and not has_own_readers(settings.database.url):
        log.warning(
            "[web] public_workers: no other process can read this database (in-memory "
            "SQLite); the public listener is served on the bot's own loop"
        )
        web_settings = settings.web.model_copy(update={"public_workers": 0})
        settings = settings.model_copy(update={"web": web_settings})
    public = PublicServer(
        settings, runtime.service.public, app_metrics, clock=runtime.service.clock
    )
    probe.add("public", public.healthy)
    _hear_drop_events(runtime, adapter, public)
    main_listening, public_listening = adapter.listening, asyncio.Event()
    assert main_listening is not None
    adapter.listening = asyncio.Event()
    serve_main = adapter.tasks["web"]

    async def serve_both() -> None:
        async with asyncio.TaskGroup() as both:
            both.create_task(serve_main())
            both.create_task(public.serve(stop, public_listening))
            await main_listening.wait()
            await public_listening.wait()
            assert adapter.listening is not None
            adapter.listening.set()

    adapter.tasks["web"] = serve_both


def _hear_drop_events(runtime: Runtime, adapter: Adapter, listener: DropListener) -> None:
    """`listener` hears every drop event: over Redis when there is Redis, else this process's
    own commits."""
    if runtime.local_events is not None:
        runtime.local_events.listeners.append(listener)
    else:
        adapter.listeners.append(listener)


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
