"""The parts of the transparency pages' cache: single-flight runs, the byte-bounded LRU, and
how often a settled drop's version is read again."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from bot.drops.public_record import RecordVersion
from bot.kernel.errors import DropError
from bot.web.public_cache import SETTLED_RECHECK_S, Built, ByteLRU, SingleFlight
from bot.web.transparency_routes import PUBLIC_PAGES, takes_gzip
from tests.web.conftest import Web


def test_the_cache_keeps_at_most_its_budget_dropping_the_least_recently_used() -> None:
    cache = ByteLRU(budget=10)
    for key in "abc":
        cache.put(key, Built(b"xxxx", key, final=True))
    assert (len(cache), cache.size) == (2, 8)  # "a" went first
    assert cache.get("a") is None and cache.get("b") is not None  # "b" now most recent
    cache.put("d", Built(b"xxxx", "d", final=True))
    assert cache.get("c") is None and cache.get("b") is not None and cache.get("d") is not None
    cache.put("huge", Built(b"x" * 11, "huge", final=True))  # never kept, never evicts
    assert cache.get("huge") is None and len(cache) == 2 and cache.size <= 10


async def test_callers_of_one_key_share_one_run_and_its_failure() -> None:
    flights = SingleFlight()
    runs: list[str] = []
    gate = asyncio.Event()

    async def build(outcome: str) -> str:
        runs.append(outcome)
        await gate.wait()
        if outcome == "fail":
            raise DropError("no transcript")
        return outcome

    waiting = [asyncio.create_task(flights.run("page", lambda: build("ok"))) for _ in range(5)]
    failing = [asyncio.create_task(flights.run("t", lambda: build("fail"))) for _ in range(3)]
    await asyncio.sleep(0)
    waiting[0].cancel()  # a viewer who went away does not cancel it for the others
    gate.set()
    results = await asyncio.gather(*waiting[1:], *failing, return_exceptions=True)
    assert runs == ["ok", "fail"]
    assert results[:4] == ["ok"] * 4
    assert all(isinstance(r, DropError) for r in results[4:])
    assert await flights.run("page", lambda: build("again")) == "again"  # a new run once done


async def test_a_settled_drop_changed_by_hand_shows_once_its_version_is_read_again(
    web_env: Web,
) -> None:
    fans = [web_env.twitch.add_user(f"fan{i}") for i in range(2)]
    drop = await web_env.drawn_drop(*fans)
    for fan in fans:
        await web_env.service.collect_for_account(drop.id, f"twitch:{fan.id}")
    pages = web_env.app[PUBLIC_PAGES]
    now = [100.0]
    pages.clock = lambda: now[0]

    async def etag() -> str:
        async with web_env.client.get(f"/drops/{drop.id}") as response:
            assert response.status == 200
            return response.headers["ETag"]

    first = await etag()
    with web_env.engine.begin() as conn:  # an operator's hand: a unit taken back
        conn.execute(
            text("UPDATE allocations SET status = 'cancelled' WHERE drop_id = :d AND serial = 1"),
            {"d": drop.id},
        )
    assert await etag() == first  # within the recheck interval: the settled page as it was
    now[0] += SETTLED_RECHECK_S
    assert await etag() == first  # answered at once from the cache; the re-read starts behind it
    await pages.rechecked()
    assert await etag() != first
    assert pages.builds == 2


async def test_a_crowd_on_a_settled_drop_never_waits_for_its_version_to_be_read_again(
    web_env: Web,
) -> None:
    fans = [web_env.twitch.add_user(f"fan{i}") for i in range(2)]
    drop = await web_env.drawn_drop(*fans)
    for fan in fans:
        await web_env.service.collect_for_account(drop.id, f"twitch:{fan.id}")
    pages = web_env.app[PUBLIC_PAGES]
    now = [100.0]
    pages.clock = lambda: now[0]
    async with web_env.client.get(f"/drops/{drop.id}") as response:
        first = response.headers["ETag"]
    reads = pages.reads
    busy = asyncio.Event()  # the read thread, busy for as long as the test says
    asked: list[int] = []

    class BusyReads:
        async def version(self, drop_id: int) -> RecordVersion:
            asked.append(drop_id)
            await busy.wait()
            return await reads.version(drop_id)

    pages.reads = BusyReads()  # type: ignore[assignment]
    now[0] += SETTLED_RECHECK_S

    async def view() -> str:
        async with web_env.client.get(f"/drops/{drop.id}") as response:
            assert response.status == 200
            return response.headers["ETag"]

    crowd = asyncio.gather(*(view() for _ in range(20)))
    # A generous bound, not a timing: before, every view waited for the look-up for ever.
    done, _ = await asyncio.wait({crowd}, timeout=30)
    busy.set()
    assert crowd in done, "the views waited for the database"
    assert crowd.result() == [first] * 20
    assert asked == [drop.id]  # one re-read for the whole crowd
    await pages.rechecked()


@pytest.mark.parametrize(
    ("header", "takes"),
    [
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("GZIP", True),
        ("*", True),
        ("gzip;q=0", False),
        ("identity", False),
        ("", False),
        ("gzip;q=nonsense", False),
    ],
)
def test_which_clients_take_gzip(header: str, takes: bool) -> None:
    assert takes_gzip(header) is takes


async def test_a_transcript_goes_gzipped_only_to_a_client_that_takes_it(web_env: Web) -> None:
    drop = await web_env.drawn_drop(*(web_env.twitch.add_user(f"fan{i}") for i in range(3)))
    path = f"/drops/{drop.id}/transcript.json"
    async with web_env.client.get(path, headers={"Accept-Encoding": "identity"}) as plain:
        assert "Content-Encoding" not in plain.headers
        text = await plain.text()
    async with web_env.client.get(path, headers={"Accept-Encoding": "gzip"}) as zipped:
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert zipped.headers["Vary"] == "Accept-Encoding"
        assert await zipped.text() == text  # the client unzips it
    assert zipped.headers["ETag"] != plain.headers["ETag"]  # two representations, two tags
    headers = {"Accept-Encoding": "gzip", "If-None-Match": plain.headers["ETag"]}
    async with web_env.client.get(path, headers=headers) as response:
        assert response.status == 200  # the plain one's tag does not match the gzipped one
