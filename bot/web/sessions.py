"""Claim-page logins that the server can end: every session has an id, and logout revokes it.

The cookie stays a signed statement (who, until when, which session), so checking one costs no
lookup of the session itself; logout records the session id as revoked until the cookie would
have expired anyway, so a copied cookie stops working at once. Revocations are kept in this
process and, with `[hot_state] backend = "redis"`, in Redis too, so every process honours them.
"""

from __future__ import annotations

import heapq
import logging
import time

import redis.asyncio

log = logging.getLogger(__name__)
CAPACITY = 100_000


class Revocations:
    """Revoked session ids, each until its expiry; with a Redis pool, shared by processes."""

    def __init__(self, pool: redis.asyncio.ConnectionPool | None = None, prefix: str = "") -> None:
        self._redis = redis.asyncio.Redis(connection_pool=pool) if pool is not None else None
        self._prefix = f"{prefix}:session-revoked:"
        self._local: dict[str, float] = {}
        self._expiries: list[tuple[float, str]] = []  # a heap, to forget the expired cheaply
        self._failing = False  # Redis is away: said once in the log, not once per request

    async def revoke(self, session_id: str, expires_at: float) -> None:
        """End `session_id` (valid until `expires_at`, a Unix time) everywhere."""
        now = time.time()
        self._forget_expired(now)
        self._local[session_id] = expires_at
        heapq.heappush(self._expiries, (expires_at, session_id))
        if len(self._expiries) > CAPACITY:  # only a flood of logins and logouts gets here
            _, oldest = heapq.heappop(self._expiries)
            self._local.pop(oldest, None)
        if self._redis is not None:
            seconds = max(1, int(expires_at - now) + 1)
            try:
                await self._redis.set(self._prefix + session_id, b"1", ex=seconds)
            except redis.RedisError as error:
                self._failed(error)

    async def revoked(self, session_id: str) -> bool:
        if session_id in self._local:
            return True
        if self._redis is None:
            return False
        try:
            found = bool(await self._redis.exists(self._prefix + session_id))
        except redis.RedisError as error:
            # Refusing every login while Redis is away would lock everyone out of their codes.
            self._failed(error)
            return False
        self._failing = False
        return found

    def _failed(self, error: Exception) -> None:
        if not self._failing:
            log.warning("logouts kept in this process only: Redis unavailable (%s)", error)
        self._failing = True

    def _forget_expired(self, now: float) -> None:
        while self._expiries and self._expiries[0][0] <= now:
            _, session_id = heapq.heappop(self._expiries)
            self._local.pop(session_id, None)

    async def aclose(self) -> None:
        if self._redis is not None:
            await self._redis.aclose(close_connection_pool=False)
