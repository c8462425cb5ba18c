"""Serving the web app inside `fairdrop run`: one AppRunner, stopped by the run's stop event."""

from __future__ import annotations

import asyncio
import logging
import os

from aiohttp import web

from bot.web import WebListenError

log = logging.getLogger("fairdrop.web")


async def serve_web(
    app: web.Application,
    host: str,
    port: int,
    stop: asyncio.Event,
    ready: asyncio.Event | None = None,
) -> int:
    """Serve `app` on host:port until `stop` is set, then close every connection.

    Signals stay with the caller (`handle_signals=False`). `ready` is set once the socket
    accepts connections; returns the port that was bound, after the stop.
    """
    runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=5.0)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as error:
            reason = os.strerror(error.errno) if error.errno else str(error)
            raise WebListenError(
                f"the web app cannot listen on {host}:{port}: {reason.lower()}; stop what holds "
                "it or change [web] host and port"
            ) from None
        bound = runner.addresses[0][1] if runner.addresses else port
        log.info("web app listening on http://%s:%s", host, bound)
        if ready is not None:
            ready.set()
        await stop.wait()
        return bound
    finally:
        await runner.cleanup()
