"""The parts of the transparency pages' cache: single-flight runs and the byte-bounded LRU."""

from __future__ import annotations

import asyncio

from bot.drops.errors import DropError
from bot.web.public_cache import Built, ByteLRU, SingleFlight


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
