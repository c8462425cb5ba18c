"""Network faults a fake server injects into its own traffic, one kind at a time.

Every fake server has a :class:`Faults` as ``fake.faults``, installed as an aiohttp middleware
in front of all its routes. What it does is what a client sees on the real internet when a
platform (or the path to it) fails, not anything fairdrop-specific:

* ``hang(method, path_regex, times=1)``: the next ``times`` matching requests get no answer at
  all. The server holds each one until the client gives up and closes the connection (its own
  timeout, as for a request that never comes back from Twitch or Discord), or until
  :meth:`Faults.release`. Nothing behind the route runs: the request had no effect.
* ``reset(method, path_regex, times=1, after_handling=False)``: the next ``times`` matching
  requests are answered with a TCP reset (RST, no HTTP response): the client sees a connection
  reset (aiohttp: ``ServerDisconnectedError`` / ``ClientOSError``). With ``after_handling`` the
  route runs first and its effects stay (the platform accepted the request, say a message was
  posted) and only the response is lost: the case an idempotency key or nonce exists for.
* ``drop_connections(path_regex)``: every open connection on a matching path (the EventSub
  socket ``/ws``, the Discord gateway ``/gateway``) is cut with a TCP reset, without a
  WebSocket close frame: a network drop, after which the platform treats the session as
  disconnected and a client must reconnect on its own.

Error statuses (a 500, a 503) are each fake's own scripting, in its platform's error shape:
``FakeTwitch.script(route, method=..., status=500, times=n)`` and
``FakeDiscord.fail_next(method, path_regex, status=500, times=n)``.

The fake Discord also has REST-level faults of its own, ``reset_next`` (``accepted=True``: after
the work) and ``stall_next`` (the work done, the answer late), recorded with its other requests
(``requests_to``, ``faults_injected``): the fault suite uses those for Discord's REST routes, and
this middleware for what they cannot do (the gateway's sockets and its resume, and Twitch).
Merging the two into one is left for later: ``hang`` here (nothing done) and ``stall_next``
(done, answered late) are different faults, and both are worth having.

``injected`` records each fault as it happened (kind, method, path), so a test can check the
fault really hit before judging what the client made of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import struct
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import hdrs, web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

HANG = "hang"
RESET = "reset"
RESET_AFTER = "reset after handling"
DROP = "drop connection"


@dataclass
class _Planned:
    kind: str
    method: str
    pattern: re.Pattern[str]
    times: int


@dataclass(frozen=True)
class Injected:
    """One fault as it happened."""

    kind: str
    method: str
    path: str
    at: float = field(default_factory=time.monotonic)


class Faults:
    """The faults planned for one fake server, applied by :attr:`middleware` (module docstring)."""

    def __init__(self) -> None:
        self.injected: list[Injected] = []
        self._planned: list[_Planned] = []
        self._open: dict[asyncio.BaseTransport, str] = {}  # live connections by path
        self._released = asyncio.Event()
        self.hanging = 0

    # -- planning -------------------------------------------------------------------------------

    def hang(self, method: str, path_regex: str, *, times: int = 1) -> None:
        """The next ``times`` matching requests are never answered (see the module docstring)."""
        self._plan(HANG, method, path_regex, times)

    def reset(
        self, method: str, path_regex: str, *, times: int = 1, after_handling: bool = False
    ) -> None:
        """The next ``times`` matching requests end in a TCP reset instead of a response."""
        self._plan(RESET_AFTER if after_handling else RESET, method, path_regex, times)

    def release(self) -> None:
        """Let every hanging request go (its client gets a reset); new hangs hold again."""
        self._released.set()
        self._released = asyncio.Event()

    async def drop_connections(self, path_regex: str) -> int:
        """Cut every open connection whose request path matches, without a close frame; the
        number cut."""
        pattern = re.compile(path_regex)
        cut = [t for t, path in self._open.items() if pattern.search(path)]
        for transport in cut:
            self.injected.append(Injected(DROP, hdrs.METH_GET, self._open[transport]))
            _reset(transport)
        await asyncio.sleep(0)  # let the server see its side go
        return len(cut)

    def _plan(self, kind: str, method: str, path_regex: str, times: int) -> None:
        self._planned.append(_Planned(kind, method.upper(), re.compile(path_regex), times))

    def _take(self, request: web.Request) -> str | None:
        for planned in self._planned:
            if planned.method == request.method and planned.pattern.search(request.path):
                planned.times -= 1
                if planned.times <= 0:
                    self._planned.remove(planned)
                self.injected.append(Injected(planned.kind, request.method, request.path))
                return planned.kind
        return None

    # -- applying -------------------------------------------------------------------------------

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        transport = request.transport
        kind = self._take(request)
        if transport is None:
            return await handler(request)
        if kind == HANG:
            await self._hold(request)
            _reset(transport)
            return web.Response(status=504)  # never reaches the client: the socket is gone
        if kind == RESET:
            _reset(transport)
            return web.Response(status=502)  # likewise
        self._open[transport] = request.path
        try:
            response = await handler(request)
            if kind == RESET_AFTER:
                _reset(transport)
            return response
        finally:
            self._open.pop(transport, None)

    async def _hold(self, request: web.Request) -> None:
        """Until the client closes its side, or :meth:`release`."""
        released = self._released
        self.hanging += 1
        try:
            while not released.is_set():
                transport = request.transport
                if transport is None or transport.is_closing():
                    return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(released.wait(), 0.05)
        finally:
            self.hanging -= 1

    def count(self, kind: str) -> int:
        """How many faults of ``kind`` were injected so far."""
        return sum(1 for i in self.injected if i.kind == kind)


def _reset(transport: asyncio.BaseTransport) -> None:
    """Close with RST rather than FIN (SO_LINGER 0), as a dropped route looks to the client."""
    sock: Any = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError, AttributeError, ValueError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()  # type: ignore[attr-defined]  # every socket transport has abort()
