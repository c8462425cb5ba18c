"""Claim batches against the hot state, in memory and on a real redis-server.

`enter_batch` asks the hot state once per drop for the whole batch (`reserve_claims`). These
tests hold it to what the claim path promised when it asked once per claim: a batch whose
transaction fails gives back every unit and entry it reserved, in every drop it touched; the
same message twice in one batch is still one claim; and on Redis, a batch is one script call
however many claims it carries.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Any, Self

import pytest
import redis

from bot.drops import outcomes as oc
from bot.drops.claiming import ClaimPolicy, ClaimRequest, enter_batch
from bot.drops.keyring import Keyring
from bot.drops.model import Drop, Mode
from bot.drops.opening import create_drop
from bot.drops.ports import ClaimLimit, HotClaim, HotClaimResult, HotState, HotStateLost
from bot.gating.context import Claimant
from bot.store.hot_memory import MemoryHotState
from bot.store.hot_redis import RedisHotState
from tests.fakes.memory_store import MemoryData, MemoryUnitOfWork
from tests.fixtures.harness import START, seeded_bytes, spec

KEYRING = Keyring.new(START, seeded_bytes(1))


@pytest.fixture(params=["memory", "redis"])
def hot(request: pytest.FixtureRequest) -> Iterator[HotState]:
    if request.param == "memory":
        yield MemoryHotState()
        return
    state = RedisHotState.from_url(request.getfixturevalue("redis_url"), prefix="batches")
    try:
        yield state
    finally:
        state.close()


class CommitFails(MemoryUnitOfWork):
    """A unit of work whose commit dies, as a database that went away would."""

    def commit(self) -> None:
        raise ConnectionError("database went away")

    def __enter__(self) -> Self:
        return super().__enter__()

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        super().__exit__(t, e, tb)


class LosesDropOnReserve:
    """A hot state that loses one drop just as a batch reserves in it (a FLUSHALL then)."""

    def __init__(self, inner: HotState, drop_id: int) -> None:
        self.inner, self.drop_id = inner, drop_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def reserve_claims(
        self,
        drop_id: int,
        claims: Sequence[HotClaim],
        limit: ClaimLimit,
        *,
        supply: int | None,
        cap: int,
    ) -> list[HotClaimResult]:
        if drop_id == self.drop_id:
            self.inner.forget_drop(drop_id)
        return self.inner.reserve_claims(drop_id, claims, limit, supply=supply, cap=cap)


def new_drop(data: MemoryData, channel: str = "streamer", **overrides: Any) -> Drop:
    with MemoryUnitOfWork(data) as uow:
        drop = create_drop(
            uow, spec(channel=channel, tiers=(), **overrides), START, seeded_bytes(2)
        )
        uow.commit()
    return drop


def claims(channel: str, *users: str, prefix: str = "m") -> list[ClaimRequest]:
    return [
        ClaimRequest(f"{prefix}:{channel}:{i}", channel, Claimant("twitch", user, f"fan{user}"))
        for i, user in enumerate(users)
    ]


def run(
    uow: MemoryUnitOfWork, hot: Any, requests: list[ClaimRequest], policy: ClaimPolicy | None = None
) -> list[oc.EntryOutcome]:
    return enter_batch(
        uow, hot, requests, START, keyring=KEYRING, random_bytes=seeded_bytes(), policy=policy
    )


def serials(outcomes: Sequence[oc.EntryOutcome]) -> list[int | str]:
    return [o.serial if isinstance(o, oc.Won) else oc.outcome_name(o) for o in outcomes]


def test_a_batch_whose_commit_fails_gives_back_its_units_and_entries(hot: HotState) -> None:
    data = MemoryData()
    drop = new_drop(data, mode=Mode.FCFS, supply=3, cap_per_person=2)
    requests = claims("streamer", "1", "2", "1", "3")

    with pytest.raises(ConnectionError):
        run(CommitFails(data), hot, requests)
    assert data.entries == {} and data.allocations == {} and data.inbound == {}
    assert hot.entrant_count(drop.id) == 0

    outcomes = run(MemoryUnitOfWork(data), hot, requests)
    assert serials(outcomes) == [1, 2, 3, "sold_out"]  # the same serials, none lost
    assert len(data.entries) == 3


def test_a_lottery_batch_whose_commit_fails_enters_nobody(hot: HotState) -> None:
    data = MemoryData()
    drop = new_drop(data, mode=Mode.LOTTERY)
    requests = claims("streamer", "1", "2")
    with pytest.raises(ConnectionError):
        run(CommitFails(data), hot, requests)
    assert hot.entrant_count(drop.id) == 0
    outcomes = run(MemoryUnitOfWork(data), hot, requests)
    assert [(type(o), getattr(o, "entrants", None)) for o in outcomes] == [
        (oc.Entered, 1),
        (oc.Entered, 2),
    ]


def test_a_drop_lost_mid_batch_gives_back_what_the_other_drops_reserved(hot: HotState) -> None:
    data = MemoryData()
    first = new_drop(data, "first", mode=Mode.FCFS, supply=5)
    second = new_drop(data, "second", mode=Mode.FCFS, supply=5)
    requests = claims("first", "1", "2") + claims("second", "3", "4")

    with pytest.raises(HotStateLost):
        run(MemoryUnitOfWork(data), LosesDropOnReserve(hot, second.id), requests)
    assert data.entries == {} and data.allocations == {}
    assert hot.entrant_count(first.id) == 0  # the first drop's reservations were given back

    outcomes = run(MemoryUnitOfWork(data), hot, requests)  # the retry rebuilds the lost drop
    assert serials(outcomes) == [1, 2, 1, 2]
    assert hot.is_loaded(second.id)


def test_the_same_message_twice_in_a_batch_is_one_claim(hot: HotState) -> None:
    data = MemoryData()
    new_drop(data, mode=Mode.FCFS, supply=5, cap_per_person=3)
    once = claims("streamer", "1")[0]
    outcomes = run(MemoryUnitOfWork(data), hot, [once, *claims("streamer", "2", prefix="x"), once])
    assert serials(outcomes) == [1, 2, "duplicate"]
    assert outcomes[2] == oc.Duplicate(once.message_id, "won")


def test_a_message_rate_limited_earlier_in_the_batch_is_judged_again(hot: HotState) -> None:
    data = MemoryData()
    new_drop(data, mode=Mode.FCFS, supply=5, cap_per_person=3)
    first, second = claims("streamer", "1", "1")
    limited = run(MemoryUnitOfWork(data), hot, [first, second, second], ClaimPolicy(1, 10.0))
    assert [type(o) for o in limited] == [oc.Won, oc.RateLimited, oc.RateLimited]
    assert second.message_id not in data.inbound  # a limited claim is not recorded


def test_a_claim_not_yet_eligible_still_counts_against_the_rate_limit(hot: HotState) -> None:
    data = MemoryData()
    with MemoryUnitOfWork(data) as uow:  # the default tiers: subscribers first
        create_drop(uow, spec(mode=Mode.FCFS), START, seeded_bytes(2))
        uow.commit()
    sub = Claimant("twitch", "9", "sub", badges=frozenset({"subscriber"}))
    fan = Claimant("twitch", "8", "fan")
    requests = [
        ClaimRequest("s", "streamer", sub),
        ClaimRequest("f1", "streamer", fan),
        ClaimRequest("f2", "streamer", fan),
    ]
    outcomes = run(MemoryUnitOfWork(data), hot, requests, ClaimPolicy(1, 10.0))
    assert [type(o) for o in outcomes] == [oc.Won, oc.NotEligibleYet, oc.RateLimited]
    assert set(data.inbound) == {"s", "f1"}


def test_on_redis_a_batch_is_one_script_call_however_many_claims(redis_url: str) -> None:
    data = MemoryData()
    new_drop(data, mode=Mode.FCFS, supply=50, cap_per_person=2)
    hot = RedisHotState.from_url(redis_url, prefix="batches")
    try:
        run(MemoryUnitOfWork(data), hot, claims("streamer", "warm", prefix="w"))  # loads
        with redis.Redis.from_url(redis_url) as admin:
            admin.config_resetstat()
            outcomes = run(
                MemoryUnitOfWork(data), hot, claims("streamer", *[str(i % 150) for i in range(300)])
            )
            stats = admin.info("commandstats")
    finally:
        hot.close()
    assert serials(outcomes).count(1) == 0  # "warm" holds serial 1
    assert serials(outcomes).count("sold_out") == 251
    assert stats["cmdstat_evalsha"]["calls"] == 1  # the batch; is_loaded is one HGET
