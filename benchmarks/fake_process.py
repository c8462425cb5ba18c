"""A benchmark's fake platform server, next to the bot or in a child process of its own.

A *scene* wraps a started fake: `info()` gives what the bot's settings need, and
`await call(op, arg)` performs what the benchmark drives (push claims, press buttons, collect
figures). The same scene runs in the bot's event loop (`LocalFake`) or in a spawned child driven
over a pipe (`ChildFake`), so the two layouts measure the same work and differ only in whether
the fake shares the bot's CPU.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Protocol, Self

from bot.gc_tuning import tuned_gc


class Scene(Protocol):
    def info(self) -> dict[str, str]: ...
    async def call(self, op: str, arg: Any = None) -> Any: ...


class Fake(Protocol):
    async def start(self) -> Any: ...
    async def close(self) -> None: ...


class LocalFake:
    """The fake in this process and event loop, as the tests run it."""

    def __init__(self, fake: Fake, scene: Callable[[Any], Scene]) -> None:
        self.fake, self._scene = fake, scene

    async def __aenter__(self) -> Self:
        await self.fake.start()
        self.scene = self._scene(self.fake)
        self.info = self.scene.info()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.fake.close()

    async def call(self, op: str, arg: Any = None) -> Any:
        return await self.scene.call(op, arg)


async def serve_scene(conn: Connection, fake: Fake, scene: Callable[[Any], Scene]) -> None:
    """The child's side: start the fake, send its info, answer calls until "quit".

    The child's collector is tuned as `fairdrop run` tunes the bot's (`bot.gc_tuning`): the fake
    keeps every request it saw, and at CPython's defaults three full collections over that growing
    heap paused it for up to 0.24 s each in a 5,000-press run (at most 0.03 s tuned), which the
    benchmark would have counted as the bot's latency (the fake stamps a callback when it handles
    it)."""
    await fake.start()
    try:
        served = scene(fake)
        conn.send(served.info())
        with tuned_gc():
            await _serve(conn, served)
    finally:
        await fake.close()
        conn.close()


async def _serve(conn: Connection, served: Scene) -> None:
    while True:
        op, arg = await asyncio.to_thread(conn.recv)
        if op == "quit":
            break
        try:
            conn.send(("ok", await served.call(op, arg)))
        except Exception as error:  # reported to the parent, which raises
            conn.send(("error", repr(error)))


class ChildFake:
    """The fake in a spawned child process, driven over a pipe.

    `target(conn, size)` is the child's entry point: a module-level function (spawn pickles it)
    that runs `serve_scene`.
    """

    def __init__(self, target: Callable[[Connection, int], None], size: int, name: str) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.name = name
        self.process = context.Process(target=target, args=(child, size), name=name, daemon=True)
        self._child = child

    async def __aenter__(self) -> Self:
        self.process.start()
        self._child.close()
        if not await asyncio.to_thread(self.conn.poll, 60):
            raise RuntimeError(f"the {self.name} child did not start")
        self.info = self.conn.recv()
        return self

    async def __aexit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(("quit", None))
        await asyncio.to_thread(self.process.join, 15)
        if self.process.is_alive():
            self.process.kill()
        self.conn.close()

    async def call(self, op: str, arg: Any = None) -> Any:
        def rpc() -> Any:
            self.conn.send((op, arg))
            return self.conn.recv()

        status, value = await asyncio.to_thread(rpc)
        if status != "ok":
            raise RuntimeError(f"{self.name} child: {op} failed: {value}")
        return value
