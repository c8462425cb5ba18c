"""Two codes whose short codes share a selector (a birthday clash among tens of thousands) must
not fail the batch: the later one is issued again with a new code id."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.drops import outcomes as oc
from bot.drops.model import Mode
from tests.fixtures.harness import Harness


def repeating(first: bytes, times: int, then: Callable[[int], bytes]) -> Callable[[int], bytes]:
    """The system's randomness, except that the first `times` 16-byte draws are `first`."""
    left = [times]

    def random_bytes(n: int) -> bytes:
        if n == 16 and left[0] > 0:
            left[0] -= 1
            return first
        return then(n)

    return random_bytes


async def test_a_clash_within_a_batch_and_with_a_stored_code_is_issued_again(
    harness: Harness,
) -> None:
    drop = await harness.open(mode=Mode.FCFS, supply=5, tiers=())
    same = bytes(range(16))
    harness.service.random_bytes = repeating(same, 3, harness.service.random_bytes)
    for user in ("1", "2"):  # one batch each, so the clash is also with a stored code
        assert isinstance(await harness.claim(user), oc.Won)
    together = await asyncio.gather(*(harness.claim(user) for user in ("3", "4")))
    assert all(isinstance(outcome, oc.Won) for outcome in together)
    codes = harness.read(lambda uow: uow.codes.for_drop(drop.id))
    assert len(codes) == 4
    assert len({c.selector for c in codes}) == 4 and len({c.code_id for c in codes}) == 4
    assert sum(c.code_id == same.hex() for c in codes) == 1
