"""Logins the server can end, logout only from our own pages, rotatable session secrets, and
the security headers on every answer (404s and 500s included), /metrics kept off the public."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.config import ConfigError, HotStateSettings, session_secrets
from bot.web.app import make_app
from bot.web.keys import SIGNER
from bot.web.security import CSP, CookieSigner
from tests.web.conftest import HOST, Web
from tests.web.test_claim_page import log_in

OLD, NEW = b"o" * 32, b"n" * 32


async def _logged_in(web_env: Web) -> tuple[int, str, str]:
    """Log a winner in; return the drop id, the session cookie's value and the logout token."""
    fan = web_env.twitch.add_user("fan")
    drop = await web_env.drawn_drop(fan)
    await log_in(web_env, fan, drop.id)
    async with web_env.client.get(f"/claim/{drop.id}") as response:
        page = await response.text()
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None and "Log out" in page
    jar = web_env.client.session.cookie_jar.filter_cookies(web_env.client.make_url("/"))
    return drop.id, jar["fd_session"].value, found.group(1)


async def _shows_codes(web_env: Web, drop_id: int, cookie: str | None = None) -> bool:
    cookies = {"fd_session": cookie} if cookie is not None else None
    async with web_env.client.get(f"/claim/{drop_id}", cookies=cookies) as response:
        page = await response.text()
    return "Log out" in page and "Log in with Twitch" not in page


async def _logout(web_env: Web, drop_id: int, csrf: str | None, **headers: str) -> int:
    form = {"drop": str(drop_id), **({"csrf": csrf} if csrf is not None else {})}
    async with web_env.client.post(
        "/auth/logout", data=form, headers=headers, allow_redirects=False
    ) as response:
        return response.status


async def test_after_logout_a_copied_session_cookie_no_longer_works(web_env: Web) -> None:
    drop_id, copied, csrf = await _logged_in(web_env)
    assert await _logout(web_env, drop_id, csrf, **{"Sec-Fetch-Site": "same-origin"}) == 303
    web_env.client.session.cookie_jar.clear()
    assert not await _shows_codes(web_env, drop_id, copied)


async def test_a_cross_site_logout_is_refused(web_env: Web) -> None:
    drop_id, _, csrf = await _logged_in(web_env)
    assert await _logout(web_env, drop_id, csrf, **{"Sec-Fetch-Site": "cross-site"}) == 403
    assert await _logout(web_env, drop_id, csrf, Origin="https://evil.example") == 403
    assert await _shows_codes(web_env, drop_id)


async def test_a_logout_without_the_pages_token_is_refused(web_env: Web) -> None:
    drop_id, _, _ = await _logged_in(web_env)
    assert await _logout(web_env, drop_id, None) == 403
    assert await _logout(web_env, drop_id, "forged.token") == 403
    assert await _shows_codes(web_env, drop_id)


def test_session_secrets_rotate_the_newest_signs_and_every_one_verifies() -> None:
    before = CookieSigner([OLD]).dump("session", {"sid": "a"}, 2e9)
    during = CookieSigner([NEW, OLD])
    assert during.load("session", before, 1e9) == {"sid": "a", "exp": 2_000_000_000}
    signed_now = during.dump("session", {"sid": "b"}, 2e9)
    after = CookieSigner([NEW])  # the old secret removed: its cookies are no login any more
    assert after.load("session", before, 1e9) is None
    assert after.load("session", signed_now, 1e9) is not None
    assert during.load("login", signed_now, 1e9) is None  # signed for another purpose


def test_session_secrets_come_from_the_environment_and_short_ones_are_refused() -> None:
    env = {"FAIRDROP_WEB_SESSION_KEYS": f"{NEW.decode()}, {OLD.decode()}"}
    assert session_secrets(env) == (NEW, OLD)
    assert session_secrets({}) == ()
    with pytest.raises(ConfigError, match="secret 2 is 5 characters"):
        session_secrets({"FAIRDROP_WEB_SESSION_KEYS": f"{NEW.decode()},short"})


async def test_logins_signed_with_a_configured_secret_survive_its_rotation(web_env: Web) -> None:
    old_app = make_app(web_env.service, web_env.partners, web_env.settings, session_secrets=(OLD,))
    cookie = old_app[SIGNER].dump("session", {"sid": "s1", "uid": "1", "login": "fan"}, 2e9)
    rotated = make_app(
        web_env.service, web_env.partners, web_env.settings, session_secrets=(NEW, OLD)
    )
    retired = make_app(web_env.service, web_env.partners, web_env.settings, session_secrets=(NEW,))
    drop = await web_env.drawn_drop(web_env.twitch.add_user("winner"))
    for app, logged_in in ((rotated, True), (retired, False)):
        async with (
            TestClient(TestServer(app, host=HOST)) as client,
            client.get(f"/claim/{drop.id}", cookies={"fd_session": cookie}) as response,
        ):
            assert ("Log out" in await response.text()) is logged_in


def _app_with_routes(web_env: Web, **web_overrides: Any) -> web.Application:
    settings = web_env.settings.model_copy(
        update={"web": web_env.settings.web.model_copy(update=web_overrides)}
    )
    app = make_app(web_env.service, web_env.partners, settings)

    async def boom(request: web.Request) -> web.Response:
        raise RuntimeError("a bug")

    async def framed(request: web.Request) -> web.Response:
        response = web.Response(text="overlay")
        response.headers["Content-Security-Policy"] = "frame-ancestors https://obs.example"
        return response

    app.router.add_get("/boom", boom)
    app.router.add_get("/overlay", framed)
    return app


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/no/such/page", 404),
        ("DELETE", "/healthz", 405),
        ("GET", "/boom", 500),
        ("GET", "/static/no-such.css", 404),
        ("POST", "/api/v1/codes/check", 401),
    ],
)
async def test_every_answer_carries_the_security_headers_and_no_server_version(
    web_env: Web, method: str, path: str, status: int
) -> None:
    app = _app_with_routes(web_env)
    async with (
        TestClient(TestServer(app, host=HOST)) as client,
        client.request(method, path) as response,
    ):
        assert response.status == status
        headers = response.headers
    assert "Server" not in headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in headers  # plain http: HSTS would be a lie


async def test_https_adds_hsts_and_a_route_may_set_its_own_frame_policy(web_env: Web) -> None:
    app = _app_with_routes(web_env, public_url="https://claims.example")
    async with TestClient(TestServer(app, host=HOST)) as client:
        async with client.get("/no/such/page") as response:
            assert response.headers["Strict-Transport-Security"] == "max-age=63072000"
        async with client.get("/overlay") as response:
            csp = response.headers["Content-Security-Policy"]
    assert csp == "frame-ancestors https://obs.example"


async def test_metrics_are_not_served_to_the_public(web_env: Web) -> None:
    async with web_env.client.get("/metrics") as response:
        assert response.status == 404


@pytest.mark.parametrize(
    "web_overrides", [{"metrics_allow": ["127.0.0.1"], "trusted_proxies": ["127.0.0.1"]}]
)
async def test_metrics_go_only_to_the_configured_addresses_seen_through_the_proxies(
    web_env: Web,
) -> None:
    async with web_env.client.get("/metrics") as response:
        assert response.status == 200  # the monitoring host itself
    # Through the proxy, from the internet: not the monitoring host.
    async with web_env.client.get(
        "/metrics", headers={"X-Forwarded-For": "203.0.113.5"}
    ) as response:
        assert response.status == 404


async def test_a_logout_in_one_process_ends_the_session_in_another_through_redis(
    web_env: Web, redis_url: str
) -> None:
    hot = HotStateSettings(backend="redis", url=redis_url, prefix="logout-test")
    settings = web_env.settings.model_copy(update={"hot_state": hot})
    apps = [make_app(web_env.service, web_env.partners, settings) for _ in range(2)]
    signer = apps[0][SIGNER]
    session = signer.dump("session", {"sid": "shared", "uid": "7", "login": "fan"}, 2e9)
    token = signer.dump("logout", {"sid": "shared"}, 2e9)
    drop = await web_env.drawn_drop(web_env.twitch.add_user("winner"))
    cookies = {"fd_session": session}
    async with (
        TestClient(TestServer(apps[0], host=HOST)) as one,
        TestClient(TestServer(apps[1], host=HOST)) as two,
    ):
        async with two.get(f"/claim/{drop.id}", cookies=cookies) as response:
            assert "Log out" in await response.text()
        async with one.post(
            "/auth/logout", data={"csrf": token}, cookies=cookies, allow_redirects=False
        ) as response:
            assert response.status == 303
        async with two.get(f"/claim/{drop.id}", cookies=cookies) as response:
            assert "Log out" not in await response.text()  # no login any more
