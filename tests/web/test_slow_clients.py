"""The listener against slow and greedy clients: a head that trickles in, a body that never
comes, an idle connection, and one address holding every connection it can.

Served by `serve_web` on a real socket, talked to over raw TCP. The timeouts are short; each
wait for the server's verdict has a generous margin, and nothing asserts how long it took.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from bot.web.clients import networks
from bot.web.listener import ListenerLimits, body_in_time
from bot.web.serve import serve_web
from tests.fixtures.services import free_port

HOST = "127.0.0.1"
VERDICT = 30.0  # generous: the server acts within a second; this only stops a hung test
HEAD = b"GET / HTTP/1.1\r\nHost: fairdrop\r\n\r\n"


def _app() -> web.Application:
    async def index(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def echo(request: web.Request) -> web.Response:
        return web.Response(body=await request.read())

    app = web.Application(middlewares=[body_in_time(0.5)])
    app.router.add_get("/", index)
    app.router.add_post("/echo", echo)
    return app


@asynccontextmanager
async def serving(limits: ListenerLimits) -> AsyncIterator[int]:
    port, stop, ready = free_port(), asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve_web(_app(), HOST, port, stop, ready, limits=limits))
    await asyncio.wait_for(ready.wait(), VERDICT)
    try:
        yield port
    finally:
        stop.set()
        await asyncio.wait_for(task, VERDICT)


async def _connect(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection(HOST, port)


async def _closed_by_server(reader: asyncio.StreamReader) -> bytes:
    """Everything the server sends until it closes the connection."""
    return await asyncio.wait_for(reader.read(), VERDICT)


async def _answer(reader: asyncio.StreamReader) -> bytes:
    return await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), VERDICT)


async def _close(*writers: asyncio.StreamWriter) -> None:
    for writer in writers:
        writer.close()
        await writer.wait_closed()


async def test_a_request_head_that_trickles_in_is_cut_off() -> None:
    async with serving(ListenerLimits(read_timeout=0.3, idle_timeout=60)) as port:
        reader, writer = await _connect(port)
        writer.write(b"GET / HTTP/1.1\r\nHost: fairdrop\r\n")  # never finished
        assert await _closed_by_server(reader) == b""
        await _close(writer)


async def test_a_prompt_client_is_answered_and_kept_alive() -> None:
    async with serving(ListenerLimits(read_timeout=0.3, idle_timeout=60)) as port:
        reader, writer = await _connect(port)
        for _ in range(2):
            writer.write(HEAD)
            assert (await _answer(reader)).startswith(b"HTTP/1.1 200")
            await asyncio.wait_for(reader.readexactly(2), VERDICT)  # "ok"
            await asyncio.sleep(0.5)  # past read_timeout: only the first head is bounded so
        await _close(writer)


async def test_an_idle_connection_is_closed() -> None:
    async with serving(ListenerLimits(read_timeout=10, idle_timeout=0.3)) as port:
        reader, writer = await _connect(port)
        writer.write(HEAD)
        assert (await _answer(reader)).startswith(b"HTTP/1.1 200")
        assert await _closed_by_server(reader) == b"ok"
        await _close(writer)


async def test_a_body_that_never_comes_is_answered_408() -> None:
    async with serving(ListenerLimits(read_timeout=10, idle_timeout=60)) as port:
        reader, writer = await _connect(port)
        writer.write(b"POST /echo HTTP/1.1\r\nHost: fairdrop\r\nContent-Length: 100\r\n\r\nab")
        assert (await _answer(reader)).startswith(b"HTTP/1.1 408")
        await _close(writer)


async def test_a_body_sent_whole_with_its_head_is_read() -> None:
    """The fast path: the body is complete when the handler starts, no timer is needed."""
    async with serving(ListenerLimits(read_timeout=10, idle_timeout=60)) as port:
        reader, writer = await _connect(port)
        writer.write(b"POST /echo HTTP/1.1\r\nHost: fairdrop\r\nContent-Length: 5\r\n\r\nhello")
        assert (await _answer(reader)).startswith(b"HTTP/1.1 200")
        assert await asyncio.wait_for(reader.readexactly(5), VERDICT) == b"hello"
        await _close(writer)


async def test_a_body_finished_after_its_head_is_read_in_time() -> None:
    async with serving(ListenerLimits(read_timeout=10, idle_timeout=60)) as port:
        reader, writer = await _connect(port)
        writer.write(b"POST /echo HTTP/1.1\r\nHost: fairdrop\r\nContent-Length: 5\r\n\r\nhe")
        await writer.drain()
        writer.write(b"llo")
        assert (await _answer(reader)).startswith(b"HTTP/1.1 200")
        assert await asyncio.wait_for(reader.readexactly(5), VERDICT) == b"hello"
        await _close(writer)


async def _held(port: int, count: int) -> list[asyncio.StreamWriter]:
    """`count` connections, each proven accepted by one answered request (and kept open)."""
    writers = []
    for _ in range(count):
        reader, writer = await _connect(port)
        writer.write(HEAD)
        assert (await _answer(reader)).startswith(b"HTTP/1.1 200")
        writers.append(writer)
    return writers


async def _one_more(port: int) -> bytes:
    reader, writer = await _connect(port)
    writer.write(HEAD)
    try:
        return await _answer(reader)
    finally:
        await _close(writer)


async def test_one_address_may_hold_only_so_many_connections() -> None:
    async with serving(ListenerLimits(max_per_address=3)) as port:
        held = await _held(port, 3)
        assert (await _one_more(port)).startswith(b"HTTP/1.1 503")
        await _close(held.pop())
        for _ in range(100):  # until the server has seen that close
            if (answer := await _one_more(port)).startswith(b"HTTP/1.1 200"):
                break
            await asyncio.sleep(0.05)
        assert answer.startswith(b"HTTP/1.1 200")  # a freed place is a place again
        await _close(*held)


async def test_connections_from_a_trusted_proxy_are_not_capped() -> None:
    limits = ListenerLimits(max_per_address=2, trusted=networks([HOST]))
    async with serving(limits) as port:
        held = await _held(port, 5)
        assert (await _one_more(port)).startswith(b"HTTP/1.1 200")
        await _close(*held)
