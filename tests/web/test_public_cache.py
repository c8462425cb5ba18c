"""A crowd on a transparency page: built once per version of the drop's record, answered with
an ETag (304 when the browser has it) and cached long once the drop is settled."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from bot.drops.model import Drop, DropState
from bot.drops.transcript import Transcript
from bot.drops.verify import verify_transcript
from bot.gating.rules import EVERYONE, Tier
from fakeplatforms.twitch import FakeUser
from tests.fixtures.harness import spec
from tests.web.conftest import Web


async def _settled(web_env: Web, fans: list[FakeUser]) -> Drop:
    drop = await web_env.drawn_drop(*fans)
    for fan in fans:
        await web_env.service.collect_for_account(drop.id, f"twitch:{fan.id}")
    settled = await web_env.service.get(drop.id)
    assert settled.state is DropState.SETTLED
    return settled


def _entry_reads(web_env: Web) -> list[str]:
    """Every statement that reads entry rows (not a count of them) from now on."""
    heard: list[str] = []

    def listen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "FROM entries" in statement and "count(" not in statement.lower():
            heard.append(statement)

    event.listen(web_env.engine, "before_cursor_execute", listen)
    return heard


async def test_a_crowd_on_a_settled_drop_gets_one_build(web_env: Web) -> None:
    fans = [web_env.twitch.add_user(f"fan{i}") for i in range(4)]
    drop = await _settled(web_env, fans)
    reads = _entry_reads(web_env)

    async def view(path: str) -> tuple[int, bytes]:
        async with web_env.client.get(path) as response:
            return response.status, await response.read()

    paths = [f"/drops/{drop.id}", f"/drops/{drop.id}/transcript.json"] * 30
    answers = await asyncio.gather(*(view(p) for p in paths))
    assert {status for status, _ in answers} == {200}
    assert len({body for _, body in answers}) == 2  # one page, one transcript, for everyone
    transcript = Transcript.from_json(answers[1][1].decode())
    assert verify_transcript(transcript) == [] and len(transcript.entries) == 4
    assert len(reads) == 1, "the entries were read once, for the one build"
    for path in paths[:2]:  # and later views are answered from the cache
        assert (await view(path))[0] == 200
    assert len(reads) == 1


async def test_a_browser_with_the_current_page_gets_304(web_env: Web) -> None:
    fans = [web_env.twitch.add_user(f"fan{i}") for i in range(2)]
    drop = await _settled(web_env, fans)
    for path in (f"/drops/{drop.id}", f"/drops/{drop.id}/transcript.json"):
        async with web_env.client.get(path) as response:
            assert response.status == 200
            etag = response.headers["ETag"]
            assert response.headers["Cache-Control"] == "public, max-age=86400"
        async with web_env.client.get(path, headers={"If-None-Match": etag}) as response:
            assert response.status == 304 and await response.read() == b""
            assert response.headers["ETag"] == etag
            assert response.headers["Cache-Control"] == "public, max-age=86400"
        stale = {"If-None-Match": '"p-0000"'}
        async with web_env.client.get(path, headers=stale) as response:
            assert response.status == 200 and response.headers["ETag"] == etag
    async with web_env.client.get(f"/drops/{drop.id}", headers={"If-None-Match": "*"}) as r:
        assert r.status == 304  # any current answer will do


async def test_a_drop_still_moving_is_revalidated_on_every_view(web_env: Web) -> None:
    fans = [web_env.twitch.add_user(f"fan{i}") for i in range(3)]
    drop = await web_env.drawn_drop(*fans, supply=1)  # drawn; its winner has not collected
    for path in (f"/drops/{drop.id}", f"/drops/{drop.id}/transcript.json"):
        async with web_env.client.get(path) as response:
            assert response.status == 200
            assert response.headers["Cache-Control"] == "no-cache"
            assert response.headers["ETag"]


async def test_a_reroll_changes_the_page_and_its_etag(web_env: Web) -> None:
    fans = [web_env.twitch.add_user(f"fan{i}") for i in range(3)]
    drop = await web_env.drawn_drop(*fans, supply=1)
    page, transcript = f"/drops/{drop.id}", f"/drops/{drop.id}/transcript.json"
    async with web_env.client.get(page) as response:
        before, etag = await response.text(), response.headers["ETag"]
    async with web_env.client.get(transcript) as response:
        transcript_etag = response.headers["ETag"]
        assert Transcript.from_json(await response.text()).rerolls == []
    assert "None." in before  # no reroll yet
    web_env.clock.advance(hours=25)  # past the winner's claim window
    assert len(await web_env.service.reroll()) == 1
    async with web_env.client.get(page, headers={"If-None-Match": etag}) as response:
        assert response.status == 200
        after = await response.text()
        assert response.headers["ETag"] != etag
    assert "claim window expired" in after and "None." not in after
    async with web_env.client.get(transcript, headers={"If-None-Match": transcript_etag}) as r:
        assert r.status == 200 and r.headers["ETag"] != transcript_etag
        rerolled = Transcript.from_json(await r.text())
    assert len(rerolled.rerolls) == 1 and verify_transcript(rerolled) == []


async def test_each_claim_moves_an_open_drops_page(web_env: Web) -> None:
    fan, other = web_env.twitch.add_user("fan"), web_env.twitch.add_user("other")
    drop = await web_env.service.create(spec(tiers=(Tier("public", EVERYONE, timedelta(0), 1),)))
    await web_env.claim(fan)
    async with web_env.client.get(f"/drops/{drop.id}") as response:
        etag = response.headers["ETag"]
        assert "<td>public</td><td>1</td>" in await response.text()
    await web_env.claim(other)
    headers = {"If-None-Match": etag}
    async with web_env.client.get(f"/drops/{drop.id}", headers=headers) as response:
        assert response.status == 200 and response.headers["ETag"] != etag
        assert "<td>public</td><td>2</td>" in await response.text()


async def test_a_pause_and_its_resume_each_move_the_page(web_env: Web) -> None:
    drop = await web_env.service.create(spec(tiers=(Tier("public", EVERYONE, timedelta(0), 1),)))
    etags = []
    for change in (None, web_env.service.steering.pause, web_env.service.steering.resume):
        if change is not None:
            await change(drop.spec.channel, "ModAnna")
        async with web_env.client.get(f"/drops/{drop.id}") as response:
            etags.append(response.headers["ETag"])
            html = await response.text()
    assert len(set(etags)) == 3
    assert "paused with 10m of entries left" in html and "resumed; entries close" in html
