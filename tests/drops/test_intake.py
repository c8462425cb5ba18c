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


async def test_with_a_delay_a_trickle_of_claims_shares_one_commit() -> None:
    seen: list[list[int]] = []

    async def process(batch: Sequence[int]) -> list[int]:
        seen.append(list(batch))
        return list(batch)

    async def trickle(intake: BatchIntake[int, int]) -> list[int]:
        waiters = []
        for i in range(10):
            waiters.append(asyncio.ensure_future(intake.submit(i)))
            await asyncio.sleep(0)  # each claim arrives on its own turn of the loop
        return list(await asyncio.gather(*waiters))

    # Without a delay each claim finds the intake idle and commits alone.
    assert await trickle(BatchIntake(process, max_batch=100)) == list(range(10))
    assert len(seen) > 1
    seen.clear()
    # With one, the first claim waits for the others, far longer than the trickle takes.
    assert await trickle(BatchIntake(process, max_batch=100, delay=0.2)) == list(range(10))
    assert seen == [list(range(10))]


async def test_a_full_batch_does_not_wait_for_the_delay() -> None:
    async def process(batch: Sequence[int]) -> list[int]:
        return list(batch)

    intake: BatchIntake[int, int] = BatchIntake(process, max_batch=5, delay=3600)
    together = asyncio.gather(*(intake.submit(i) for i in range(5)))
    assert await asyncio.wait_for(together, timeout=30) == list(range(5))


async def test_cancelling_the_intake_during_its_delay_leaves_no_claim_waiting() -> None:
    async def process(batch: Sequence[int]) -> list[int]:
        return list(batch)

    intake: BatchIntake[int, int] = BatchIntake(process, max_batch=10, delay=3600)
    waiters = [asyncio.ensure_future(intake.submit(i)) for i in range(3)]
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert intake._flusher is not None
    intake._flusher.cancel()
    done, pending = await asyncio.wait(waiters, timeout=30)
    assert not pending and all(w.cancelled() for w in done)
