"""The `HotState` contract: the same behaviour from the in-memory and the Redis implementation.

Each test runs twice, against `MemoryHotState` and against `RedisHotState` on a real
redis-server. Drops are loaded before use, as the claim path does (`is_loaded`, `load_drop`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.drops.ports import (
    ClaimLimit,
    HotClaim,
    HotClaimResult,
    HotState,
    HotStateLost,
    TakeResult,
)
from bot.store.hot_memory import MemoryHotState
from bot.store.hot_redis import RedisHotState

DROP = 7


@pytest.fixture(params=["memory", "redis"])
def hot(request: pytest.FixtureRequest) -> Iterator[HotState]:
    if request.param == "memory":
        yield MemoryHotState()
        return
    state = RedisHotState.from_url(request.getfixturevalue("redis_url"), prefix="contract")
    try:
        yield state
    finally:
        state.close()


def fresh(hot: HotState, drop_id: int = DROP, supply: int = 3) -> None:
    assert not hot.is_loaded(drop_id)
    hot.load_drop(drop_id, set(), {}, supply)


def take_all(hot: HotState, identity: str, supply: int, cap: int) -> list[int | TakeResult]:
    return [hot.take_unit(DROP, identity, supply, cap) for _ in range(cap + 1)]


# A limit nobody in these tests reaches unless a test means them to.
ROOMY = ClaimLimit(100, 10.0, 1_800_000_000.0)


def reserve(
    hot: HotState,
    *people: str,
    supply: int | None = 3,
    cap: int = 1,
    limit: ClaimLimit = ROOMY,
    kept_out: tuple[str, ...] = (),
) -> list[HotClaimResult]:
    """One batch of claims on DROP, one per name given (`kept_out` names only count a hit)."""
    claims = [HotClaim(p, enter=p not in kept_out) for p in people]
    return hot.reserve_claims(DROP, claims, limit, supply=supply, cap=cap)


def units(results: list[HotClaimResult]) -> list[int | TakeResult | None]:
    return [r.taken for r in results]


# -- loading ------------------------------------------------------------------------------------


def test_a_drop_is_not_loaded_until_load_drop(hot: HotState) -> None:
    assert not hot.is_loaded(DROP)
    hot.load_drop(DROP, set(), {}, 3)
    assert hot.is_loaded(DROP)
    assert not hot.is_loaded(DROP + 1)


def test_forget_drop_unloads_only_that_drop(hot: HotState) -> None:
    fresh(hot, DROP)
    fresh(hot, DROP + 1)
    hot.forget_drop(DROP)
    assert not hot.is_loaded(DROP)
    assert hot.is_loaded(DROP + 1)
    hot.forget_drop(DROP)  # forgetting twice is fine


def test_load_drop_restores_entrants_holders_and_the_next_serial(hot: HotState) -> None:
    hot.load_drop(DROP, {"ann", "bob", "cy"}, {"ann": [1, 3], "bob": [4]}, 6)

    assert hot.entrant_count(DROP) == 3
    assert not hot.add_entrant(DROP, "bob")
    assert hot.add_entrant(DROP, "dee")
    # ann holds two of a cap of two; serial 2 (below the high-water mark, held by nobody) goes
    # out first, then 5 and 6.
    assert hot.take_unit(DROP, "ann", 6, 2) is TakeResult.CAP_REACHED
    assert hot.take_unit(DROP, "bob", 6, 2) == 2
    assert hot.take_unit(DROP, "cy", 6, 2) == 5
    assert hot.take_unit(DROP, "dee", 6, 2) == 6
    assert hot.take_unit(DROP, "eve", 6, 2) is TakeResult.SOLD_OUT


def test_forget_then_load_replaces_the_state(hot: HotState) -> None:
    fresh(hot, supply=5)
    hot.add_entrant(DROP, "ann")
    assert hot.take_unit(DROP, "ann", 5, 1) == 1

    hot.forget_drop(DROP)
    hot.load_drop(DROP, {"bob"}, {"bob": [2]}, 5)

    assert hot.entrant_count(DROP) == 1
    assert hot.add_entrant(DROP, "ann")
    assert hot.take_unit(DROP, "ann", 5, 1) == 1  # ann's old unit is gone with the old state
    assert hot.take_unit(DROP, "cy", 5, 1) == 3


def test_loading_a_large_drop(hot: HotState) -> None:
    entrants = {f"p{i}" for i in range(12_000)}
    held = {f"p{2 * k}": [k + 1] for k in range(6000)}  # serials 1..6000 to the even people
    del held["p0"]  # serial 1 is free again
    hot.load_drop(DROP, entrants, held, 7000)

    assert hot.entrant_count(DROP) == 12_000
    assert not hot.add_entrant(DROP, "p11999")
    assert hot.take_unit(DROP, "p2", 7000, 1) is TakeResult.CAP_REACHED
    assert hot.take_unit(DROP, "p1", 7000, 1) == 1
    assert [hot.take_unit(DROP, f"q{k}", 7000, 1) for k in range(1000)] == list(range(6001, 7001))
    assert hot.take_unit(DROP, "late", 7000, 1) is TakeResult.SOLD_OUT


# -- entrants -----------------------------------------------------------------------------------


def test_an_entrant_is_added_once(hot: HotState) -> None:
    fresh(hot)
    assert hot.add_entrant(DROP, "ann")
    assert not hot.add_entrant(DROP, "ann")
    assert hot.add_entrant(DROP, "bob")
    assert hot.entrant_count(DROP) == 2


def test_removing_an_entrant_undoes_the_add(hot: HotState) -> None:
    fresh(hot)
    hot.add_entrant(DROP, "ann")
    hot.remove_entrant(DROP, "ann")
    hot.remove_entrant(DROP, "nobody")  # not there: nothing happens
    assert hot.entrant_count(DROP) == 0
    assert hot.add_entrant(DROP, "ann")


def test_drops_do_not_share_entrants(hot: HotState) -> None:
    fresh(hot, DROP)
    fresh(hot, DROP + 1)
    assert hot.add_entrant(DROP, "ann")
    assert hot.add_entrant(DROP + 1, "ann")
    assert hot.entrant_count(DROP) == 1
    assert hot.entrant_count(DROP + 1) == 1


def test_entrant_count_of_an_unknown_drop_is_zero(hot: HotState) -> None:
    assert hot.entrant_count(404) == 0


# -- first come, first served -------------------------------------------------------------------


def test_units_go_out_in_serial_order_until_sold_out(hot: HotState) -> None:
    fresh(hot)
    assert [hot.take_unit(DROP, who, 3, 1) for who in ("a", "b", "c", "d", "e")] == [
        1,
        2,
        3,
        TakeResult.SOLD_OUT,
        TakeResult.SOLD_OUT,
    ]


def test_a_person_takes_at_most_the_cap(hot: HotState) -> None:
    fresh(hot, supply=10)
    assert take_all(hot, "ann", 10, 2) == [1, 2, TakeResult.CAP_REACHED]
    assert take_all(hot, "bob", 10, 1) == [3, TakeResult.CAP_REACHED]


def test_the_cap_is_checked_before_the_supply(hot: HotState) -> None:
    fresh(hot, supply=1)
    assert hot.take_unit(DROP, "ann", 1, 1) == 1
    assert hot.take_unit(DROP, "ann", 1, 1) is TakeResult.CAP_REACHED
    assert hot.take_unit(DROP, "bob", 1, 1) is TakeResult.SOLD_OUT


def test_a_returned_unit_goes_out_again_first_lowest_serial_first(hot: HotState) -> None:
    fresh(hot, supply=5)
    for who in ("a", "b", "c", "d"):
        hot.take_unit(DROP, who, 5, 1)
    hot.return_unit(DROP, "c", 3)
    hot.return_unit(DROP, "b", 2)

    assert hot.take_unit(DROP, "x", 5, 1) == 2
    assert hot.take_unit(DROP, "y", 5, 1) == 3
    assert hot.take_unit(DROP, "z", 5, 1) == 5
    assert hot.take_unit(DROP, "w", 5, 1) is TakeResult.SOLD_OUT


def test_returning_a_unit_frees_the_persons_cap(hot: HotState) -> None:
    fresh(hot, supply=5)
    assert hot.take_unit(DROP, "ann", 5, 1) == 1
    hot.return_unit(DROP, "ann", 1)
    assert hot.take_unit(DROP, "ann", 5, 1) == 1


def test_returning_a_unit_someone_else_holds_does_nothing(hot: HotState) -> None:
    fresh(hot, supply=2)
    assert hot.take_unit(DROP, "ann", 2, 1) == 1
    hot.return_unit(DROP, "bob", 1)  # bob does not hold 1
    hot.return_unit(DROP, "ann", 2)  # nobody holds 2 yet
    hot.return_unit(DROP, "ann", 1)
    hot.return_unit(DROP, "ann", 1)  # twice: the second does nothing
    assert hot.take_unit(DROP, "bob", 2, 1) == 1
    assert hot.take_unit(DROP, "cy", 2, 1) == 2
    assert hot.take_unit(DROP, "dee", 2, 1) is TakeResult.SOLD_OUT


def test_drops_do_not_share_units(hot: HotState) -> None:
    fresh(hot, DROP, supply=1)
    fresh(hot, DROP + 1, supply=1)
    assert hot.take_unit(DROP, "ann", 1, 1) == 1
    assert hot.take_unit(DROP + 1, "ann", 1, 1) == 1


# -- rate limits --------------------------------------------------------------------------------


def test_hit_allows_a_burst_of_limit_then_says_how_long_to_wait(hot: HotState) -> None:
    now = 1_800_000_000.25
    assert [hot.hit("claim:ann", 5, 10.0, now) for _ in range(5)] == [0.0] * 5
    assert hot.hit("claim:ann", 5, 10.0, now) == pytest.approx(2.0)
    assert hot.hit("claim:ann", 5, 10.0, now + 1.5) == pytest.approx(0.5)
    assert hot.hit("claim:ann", 5, 10.0, now + 2.0) == 0.0  # one interval later: one more
    assert hot.hit("claim:ann", 5, 10.0, now + 2.0) == pytest.approx(2.0)


def test_a_refused_hit_is_not_counted(hot: HotState) -> None:
    now = 1000.0
    for _ in range(3):
        hot.hit("k", 3, 3.0, now)
    for _ in range(10):
        assert hot.hit("k", 3, 3.0, now + 0.5) == pytest.approx(0.5)
    assert hot.hit("k", 3, 3.0, now + 1.0) == 0.0


def test_hit_keys_are_independent_and_recover_after_the_window(hot: HotState) -> None:
    now = 50.0
    for _ in range(2):
        assert hot.hit("a", 2, 4.0, now) == 0.0
    assert hot.hit("a", 2, 4.0, now) > 0
    assert hot.hit("b", 2, 4.0, now) == 0.0
    assert [hot.hit("a", 2, 4.0, now + 4.0) for _ in range(3)] == [0.0, 0.0, pytest.approx(2.0)]


def test_hit_matches_the_memory_gcra_exactly(hot: HotState) -> None:
    reference = MemoryHotState()
    times = [100.0 + 0.37 * i for i in range(60)]
    for i, now in enumerate(times):
        key = f"claim:{i % 3}"
        assert hot.hit(key, 4, 3.0, now) == reference.hit(key, 4, 3.0, now)


# -- claim batches ------------------------------------------------------------------------------


def test_a_batch_enters_each_person_once_and_hands_out_serials_in_order(hot: HotState) -> None:
    fresh(hot, supply=10)
    results = reserve(hot, "ann", "bob", "ann", "cy", supply=10, cap=1)

    assert [r.new for r in results] == [True, True, False, True]
    assert units(results) == [1, 2, TakeResult.CAP_REACHED, 3]
    assert [r.entrants for r in results] == [1, 2, 2, 3]
    assert all(r.wait == 0.0 for r in results)
    assert hot.entrant_count(DROP) == 3
    assert not hot.add_entrant(DROP, "ann")  # the batch's entries are the same entries


def test_the_cap_holds_within_a_batch_and_across_batches(hot: HotState) -> None:
    fresh(hot, supply=10)
    assert units(reserve(hot, "ann", "ann", "ann", "bob", supply=10, cap=2)) == [
        1,
        2,
        TakeResult.CAP_REACHED,
        3,
    ]
    assert units(reserve(hot, "ann", "bob", supply=10, cap=2)) == [TakeResult.CAP_REACHED, 4]
    assert hot.take_unit(DROP, "bob", 10, 2) is TakeResult.CAP_REACHED


def test_supply_running_out_mid_batch_sells_out_the_rest(hot: HotState) -> None:
    fresh(hot, supply=3)
    results = reserve(hot, "a", "b", "c", "d", "e", supply=3)

    assert units(results) == [1, 2, 3, TakeResult.SOLD_OUT, TakeResult.SOLD_OUT]
    assert [r.new for r in results] == [True] * 5  # sold out still enters: the waitlist
    assert [r.entrants for r in results] == [1, 2, 3, 4, 5]
    assert hot.take_unit(DROP, "f", 3, 1) is TakeResult.SOLD_OUT


def test_a_batch_carries_on_from_single_takes_and_loaded_state(hot: HotState) -> None:
    hot.load_drop(DROP, {"ann"}, {"ann": [2]}, 5)
    assert hot.take_unit(DROP, "bob", 5, 1) == 1  # the free serial below the high-water mark
    assert units(reserve(hot, "ann", "cy", "dee", "eve", supply=5)) == [
        TakeResult.CAP_REACHED,
        3,
        4,
        5,
    ]
    assert hot.take_unit(DROP, "fay", 5, 1) is TakeResult.SOLD_OUT


def test_a_lottery_batch_only_enters(hot: HotState) -> None:
    fresh(hot)
    results = reserve(hot, "ann", "bob", "ann", supply=None)
    assert [(r.new, r.taken, r.entrants) for r in results] == [
        (True, None, 1),
        (True, None, 2),
        (False, None, 2),
    ]
    assert hot.take_unit(DROP, "cy", 3, 1) == 1  # no unit was taken


def test_a_kept_out_claim_counts_against_the_limit_but_enters_nothing(hot: HotState) -> None:
    fresh(hot)
    limit = ClaimLimit(2, 10.0, 500.0)
    results = reserve(hot, "ann", "ann", "ann", limit=limit, kept_out=("ann",))
    assert [(r.new, r.taken) for r in results[:2]] == [(False, None), (False, None)]
    assert results[2].wait == pytest.approx(5.0)
    assert hot.entrant_count(DROP) == 0
    assert units(reserve(hot, "bob")) == [1]


def test_a_rate_limited_claim_does_nothing_else(hot: HotState) -> None:
    fresh(hot, supply=10)
    limit = ClaimLimit(2, 10.0, 500.0)
    results = reserve(hot, "ann", "ann", "ann", "bob", supply=10, cap=5, limit=limit)

    assert [r.wait for r in results] == [0.0, 0.0, pytest.approx(5.0), 0.0]
    assert units(results) == [1, 2, None, 3]
    assert [r.entrants for r in results] == [1, 1, 1, 2]
    later = ClaimLimit(2, 10.0, 505.0)  # one interval later: one more
    assert units(reserve(hot, "ann", "ann", supply=10, cap=5, limit=later)) == [4, None]


def test_the_claim_limit_is_the_gcra_of_hit(hot: HotState) -> None:
    fresh(hot, supply=1000)
    reference = MemoryHotState()
    for i in range(40):
        now = 100.0 + 0.61 * i
        people = [f"p{(i + k) % 3}" for k in range(3)]
        results = reserve(hot, *people, supply=1000, cap=1000, limit=ClaimLimit(4, 3.0, now))
        assert [r.wait for r in results] == [reference.hit(p, 4, 3.0, now) for p in people]


def test_drops_keep_their_own_claim_limits(hot: HotState) -> None:
    fresh(hot, DROP)
    fresh(hot, DROP + 1)
    limit = ClaimLimit(1, 10.0, 500.0)
    assert hot.reserve_claims(DROP, [HotClaim("ann")], limit, supply=3, cap=1)[0].wait == 0.0
    assert hot.reserve_claims(DROP, [HotClaim("ann")], limit, supply=3, cap=1)[0].wait > 0
    assert hot.reserve_claims(DROP + 1, [HotClaim("ann")], limit, supply=3, cap=1)[0].taken == 1


def test_an_empty_batch_changes_nothing(hot: HotState) -> None:
    fresh(hot)
    assert reserve(hot) == []
    assert hot.entrant_count(DROP) == 0


def test_a_batch_on_a_lost_drop_raises_and_changes_nothing(hot: HotState) -> None:
    fresh(hot, supply=5)
    assert units(reserve(hot, "ann", supply=5)) == [1]
    assert hot.is_loaded(DROP)
    hot.forget_drop(DROP)  # lost mid-batch: flushed, expired, or forgotten for a rebuild

    limit = ClaimLimit(1, 10.0, 1_800_000_000.0)
    with pytest.raises(HotStateLost):
        reserve(hot, "bob", "cy", supply=5, limit=limit)
    hot.release_claims(DROP, ["ann"], [("ann", 1)])  # the old reservations went with it
    assert not hot.is_loaded(DROP)  # and the failed batch loaded nothing either

    hot.load_drop(DROP, {"ann"}, {"ann": [1]}, 5)  # what SQL says
    results = reserve(hot, "bob", "cy", "ann", supply=5, limit=limit)
    assert units(results) == [2, 3, TakeResult.CAP_REACHED]  # bob's hit was not counted
    assert [r.new for r in results] == [True, True, False]


def test_release_gives_a_failed_batchs_units_and_entries_back(hot: HotState) -> None:
    fresh(hot, supply=5)
    assert units(reserve(hot, "a", "b", "c", "d", supply=5)) == [1, 2, 3, 4]

    hot.release_claims(DROP, ["b", "c"], [("b", 2), ("c", 3)])

    assert hot.entrant_count(DROP) == 2
    results = reserve(hot, "x", "c", "y", "z", supply=5)
    assert [r.new for r in results] == [True, True, True, True]  # c is new again
    assert units(results) == [2, 3, 5, TakeResult.SOLD_OUT]  # lowest returned serial first


def test_release_ignores_units_the_person_does_not_hold(hot: HotState) -> None:
    fresh(hot, supply=2)
    assert units(reserve(hot, "ann", supply=2)) == [1]
    hot.release_claims(DROP, [], [("bob", 1), ("ann", 2)])  # not bob's; nobody holds 2
    hot.release_claims(DROP, [], [])
    assert units(reserve(hot, "ann", "bob", "cy", supply=2)) == [
        TakeResult.CAP_REACHED,
        2,
        TakeResult.SOLD_OUT,
    ]
