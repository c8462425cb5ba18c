"""Test-suite configuration: real PostgreSQL and Redis fixtures (tests/fixtures/services.py), and
every async test on the event loop `fairdrop run` uses (bot/loop.py: uvloop), so the suite
exercises the loop production runs on. FAIRDROP_LOOP=asyncio runs it on the stdlib loop."""

from collections.abc import Callable, Mapping
from typing import Any

from bot.loop import loop_factory

pytest_plugins = ["tests.fixtures.services", "tests.fixtures.harness", "tests.fixtures.browser"]


def pytest_asyncio_loop_factories(config: Any, item: Any) -> Mapping[str, Callable[[], Any]]:
    return {"fairdrop": loop_factory()}
