"""The live feed (`/drops/{id}/events`, `/overlay/{community}/events`) over a real SQLite
database and the drop service, as `fairdrop run` serves it on one listener: the commits' drop
events move it, and the entrant count is read for all clients at once while a drop is open.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest

from bot.drops.claiming import ClaimRequest
from bot.gating.context import Claimant
from bot.gating.rules import EVERYONE, Tier
from bot.web.text import say
from tests.fixtures.harness import CHANNEL, spec
from tests.fixtures.sse import WAIT_S, EventReader, entrants, phase
from tests.web.conftest import Web

EVERYONE_NOW = (Tier("public", EVERYONE, timedelta(0), 1),)
# spec()'s early tier, as the feed sends it: the kind of its condition, never words.
SUBSCRIBERS = {"any_of": [{"kind": "badge", "value": "subscriber"}], "require": []}


@asynccontextmanager
async def following(
    web: Web, path: str, headers: dict[str, str] | None = None
) -> AsyncIterator[EventReader]:
    async with web.client.get(path, headers=headers) as response:
        assert response.status == 200, await response.text()
        assert response.headers["Content-Type"].startswith("text/event-stream")
        yield EventReader(response)


async def until(done: Callable[[], bool]) -> None:
    """Wait (generously: only a broken feed takes long) until `done()`."""
    deadline = asyncio.get_running_loop().time() + WAIT_S
    while not done():
        assert asyncio.get_running_loop().time() < deadline, "the feed never got there"
        await asyncio.sleep(0.05)


async def enter(web: Web, user_id: str, display_name: str) -> None:
    web.messages += 1
    claimant = Claimant("twitch", user_id, display_name)
    await web.service.claim(ClaimRequest(f"twitch:m{web.messages}", CHANNEL, claimant))


async def test_a_drop_feed_starts_with_its_whole_state_and_follows_it_to_the_draw(
    web_env: Web,
) -> None:
    drop = await web_env.service.create(spec(tiers=EVERYONE_NOW, supply=2, title="Hoodie"))
    async with following(web_env, f"/drops/{drop.id}/events") as feed:
        first = await feed.next()
        assert first.event == "state" and first.retry == "2000" and first.id.isdigit()
        state = first.json()
        assert state["phase"] == "public" and state["community"] == CHANNEL
        shown: Any = state["drop"]
        assert shown["title"] == "Hoodie" and shown["supply"] == 2 and shown["entrants"] == 0
        assert shown["mode"] == "lottery" and shown["commitment"] == drop.commitment
        assert shown["transparency_url"] == f"{web_env.base_url}/drops/{drop.id}"
        for n in range(3):
            await enter(web_env, f"u{n}", f"Fan{n}")
        counted = await feed.until(lambda e: entrants(e) == 3)
        assert int(counted.id) > int(first.id)
        web_env.clock.advance(minutes=10)
        await web_env.service.close(CHANNEL)
        drawn = await feed.until(lambda e: phase(e) == "drawn")
        winners: Any = drawn.json()["drop"]
        assert len(winners["winners"]) == 2
        assert set(winners["winners"]) <= {"Fan0", "Fan1", "Fan2"}
    ids = [int(e.id) for e in feed.seen]
    assert ids == sorted(set(ids)), "every event has an id, larger than the one before"


async def test_reconnecting_with_last_event_id_gets_the_current_state_then_only_newer(
    web_env: Web,
) -> None:
    drop = await web_env.service.create(spec(tiers=EVERYONE_NOW))
    path = f"/drops/{drop.id}/events"
    async with following(web_env, path) as feed:
        await feed.next()
        await enter(web_env, "u1", "Fan1")
        last = await feed.until(lambda e: entrants(e) == 1)
    await enter(web_env, "u2", "Fan2")  # while the client is away
    await enter(web_env, "u3", "Fan3")
    expected = 3
    for by_header in (True, False):  # EventSource sends the header; others use the query
        url = path if by_header else f"{path}?lastEventId={last.id}"
        headers = {"Last-Event-ID": last.id} if by_header else {}
        async with following(web_env, url, headers) as feed:
            first = await feed.next()
            assert first.event == "state", "the current state at once, not a replay"
            assert int(first.id) > int(last.id)
            assert entrants(first) == expected
            await enter(web_env, f"late{first.id}", "Late")
            expected += 1
            newer = await feed.until(lambda e: e.event == "count")
            assert int(newer.id) > int(first.id) and entrants(newer) == expected
            last = newer


async def test_no_code_token_or_account_of_a_winner_ever_reaches_the_feed(web_env: Web) -> None:
    """Item 5: the whole stream, from open to draw, searched for every secret and id."""
    drop = await web_env.service.create(spec(tiers=EVERYONE_NOW, supply=3, title="Poster"))
    fans = [(f"platform-id-{n}-7f3e9c", f"Winner{n}") for n in range(4)]
    async with following(web_env, f"/drops/{drop.id}/events") as feed:
        await feed.next()
        for user_id, name in fans:
            await enter(web_env, user_id, name)
        await feed.until(lambda e: entrants(e) == 4)
        web_env.clock.advance(minutes=10)
        await web_env.service.close(CHANNEL)
        drawn = await feed.until(lambda e: phase(e) == "drawn")
    stored = await web_env.service.get(drop.id)
    secrets: list[str] = [stored.seed_hex, stored.pseudonym_salt]
    for user_id, _ in fans:
        secrets += [user_id, f"twitch:{user_id}"]
        collected = await web_env.service.collect_for_account(drop.id, f"twitch:{user_id}")
        for code in collected.codes:
            secrets += [code.short_code, code.token]
    record = await web_env.service.public_record(drop.id)
    secrets += [w.holder for w in record.winners]  # pseudonyms: names are shown, not both
    stream = bytes(feed.raw).decode()
    assert len(drawn.json()["drop"]["winners"]) == 3  # type: ignore[index]
    assert [s for s in secrets if s and s in stream] == []


@pytest.mark.parametrize("web_overrides", [{"mask_winners": True}])
async def test_masked_winners_reach_the_feed_as_the_transparency_page_shows_them(
    web_env: Web,
) -> None:
    drop = await web_env.service.create(spec(tiers=EVERYONE_NOW, supply=1))
    await enter(web_env, "u1", "Streamfan")
    web_env.clock.advance(minutes=10)
    await web_env.service.close(CHANNEL)
    async with following(web_env, f"/drops/{drop.id}/events") as feed:
        state: Any = (await feed.next()).json()
    assert state["phase"] == "drawn" and state["drop"]["winners"] == ["S***n"]
    assert "Streamfan" not in bytes(feed.raw).decode()


async def test_a_community_feed_shows_nothing_then_its_drop_as_it_opens(web_env: Web) -> None:
    async with following(web_env, f"/overlay/{CHANNEL}/events") as feed:
        first = (await feed.next()).json()
        assert first["phase"] == "none" and first["drop"] is None
        assert first["community"] == CHANNEL
        drop = await web_env.service.create(spec(title="Signed cap"))
        opened: Any = (await feed.until(lambda e: phase(e) == "early")).json()
        assert opened["drop"]["id"] == drop.id and opened["drop"]["early_for"] == [SUBSCRIBERS]
        assert opened["drop"]["public_at"] is not None


async def test_an_unknown_drop_has_no_feed(web_env: Web) -> None:
    for path in ("/drops/999/events", "/drops/x/events", "/overlay/bad%20name/events"):
        async with web_env.client.get(path) as response:
            assert response.status == 404, path


@pytest.mark.parametrize("web_overrides", [{"feed_per_address": 2, "feed_max_clients": 3}])
async def test_too_many_feeds_from_one_address_get_429_and_a_full_process_503(
    web_env: Web,
) -> None:
    drop = await web_env.service.create(spec(tiers=EVERYONE_NOW))
    path = f"/drops/{drop.id}/events"
    two = following(web_env, path), following(web_env, path)
    async with two[0], two[1], web_env.client.get(path) as refused:
        assert refused.status == 429 and refused.headers["Retry-After"]
        assert await refused.text() == say("web-feed-too-many-from-address")
    await until(lambda: web_env.feed.figures()["clients"] == 0)  # the closed ones counted out
    async with following(web_env, path):
        web_env.feed.by_address["192.0.2.7"] += 2  # clients from elsewhere hold the rest
        async with web_env.client.get(path) as full:
            assert full.status == 503 and full.headers["Retry-After"]
            assert await full.text() == say("web-feed-full")
        web_env.feed.release("192.0.2.7")
        web_env.feed.release("192.0.2.7")
        async with following(web_env, path) as feed:
            assert (await feed.next()).event == "state"
