"""The web listener's guard against slow and greedy clients.

aiohttp closes a connection that has no complete request for `keepalive_timeout` (which it
counts from the connection's start and from each answer), but it has no limit of its own on how
long one request head may trickle in, nor on how many connections one address holds. So each
connection's protocol (aiohttp's `web.Server` is the protocol factory) is wrapped here:

- a connection must send its first complete request head within `read_timeout`, or it is
  closed (later heads are bounded by the idle timeout, later bodies by `body_in_time`);
- an address may hold `max_per_address` connections; the next is answered 503 and closed.
  Connections from trusted proxies are not capped (behind one, every client shares its
  address: cap them at the proxy, see the README).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from aiohttp import web
from aiohttp.typedefs import Middleware

from bot.config import WebSettings
from bot.web.clients import IpNetwork, networks, within
from bot.web.security import Handler

log = logging.getLogger(__name__)
END_OF_HEAD = b"\r\n\r\n"
TOO_MANY = (
    b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n"
    b"Retry-After: 5\r\n\r\n"
)


@dataclass
class ListenerLimits:
    read_timeout: float = 10.0
    idle_timeout: float = 60.0
    max_per_address: int = 64
    trusted: tuple[IpNetwork, ...] = ()
    open: Counter[str] = field(default_factory=Counter)

    @classmethod
    def from_settings(cls, web_settings: WebSettings) -> ListenerLimits:
        return cls(
            web_settings.read_timeout.total_seconds(),
            web_settings.idle_timeout.total_seconds(),
            web_settings.max_connections_per_address,
            networks(web_settings.trusted_proxies),
        )


class GuardedConnection(asyncio.Protocol):
    """aiohttp's protocol for one connection, behind the limits above."""

    def __init__(self, inner: asyncio.Protocol, limits: ListenerLimits) -> None:
        self._inner = inner
        self._limits = limits
        self._peer = ""
        self._transport: asyncio.Transport | None = None
        self._head_timer: asyncio.TimerHandle | None = None
        self._tail = b""
        self._forwarding = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, but have its methods.
        transport = cast(asyncio.Transport, transport)
        self._transport = transport
        peer = transport.get_extra_info("peername")
        self._peer = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        limits = self._limits
        if not within(self._peer, limits.trusted):
            if limits.open[self._peer] >= limits.max_per_address:
                # debug: a flood of these must not flood the log
                log.debug(
                    "refused a connection: its address holds %s already", limits.max_per_address
                )
                transport.write(TOO_MANY)
                transport.close()
                return
            limits.open[self._peer] += 1
        self._forwarding = True
        loop = asyncio.get_running_loop()
        self._head_timer = loop.call_later(limits.read_timeout, self._too_slow)
        self._inner.connection_made(transport)

    def _too_slow(self) -> None:
        self._head_timer = None
        if self._transport is not None:
            self._transport.abort()

    def data_received(self, data: bytes) -> None:
        if self._head_timer is not None:
            if END_OF_HEAD in self._tail + data:
                self._head_timer.cancel()
                self._head_timer = None
            self._tail = (self._tail + data)[-3:]
        if self._forwarding:
            self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received() if self._forwarding else None

    def pause_writing(self) -> None:
        if self._forwarding:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if self._forwarding:
            self._inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        if not self._forwarding:
            return
        self._forwarding = False
        limits = self._limits
        if not within(self._peer, limits.trusted):
            limits.open[self._peer] -= 1
            if limits.open[self._peer] <= 0:
                del limits.open[self._peer]
        self._inner.connection_lost(exc)


def guarded(server: web.Server, limits: ListenerLimits) -> Callable[[], asyncio.Protocol]:
    """A protocol factory for `loop.create_server`: aiohttp's `server`, behind `limits`."""

    def protocol() -> asyncio.Protocol:
        return GuardedConnection(server(), limits)

    return protocol


def body_in_time(read_timeout: float) -> Middleware:
    """Read a request's body within `read_timeout` (it is small: the app caps it), else 408."""

    @web.middleware
    async def in_time(request: web.Request, handler: Handler) -> web.StreamResponse:
        # A body that came whole with its head (a partner's small JSON, nearly always) has
        # nothing left to trickle: no timer to arm and cancel for it.
        if request.can_read_body and not request.content.is_eof():
            try:
                async with asyncio.timeout(read_timeout):
                    await request.read()
            except TimeoutError:
                raise web.HTTPRequestTimeout(text="the request body came too slowly") from None
        return await handler(request)

    return in_time
