"""`fairdrop run`: the service with its platform clients, in one TaskGroup with one way out.

This module only starts, waits and stops. The composition root (`bot.bootstrap.open_runtime`)
builds the services and stores; each adapter's builder (`build_twitch`, `build_discord`,
`build_web`) builds its clients, senders and health checks without starting them. What runs:
the scheduler (APScheduler jobs that move drops along by the clock, see `bot.scheduler_run`),
every built adapter's tasks, and with Redis the subscription to drop events
(`bot.store.commit_broadcast`), which wakes the senders and refreshes the Discord posts when any
process changes a drop. A stop event (SIGINT/SIGTERM in the CLI) ends every task and closes the
clients.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from bot.adapter import Adapter, listen_for_drop_events, reload_on_hangup
from bot.bootstrap import open_runtime
from bot.config import ENV_DISCORD_TOKEN, ConfigError, Settings, session_secrets
from bot.drops.keyring import Keyring
from bot.gc_tuning import tuned_gc
from bot.kernel.clock import Clock
from bot.loop import running_loop_name
from bot.scheduler_run import run_scheduler, wall_clock
from bot.store.drop_clock import clear_anchor

log = logging.getLogger("fairdrop")


def check_env(settings: Settings, env: Mapping[str, str]) -> None:
    """Stop the start in one line when an enabled platform's secret is missing or bad."""
    if settings.discord.enabled and not env.get(ENV_DISCORD_TOKEN):
        raise ConfigError(f"${ENV_DISCORD_TOKEN} is not set: Discord is enabled and needs it")
    if settings.web.enabled:
        session_secrets(env)


async def run(
    settings: Settings,
    keyring: Keyring,
    *,
    stop: asyncio.Event,
    clock: Clock | None = None,
    env: Mapping[str, str] | None = None,
    ready: asyncio.Event | None = None,
    messages: Path | None = None,
    hangup: asyncio.Event | None = None,
    reread: Callable[[], Settings] | None = None,
) -> None:
    """Run until `stop` is set. `messages`: the folder of message overrides (checked first:
    a bad one stops the start in one line). Each time `hangup` is set (SIGHUP in the CLI), the
    overrides are read again and so is the config (`reread`), for what can change without a
    restart: see `reload_once`."""
    env = os.environ if env is None else env
    check_env(settings, env)
    opening = open_runtime(
        settings, keyring, clock=clock, migrate=True, platforms=True, messages=messages
    )
    async with opening as rt:
        if clock is None and settings.scheduler.time_scale == 1:
            await asyncio.to_thread(clear_anchor, rt.engine)  # real time is the wall's
        scheduler_clock = wall_clock(rt.service.clock)
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(run_scheduler(rt, scheduler_clock, stop), name="scheduler")
            platforms: list[Adapter] = []
            if settings.twitch.enabled:
                from bot.twitch.build import build_twitch

                platforms.append(build_twitch(rt, env, stop))
            if settings.discord.enabled:
                from bot.discord.build import build_discord

                platforms.append(build_discord(rt, env[ENV_DISCORD_TOKEN], stop))
            for platform in platforms:
                start(platform, tasks)
            adapters = list(platforms)
            if settings.web.enabled:
                from bot.web.build import build_web

                web = start(build_web(rt, env, stop, platforms), tasks)
                # Not "running" before the web app listens: a port in use ends the run here.
                assert web.listening is not None
                await web.listening.wait()
                adapters.append(web)  # the public listener hears of drops drawn and settled
            listeners = [listener for p in adapters for listener in p.listeners]
            if rt.signals is not None and listeners:
                tasks.create_task(
                    listen_for_drop_events(rt.signals, listeners, stop), name="drop-events"
                )
            if hangup is not None:
                reloading = reload_on_hangup(hangup, settings, reread, messages, adapters, stop)
                tasks.create_task(reloading, name="reload")
            log.info("fairdrop running on %s", running_loop_name())
            if ready is not None:
                ready.set()
            with tuned_gc():  # startup is done: see bot.gc_tuning
                await stop.wait()
    log.info("fairdrop stopped")


def start(adapter: Adapter, tasks: asyncio.TaskGroup) -> Adapter:
    """Start every task of a built adapter in the run's TaskGroup."""
    for name, task in adapter.tasks.items():
        tasks.create_task(task(), name=name)
    return adapter
