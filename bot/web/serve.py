"""Serving the web app inside `fairdrop run`: one AppRunner, stopped by the run's stop event."""

from __future__ import annotations

import asyncio
import logging
import os
import socket

from aiohttp import web

from bot.web import WebListenError
from bot.web.listener import ListenerLimits, guarded

log = logging.getLogger("fairdrop.web")


async def serve_web(
    app: web.Application,
    host: str,
    port: int,
    stop: asyncio.Event,
    ready: asyncio.Event | None = None,
    limits: ListenerLimits | None = None,
    sock: socket.socket | None = None,
) -> int:
    """Serve `app` on host:port until `stop` is set, then close every connection.

    Signals stay with the caller (`handle_signals=False`). `ready` is set once the socket
    accepts connections; returns the port that was bound, after the stop. `limits` bound slow
    and greedy clients (see `listener.py`); the idle timeout is aiohttp's keep-alive timeout.
    With `sock`, a socket already bound and listening, that is served instead of host:port.
    """
    limits = limits or ListenerLimits()
    runner = web.AppRunner(
        app,
        handle_signals=False,
        access_log=None,
        shutdown_timeout=5.0,
        keepalive_timeout=limits.idle_timeout,
    )
    await runner.setup()
    listener: asyncio.Server | None = None
    try:
        assert runner.server is not None
        loop = asyncio.get_running_loop()
        try:
            if sock is not None:  # bound already (the public listener's, shared by workers)
                listener = await loop.create_server(guarded(runner.server, limits), sock=sock)
            else:
                listener = await loop.create_server(guarded(runner.server, limits), host, port)
        except OSError as error:
            reason = os.strerror(error.errno) if error.errno else str(error)
            raise WebListenError(
                f"the web app cannot listen on {host}:{port}: {reason.lower()}; stop what holds "
                "it or change [web] host and port"
            ) from None
        bound = listener.sockets[0].getsockname()[1] if listener.sockets else port
        log.info("web app listening on http://%s:%s", host, bound)
        if ready is not None:
            ready.set()
        await stop.wait()
        return int(bound)
    finally:
        if listener is not None:
            listener.close()  # no new connections; the runner closes the open ones
        await runner.cleanup()
        if listener is not None:
            await listener.wait_closed()
