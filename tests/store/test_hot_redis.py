"""Redis hot state, leases and drop events against a real redis-server.

The Lua scripts under concurrency (threads with their own connection pools stand in for
processes), expiry, loss (FLUSHALL, a kill) and rebuild, the retrying transaction runner, a
lease whose holder is SIGKILLed, and pub/sub across a Redis restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import redis
from sqlalchemy.exc import IntegrityError

from bot.bootstrap import build_hot_state
from bot.config import ENV_REDIS_URL, HotStateSettings, load_settings
from bot.drops.ports import (
    ClaimLimit,
    HotClaim,
    HotStateLost,
    HotStateUnavailable,
    TakeResult,
    UnitOfWork,
)
from bot.store.drop_pubsub import DropEvent, DropEvents, Resync
from bot.store.hot_memory import MemoryHotState
from bot.store.hot_redis import RedisHotState, RetryingTransactions
from bot.store.lease import Leases
from tests.fixtures.services import RedisServer

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[2]
DROP = 11


@pytest.fixture
def hot(redis_url: str) -> Iterator[RedisHotState]:
    state = RedisHotState.from_url(redis_url, prefix="t")
    try:
        yield state
    finally:
        state.close()


@pytest.fixture
def raw(redis_url: str) -> Iterator[redis.Redis]:
    with redis.Redis.from_url(redis_url, decode_responses=True) as client:
        yield client


def run_threads(count: int, target: Callable[[int], None]) -> None:
    errors: list[BaseException] = []

    def guarded(i: int) -> None:
        try:
            target(i)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


# -- atomicity under concurrency ----------------------------------------------------------------


def test_take_unit_under_concurrency_sells_exactly_the_supply(redis_url: str) -> None:
    """16 clients race for 300 units among 400 people with a cap of 2; a tenth of the units
    taken are given back (a failed transaction) and taken again by someone."""
    supply, cap, people, workers = 300, 2, 400, 16
    setup = RedisHotState.from_url(redis_url, prefix="race")
    setup.load_drop(DROP, set(), {}, supply)
    holdings: list[list[tuple[str, int]]] = [[] for _ in range(workers)]
    barrier = threading.Barrier(workers)

    def worker(i: int) -> None:
        rng = random.Random(i)
        state = RedisHotState.from_url(redis_url, prefix="race")
        try:
            assert state.is_loaded(DROP)
            order = [f"p{n}" for n in range(people)] * cap
            rng.shuffle(order)
            barrier.wait()
            for identity in order:
                taken = state.take_unit(DROP, identity, supply, cap)
                if isinstance(taken, TakeResult):
                    continue
                if rng.random() < 0.1:
                    state.return_unit(DROP, identity, taken)
                else:
                    holdings[i].append((identity, taken))
        finally:
            state.close()

    run_threads(workers, worker)
    # Units given back after the others stopped trying are still free: take them now.
    n = 0
    while not isinstance(taken := setup.take_unit(DROP, f"late{n}", supply, cap), TakeResult):
        holdings[0].append((f"late{n}", taken))
        n += 1
    assert taken is TakeResult.SOLD_OUT
    setup.close()

    held = [h for hs in holdings for h in hs]
    serials = [serial for _, serial in held]
    assert sorted(serials) == list(range(1, supply + 1))  # every unit once, none twice
    per_person = Counter(identity for identity, _ in held)
    assert max(per_person.values()) <= cap


def test_claim_batches_under_concurrency_sell_exactly_the_supply(redis_url: str) -> None:
    """8 clients send batches of 50 claims from 600 people (cap 2) for 500 units; a fifth of
    the batches fail and give back what they reserved, as a rolled-back transaction does."""
    supply, cap, people, workers = 500, 2, 600, 8
    setup = RedisHotState.from_url(redis_url, prefix="race")
    setup.load_drop(DROP, set(), {}, supply)
    kept: list[list[tuple[str, int]]] = [[] for _ in range(workers)]
    entered: list[set[str]] = [set() for _ in range(workers)]
    barrier = threading.Barrier(workers)
    limit = ClaimLimit(1000, 1.0, 1000.0)

    def worker(i: int) -> None:
        rng = random.Random(i)
        state = RedisHotState.from_url(redis_url, prefix="race")
        try:
            assert state.is_loaded(DROP)
            order = [f"p{n}" for n in range(people)] * cap
            rng.shuffle(order)
            barrier.wait()
            for start in range(0, len(order), 50):
                batch = [HotClaim(identity) for identity in order[start : start + 50]]
                results = state.reserve_claims(DROP, batch, limit, supply=supply, cap=cap)
                units = [
                    (c.identity, r.taken)
                    for c, r in zip(batch, results, strict=True)
                    if isinstance(r.taken, int)
                ]
                new = [c.identity for c, r in zip(batch, results, strict=True) if r.new]
                if rng.random() < 0.2:
                    state.release_claims(DROP, new, units)
                else:
                    kept[i] += units
                    entered[i].update(new)
        finally:
            state.close()

    run_threads(workers, worker)
    n = 0  # units given back after the others stopped trying are still free: take them now
    while not isinstance(taken := setup.take_unit(DROP, f"late{n}", supply, cap), TakeResult):
        kept[0].append((f"late{n}", taken))
        n += 1
    setup.close()

    held = [h for hs in kept for h in hs]
    assert sorted(serial for _, serial in held) == list(range(1, supply + 1))
    assert max(Counter(identity for identity, _ in held).values()) <= cap
    everyone = [p for ps in entered for p in ps]
    assert len(everyone) == len(set(everyone)), "each person entered once"


def test_add_entrant_under_concurrency_admits_each_person_once(redis_url: str) -> None:
    setup = RedisHotState.from_url(redis_url, prefix="race")
    setup.load_drop(DROP, set(), {}, 1)
    added: list[list[str]] = [[] for _ in range(8)]

    def worker(i: int) -> None:
        state = RedisHotState.from_url(redis_url, prefix="race")
        try:
            state.is_loaded(DROP)
            people = [f"p{n}" for n in range(500)]
            random.Random(i).shuffle(people)
            added[i] = [p for p in people if state.add_entrant(DROP, p)]
        finally:
            state.close()

    run_threads(8, worker)
    everyone = [p for ps in added for p in ps]
    assert sorted(everyone) == sorted(f"p{n}" for n in range(500))
    assert setup.entrant_count(DROP) == 500
    setup.close()


def test_concurrent_rebuilds_agree_on_one_snapshot(redis_url: str, raw: redis.Redis) -> None:
    """Ten processes find the state lost and rebuild at once, each from its own snapshot."""
    workers = 10
    states = [RedisHotState.from_url(redis_url, prefix="race") for _ in range(workers)]
    barrier = threading.Barrier(workers)

    def worker(i: int) -> None:
        assert not states[i].is_loaded(DROP)
        barrier.wait()
        states[i].load_drop(DROP, {f"w{i}"}, {f"w{i}": [1]}, 5)

    run_threads(workers, worker)
    assert len({s._epochs[DROP] for s in states}) == 1  # everyone uses the winner's
    assert states[0].entrant_count(DROP) == 1
    winners = [i for i in range(workers) if not states[0].add_entrant(DROP, f"w{i}")]
    assert len(winners) == 1
    assert states[1].take_unit(DROP, "someone", 5, 1) == 2
    assert [k for k in raw.scan_iter("race:*") if ":load:" in k] == []  # no staging left over
    for state in states:
        state.close()


# -- keys and expiry ----------------------------------------------------------------------------


def test_keys_are_namespaced_per_drop_with_a_hash_tag(hot: RedisHotState, raw: redis.Redis) -> None:
    hot.load_drop(DROP, {"ann"}, {"ann": [2]}, 5)
    hot.take_unit(DROP, "bob", 5, 1)
    hot.hit("claim:ann", 5, 10.0, 1000.0)
    assert set(raw.scan_iter("t:*")) == {
        "t:{drop:11}:meta",
        "t:{drop:11}:entrants",
        "t:{drop:11}:count",
        "t:{drop:11}:owner",
        "t:rl:claim:ann",
    }  # the free set is empty (serial 1 was reused), so Redis keeps no key for it


def test_every_key_expires_and_writes_refresh_the_ttl(redis_url: str, raw: redis.Redis) -> None:
    hot = RedisHotState.from_url(redis_url, prefix="t", ttl=100.0)
    hot.load_drop(DROP, {"ann"}, {"ann": [1]}, 5)
    hot.take_unit(DROP, "bob", 5, 1)
    hot.return_unit(DROP, "bob", 2)  # the free set now has a member
    hot.reserve_claims(DROP, [HotClaim("cy")], ClaimLimit(5, 10.0, 1000.0), supply=None, cap=1)
    keys = hot.keys(DROP)
    assert all(raw.exists(k) for k in keys)
    for key in keys:
        assert 90_000 < raw.pttl(key) <= 100_000
        raw.pexpire(key, 5000)
    hot.add_entrant(DROP, "cy")
    for key in keys:
        assert raw.pttl(key) > 90_000, key
    hot.close()


def test_a_rate_limit_key_lives_one_window(hot: RedisHotState, raw: redis.Redis) -> None:
    hot.hit("claim:ann", 5, 10.0, time.time())
    assert 1000 < raw.pttl("t:rl:claim:ann") <= 2000  # 1 of 5 per 10 s: its interval
    for _ in range(4):
        hot.hit("claim:ann", 5, 10.0, time.time())
    assert 9000 < raw.pttl("t:rl:claim:ann") <= 10_000


def test_a_drop_that_expired_is_not_loaded(redis_url: str) -> None:
    hot = RedisHotState.from_url(redis_url, prefix="t", ttl=0.2)
    hot.load_drop(DROP, {"ann"}, {}, 5)
    assert hot.is_loaded(DROP)
    time.sleep(0.35)
    assert not hot.is_loaded(DROP)
    hot.close()


# -- loss and rebuild ---------------------------------------------------------------------------


def test_after_flushall_the_drop_is_not_loaded_and_writes_refuse(
    hot: RedisHotState, raw: redis.Redis
) -> None:
    hot.load_drop(DROP, set(), {}, 5)
    assert hot.is_loaded(DROP)
    assert hot.add_entrant(DROP, "ann")
    assert hot.take_unit(DROP, "ann", 5, 1) == 1
    raw.flushall()

    assert not hot.is_loaded(DROP)
    with pytest.raises(HotStateLost):
        hot.add_entrant(DROP, "bob")
    with pytest.raises(HotStateLost):
        hot.take_unit(DROP, "bob", 5, 1)  # not 1 again from an empty counter
    hot.return_unit(DROP, "ann", 1)  # the reservation is gone with the state: nothing to undo
    hot.remove_entrant(DROP, "ann")
    assert raw.dbsize() == 0  # and nothing was written

    hot.load_drop(DROP, {"ann"}, {"ann": [1]}, 5)  # what SQL says
    assert not hot.add_entrant(DROP, "ann")
    assert hot.take_unit(DROP, "ann", 5, 1) is TakeResult.CAP_REACHED
    assert hot.take_unit(DROP, "bob", 5, 1) == 2


def test_a_rebuild_by_another_process_is_noticed_mid_batch(redis_url: str) -> None:
    a = RedisHotState.from_url(redis_url, prefix="t")
    b = RedisHotState.from_url(redis_url, prefix="t")
    a.load_drop(DROP, set(), {}, 5)
    assert a.is_loaded(DROP)
    assert a.take_unit(DROP, "ann", 5, 1) == 1  # in a's batch, not committed

    b.forget_drop(DROP)  # another process rebuilds from SQL, which does not have ann's unit
    assert not b.is_loaded(DROP)
    b.load_drop(DROP, set(), {}, 5)
    assert b.take_unit(DROP, "bob", 5, 1) == 1

    with pytest.raises(HotStateLost):
        a.take_unit(DROP, "cy", 5, 1)  # a's batch fails instead of going on with old numbers
    a.return_unit(DROP, "ann", 1)  # its undo touches nothing of the new state
    assert a.is_loaded(DROP)  # the retry sees the new state...
    assert a.take_unit(DROP, "cy", 5, 1) == 2  # ...and carries on from it
    a.close()
    b.close()


def test_a_claim_batch_after_a_rebuild_by_another_process_fails_whole(redis_url: str) -> None:
    a = RedisHotState.from_url(redis_url, prefix="t")
    b = RedisHotState.from_url(redis_url, prefix="t")
    limit = ClaimLimit(5, 10.0, 1000.0)
    a.load_drop(DROP, set(), {}, 5)
    assert a.is_loaded(DROP)
    first = a.reserve_claims(DROP, [HotClaim("ann")], limit, supply=5, cap=1)
    assert first[0].taken == 1  # in a's batch, not committed

    b.forget_drop(DROP)  # another process rebuilds from SQL, which does not have ann's unit
    assert not b.is_loaded(DROP)
    b.load_drop(DROP, set(), {}, 5)
    assert b.reserve_claims(DROP, [HotClaim("bob")], limit, supply=5, cap=1)[0].taken == 1

    with pytest.raises(HotStateLost):  # a's next batch fails rather than use old numbers
        a.reserve_claims(DROP, [HotClaim("cy"), HotClaim("dee")], limit, supply=5, cap=1)
    a.release_claims(DROP, ["ann"], [("ann", 1)])  # its undo touches nothing of the new state
    assert b.entrant_count(DROP) == 1
    assert a.is_loaded(DROP)  # the retry sees the new state and carries on from it
    results = a.reserve_claims(DROP, [HotClaim("cy"), HotClaim("bob")], limit, supply=5, cap=1)
    assert [r.taken for r in results] == [2, TakeResult.CAP_REACHED]
    a.close()
    b.close()


def test_a_killed_redis_surfaces_as_unavailable_then_the_drop_is_rebuilt(
    redis_server: RedisServer, redis_url: str
) -> None:
    hot = RedisHotState.from_url(redis_url, prefix="t", socket_timeout=1.0)
    hot.load_drop(DROP, set(), {}, 5)
    assert hot.take_unit(DROP, "ann", 5, 1) == 1
    redis_server.kill()
    with pytest.raises(HotStateUnavailable):
        hot.take_unit(DROP, "bob", 5, 1)
    with pytest.raises(HotStateUnavailable):
        hot.is_loaded(DROP)
    with pytest.raises(HotStateUnavailable):
        hot.hit("k", 1, 1.0, 0.0)
    redis_server.restart()
    assert not hot.is_loaded(DROP)
    hot.load_drop(DROP, {"ann"}, {"ann": [1]}, 5)  # the scripts are loaded again (NOSCRIPT)
    assert hot.take_unit(DROP, "bob", 5, 1) == 2
    hot.close()


BUSY = """
local start = redis.call('TIME')
repeat
  local now = redis.call('TIME')
until (now[1] - start[1]) * 1000000 + (now[2] - start[2]) > tonumber(ARGV[1])
return 1
"""


def test_a_write_whose_reply_was_lost_makes_the_drop_rebuild(redis_url: str) -> None:
    """A timeout leaves it unknown whether the unit was taken: rebuild rather than leak it."""
    hot = RedisHotState.from_url(redis_url, prefix="t", socket_timeout=0.2)
    hot.load_drop(DROP + 1, set(), {}, 5)
    hot.take_unit(DROP + 1, "ann", 5, 1)  # the script is in Redis's cache now
    hot.load_drop(DROP, set(), {}, 5)
    assert hot.is_loaded(DROP)
    with redis.Redis.from_url(redis_url) as admin:
        busy = threading.Thread(target=admin.eval, args=(BUSY, 0, 700_000))
        busy.start()  # the server is busy for 0.7 s; the take is queued behind it
        time.sleep(0.1)
        with pytest.raises(HotStateUnavailable):
            hot.take_unit(DROP, "ann", 5, 1)
        busy.join()
        # Whether the script ran after its caller gave up depends on when Redis notices the
        # closed connection; if it did, ann holds serial 1 in no transaction.
        assert admin.hget("t:{drop:11}:owner", "1") in (b"ann", None)
    assert not hot.is_loaded(DROP)  # either way the drop is rebuilt from SQL
    hot.load_drop(DROP, set(), {}, 5)
    assert hot.take_unit(DROP, "bob", 5, 1) == 1
    hot.close()


def test_a_claim_batch_whose_reply_was_lost_makes_the_drop_rebuild(redis_url: str) -> None:
    hot = RedisHotState.from_url(redis_url, prefix="t", socket_timeout=0.2)
    limit = ClaimLimit(5, 10.0, 1000.0)
    hot.load_drop(DROP + 1, set(), {}, 5)
    hot.reserve_claims(DROP + 1, [HotClaim("ann")], limit, supply=5, cap=1)  # script cached
    hot.load_drop(DROP, set(), {}, 5)
    assert hot.is_loaded(DROP)
    with redis.Redis.from_url(redis_url) as admin:
        busy = threading.Thread(target=admin.eval, args=(BUSY, 0, 700_000))
        busy.start()  # the server is busy for 0.7 s; the batch is queued behind it
        time.sleep(0.1)
        with pytest.raises(HotStateUnavailable):
            hot.reserve_claims(DROP, [HotClaim("ann")], limit, supply=5, cap=1)
        busy.join()
    assert not hot.is_loaded(DROP)  # whether or not it ran, the drop is rebuilt from SQL
    hot.load_drop(DROP, set(), {}, 5)
    assert hot.reserve_claims(DROP, [HotClaim("bob")], limit, supply=5, cap=1)[0].taken == 1
    hot.close()


# -- the retrying transaction runner ------------------------------------------------------------


class ScriptedRunner:
    """Runs `fn`, after failing with the scripted errors first."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def run(self, fn: Callable[[UnitOfWork], T]) -> T:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return fn(None)  # type: ignore[arg-type]


def conflict(drop_id: int = DROP) -> IntegrityError:
    orig = Exception(
        'duplicate key value violates unique constraint "uq_allocation_live_serial"\n'
        f"DETAIL:  Key (drop_id, serial)=({drop_id}, 7) already exists."
    )
    return IntegrityError("INSERT INTO allocations ...", {}, orig)


async def test_retrying_runner_waits_out_an_outage(hot: RedisHotState) -> None:
    inner = ScriptedRunner(HotStateUnavailable("down"), HotStateUnavailable("down"))
    runner = RetryingTransactions(inner, hot, deadline=5.0)
    assert await runner.run(lambda uow: "done") == "done"
    assert inner.calls == 3
    assert runner.retries == 2


async def test_retrying_runner_gives_up_after_the_deadline(hot: RedisHotState) -> None:
    inner = ScriptedRunner(*[HotStateUnavailable("down")] * 100)
    runner = RetryingTransactions(inner, hot, deadline=0.2)
    with pytest.raises(HotStateUnavailable):
        await runner.run(lambda uow: "done")
    assert 2 < inner.calls < 100


async def test_retrying_runner_reruns_a_batch_that_met_a_rebuild(hot: RedisHotState) -> None:
    inner = ScriptedRunner(HotStateLost("rebuilt"))
    runner = RetryingTransactions(inner, hot)
    assert await runner.run(lambda uow: 1) == 1
    assert inner.calls == 2


async def test_retrying_runner_rebuilds_after_a_live_serial_conflict(hot: RedisHotState) -> None:
    hot.load_drop(DROP, set(), {}, 5)
    hot.load_drop(DROP + 1, set(), {}, 5)
    runner = RetryingTransactions(ScriptedRunner(conflict(DROP)), hot)
    assert await runner.run(lambda uow: 1) == 1
    assert not hot.is_loaded(DROP)  # rebuilt from SQL by the retry
    assert hot.is_loaded(DROP + 1)


async def test_retrying_runner_passes_other_errors_through(hot: RedisHotState) -> None:
    other = IntegrityError("INSERT INTO drops", {}, Exception("UNIQUE constraint failed: x"))
    for error in (other, ValueError("bug")):
        inner = ScriptedRunner(error)
        with pytest.raises(type(error)):
            await RetryingTransactions(inner, hot).run(lambda uow: 1)
        assert inner.calls == 1
    inner = ScriptedRunner(*[conflict() for _ in range(10)])
    with pytest.raises(IntegrityError):
        await RetryingTransactions(inner, hot, conflicts=3).run(lambda uow: 1)
    assert inner.calls == 4


# -- configuration ------------------------------------------------------------------------------


def test_fairdrop_redis_url_overrides_the_file(tmp_path: Path) -> None:
    path = tmp_path / "fairdrop.toml"
    path.write_text('[hot_state]\nbackend = "redis"\nurl = "redis://file:6379/0"\nttl = "2h"\n')
    url = "redis://:secret@redis.internal:6380/2"
    settings = load_settings(path, env={ENV_REDIS_URL: url})
    assert settings.hot_state.url == url
    assert settings.hot_state.ttl.total_seconds() == 7200
    assert load_settings(path, env={}).hot_state.url == "redis://file:6379/0"


def test_build_hot_state_follows_the_settings(redis_url: str) -> None:
    inner = ScriptedRunner()
    hot, runner, close = build_hot_state(HotStateSettings(), inner)
    assert isinstance(hot, MemoryHotState) and runner is inner
    close()
    settings = HotStateSettings(backend="redis", url=redis_url, prefix="cfg", ttl="1h")
    hot, runner, close = build_hot_state(settings, inner)
    assert isinstance(hot, RedisHotState) and isinstance(runner, RetryingTransactions)
    assert (hot.prefix, hot.ttl_ms) == ("cfg", 3_600_000)
    hot.load_drop(1, set(), {}, 1)
    assert hot.is_loaded(1)
    close()


# -- leases -------------------------------------------------------------------------------------


@pytest.fixture
async def leases(redis_url: str) -> Any:
    leases = Leases.from_url(redis_url, prefix="test", ttl=1.0)
    try:
        yield leases
    finally:
        await leases.aclose()


async def test_a_lease_has_one_holder_and_only_the_holder_renews_or_releases(
    leases: Leases,
) -> None:
    token = await leases.acquire("draw:1")
    assert token is not None
    assert await leases.acquire("draw:1") is None
    assert await leases.acquire("draw:2") is not None  # another name, another lease
    assert await leases.holder("draw:1") == token
    assert not await leases.renew("draw:1", "someone-else")
    assert not await leases.release("draw:1", "someone-else")
    assert await leases.renew("draw:1", token)
    assert await leases.release("draw:1", token)
    assert await leases.holder("draw:1") is None
    assert not await leases.renew("draw:1", token)  # released: no longer ours


async def test_an_expired_lease_cannot_be_renewed_or_released_by_its_old_holder(
    leases: Leases,
) -> None:
    leases.ttl = 0.1
    old = await leases.acquire("close:1")
    assert old is not None
    await asyncio.sleep(0.2)
    new = await leases.acquire("close:1")
    assert new is not None
    assert not await leases.renew("close:1", old)
    assert not await leases.release("close:1", old)
    assert await leases.holder("close:1") == new


async def test_hold_renews_while_held_and_releases_after(leases: Leases) -> None:
    async with leases.hold("summary:1") as held:
        assert held
        async with leases.hold("summary:1") as other:
            assert not other
        await asyncio.sleep(2.5)  # 2.5 TTLs: the renew loop keeps it
        assert held and not held.lost.is_set()
        assert await leases.holder("summary:1") == held.token
    assert await leases.holder("summary:1") is None
    async with leases.hold("summary:1") as again:
        assert again


async def test_hold_notices_a_lost_lease(leases: Leases, redis_url: str) -> None:
    async with leases.hold("draw:9") as held:
        assert held
        with redis.Redis.from_url(redis_url) as admin:
            admin.set(leases.key("draw:9"), "usurper")  # e.g. it expired while we stalled
        await asyncio.wait_for(held.lost.wait(), timeout=3)
        assert not held
    with redis.Redis.from_url(redis_url) as admin:
        assert admin.get(leases.key("draw:9")) == b"usurper"  # not released: it is not ours


async def test_a_killed_holder_loses_the_lease_after_its_ttl(
    leases: Leases, redis_url: str
) -> None:
    ttl = 1.5
    holder = subprocess.Popen(  # noqa: ASYNC220 (a test: blocking for a moment is fine)
        [sys.executable, "-m", "tests.store.lease_holder", redis_url, "draw:42", str(ttl)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(holder.stdout.readline), timeout=30)
        assert line.startswith("HELD ")
        await asyncio.sleep(ttl * 1.5)  # past one TTL: the holder renews it
        async with leases.hold("draw:42") as held:
            assert not held
        holder.kill()  # SIGKILL: no release, no goodbye
        holder.wait()
        killed_at = time.monotonic()
        while True:
            async with leases.hold("draw:42") as held:
                if held:
                    break
            # A generous guard, not a timing: Redis frees it a TTL after the last renewal.
            assert time.monotonic() - killed_at < ttl + 30, "the dead holder's lease never expired"
            await asyncio.sleep(0.05)
        assert time.monotonic() - killed_at > ttl / 3  # it did not vanish at once
    finally:
        with contextlib.suppress(ProcessLookupError):
            holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


# -- drop events --------------------------------------------------------------------------------


async def test_drop_events_reach_every_subscriber(redis_url: str) -> None:
    events = DropEvents.from_url(redis_url, prefix="test")
    first: list[DropEvent | Resync] = []
    second: list[DropEvent | Resync] = []

    async def listen(into: list[DropEvent | Resync], ready: asyncio.Event) -> None:
        async with contextlib.aclosing(events.subscribe()) as stream:
            ready.set()
            async for event in stream:
                into.append(event)
                if len(into) == 3:
                    return

    ready = [asyncio.Event(), asyncio.Event()]
    tasks = [
        asyncio.create_task(listen(first, ready[0])),
        asyncio.create_task(listen(second, ready[1])),
    ]
    await wait_for_subscribers(events, 2)
    with redis.Redis.from_url(redis_url) as raw:
        raw.publish(events.channel, "not json")  # skipped
        raw.publish(events.channel, '{"drop_id": "1", "change": "opened"}')  # skipped
    assert await events.publish(1, "opened") == 2
    await events.publish(1, "closed")
    await events.publish(2, "drawn")
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=10)
    expected = [DropEvent(1, "opened"), DropEvent(1, "closed"), DropEvent(2, "drawn")]
    assert first == expected
    assert second == expected
    with pytest.raises(ValueError):
        await events.publish(1, "exploded")  # type: ignore[arg-type]
    await events.aclose()


async def test_a_subscriber_reconnects_after_a_redis_restart_and_says_resync(
    redis_server: RedisServer, redis_url: str
) -> None:
    events = DropEvents.from_url(redis_url, prefix="test")
    events.reconnect_delay = 0.05
    got: list[DropEvent | Resync] = []

    async def listen() -> None:
        async with contextlib.aclosing(events.subscribe()) as stream:
            async for event in stream:
                got.append(event)
                if event == DropEvent(5, "settled"):
                    return

    task = asyncio.create_task(listen())
    await wait_for_subscribers(events, 1)
    await events.publish(5, "opened")
    await wait_until(lambda: len(got) == 1)
    redis_server.restart()
    publisher = DropEvents.from_url(redis_url, prefix="test")
    await wait_for_subscribers(publisher, 1, within=15)
    await publisher.publish(5, "settled")
    await asyncio.wait_for(task, timeout=10)
    assert got == [DropEvent(5, "opened"), Resync(), DropEvent(5, "settled")]
    await publisher.aclose()
    await events.aclose()


async def wait_for_subscribers(events: DropEvents, count: int, within: float = 10) -> None:
    deadline = time.monotonic() + within
    while True:
        with contextlib.suppress(redis.ConnectionError):
            numsub = await events.client.pubsub_numsub(events.channel)
            if numsub and numsub[0][1] >= count:
                return
        assert time.monotonic() < deadline, "subscribers did not subscribe"
        await asyncio.sleep(0.02)


async def wait_until(check: Callable[[], bool], within: float = 10) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline
        await asyncio.sleep(0.01)
