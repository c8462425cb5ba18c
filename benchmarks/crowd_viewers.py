"""bench_crowd's viewers: fans following a drop's transparency link, in a child process of
their own (so the bot's loop, its database threads and the public workers have the CPU they
would have in production), speaking plain HTTP/1.1 as cheaply as Python can (aiohttp's client
would spend more CPU per request than the server does, and the figure would measure the load
generator)."""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from benchmarks.claim_stream import CONNECT_BATCH, HOST
from bot.gc_tuning import tuned_gc
from bot.loop import run_on_loop


@dataclass
class Views:
    seconds: float = 0.0  # the go signal to the last viewer done
    page: list[float] = field(default_factory=list)  # seconds per page answer
    transcript: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    cpu: float = 0.0  # the viewers' process's own CPU seconds over the same span
    page_bytes: int = 0
    transcript_bytes: int = 0


async def _answer(reader: asyncio.StreamReader) -> tuple[int, int]:
    """Read one HTTP/1.1 answer: (status, body length)."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("the server closed the connection")
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if not chunked:
        await reader.readexactly(length)
        return int(status_line.split()[1]), length
    total = 0
    while size := int((await reader.readline()).split(b";")[0], 16):
        await reader.readexactly(size + 2)
        total += size
    await reader.readline()
    return int(status_line.split()[1]), total


class _Viewer(asyncio.Protocol):
    """One viewer's keep-alive connection, reading answers as cheaply as Python can: the body's
    bytes are counted, never gathered (a browser's network stack does this outside the page's
    CPU; a StreamReader would make the load generator, on the bot's two cores, the bottleneck).
    Answers must carry Content-Length (the app's cached pages do)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self._head = b""
        self._left = -1  # body bytes still to come; -1 while reading the head
        self._status = 0
        self._length = 0
        self._answer: asyncio.Future[tuple[int, int]] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def ask(self, request: bytes) -> asyncio.Future[tuple[int, int]]:
        """Send `request`; the future is its answer's (status, body length)."""
        self._answer = asyncio.get_running_loop().create_future()
        assert self.transport is not None
        self.transport.write(request)
        return self._answer

    def data_received(self, data: bytes) -> None:
        if self._left < 0:
            self._head += data
            end = self._head.find(b"\r\n\r\n")
            if end < 0:
                return
            head, data = self._head[:end], self._head[end + 4 :]
            self._head = b""
            lines = head.split(b"\r\n")
            self._status = int(lines[0].split()[1])
            self._length = 0
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    self._length = int(value)
            self._left = self._length
        self._left -= len(data)
        if self._left <= 0:
            self._left = -1
            if self._answer is not None and not self._answer.done():
                self._answer.set_result((self._status, self._length))

    def connection_lost(self, exc: Exception | None) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_exception(exc or ConnectionError("the server closed the connection"))


@dataclass(frozen=True)
class Visit:
    """What the viewers do: `viewers` connections to `port`, each asking for drop `drop_id`'s
    `kinds` (page, transcript) `rounds` times, waiting at most `patience` seconds an answer."""

    port: int
    drop_id: int
    viewers: int
    rounds: int
    patience: float
    kinds: tuple[str, ...]


async def _viewers(visit: Visit, conn: Connection) -> Views:
    port, drop_id, viewers, rounds, patience, kinds = (
        visit.port, visit.drop_id, visit.viewers, visit.rounds, visit.patience, visit.kinds,
    )  # fmt: skip
    views = Views()
    paths = [("page", f"/drops/{drop_id}"), ("transcript", f"/drops/{drop_id}/transcript.json")]
    paths = [(kind, path) for kind, path in paths if kind in kinds]
    requests = {
        kind: (
            f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept: */*\r\n"
            "Accept-Encoding: gzip, deflate, br\r\n\r\n"
        ).encode()
        for kind, path in paths
    }

    def failed(why: str) -> None:
        views.errors[why] = views.errors.get(why, 0) + 1

    loop = asyncio.get_running_loop()
    streams: list[_Viewer | None] = []
    for start in range(0, viewers, CONNECT_BATCH):
        batch = range(start, min(viewers, start + CONNECT_BATCH))
        opened = await asyncio.gather(
            *(loop.create_connection(_Viewer, HOST, port) for _ in batch), return_exceptions=True
        )
        for stream in opened:
            if isinstance(stream, BaseException):
                failed(f"connect: {type(stream).__name__}")
                streams.append(None)
            else:
                streams.append(stream[1])
    conn.send("connected")
    await asyncio.to_thread(conn.recv)  # the go signal

    async def viewer(stream: _Viewer | None) -> None:
        if stream is None:
            return
        try:
            for _ in range(rounds):
                for kind, _path in paths:
                    started = time.perf_counter()
                    status, size = await asyncio.wait_for(stream.ask(requests[kind]), patience)
                    if status != 200:
                        failed(f"{kind}: HTTP {status}")
                        continue
                    if kind == "page":
                        views.page.append(time.perf_counter() - started)
                        views.page_bytes = size
                    else:
                        views.transcript.append(time.perf_counter() - started)
                        views.transcript_bytes = size
        except TimeoutError:
            failed(f"no answer within {patience:.0f} s")
        except (OSError, ValueError, asyncio.IncompleteReadError) as error:
            failed(type(error).__name__)
        finally:
            if stream.transport is not None:
                stream.transport.close()

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(viewer(s) for s in streams))
    views.seconds = time.perf_counter() - started
    views.cpu = time.process_time() - cpu
    return views


def _viewer_process(visit: Visit, conn: Connection) -> None:
    with tuned_gc():  # the clients' own collections would count as the server's latency
        views = run_on_loop(_viewers(visit, conn))
    conn.send(views)
    conn.close()


class Crowd:
    """The viewers in a spawned child: `connect()` opens their connections, `go()` lets them
    all request at once, `done()` says whether they have finished, `views()` collects."""

    def __init__(self, port: int, drop_id: int, args: argparse.Namespace) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        kinds = tuple(args.views.split(","))
        visit = Visit(port, drop_id, args.viewers, args.rounds, args.timeout, kinds)
        self.process = context.Process(target=_viewer_process, args=(visit, child), daemon=True)
        self._child = child

    async def connect(self) -> None:
        self.process.start()
        self._child.close()
        if not await asyncio.to_thread(self.conn.poll, 120) or self.conn.recv() != "connected":
            raise RuntimeError("the viewers did not connect")

    def go(self) -> None:
        self.conn.send("go")

    def done(self) -> bool:
        return self.conn.poll()

    async def views(self) -> Views:
        views: Views = await asyncio.to_thread(self.conn.recv)
        await asyncio.to_thread(self.process.join, 30)
        self.conn.close()
        return views


async def first_views(port: int, drop_id: int) -> tuple[float, float]:
    """The first fan to follow the link, before anything is timed: seconds for the page and
    for the transcript, each built here unless the bot built it already when the drop settled."""
    reader, writer = await asyncio.open_connection(HOST, port)
    took: list[float] = []
    try:
        for path in (f"/drops/{drop_id}", f"/drops/{drop_id}/transcript.json"):
            started = time.perf_counter()
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
                "Accept-Encoding: gzip\r\n\r\n".encode()
            )
            status, _ = await _answer(reader)
            if status != 200:
                raise RuntimeError(f"the first view of {path} answered {status}")
            took.append(time.perf_counter() - started)
    finally:
        writer.close()
    return took[0], took[1]
