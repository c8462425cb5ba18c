"""Group commit for claims: concurrent claims wait together and commit in one transaction.

A claim is acknowledged only when the transaction holding it has committed. While one batch is
in the database the next one gathers, so under load batches grow by themselves and throughput
follows the cost of a commit rather than the number of claims.

Under a steady trickle that alone does not group anything: each claim finds the database idle
and commits by itself, and every commit costs CPU the event loop needs (one Discord press per
millisecond meant one transaction per press). So an intake may wait `delay` seconds before a
batch that is not full, for the claims arriving meanwhile to share its commit, as PostgreSQL's
`commit_delay` does. Only the acknowledgement waits: platforms answer before claiming.
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
        delay: float = 0.0,
    ) -> None:
        self._process = process
        self._max_batch = max_batch
        self._delay = delay
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
            batch: list[tuple[Req, asyncio.Future[Res]]] = []
            try:
                if self._delay and len(self._pending) < self._max_batch:
                    await asyncio.sleep(self._delay)
                batch = self._pending[: self._max_batch]
                del self._pending[: self._max_batch]
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
