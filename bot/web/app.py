"""The web app factory: claim page, partner API, public keys, transparency pages, health, metrics.

Everything the handlers use is handed in (the drop service, the partner store, settings, the
health probe, metrics) and kept under typed `web.AppKey`s; the one resource the app opens
itself, the HTTP client for Twitch's OAuth endpoints, lives in a `cleanup_ctx`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial
from importlib import resources
from pathlib import Path

import redis.asyncio
from aiohttp import ClientSession, web

from bot.config import Settings
from bot.drops.public_record import PublicReads
from bot.drops.service import DropService
from bot.store.partners import PartnerStore
from bot.web import (
    claim,
    drop_index,
    health,
    metrics,
    my_drops,
    openapi,
    partner_api,
    public_keys,
    season_routes,
    transparency_routes,
)
from bot.web.attempts import FailedAttempts, RedisWindows
from bot.web.clients import client_address_middleware, networks
from bot.web.keys import (
    ATTEMPTS,
    HEALTH,
    HTTP,
    METRICS,
    PARTNERS,
    REVOCATIONS,
    SERVICE,
    SETTINGS,
    SIGNER,
)
from bot.web.listener import body_in_time
from bot.web.oauth import TwitchLogin
from bot.web.overlay.page import add_overlay_routes
from bot.web.overlay.site import OverlaySite
from bot.web.pages import Html, page, render, tag
from bot.web.public_cache import PublicPages
from bot.web.security import CookieSigner, security_headers, session_key
from bot.web.sessions import Revocations
from bot.web.speech import page_language, say

MAX_BODY = 64 * 1024  # requests are a code and a number; nothing needs more


async def _http_client(app: web.Application) -> AsyncIterator[None]:
    async with ClientSession() as session:
        app[HTTP] = session
        yield


def _shared_state(app: web.Application, settings: Settings) -> None:
    """Guess limits and logouts: in this process, or in Redis when hot state lives there."""
    web_settings, hot = settings.web, settings.hot_state
    window = web_settings.failed_attempt_window.total_seconds()
    per_key, per_address = (
        web_settings.failed_attempts_per_key,
        web_settings.failed_attempts_per_address,
    )
    if hot.backend != "redis":
        app[ATTEMPTS] = FailedAttempts.in_memory(per_key, per_address, window)
        app[REVOCATIONS] = Revocations()
        return
    pool = redis.asyncio.ConnectionPool.from_url(hot.url)
    app[ATTEMPTS] = FailedAttempts(per_key, per_address, RedisWindows(pool, hot.prefix, window))
    app[REVOCATIONS] = Revocations(pool, hot.prefix)

    async def close(app: web.Application) -> None:
        await app[REVOCATIONS].aclose()
        await app[ATTEMPTS].aclose()
        await pool.aclose()

    app.on_cleanup.append(close)


def guarded_app(settings: Settings, app_metrics: metrics.Metrics) -> web.Application:
    """An empty app behind the guards every listener has: the client's address (after trusted
    proxies), request timing, a body read in time, a size cap, and the security headers."""
    trusted = networks(settings.web.trusted_proxies)
    app = web.Application(
        client_max_size=MAX_BODY,
        middlewares=[
            # Without trusted proxies the peer is the client already: no layer to pass through.
            *([client_address_middleware(trusted)] if trusted else []),
            metrics.timing_middleware(app_metrics),
            body_in_time(settings.web.read_timeout.total_seconds()),
        ],
    )
    app.on_response_prepare.append(security_headers(settings.web.public_url))
    return app


def public_pages(reads: PublicReads, settings: Settings) -> PublicPages:
    """The transparency pages' cache over the read path (one per event loop that serves them)."""
    return PublicPages(
        reads,
        partial(transparency_routes.page_bytes, masked=settings.web.mask_winners),
        settings.web.public_cache_mb * 1024 * 1024,
    )


def add_public_routes(app: web.Application, reads: PublicReads, settings: Settings) -> None:
    """The read-only routes anyone may follow from chat or add to OBS: served by the main app
    and by the public listener alike."""
    add_overlay_routes(app, OverlaySite(settings, reads))
    r = app.router
    r.add_get("/", index)
    r.add_static("/static", Path(str(resources.files("bot.web").joinpath("static"))))
    r.add_get("/drops/{drop_id}", transparency_routes.transparency_page)
    r.add_get("/drops/{drop_id}/transcript.json", transparency_routes.transcript_download)


async def index(request: web.Request) -> web.Response:
    language = page_language(request)

    def link(url: str) -> Html:
        return tag("a", url, href=url)

    body = render(
        "index.html",
        tagline=say(language, "web-index-tagline"),
        winners=say(language, "web-index-winners"),
        pages=say(language, "web-index-pages", path=tag("code", "/drops/<number>")),
        partners=say(
            language,
            "web-index-partners",
            openapi=link("/api/v1/openapi.json"),
            keys=link("/.well-known/fairdrop-keys.json"),
        ),
    )
    return page(language, "fairdrop", body)


def make_app(
    service: DropService,
    partners: PartnerStore,
    settings: Settings,
    *,
    health_probe: health.HealthProbe | None = None,
    app_metrics: metrics.Metrics | None = None,
    twitch_client_secret: str = "",
    session_secrets: tuple[bytes, ...] = (),
) -> web.Application:
    """The whole web app, ready for an `AppRunner` or aiohttp's test client.

    `session_secrets` sign the claim page's cookies (newest first; see `security.py`); without
    them a key derived from the signing keyring does.
    """
    probe = health_probe or health.HealthProbe({"database": health.database_check(service.tx)})
    app_metrics = app_metrics or metrics.Metrics()
    app = guarded_app(settings, app_metrics)
    app[SERVICE] = service
    app[PARTNERS] = partners
    app[SETTINGS] = settings
    app[SIGNER] = CookieSigner(session_secrets or session_key(service.keyring))
    app[METRICS] = app_metrics
    app[metrics.METRICS_ALLOW] = networks(settings.web.metrics_allow)
    app[HEALTH] = probe
    _shared_state(app, settings)
    app[partner_api.KEY_CACHE] = partner_api.KeyCache()
    app[partner_api.IDEMPOTENCY_GATES] = {}
    app[claim.TWITCH_LOGIN] = TwitchLogin(
        settings.twitch.auth_base, settings.twitch.client_id, twitch_client_secret
    )
    app[transparency_routes.PUBLIC_PAGES] = public_pages(service.public, settings)
    app.cleanup_ctx.append(_http_client)

    add_public_routes(app, service.public, settings)
    r = app.router
    r.add_get("/claim/{ref}", claim.claim_page)
    r.add_get(my_drops.PATH, my_drops.my_drops)
    r.add_get("/auth/twitch/login", claim.login)
    r.add_get(claim.CALLBACK, claim.callback)
    r.add_post("/auth/logout", claim.logout)
    r.add_post("/api/v1/codes/check", partner_api.check)
    r.add_post("/api/v1/codes/redeem", partner_api.redeem)
    r.add_get("/api/v1/openapi.json", openapi.openapi_json)
    r.add_get(public_keys.PATH, public_keys.public_keys)
    r.add_get("/drops", drop_index.drop_index)  # the service's read: main listener only, for now
    r.add_get("/series/{name}", season_routes.season_page)
    r.add_get("/healthz", health.healthz)
    r.add_get("/metrics", metrics.metrics_endpoint)
    return app
