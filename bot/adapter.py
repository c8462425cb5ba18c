"""What an adapter's builder returns: its parts built and wired, and nothing started.

`build_twitch`, `build_discord` and `build_web` (each in its adapter's `build` module) construct
every client, sender, sink and health check from the runtime, in the style of an aiohttp app
factory: building opens no socket and starts no task. `bot.run` starts the tasks of every
built adapter in one TaskGroup and stops them with one event.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from bot.store.commit_broadcast import DropListener, DropSignals

log = logging.getLogger("fairdrop")

# A health check for /healthz (as `bot.web.health.Check`, without importing the web layer).
Check = Callable[[], Awaitable[bool]]
Task = Callable[[], Coroutine[Any, Any, object]]


@dataclass
class Adapter:
    """One platform's parts, built and not started."""

    name: str
    # Task name -> how to start it; `bot.run` creates each in its TaskGroup, in this order.
    tasks: dict[str, Task] = field(default_factory=dict)
    listeners: list[DropListener] = field(default_factory=list)  # who hears of drop changes
    sink_checks: dict[str, Check] = field(default_factory=dict)  # /healthz: is the sink sending
    client_checks: dict[str, Check] = field(default_factory=dict)  # /healthz: is it connected
    # Set once the adapter serves (the web app listens): `fairdrop run` is not "running" before.
    listening: asyncio.Event | None = None


async def every(seconds: float, job: object, stop: asyncio.Event) -> None:
    """Call `job` every `seconds` until `stop`; a failing call is logged, never fatal."""
    assert callable(job)
    stopping = asyncio.ensure_future(stop.wait())
    try:
        while not stop.is_set():
            # A job may wait on the chat budget for minutes: stopping must not wait for it.
            running = asyncio.ensure_future(job())
            await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not running.done():
                running.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await running
                break
            if (error := running.exception()) is not None:
                log.error("%s failed: %r", getattr(job, "__qualname__", job), error)
            await asyncio.wait({stopping}, timeout=seconds)
    finally:
        stopping.cancel()


async def close_on_stop(stop: asyncio.Event, close: Callable[[], Awaitable[object]]) -> None:
    """Close a client once `stop` is set, and also when the task group is cancelled (another
    task failed): a client left open keeps its sockets and discord.py's heartbeat thread running
    past the end of `run()`."""
    try:
        await stop.wait()
    finally:
        with contextlib.suppress(Exception):
            await close()


async def listen_for_drop_events(
    signals: DropSignals, listeners: list[DropListener], stop: asyncio.Event
) -> None:
    """Hand drop events to this process's listeners until `stop`, then cancel the subscription
    (it would wait on Redis for ever). Should it fail, it is logged and the process goes on:
    the senders still poll the outbox, only later."""
    listening = asyncio.ensure_future(signals.listen(listeners))
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({listening, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        listening.cancel()
        stopping.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await stopping
        try:
            await listening
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("listening for drop events failed; the senders fall back to polling")
