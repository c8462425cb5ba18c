"""Crafted input gets a 4xx, never a 500: targeted cases, then a fuzz of every route.

The fuzz enumerates the app's own router, so a route added later is fuzzed too: its path
parameters, query, cookies, headers and body come from hypothesis, and no answer may be a 500.
"""

from __future__ import annotations

import asyncio
import re
import string
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.drops.keyring import Keyring
from bot.drops.partners import PartnerScope
from bot.store.database import make_engine
from bot.store.migrate import upgrade
from tests.fixtures.harness import START, ManualClock, seeded_bytes
from tests.web.conftest import HOST, Web
from tests.web.test_idempotency_across_processes import Process, _codes, _process

REDEEM = "/api/v1/codes/redeem"
FORM = "application/x-www-form-urlencoded"


async def _raw(web: Web, head: bytes) -> int:
    """Send one request as raw bytes (the client refuses non-ASCII header bytes); its status."""
    port = web.settings.web.port
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(head + b"Host: localhost\r\nConnection: close\r\n\r\n")
        await writer.drain()
        status_line = await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
    return int(status_line.split()[1])


async def test_digits_that_are_not_ascii_name_no_drop(web_env: Web) -> None:
    fan = web_env.twitch.add_user("fan")
    await web_env.drawn_drop(fan)
    # str.isdigit() accepts "²" and "\u0661"; int() refuses the first, reads the second as 1.
    for path in ("/claim/²", "/drops/²", "/drops/²/transcript.json", "/drops/\u0661"):
        async with web_env.client.get(path) as response:
            assert response.status == 404, path
    async with web_env.client.get("/auth/twitch/login?drop=²", allow_redirects=False) as response:
        assert response.status == 400


async def test_a_cookie_with_bytes_that_are_not_ascii_is_no_login(web_env: Web) -> None:
    fan = web_env.twitch.add_user("fan")
    drop = await web_env.drawn_drop(fan)
    for cookie in (b"fd_session=\xff\xfe.\xc3\xa9", "fd_session=é.é".encode(), b"fd_login=\x80.x"):
        head = f"GET /claim/{drop.id} HTTP/1.1\r\n".encode() + b"Cookie: " + cookie + b"\r\n"
        assert await _raw(web_env, head) == 200  # the login page: the cookie is nobody
        callback = b"GET /auth/twitch/callback?code=x&state=y HTTP/1.1\r\nCookie: " + cookie
        assert await _raw(web_env, callback + b"\r\n") == 400


async def test_deeply_nested_json_to_the_partner_api_is_a_bad_request(web_env: Web) -> None:
    fan = web_env.twitch.add_user("fan")
    drop = await web_env.drawn_drop(fan)
    key = await web_env.partner_key(drops=(drop.id,))
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    for body in ("[" * 30_000 + "]" * 30_000, '{"code": ' + "[" * 30_000 + "]" * 30_000 + "}"):
        async with web_env.client.post(REDEEM, data=body, headers=headers) as response:
            assert response.status == 400
            assert (await response.json())["error"]["code"] == "invalid_request"


# -- the fuzz over every route ----------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{[^}]+\}")
# Ids that str.isdigit() or int() would accept, and escapes a path may carry.
_DIGITS = st.sampled_from(
    ["1", "0", "²", "\u0661\u0662", "9" * 19, "-1", "1e3", " 1", "%FF", "%00", ".."]
)
_TEXT = st.text(max_size=30) | _DIGITS
# Header values as the client can send them (it encodes text as UTF-8; no control characters).
_HEADER_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
_COOKIE_NAME = st.text(string.ascii_letters + "_-", min_size=1, max_size=10)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)
# What goes into the request, as the client's keyword arguments.
_BODY: st.SearchStrategy[dict[str, Any]] = st.one_of(
    st.just({}),
    st.binary(max_size=200).map(lambda raw: {"data": raw}),
    _JSON.map(lambda value: {"json": value}),
    st.fixed_dictionaries(
        {"code": _TEXT | _JSON}, optional={"order_value_cents": _JSON, "extra": _JSON}
    ).map(lambda value: {"json": value}),
    st.dictionaries(_TEXT, _TEXT, max_size=3).map(
        lambda form: {"data": urlencode(form).encode(), "content_type": FORM}
    ),
    st.integers(1, 40).map(lambda n: {"data": "[" * 1000 * n + "]" * 1000 * n}),
)
_QUERY = st.dictionaries(st.sampled_from(["drop", "code", "state", "error"]) | _TEXT, _TEXT)


@pytest.fixture
def web_overrides() -> dict[str, Any]:
    # Without this, ten keyless requests would leave every later partner-API example at 429.
    return {"failed_attempts_per_address": 1_000_000, "failed_attempts_per_key": 1_000_000}


def routes_of(app: web.Application) -> list[tuple[str, str]]:
    """(method, path template) of every route the app serves; HEAD rides along with GET."""
    found = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource is not None else {}
        template = info.get("path") or info.get("formatter") or info.get("prefix", "") + "/{file}"
        if route.method != "HEAD":
            found.append((route.method, template))
    return found


async def test_every_route_is_fuzzed(web_env: Web) -> None:
    routes = routes_of(web_env.app)
    assert len(routes) == len([r for r in web_env.app.router.routes() if r.method != "HEAD"])
    templates = {template for _, template in routes}
    # Plain, dynamic and static resources are all enumerated.
    assert {"/", "/claim/{ref}", "/drops/{drop_id}", "/static/{file}", REDEEM} <= templates


FUZZ = settings(
    max_examples=150,  # per backend
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
async def postgres_app(postgres_url: str) -> AsyncIterator[tuple[Process, str]]:
    """The app over PostgreSQL (which refuses what SQLite takes, NUL in text), with a drawn
    drop and a live partner key for it."""
    engine = make_engine(postgres_url)
    upgrade(engine)
    engine.dispose()
    clock = ManualClock(START)
    async with _process(postgres_url, Keyring.new(START, seeded_bytes(1)), clock) as process:
        drop_id, _ = await _codes(process, clock, 2)
        _, key = process.partners.sql.create("till", PartnerScope(frozenset({drop_id})), START)
        yield process, key


@FUZZ
@given(data=st.data())
async def test_no_crafted_request_to_any_route_gets_a_server_error(
    web_env: Web, data: st.DataObject
) -> None:
    # The fixture lives across examples: the drop is drawn once; each example gets a fresh key.
    if not web_env.partners.sql.all():
        fan = web_env.twitch.add_user("fan")
        drop = await web_env.drawn_drop(fan)
        await web_env.partner_key(drops=(drop.id,))
    first, *_ = web_env.partners.sql.all()
    key = await web_env.partner_key(drops=tuple(first.scope.drop_ids))
    await _fuzz(web_env.app, web_env.client, key, data)


@FUZZ
@given(data=st.data())
async def test_no_crafted_request_to_any_route_gets_a_server_error_on_postgresql(
    postgres_app: tuple[Process, str], data: st.DataObject
) -> None:
    process, key = postgres_app
    await _fuzz(process.client.app, process.client, key, data)


async def _fuzz(
    app: web.Application, client: TestClient[Any, Any], key: str, data: st.DataObject
) -> None:
    """One crafted request to one of the app's routes, drawn from `data`; never a 500."""
    method, template = data.draw(st.sampled_from(routes_of(app)), label="route")
    path = _PLACEHOLDER.sub(lambda _: quote(data.draw(_TEXT, label="segment"), safe=""), template)
    cookies = data.draw(
        st.dictionaries(st.sampled_from(["fd_session", "fd_login"]) | _COOKIE_NAME, _HEADER_TEXT),
        label="cookies",
    )
    headers = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "Authorization": st.sampled_from([f"Bearer {key}", "Bearer "]) | _HEADER_TEXT,
                "Idempotency-Key": _HEADER_TEXT,
                "Content-Type": st.sampled_from(["application/json", "text/plain", FORM])
                | _HEADER_TEXT,
                "X-Forwarded-For": _HEADER_TEXT,
                "Accept": _HEADER_TEXT,
            },
        ),
        label="headers",
    )
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = dict(data.draw(_BODY, label="body"))
    if content_type := body.pop("content_type", None):
        headers.setdefault("Content-Type", content_type)
    query = data.draw(_QUERY, label="query")
    async with client.request(
        method, path, params=query, headers=headers, allow_redirects=False, **body
    ) as response:
        if response.content_type == "text/event-stream":
            # A live feed never ends: its first event (the whole state) is what it answers.
            await asyncio.wait_for(_first_event(response), 10)
        else:
            await response.read()
        # 500 is what an unhandled error becomes; 502/503 are deliberate (Twitch login down or
        # not set up, /healthz failing).
        assert response.status != 500, (method, path, response.status)


async def _first_event(response: ClientResponse) -> None:
    """Read a server-sent events stream up to the end of its first event (a blank line)."""
    while (await response.content.readline()).strip():
        pass


async def test_bytes_that_are_not_utf8_in_the_path_name_no_drop(web_env: Web) -> None:
    fan = web_env.twitch.add_user("fan")
    await web_env.drawn_drop(fan)
    for target in (b"/claim/\xff\xfe", b"/drops/\xff", b"/claim/%FF%FE", b"/claim/a%00b"):
        status = await _raw(web_env, b"GET " + target + b" HTTP/1.1\r\n")
        assert 400 <= status < 500, (target, status)


async def test_a_claim_link_naming_no_possible_drop_is_not_looked_up(postgres_url: str) -> None:
    # PostgreSQL refuses text with NUL in it: such a name must never reach a query.
    engine = make_engine(postgres_url)
    upgrade(engine)
    engine.dispose()
    clock = ManualClock(START)
    async with _process(postgres_url, Keyring.new(START, seeded_bytes(1)), clock) as process:
        for target in ("/claim/a%00b", "/claim/" + "x" * 5000, "/claim/%F0%9F%8E%81"):
            async with process.client.get(target) as response:
                assert response.status == 404, target


async def test_a_partner_key_naming_no_possible_key_is_not_looked_up(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    upgrade(engine)
    engine.dispose()
    clock = ManualClock(START)
    async with _process(postgres_url, Keyring.new(START, seeded_bytes(1)), clock) as process:
        port = process.client.port
        reader, writer = await asyncio.open_connection(HOST, port)
        forged = b"fdp_" + b"\x00" * 16 + b"_" + b"a" * 32
        body = b'{"code": "x"}'
        writer.write(
            b"POST /api/v1/codes/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            b"Content-Type: application/json\r\nAuthorization: Bearer " + forged + b"\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
        )
        status_line = await reader.readline()
        writer.close()
        await writer.wait_closed()
        assert 400 <= int(status_line.split()[1]) < 500, status_line
        json_key = "fdp_" + "\u0000" * 16 + "_" + "a" * 32
        headers = {"Authorization": f"Bearer {json_key.replace(chr(0), 'é')}"}
        async with process.client.post(
            "/api/v1/codes/check", json={"code": "x"}, headers=headers
        ) as response:
            assert response.status == 401


async def test_a_logout_form_that_is_not_utf8_is_a_bad_request(web_env: Web) -> None:
    headers = {"Content-Type": FORM}
    async with web_env.client.post(
        "/auth/logout", data=b"drop=\x80", headers=headers, allow_redirects=False
    ) as response:
        assert response.status == 400
