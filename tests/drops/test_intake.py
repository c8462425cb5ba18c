"""Group commit: claims that arrive together share a transaction; failures reach every waiter."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from bot.drops.intake import BatchIntake


async def test_claims_arriving_together_are_processed_as_one_batch() -> None:
    seen: list[list[int]] = []

    async def process(batch: Sequence[int]) -> list[int]:
        seen.append(list(batch))
        await asyncio.sleep(0)
        return [x * 10 for x in batch]

    intake: BatchIntake[int, int] = BatchIntake(process, max_batch=100)
    results = await asyncio.gather(*(intake.submit(i) for i in range(250)))
    assert results == [i * 10 for i in range(250)]
    assert [len(b) for b in seen] == [100, 100, 50]
    assert intake.batches == 3


async def test_a_failed_batch_fails_each_of_its_claims_and_later_batches_still_run() -> None:
    calls = 0

    async def process(batch: Sequence[int]) -> list[int]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("database went away")
        return list(batch)

    intake: BatchIntake[int, int] = BatchIntake(process, max_batch=2)
    results = await asyncio.gather(*(intake.submit(i) for i in range(4)), return_exceptions=True)
    assert [type(r) for r in results[:2]] == [ConnectionError, ConnectionError]
    assert results[2:] == [2, 3]


async def test_cancelling_the_intake_mid_batch_leaves_no_claim_waiting_forever() -> None:
    started = asyncio.Event()

    async def process(batch: Sequence[int]) -> list[int]:
        started.set()
        await asyncio.sleep(3600)
        return list(batch)

    intake: BatchIntake[int, int] = BatchIntake(process, max_batch=1)
    waiters = [asyncio.ensure_future(intake.submit(i)) for i in range(3)]
    await started.wait()
    assert intake._flusher is not None
    intake._flusher.cancel()
    done, pending = await asyncio.wait(waiters, timeout=5)
    assert not pending
    for waiter in done:
        with pytest.raises(asyncio.CancelledError):
            waiter.result()
