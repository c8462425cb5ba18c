"""Group commit for claims: concurrent claims wait together and commit in one transaction.

A claim is acknowledged only when the transaction holding it has committed. While one batch is
in the database the next one gathers, so under load batches grow by themselves and throughput
follows the cost of a commit rather than the number of claims.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Req = TypeVar("Req")
Res = TypeVar("Res")


class BatchIntake(Generic[Req, Res]):
    def __init__(
        self,
        process: Callable[[Sequence[Req]], Awaitable[Sequence[Res]]],
        max_batch: int = 1000,
    ) -> None:
        self._process = process
        self._max_batch = max_batch
        self._pending: list[tuple[Req, asyncio.Future[Res]]] = []
        self._flusher: asyncio.Task[None] | None = None
        self.batches = 0  # how many transactions ran: a figure for metrics and benchmarks

    async def submit(self, request: Req) -> Res:
        future: asyncio.Future[Res] = asyncio.get_running_loop().create_future()
        self._pending.append((request, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="claim-intake")
        return await future

    async def _flush(self) -> None:
        while self._pending:
            batch = self._pending[: self._max_batch]
            del self._pending[: self._max_batch]
            try:
                results = await self._process([request for request, _ in batch])
            except Exception as error:  # every waiter learns the batch failed: nothing was acked
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            except BaseException:  # cancelled mid-batch (shutdown): no waiter may hang
                for _, future in (*batch, *self._pending):
                    future.cancel()
                self._pending.clear()
                raise
            self.batches += 1
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)

    async def drain(self) -> None:
        """Wait until every claim submitted so far has been processed."""
        while self._flusher is not None and not self._flusher.done():
            await asyncio.shield(self._flusher)
