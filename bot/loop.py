"""The event loop fairdrop runs on.

uvloop (libuv) where it is installed, which is every POSIX install of fairdrop: on this kind of
machine it takes the Discord button path from ~800 to ~1,000 presses/s and cuts its p99 time to
the deferred answer from seconds to tens of milliseconds (benchmarks/bench_discord.py), because
the stdlib loop's own bookkeeping was a large share of the CPU a press costs. Everything fairdrop
uses (aiohttp, discord.py, twitchio, redis, psycopg, APScheduler) runs on either loop, and the
test suite runs on this one (tests/conftest.py), so the stdlib loop is only a fallback: where
uvloop is missing, or when FAIRDROP_LOOP=asyncio asks for it (to rule the loop out when chasing
a bug).
"""

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


def running_loop_name() -> str:
    """'uvloop' or 'asyncio': the loop this coroutine runs on, for logs and benchmark tables."""
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
