"""Leases in Redis: at most one process at a time performs a draw, a close or a summary.

A lease is one key, ``{prefix}:lease:{name}``, holding the holder's random token, taken with
``SET key token NX PX ttl``. Renewing and releasing are Lua compare-and-set on the token, so a
process whose lease expired (it stalled, or was partitioned away) can never renew or delete the
lease another process took since. A holder that dies simply stops renewing: the lease is free
again after its TTL.

    leases = Leases.from_url(url, ttl=15.0)
    async with leases.hold(f"close:{drop_id}") as held:
        if held:
            ...  # close the drop; `held.lost` is set if the lease ran out meanwhile

`lead` is how a process runs something (the scheduler) only while it holds a lease: standbys
try again every 0.5-1 s (jittered, so they do not all ask Redis at once), so a holder that dies
is replaced within `takeover_within(ttl)`: the TTL (it may have renewed just before dying), one
standby pause, and a second's allowance for Redis and a busy machine.

A lease prevents two processes doing the same thing *at once*; it does not make the thing
happen once. That is the record's job: the work runs in a SQL transaction that checks the
drop's state (a drawn drop is not drawn again), so a later holder, or a holder that lost its
lease midway, finds the work done and does nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import secrets
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import redis
import redis.asyncio as aioredis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)

STANDBY_PAUSE = 1.0  # the longest a standby waits between tries, in seconds (less for short TTLs)
TAKEOVER_ALLOWANCE = 1.0  # seconds, for Redis round trips and a busy machine


def standby_pause(ttl: float) -> float:
    """The longest pause between a standby's tries for a lease of `ttl` seconds."""
    return min(STANDBY_PAUSE, ttl / 4)


def takeover_within(ttl: float) -> float:
    """How soon after its holder dies a standby holds a lease of `ttl` seconds, at the latest:
    the lease may have just been renewed, then one standby pause, then the allowance."""
    return ttl + standby_pause(ttl) + TAKEOVER_ALLOWANCE


# KEYS: the lease. ARGV: token, ttl ms -> 1 renewed, 0 not ours (expired or taken).
RENEW = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""

# KEYS: the lease. ARGV: token -> 1 released, 0 not ours.
RELEASE = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
"""


class LeaseUnavailable(Exception):
    """Redis could not be reached, so whether the lease is free is unknown."""


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except (redis.ConnectionError, redis.TimeoutError, redis.ReadOnlyError) as error:
        raise LeaseUnavailable(f"lease store unavailable: {error}") from error


@dataclass
class Held:
    """What `Leases.hold` gives: true while this process holds the lease."""

    name: str
    token: str | None  # None: another process holds it
    lost: asyncio.Event = field(default_factory=asyncio.Event)  # set if the lease ran out

    def __bool__(self) -> bool:
        return self.token is not None and not self.lost.is_set()


class Leases:
    def __init__(
        self,
        client: aioredis.Redis,
        *,
        prefix: str = "fairdrop",
        ttl: float = 15.0,
        renew_every: float | None = None,
    ) -> None:
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self.client = client
        self.prefix = prefix
        self.ttl = ttl
        self.renew_every = renew_every if renew_every is not None else ttl / 3
        self._renew = client.register_script(RENEW)
        self._release = client.register_script(RELEASE)

    @classmethod
    def from_url(cls, url: str, *, prefix: str = "fairdrop", ttl: float = 15.0) -> Leases:
        client = aioredis.Redis.from_url(
            url,
            decode_responses=True,
            socket_timeout=min(5.0, ttl / 3),
            socket_connect_timeout=min(2.0, ttl / 3),
            retry=Retry(NoBackoff(), 0),
        )
        return cls(client, prefix=prefix, ttl=ttl)

    async def aclose(self) -> None:
        await self.client.aclose()

    def key(self, name: str) -> str:
        return f"{self.prefix}:lease:{name}"

    @property
    def _ttl_ms(self) -> int:
        return max(1, round(self.ttl * 1000))

    async def acquire(self, name: str) -> str | None:
        """Take the lease if it is free: the token to renew and release it with, else None."""
        token = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(8)}"
        with _translated():
            taken = await self.client.set(self.key(name), token, nx=True, px=self._ttl_ms)
        return token if taken else None

    async def renew(self, name: str, token: str) -> bool:
        """Push the expiry out by a TTL; False if the lease is no longer ours."""
        with _translated():
            return bool(await self._renew(keys=(self.key(name),), args=(token, self._ttl_ms)))

    async def release(self, name: str, token: str) -> bool:
        """Give the lease up; False if it was no longer ours (nothing is deleted then)."""
        with _translated():
            return bool(await self._release(keys=(self.key(name),), args=(token,)))

    async def holder(self, name: str) -> str | None:
        """The token of whoever holds the lease now (host:pid:random), for status and logs."""
        with _translated():
            value = await self.client.get(self.key(name))
        return None if value is None else str(value)

    @asynccontextmanager
    async def hold(self, name: str) -> AsyncIterator[Held]:
        """Try to take the lease; while the block runs, renew it every `renew_every` seconds.

        The `Held` is false if another process has the lease. If a renewal finds the lease gone
        (or Redis stays unreachable until it must have expired), `held.lost` is set and the
        block should stop starting new work. The lease is released on the way out.
        """
        token = await self.acquire(name)
        held = Held(name, token)
        if token is None:
            yield held
            return
        renewer = asyncio.create_task(self._keep(held, token), name=f"lease-{name}")
        try:
            yield held
        finally:
            renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewer
            if not held.lost.is_set():
                try:
                    await self.release(name, token)
                except LeaseUnavailable:  # it expires by itself
                    log.warning("lease %s: could not release (Redis unavailable)", name)

    async def _keep(self, held: Held, token: str) -> None:
        expires = time.monotonic() + self.ttl  # at the latest: taken just now
        while True:
            await asyncio.sleep(self.renew_every)
            attempt = time.monotonic()
            try:
                renewed = await self.renew(held.name, token)
            except LeaseUnavailable as error:
                if time.monotonic() >= expires:
                    log.warning("lease %s: lost, Redis unreachable past its expiry", held.name)
                    held.lost.set()
                    return
                log.info("lease %s: renewal failed (%s); retrying", held.name, error)
                continue
            if not renewed:
                log.warning("lease %s: lost (expired or taken by another process)", held.name)
                held.lost.set()
                return
            expires = attempt + self.ttl


async def lead(
    leases: Leases,
    name: str,
    work: Callable[[Held], Awaitable[None]],
    stop: asyncio.Event,
    *,
    jitter: Callable[[], float] = random.random,
) -> None:
    """Run `work` whenever this process holds the lease `name`, until `stop`.

    `work` gets the `Held` and should return once `held.lost` or `stop` is set. Between tries
    (and after a lease is lost or given up) the process waits a jittered standby pause, so the
    lease never stays free much longer than that (see `takeover_within`). An unreachable Redis
    is logged once, and tried again at the same pace.
    """
    unreachable = False
    pause = standby_pause(leases.ttl)
    while not stop.is_set():
        try:
            async with leases.hold(name) as held:
                if unreachable:
                    log.info("lease %s: Redis reachable again", name)
                    unreachable = False
                if held:
                    await work(held)
        except LeaseUnavailable as error:
            if not unreachable:
                log.warning("lease %s: Redis unavailable (%s); trying again", name, error)
            unreachable = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), pause * (0.5 + jitter() / 2))
