"""The claim page: log in with Twitch (state + PKCE) against the fake Twitch, see your codes."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from bot.store.database import SqlUnitOfWork
from bot.web.security import CSP
from fakeplatforms.twitch import FakeUser
from tests.web.conftest import Web


async def _to_twitch(client: TestClient[Any, Any], drop_id: int) -> str:
    """Start the login on the claim page; return where it sends the browser (the fake)."""
    async with client.get(f"/auth/twitch/login?drop={drop_id}", allow_redirects=False) as r:
        assert r.status == 303
        return r.headers["Location"]


async def _twitch_answers(authorize_url: str) -> str:
    """What the fake Twitch answers a signed-in browser with: the callback URL."""
    async with (
        aiohttp.ClientSession() as browser,
        browser.get(authorize_url, allow_redirects=False) as r,
    ):
        assert r.status == 302, await r.text()
        return r.headers["Location"]


async def _callback(client: TestClient[Any, Any], url: str) -> aiohttp.ClientResponse:
    parts = urlsplit(url)
    async with client.get(f"{parts.path}?{parts.query}", allow_redirects=False) as r:
        await r.read()
        return r


async def log_in(web: Web, user: FakeUser, drop_id: int) -> None:
    web.twitch.oauth.signed_in = user.login
    callback = await _twitch_answers(await _to_twitch(web.client, drop_id))
    response = await _callback(web.client, callback)
    assert response.status == 303 and response.headers["Location"] == f"/claim/{drop_id}"


async def _page(web: Web, path: str) -> tuple[int, str, Any]:
    async with web.client.get(path) as response:
        return response.status, await response.text(), response.headers


async def test_a_winner_logs_in_with_twitch_and_sees_their_code(web_env: Web) -> None:
    fan = web_env.twitch.add_user("lucky_fan")
    drop = await web_env.drawn_drop(fan)
    status, html, _ = await _page(web_env, f"/claim/{drop.id}")
    assert status == 200 and "Log in with Twitch" in html
    await log_in(web_env, fan, drop.id)
    status, html, headers = await _page(web_env, f"/claim/{drop.id}")
    code = (await web_env.service.collect_for_account(drop.id, f"twitch:{fan.id}")).codes[0]
    assert status == 200 and code.short_code in html and "<svg" in html
    assert "Ready to use" in html and "lucky_fan" in html
    assert headers["Cache-Control"] == "no-store" and headers["Content-Security-Policy"] == CSP
    with SqlUnitOfWork(web_env.engine) as uow:
        (record,) = uow.codes.for_drop(drop.id)
    assert record.delivered_at == web_env.clock.now()
    # What Twitch was asked: identity only, with state and an S256 challenge.
    (asked,) = web_env.twitch.oauth.authorize_requests
    assert asked["scope"] == "" and asked["code_challenge_method"] == "S256" and asked["state"]
    assert asked["redirect_uri"] == f"{web_env.base_url}/auth/twitch/callback"


async def test_the_claim_link_may_name_the_drop(web_env: Web) -> None:
    fan = web_env.twitch.add_user("named")
    drop = await web_env.drawn_drop(fan)
    status, html, _ = await _page(web_env, f"/claim/{drop.spec.name}")
    assert status == 200 and f"/auth/twitch/login?drop={drop.id}" in html
    assert (await _page(web_env, "/claim/no-such-drop"))[0] == 404


async def test_a_winner_sees_only_their_own_code(web_env: Web) -> None:
    first, second = web_env.twitch.add_user("first"), web_env.twitch.add_user("second")
    outsider = web_env.twitch.add_user("outsider")
    drop = await web_env.drawn_drop(first, second)
    await log_in(web_env, first, drop.id)
    _, html, _ = await _page(web_env, f"/claim/{drop.id}")
    with SqlUnitOfWork(web_env.engine) as uow:
        codes = uow.codes.for_drop(drop.id)
    delivered = [c for c in codes if c.delivered_at is not None]
    assert len(codes) == 2 and len(delivered) == 1  # the second winner's code is untouched
    theirs = (await web_env.service.collect_for_account(drop.id, f"twitch:{second.id}")).codes[0]
    assert theirs.short_code not in html
    await log_in(web_env, outsider, drop.id)
    _, html, _ = await _page(web_env, f"/claim/{drop.id}")
    assert "No code for you" in html and theirs.short_code not in html


async def test_a_callback_whose_state_does_not_match_is_refused(web_env: Web) -> None:
    fan = web_env.twitch.add_user("fan")
    drop = await web_env.drawn_drop(fan)
    web_env.twitch.oauth.signed_in = fan.login
    callback = await _twitch_answers(await _to_twitch(web_env.client, drop.id))
    forged = callback.replace("state=", "state=x")
    response = await _callback(web_env.client, forged)
    assert response.status == 400 and "fd_session" not in response.cookies
    assert web_env.twitch.token_grants == []  # the code was never even exchanged


async def test_a_callback_without_a_login_in_this_browser_is_refused(web_env: Web) -> None:
    fan = web_env.twitch.add_user("fan")
    drop = await web_env.drawn_drop(fan)
    web_env.twitch.oauth.signed_in = fan.login
    callback = await _twitch_answers(await _to_twitch(web_env.client, drop.id))
    web_env.client.session.cookie_jar.clear()
    response = await _callback(web_env.client, callback)
    assert response.status == 400


async def test_a_code_issued_to_another_login_fails_pkce(web_env: Web) -> None:
    """An authorization code injected into someone else's login: right state, wrong verifier."""
    fan = web_env.twitch.add_user("fan")
    drop = await web_env.drawn_drop(fan)
    web_env.twitch.oauth.signed_in = fan.login
    victim_url = await _to_twitch(web_env.client, drop.id)
    victim_state = parse_qs(urlsplit(victim_url).query)["state"][0]
    jar = aiohttp.CookieJar(unsafe=True)
    async with (
        aiohttp.ClientSession(web_env.base_url, cookie_jar=jar) as other_browser,
        other_browser.get(f"/auth/twitch/login?drop={drop.id}", allow_redirects=False) as r,
    ):
        attacker_url = r.headers["Location"]
    attacker_code = parse_qs(urlsplit(await _twitch_answers(attacker_url)).query)["code"][0]
    response = await _callback(
        web_env.client, f"/auth/twitch/callback?code={attacker_code}&state={victim_state}"
    )
    assert response.status == 502 and "fd_session" not in response.cookies
    assert web_env.twitch.oauth.refused_exchanges == ["Invalid code verifier"]


async def test_a_denied_login_changes_nothing(web_env: Web) -> None:
    fan = web_env.twitch.add_user("fan")
    drop = await web_env.drawn_drop(fan)
    web_env.twitch.oauth.deny = True
    callback = await _twitch_answers(await _to_twitch(web_env.client, drop.id))
    response = await _callback(web_env.client, callback)
    assert response.status == 400
    with SqlUnitOfWork(web_env.engine) as uow:
        assert all(c.delivered_at is None for c in uow.codes.for_drop(drop.id))


async def test_the_session_cookie_is_httponly_and_lax(web_env: Web) -> None:
    fan = web_env.twitch.add_user("fan")
    drop = await web_env.drawn_drop(fan)
    web_env.twitch.oauth.signed_in = fan.login
    callback = await _twitch_answers(await _to_twitch(web_env.client, drop.id))
    response = await _callback(web_env.client, callback)
    morsel = response.cookies["fd_session"]
    assert morsel["httponly"] and morsel["samesite"] == "Lax" and not morsel["secure"]
    assert str(fan.id) not in morsel.value or "." in morsel.value  # signed, not a bare id


@pytest.mark.parametrize("web_overrides", [{"public_url": "https://claims.example"}])
async def test_cookies_are_secure_when_the_public_url_is_https(web_env: Web) -> None:
    async with web_env.client.get("/auth/twitch/login?drop=1", allow_redirects=False) as r:
        pending = r.cookies["__Host-fd_login"]  # Secure, Path=/, no Domain: unshadowable
        assert r.status == 303 and pending["secure"] and pending["path"] == "/"
        assert not pending["domain"] and "fd_login" not in r.cookies
        assert r.headers["Strict-Transport-Security"].startswith("max-age=")
        assert (
            "redirect_uri=https%3A%2F%2Fclaims.example%2Fauth%2Ftwitch%2Fcallback"
            in (r.headers["Location"])
        )


async def test_a_tampered_session_cookie_is_not_a_login(web_env: Web) -> None:
    fan = web_env.twitch.add_user("fan")
    drop = await web_env.drawn_drop(fan)
    await log_in(web_env, fan, drop.id)
    cookie = web_env.client.session.cookie_jar.filter_cookies(web_env.client.make_url("/"))
    value = cookie["fd_session"].value
    web_env.client.session.cookie_jar.clear()
    web_env.client.session.cookie_jar.update_cookies(
        {"fd_session": "x" + value}, response_url=web_env.client.make_url("/")
    )
    _, html, _ = await _page(web_env, f"/claim/{drop.id}")
    assert "Log in with Twitch" in html
