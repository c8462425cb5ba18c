"""Failed code checks, limited per partner key and (for requests with no live key) per address.

A key's guesses are bounded *before* the lookups that judge them: a lookup is admitted only
while the key's failures in this window plus its lookups still in flight stay within the limit,
and each admitted lookup then settles as a failure (a guess: an unknown code, one outside the
key's scope) or not. So 300 guesses sent at once by one key are never all judged: past the
limit they are answered 429 without a lookup, and the requests beyond the room left wait for
the lookups ahead of them to settle rather than being turned away (a till's honest burst only
queues briefly). Requests without a live key count against their client address, and only
those: a partner's key is never refused for what keyless clients did from the same address (a
proxy's, say).

Counts live in fixed windows: in this process (bounded: the least recently touched names are
forgotten first, in constant time per request), or in Redis when `[hot_state] backend = "redis"`,
through the `limits` library's storage (atomic INCRBY with expiry), so every process shares one
budget. Should Redis fail, the counts fall back to this process's until it answers again.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

import redis.asyncio
from limits import RateLimitItemPerSecond
from limits.aio.storage import RedisStorage
from limits.aio.strategies import FixedWindowRateLimiter

log = logging.getLogger(__name__)
CAPACITY = 100_000  # names remembered in memory, per kind
BUSY = None  # `admit`'s answer when lookups in flight fill the room left: try again shortly
RETRY_EVERY = 0.01
MAX_QUEUE_SECONDS = 5.0  # a request that waited this long for room is answered 429
T = TypeVar("T")


class Windows(Protocol):
    """Counts per name in fixed windows of the same length."""

    async def take(self, name: str, limit: int) -> float:
        """Count one for `name`: 0.0 if within `limit`, else seconds until its window ends."""
        ...

    async def admit(self, name: str, limit: int) -> float | None:
        """Room for one more lookup: 0.0 (admitted: `settle` it), BUSY, or seconds to wait."""
        ...

    async def settle(self, name: str, failed: bool) -> None:
        """An admitted lookup is done; `failed`: it counts as one failure."""
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
        # name -> [window start, count, in flight]
        self._slots: OrderedDict[str, list[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._slots)

    def _slot(self, name: str) -> tuple[list[float], float]:
        now = self._clock()
        slot = self._slots.get(name)
        if slot is None:
            slot = self._slots[name] = [now, 0, 0]
        elif now >= slot[0] + self.window:
            slot[0], slot[1] = now, 0
        self._slots.move_to_end(name)
        while len(self._slots) > self.capacity:
            self._slots.popitem(last=False)
        return slot, now

    async def take(self, name: str, limit: int) -> float:
        slot, now = self._slot(name)
        if slot[1] >= limit:
            return slot[0] + self.window - now
        slot[1] += 1
        return 0.0

    async def admit(self, name: str, limit: int) -> float | None:
        slot, now = self._slot(name)
        if slot[1] >= limit:
            return slot[0] + self.window - now
        if slot[1] + slot[2] >= limit:
            return BUSY
        slot[2] += 1
        return 0.0

    async def settle(self, name: str, failed: bool) -> None:
        slot = self._slots.get(name)
        if slot is None:  # forgotten under a flood of names: nothing left to settle
            return
        slot[2] = max(0, slot[2] - 1)
        if failed:
            slot[1] += 1

    async def aclose(self) -> None:
        return None


class RedisWindows:
    """Windows in Redis through `limits`' storage, shared by every process."""

    def __init__(
        self, pool: redis.asyncio.ConnectionPool, prefix: str, window_seconds: float
    ) -> None:
        self.window = max(1, round(window_seconds))
        # The pool is the app's (closed by it); the URL only tells `limits` which client to use.
        self._storage = RedisStorage(
            "async+redis://",
            implementation="redispy",
            key_prefix=f"{prefix}:guesses",
            # limits' stubs type options as scalars; its redis-py bridge takes a pool here.
            connection_pool=pool,  # type: ignore[arg-type]
        )
        self._limiter = FixedWindowRateLimiter(self._storage)
        self._local = MemoryWindows(window_seconds)
        self._failing = False

    async def take(self, name: str, limit: int) -> float:
        item = RateLimitItemPerSecond(limit, self.window)

        async def shared() -> float:
            if await self._limiter.hit(item, name):
                return 0.0
            stats = await self._limiter.get_window_stats(item, name)
            return max(1.0, stats.reset_time - time.time())

        return await self._shared(shared, lambda: self._local.take(name, limit))

    async def admit(self, name: str, limit: int) -> float | None:
        failures, in_flight = f"{name}/failed", f"{name}/in-flight"

        async def shared() -> float | None:
            # In flight first, failures second; `settle` adds the failure before it removes
            # the flight: the sum read here can only be too high (a safe refusal), never low.
            flying = await self._storage.incr(in_flight, self.window, 1)
            failed = await self._storage.get(failures)
            if failed < limit and failed + flying <= limit:
                return 0.0
            await self._storage.incr(in_flight, self.window, -1)
            if failed < limit:
                return BUSY
            return max(1.0, await self._storage.get_expiry(failures) - time.time())

        return await self._shared(shared, lambda: self._local.admit(name, limit))

    async def settle(self, name: str, failed: bool) -> None:
        async def shared() -> None:
            if failed:
                await self._storage.incr(f"{name}/failed", self.window, 1)
            await self._storage.incr(f"{name}/in-flight", self.window, -1)

        await self._shared(shared, lambda: self._local.settle(name, failed))

    async def _shared(
        self, shared: Callable[[], Awaitable[T]], local: Callable[[], Awaitable[T]]
    ) -> T:
        try:
            answer = await shared()
        except redis.RedisError as error:
            if not self._failing:
                log.warning("guess limits: Redis unavailable (%s); counting in this process", error)
            self._failing = True
            return await local()
        if self._failing:
            log.info("guess limits: Redis answers again")
            self._failing = False
        return answer

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
        # Set when a lookup of this process settles: waiters for room try again at once (one
        # settled by another process is noticed within RETRY_EVERY).
        self._settled = asyncio.Event()
        self._waiting = 0  # requests waiting for room: only they need to hear of a settle

    @classmethod
    def in_memory(
        cls, limit_per_key: int, limit_per_address: int, window_seconds: float
    ) -> FailedAttempts:
        return cls(
            limit_per_key,
            limit_per_address,
            MemoryWindows(window_seconds),
            MemoryWindows(window_seconds),
        )

    async def admit_lookup(self, key_id: int) -> float:
        """Before a lookup by a partner key: 0.0 once it may go ahead (then `settle_lookup`),
        else seconds to wait (its failures fill the window, or no room came up in time)."""
        deadline = time.monotonic() + MAX_QUEUE_SECONDS
        while True:
            wait = await self.keys.admit(f"key:{key_id}", self.limit_per_key)
            if wait is not BUSY:
                return wait
            if time.monotonic() >= deadline:
                return 1.0
            settled = self._settled
            self._waiting += 1
            try:
                async with asyncio.timeout(RETRY_EVERY):
                    await settled.wait()
            except TimeoutError:
                pass
            finally:
                self._waiting -= 1

    async def settle_lookup(self, key_id: int, guessed: bool) -> None:
        """After an admitted lookup: `guessed` counts it as one failure of the key."""
        await self.keys.settle(f"key:{key_id}", guessed)
        if self._waiting:  # nobody waits for room (the usual case): no Event to set or renew
            self._settled.set()
            self._settled = asyncio.Event()

    async def keyless(self, address: str) -> float:
        """Count a request with no live key: 0.0 if within the address's limit, else the wait."""
        return await self.addresses.take(f"addr:{address_bucket(address)}", self.limit_per_address)

    async def aclose(self) -> None:
        await self.keys.aclose()
        if self.addresses is not self.keys:
            await self.addresses.aclose()
