"""A feed message is framed once for all its clients (`Message.frame`), and reads on the wire
exactly as aiohttp-sse's own `send` would have written it: EventSource parsers see no
difference between the first message (sent by aiohttp-sse, with `retry`) and the rest."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from aiohttp_sse import sse_response

from bot.web.feed.hub import Message

MESSAGES = [
    Message(1_765_000_000_000_001, "state", '{"phase": "open", "entrants": 12}'),
    Message(1_765_000_000_000_002, "count", '{"entrants": 13}'),
    # Never made by the feed (JSON has no raw line breaks), but framed as aiohttp-sse frames
    # it all the same: one data line per line.
    Message(7, "state", "one\ntwo\r\nthree\rfour"),
]


async def _body(handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> bytes:
    app = web.Application()
    app.router.add_get("/events", handler)
    async with TestClient(TestServer(app)) as client:
        response = await client.get("/events")
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/event-stream")
        return await response.read()


async def _sent_by_aiohttp_sse(request: web.Request) -> web.StreamResponse:
    async with sse_response(request) as sse:
        for message in MESSAGES:
            await sse.send(message.data, id=str(message.id), event=message.event)
        sse.stop_streaming()
    return sse


async def _written_framed(request: web.Request) -> web.StreamResponse:
    async with sse_response(request) as sse:
        for message in MESSAGES:
            await sse.write(message.frame)
        sse.stop_streaming()
    return sse


async def test_a_framed_message_reads_as_aiohttp_sse_sends_it() -> None:
    assert await _body(_written_framed) == await _body(_sent_by_aiohttp_sse)


@pytest.mark.parametrize("message", MESSAGES, ids=["state", "count", "lines"])
def test_a_frame_is_the_message_and_nothing_else(message: Message) -> None:
    lines = message.frame.decode().split("\r\n")
    assert lines[0] == f"id: {message.id}"
    assert lines[1] == f"event: {message.event}"
    assert lines[-2:] == ["", ""]  # the blank line that ends an event
    data = [line.removeprefix("data: ") for line in lines[2:-2]]
    assert all(line.startswith("data: ") for line in lines[2:-2])
    assert "\n".join(data) == message.data.replace("\r\n", "\n").replace("\r", "\n")
