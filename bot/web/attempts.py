"""Failed code checks, limited per partner key and (for requests with no live key) per address.

A guess is counted *before* the lookup that judges it: the key takes one unit of its budget, and
gets it back only when the answer was not a guess (a valid, redeemed or expired code). So 300
guesses sent at once by one key are not all judged: past the limit the rest are answered 429
without a lookup. Requests without a live key count against their client address, and only
those: a partner's key is never refused for what keyless clients did from the same address (a
proxy's, say).

Counts live in fixed windows: in this process (bounded: the least recently touched names are
forgotten first, in constant time per request), or in Redis when `[hot_state] backend = "redis"`,
through the `limits` library, so every process shares one budget. Should Redis fail, the counts
fall back to this process's until it answers again.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

import redis.asyncio
from limits import RateLimitItemPerSecond
from limits.aio.storage import RedisStorage
from limits.aio.strategies import FixedWindowRateLimiter

log = logging.getLogger(__name__)
CAPACITY = 100_000  # names remembered in memory, per kind


class Windows(Protocol):
    """Counts per name in fixed windows of the same length."""

    async def take(self, name: str, limit: int) -> float:
        """Count one for `name`: 0.0 if within `limit`, else seconds until its window ends."""
        ...

    async def give_back(self, name: str, limit: int) -> None:
        """Undo one `take` that was within the limit."""
        ...

    async def aclose(self) -> None: ...


class MemoryWindows:
    """Windows in this process, at most `capacity` names (least recently touched go first)."""

    def __init__(
        self,
        window_seconds: float,
        capacity: int = CAPACITY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.window = window_seconds
        self.capacity = capacity
        self._clock = clock
        self._slots: OrderedDict[str, list[float]] = OrderedDict()  # name -> [start, count]

    def __len__(self) -> int:
        return len(self._slots)

    async def take(self, name: str, limit: int) -> float:
        now = self._clock()
        slot = self._slots.get(name)
        if slot is None or now >= slot[0] + self.window:
            slot = self._slots[name] = [now, 0]
        self._slots.move_to_end(name)
        while len(self._slots) > self.capacity:
            self._slots.popitem(last=False)
        if slot[1] >= limit:
            return slot[0] + self.window - now
        slot[1] += 1
        return 0.0

    async def give_back(self, name: str, limit: int) -> None:
        slot = self._slots.get(name)
        if slot is not None and slot[1] > 0:
            slot[1] -= 1

    async def aclose(self) -> None:
        return None


class RedisWindows:
    """Windows in Redis (`limits`' fixed window, one atomic INCR per take), shared by processes."""

    def __init__(
        self, pool: redis.asyncio.ConnectionPool, prefix: str, window_seconds: float
    ) -> None:
        self.window = max(1, round(window_seconds))
        # The pool is the app's (closed by it); the URL only tells `limits` which client to use.
        storage = RedisStorage(
            "async+redis://",
            implementation="redispy",
            key_prefix=f"{prefix}:guesses",
            # limits' stubs type options as scalars; its redis-py bridge takes a pool here.
            connection_pool=pool,  # type: ignore[arg-type]
        )
        self._storage = storage
        self._limiter = FixedWindowRateLimiter(storage)
        self._local = MemoryWindows(window_seconds)
        self._failing = False

    def _item(self, limit: int) -> RateLimitItemPerSecond:
        return RateLimitItemPerSecond(limit, self.window)

    async def take(self, name: str, limit: int) -> float:
        item = self._item(limit)
        try:
            if await self._limiter.hit(item, name):
                self._recovered()
                return 0.0
            stats = await self._limiter.get_window_stats(item, name)
        except redis.RedisError as error:
            self._failed(error)
            return await self._local.take(name, limit)
        self._recovered()
        return max(1.0, stats.reset_time - time.time())

    async def give_back(self, name: str, limit: int) -> None:
        try:
            await self._storage.incr(self._item(limit).key_for(name), self.window, amount=-1)
        except redis.RedisError as error:
            self._failed(error)
            await self._local.give_back(name, limit)

    def _failed(self, error: Exception) -> None:
        if not self._failing:
            log.warning("guess limits: Redis unavailable (%s); counting in this process", error)
        self._failing = True

    def _recovered(self) -> None:
        if self._failing:
            log.info("guess limits: Redis answers again")
        self._failing = False

    async def aclose(self) -> None:
        return None


def address_bucket(address: str) -> str:
    """The name an address is counted under: itself, or its /64 for IPv6 (one subscriber's)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class FailedAttempts:
    """The guess budgets of partner keys and of keyless client addresses."""

    def __init__(
        self,
        limit_per_key: int,
        limit_per_address: int,
        keys: Windows,
        addresses: Windows | None = None,
    ) -> None:
        self.limit_per_key = limit_per_key
        self.limit_per_address = limit_per_address
        self.keys = keys
        self.addresses = addresses or keys

    @classmethod
    def in_memory(
        cls,
        limit_per_key: int,
        limit_per_address: int,
        window_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> FailedAttempts:
        return cls(
            limit_per_key,
            limit_per_address,
            MemoryWindows(window_seconds, clock=clock),
            MemoryWindows(window_seconds, clock=clock),
        )

    async def reserve_guess(self, key_id: int) -> float:
        """Before a lookup by a partner key: 0.0 if it may go ahead, else seconds to wait."""
        return await self.keys.take(f"key:{key_id}", self.limit_per_key)

    async def not_a_guess(self, key_id: int) -> None:
        """After a lookup whose answer was no guess: the key's unit comes back."""
        await self.keys.give_back(f"key:{key_id}", self.limit_per_key)

    async def keyless(self, address: str) -> float:
        """Count a request with no live key: 0.0 if within the address's limit, else the wait."""
        return await self.addresses.take(f"addr:{address_bucket(address)}", self.limit_per_address)

    async def aclose(self) -> None:
        await self.keys.aclose()
        if self.addresses is not self.keys:
            await self.addresses.aclose()
