"""The event loop fairdrop runs on.

uvloop (libuv) where it is installed, which is every POSIX install of fairdrop: it spends less
of each request's CPU on the loop's own bookkeeping than the stdlib loop, and the Discord button
path is CPU-bound (benchmarks/bench_discord.py measures it; the figures are in the issue notes).
Everything fairdrop uses (aiohttp, discord.py, twitchio, redis, psycopg, APScheduler) runs on
either loop, and the test suite runs on this one (tests/conftest.py), so the stdlib loop is only
a fallback: where uvloop is missing, or when FAIRDROP_LOOP=asyncio asks for it (to rule the loop
out when chasing a bug)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from bot.config import ConfigError

T = TypeVar("T")

LOOP_ENV = "FAIRDROP_LOOP"


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop]:
    """What makes fairdrop's event loops: uvloop's, unless unavailable or turned off."""
    choice = os.environ.get(LOOP_ENV, "uvloop").strip().lower()
    if choice not in ("uvloop", "asyncio"):
        raise ConfigError(f"{LOOP_ENV} must be 'uvloop' or 'asyncio', not {choice!r}")
    if choice == "uvloop":
        try:
            import uvloop
        except ImportError:
            pass
        else:
            return uvloop.new_event_loop
    return asyncio.new_event_loop


def loop_name() -> str:
    """'uvloop' or 'asyncio': the loop `run_on_loop` would start, for benchmark tables."""
    return "asyncio" if loop_factory() is asyncio.new_event_loop else "uvloop"


def running_loop_name() -> str:
    """'uvloop' or 'asyncio': the loop this coroutine runs on, for the start log."""
    module = type(asyncio.get_running_loop()).__module__
    return "uvloop" if module.startswith("uvloop") else "asyncio"


def run_on_loop(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` on fairdrop's loop."""
    try:
        factory = loop_factory()
    except ConfigError:
        main.close()  # never awaited: say so quietly rather than with a RuntimeWarning
        raise
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(main)
