"""What every fake platform server shares: `async with Fake(...) as fake` starts it on a free
local port and closes it on the way out, whatever ended the block."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Served:
    """A fake server's context manager over its own `start` (returning itself) and `close`."""

    async def start(self) -> Self:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
