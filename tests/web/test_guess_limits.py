"""Guess limits: per key before the lookup, per address only without a live key, through the
trusted proxies only, bounded in memory, shared through Redis by every process."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import HotStateSettings
from bot.web.app import make_app
from bot.web.attempts import MemoryWindows, address_bucket
from bot.web.clients import client_address, networks
from tests.web.conftest import HOST, Web

CHECK = "/api/v1/codes/check"
FORGED = "0000-0000-0000-0000"


async def _check(
    client: TestClient[Any, Any], key: str | None, code: str, **headers: str
) -> tuple[int, dict[str, Any]]:
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    async with client.post(CHECK, json={"code": code}, headers=headers) as response:
        return response.status, await response.json()


@pytest.mark.parametrize("web_overrides", [{"failed_attempts_per_key": 30}])
async def test_300_guesses_sent_at_once_by_one_key_are_not_all_judged(web_env: Web) -> None:
    key = await web_env.partner_key(drops=(1,))
    answers = await asyncio.gather(
        *(_check(web_env.client, key, f"0000-0000-0000-{i:04d}") for i in range(300))
    )
    statuses = [status for status, _ in answers]
    assert statuses.count(404) == 30  # judged: exactly the budget, never more
    assert statuses.count(429) == 270
    # The budget is spent: the next guess is not judged either.
    assert (await _check(web_env.client, key, FORGED))[0] == 429


@pytest.mark.parametrize("web_overrides", [{"failed_attempts_per_key": 3}])
async def test_answers_that_are_no_guess_do_not_spend_the_budget(web_env: Web) -> None:
    fan = web_env.twitch.add_user("fan")
    drop = await web_env.drawn_drop(fan)
    code = (await web_env.service.collect_for_account(drop.id, f"twitch:{fan.id}")).codes[0]
    key = await web_env.partner_key(drops=(drop.id,))
    for _ in range(10):  # a busy till checking a real code again and again
        assert (await _check(web_env.client, key, code.token))[0] == 200
    for _ in range(3):
        assert (await _check(web_env.client, key, FORGED))[0] == 404
    assert (await _check(web_env.client, key, code.token))[0] == 429


@pytest.mark.parametrize("web_overrides", [{"failed_attempts_per_key": 5}])
async def test_an_honest_burst_larger_than_the_limit_queues_instead_of_being_refused(
    web_env: Web,
) -> None:
    fan = web_env.twitch.add_user("fan")
    drop = await web_env.drawn_drop(fan)
    code = (await web_env.service.collect_for_account(drop.id, f"twitch:{fan.id}")).codes[0]
    key = await web_env.partner_key(drops=(drop.id,))
    answers = await asyncio.gather(*(_check(web_env.client, key, code.token) for _ in range(50)))
    assert [status for status, _ in answers] == [200] * 50


@pytest.mark.parametrize("web_overrides", [{"failed_attempts_per_address": 10}])
async def test_a_keyless_flood_does_not_lock_out_a_partner_behind_the_same_proxy(
    web_env: Web,
) -> None:
    key = await web_env.partner_key(drops=(1,))
    flood = await asyncio.gather(*(_check(web_env.client, None, FORGED) for _ in range(200)))
    assert [s for s, _ in flood].count(401) == 10
    assert [s for s, _ in flood].count(429) == 190
    status, body = await _check(web_env.client, key, FORGED)
    assert (status, body["error"]["code"]) == (404, "unknown_code")


@pytest.mark.parametrize("web_overrides", [{"failed_attempts_per_address": 3}])
async def test_x_forwarded_for_is_ignored_unless_the_connection_is_a_trusted_proxy(
    web_env: Web,
) -> None:
    # No trusted proxies: every made-up X-Forwarded-For is the same client, 127.0.0.1.
    answers = [
        (await _check(web_env.client, None, FORGED, **{"X-Forwarded-For": f"198.51.100.{i}"}))[0]
        for i in range(5)
    ]
    assert answers == [401, 401, 401, 429, 429]


@pytest.mark.parametrize(
    "web_overrides", [{"failed_attempts_per_address": 3, "trusted_proxies": ["127.0.0.0/8"]}]
)
async def test_behind_a_trusted_proxy_the_client_is_the_rightmost_untrusted_hop(
    web_env: Web,
) -> None:
    # The proxy (127.0.0.1) appended the client it saw, 203.0.113.7; the left part is the
    # client's own invention and changes nothing.
    statuses = [
        (
            await _check(
                web_env.client, None, FORGED, **{"X-Forwarded-For": f"10.9.9.{i}, 203.0.113.7"}
            )
        )[0]
        for i in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    # Another client behind the same proxy has its own budget.
    assert (await _check(web_env.client, None, FORGED, **{"X-Forwarded-For": "203.0.113.8"}))[
        0
    ] == 401


TRUSTED = networks(["10.0.0.0/8", "::1"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("198.51.100.1", ["203.0.113.9"], "198.51.100.1"),  # not from a proxy: header ignored
        ("10.0.0.2", ["203.0.113.9"], "203.0.113.9"),
        ("10.0.0.2", ["1.2.3.4, 203.0.113.9"], "203.0.113.9"),  # left of it: the client's words
        ("10.0.0.2", ["203.0.113.9, 10.0.0.5"], "203.0.113.9"),  # two proxies of ours
        ("10.0.0.2", ["203.0.113.9", "10.0.0.5"], "203.0.113.9"),  # two header lines
        ("10.0.0.2", ["10.0.0.9, 10.0.0.5"], "10.0.0.9"),  # all ours: the leftmost
        ("10.0.0.2", ["junk, 10.0.0.5"], "10.0.0.5"),  # garbage is no client
        ("10.0.0.2", [], "10.0.0.2"),
        ("::1", ["2001:db8::1"], "2001:db8::1"),
        ("::ffff:10.0.0.2", ["203.0.113.9"], "203.0.113.9"),  # an IPv4-mapped peer
    ],
)
def test_the_client_address_is_the_rightmost_hop_not_a_trusted_proxy(
    peer: str, forwarded: list[str], client: str
) -> None:
    assert client_address(peer, forwarded, TRUSTED) == client


def test_ipv6_clients_are_counted_by_their_64() -> None:
    assert address_bucket("2001:db8:1:2:aaaa::1") == address_bucket("2001:db8:1:2:bbbb::9")
    assert address_bucket("2001:db8:1:3::1") != address_bucket("2001:db8:1:2::1")
    assert address_bucket("::ffff:192.0.2.1") == "192.0.2.1"


async def test_the_memory_tracker_is_bounded_and_keeps_whom_it_is_limiting() -> None:
    now = [0.0]
    windows = MemoryWindows(600, capacity=1000, clock=lambda: now[0])
    for _ in range(5):
        await windows.take("addr:guesser", 3)
    for i in range(100_000):  # a flood from many addresses
        await windows.take(f"addr:10.{i >> 16}.{(i >> 8) & 255}.{i & 255}", 3)
        if i % 500 == 0:
            assert await windows.take("addr:guesser", 3) > 0  # still limited
    assert len(windows) == 1000
    now[0] = 600.0  # its window is over
    assert await windows.take("addr:guesser", 3) == 0.0


async def test_the_limit_is_shared_by_two_app_instances_through_redis(
    web_env: Web, redis_url: str
) -> None:
    hot = HotStateSettings(backend="redis", url=redis_url, prefix="guess-test")
    web = web_env.settings.web.model_copy(update={"failed_attempts_per_key": 6})
    settings = web_env.settings.model_copy(update={"hot_state": hot, "web": web})
    key = await web_env.partner_key(drops=(1,))
    first = make_app(web_env.service, web_env.partners, settings)
    second = make_app(web_env.service, web_env.partners, settings)
    async with (
        TestClient(TestServer(first, host=HOST)) as one,
        TestClient(TestServer(second, host=HOST)) as two,
    ):
        assert [(await _check(one, key, FORGED))[0] for _ in range(4)] == [404] * 4
        assert [(await _check(two, key, FORGED))[0] for _ in range(3)] == [404, 404, 429]
        assert (await _check(one, key, FORGED))[0] == 429


async def test_guesses_sent_at_once_to_two_processes_are_judged_within_one_budget(
    web_env: Web, redis_url: str
) -> None:
    hot = HotStateSettings(backend="redis", url=redis_url, prefix="guess-burst")
    web = web_env.settings.web.model_copy(update={"failed_attempts_per_key": 10})
    settings = web_env.settings.model_copy(update={"hot_state": hot, "web": web})
    key = await web_env.partner_key(drops=(1,))
    apps = [make_app(web_env.service, web_env.partners, settings) for _ in range(2)]
    async with (
        TestClient(TestServer(apps[0], host=HOST)) as one,
        TestClient(TestServer(apps[1], host=HOST)) as two,
    ):
        answers = await asyncio.gather(
            *(_check((one, two)[i % 2], key, f"0000-0000-0000-{i:04d}") for i in range(150))
        )
    statuses = [status for status, _ in answers]
    assert statuses.count(404) == 10 and statuses.count(429) == 140
