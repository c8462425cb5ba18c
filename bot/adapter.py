"""What an adapter's builder returns: its parts built and wired, and nothing started.

`build_twitch`, `build_discord` and `build_web` (each in its adapter's `build` module) construct
every client, sender, sink and health check from the runtime, in the style of an aiohttp app
factory: building opens no socket and starts no task. `bot.run` starts the tasks of every
built adapter in one TaskGroup and stops them with one event. On SIGHUP (`reload_on_hangup`)
the message overrides and the config are read again and each adapter takes what it can use
without a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config import ConfigError, Settings
from bot.messages import live
from bot.store.commit_broadcast import CommitBroadcast, DropListener

log = logging.getLogger("fairdrop")

# A health check for /healthz (as `bot.web.health.Check`, without importing the web layer).
Check = Callable[[], Awaitable[bool]]
Task = Callable[[], Coroutine[Any, Any, object]]
# What an adapter does with a config read again on SIGHUP (`bot.run`): takes what it can use
# without a restart; a failure is logged and the running settings stay.
Reload = Callable[[Settings], Awaitable[object]]


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
    reload: Reload | None = None  # SIGHUP: the config read again (None: nothing to take)


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
    signals: CommitBroadcast, listeners: list[DropListener], stop: asyncio.Event
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


async def reload_on_hangup(
    hangup: asyncio.Event,
    running: Settings,
    reread: Callable[[], Settings] | None,
    messages: Path | None,
    adapters: list[Adapter],
    stop: asyncio.Event,
) -> None:
    """Reload each time `hangup` is set, until `stop`."""
    stopping = asyncio.ensure_future(stop.wait())
    try:
        while True:
            hung_up = asyncio.ensure_future(hangup.wait())
            await asyncio.wait({hung_up, stopping}, return_when=asyncio.FIRST_COMPLETED)
            hung_up.cancel()
            if stop.is_set():
                return
            hangup.clear()
            await reload_once(running, reread, messages, adapters)
    finally:
        stopping.cancel()


async def reload_once(
    running: Settings,
    reread: Callable[[], Settings] | None,
    messages: Path | None,
    adapters: list[Adapter],
) -> None:
    """The message overrides and the config read again; each adapter takes what it can use
    without a restart (Discord: the guilds, so a guild added by `fairdrop setup` is served at
    once). A bad file is one logged line and what is in use stays; nothing here ends the run."""
    if messages is not None:
        speech = running.messages  # a change of language waits for a restart like the rest
        # The files are read and parsed on a thread (the loop keeps serving claims meanwhile);
        # the catalog is swapped in here, on the loop.
        catalog = await asyncio.to_thread(
            live.read, messages, speech.languages, speech.language, running.scheduler.timezone
        )
        if catalog is not None:
            live.use(catalog, messages)
    if reread is None:
        return
    try:
        fresh = await asyncio.to_thread(reread)
    except ConfigError as error:
        log.error("config not reloaded, the settings in use stay: %s", error)
        return
    for adapter in adapters:
        if adapter.reload is None:
            continue
        try:
            await adapter.reload(fresh)
        except Exception as error:  # a reload is never fatal: the adapter keeps what it had
            log.error("%s did not take the reloaded config: %r", adapter.name, error)
    if later := needs_restart(running, fresh):
        log.warning(
            "config reloaded; changes to %s take effect at the next restart", ", ".join(later)
        )
    else:
        log.info("config reloaded")


def needs_restart(running: Settings, fresh: Settings) -> list[str]:
    """The config sections that differ between `running` and `fresh`, other than what a reload
    takes (`[[discord.guilds]]`), as `[section]` names."""
    taken = {"discord": {"guilds"}}
    changed = []
    for name in type(running).model_fields:
        before, after = getattr(running, name), getattr(fresh, name)
        if hasattr(before, "model_dump"):
            before = before.model_dump(exclude=taken.get(name, set()))
            after = after.model_dump(exclude=taken.get(name, set()))
        if before != after:
            changed.append(f"[{name}]")
    return changed
