"""The public listener: what anyone may read, served apart from the claims' event loop.

The bot posts a drop's transparency link to the whole chat, and the fans follow it at once.
Served on the event loop that acknowledges claims, a thousand such answers in one burst held
every claim queued behind them (benchmarks/bench_crowd.py: the claim-ack p99 rose 6-26x, though
each answer costs the handler a fraction of a millisecond). With `[web] public_port` set, the
read-only routes (transparency pages, transcripts, the static files, `/`) get a listener of
their own, served by `[web] public_workers` processes, each with its own event loop, read-only
engine, read threads and `PublicPages` cache: a crowd costs the claims' process nothing but a
share of the CPU. (A thread of the bot's own process would not do: it holds the same GIL, and
the claims still waited, 14x.) With 0 workers the public listener is served on the bot's own
loop: no extra process, and the only choice where no other process can read the database
(in-memory SQLite).

The bot binds the socket once and hands it to every worker (they share its accept queue), so a
worker restarting loses no connection attempt: they wait in the backlog. The main listener's
guards apply here too (security headers, trusted proxies, the slow-client guard, the body cap),
and the public listener answers its own `/healthz` (its read path).

One failure policy: a worker that dies is logged and restarted after a wait that doubles from
RESTART_BACKOFF_S up to RESTART_BACKOFF_CAP_S, with jitter; it never stops `fairdrop run`. The
bot's `/healthz` fails its "public" check while a worker is not serving, and `/metrics` counts
the workers serving (`fairdrop_public_workers_serving`) and the restarts.

Warmed on settle: when a drop is drawn or settled (this process's commits, or every process's
over Redis), each worker builds its page and transcript before the crowd comes.

This is the home of public read traffic: the live feed of the overlays and live pages
(`bot.web.feed`, server-sent events) is served here too, fed by the same drop events: each
worker's feed hears every `drop_changed` and `resync` over its pipe. A feed says drop time
(phases, countdowns' server_time), so a worker runs the bot's: it starts from the bot's clock's
anchor and hears each change of speed over its pipe (`[scheduler] time_scale`, the demo's paces).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import random
import signal
import socket
import time
from collections.abc import Callable, Coroutine
from multiprocessing.connection import Connection
from typing import Any

from aiohttp import web

from bot.clock import Anchor, FollowedClock, ScaledClock, SystemClock, anchor_of
from bot.config import Settings
from bot.drops.public_record import PublicReads
from bot.gc_tuning import tuned_gc
from bot.kernel.clock import Clock
from bot.store.drop_pubsub import Change
from bot.web import WebListenError, health
from bot.web.app import add_public_routes, guarded_app, public_pages
from bot.web.feed.hub import FeedHub
from bot.web.feed.reads import FeedReads
from bot.web.feed.routes import FEED, add_feed_routes, feed_hub
from bot.web.keys import HEALTH, METRICS
from bot.web.listener import ListenerLimits
from bot.web.metrics import Metrics
from bot.web.public_cache import PublicPages
from bot.web.serve import serve_web
from bot.web.transparency_routes import PUBLIC_PAGES

log = logging.getLogger("fairdrop.web")

WARMED_ON: frozenset[Change] = frozenset({"drawn", "settled"})
RESTART_BACKOFF_S = 0.5  # the wait before the first restart; doubles per failure in a row
RESTART_BACKOFF_CAP_S = 30.0
STEADY_S = 60.0  # a worker that served this long had no start-up fault: the waits start over
STOP_GRACE_S = 10.0  # a worker asked to stop closes its connections within this, or is killed
READY, STOP, WARM, CHANGED, RESYNC = "ready", "stop", "warm", "changed", "resync"
CLOCK = "clock"  # the bot's drop time changed speed: its new anchor follows


def make_public_app(
    reads: PublicReads,
    settings: Settings,
    app_metrics: Metrics | None = None,
    clock: Clock | None = None,
) -> web.Application:
    """The public listener's app: the read-only routes behind the main app's guards, and a
    `/healthz` of its own (can it read the database). `clock` is drop time for the live feed
    (the bot's, when served on its loop; else the system's)."""
    app_metrics = app_metrics or Metrics()
    app = guarded_app(settings, app_metrics)
    app[METRICS] = app_metrics
    pages = app[PUBLIC_PAGES] = public_pages(reads, settings)
    probe = health.HealthProbe({"database": health.database_check(reads.reads)})
    hub = feed_hub(FeedReads(reads.reads), settings.web, clock or SystemClock())
    add_feed_routes(app, hub, probe)

    async def cache() -> object:
        return pages.figures()

    probe.detail("pages", cache)
    app[HEALTH] = probe
    add_public_routes(app, reads, settings)
    app.router.add_get("/healthz", health.healthz)
    return app


def bind_public(host: str, port: int) -> socket.socket:
    """The public listener's socket, bound and listening; a one-line WebListenError if not."""
    try:
        return socket.create_server((host, port))
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise WebListenError(
            f"the public listener cannot listen on {host}:{port}: {reason}; stop what holds it "
            "or change [web] public_port"
        ) from None


class PublicServer:
    """Serves the public listener and keeps its workers serving until stopped.

    `reads` is this process's read path (for 0 workers, served here); workers open their own.
    """

    def __init__(
        self,
        settings: Settings,
        reads: PublicReads,
        app_metrics: Metrics,
        *,
        jitter: Callable[[], float] = random.random,
        clock: Clock | None = None,
    ) -> None:
        self.settings = settings
        self.reads = reads
        self.metrics = app_metrics
        self.workers = settings.web.public_workers
        self.port = 0  # bound, once `serve` has bound it
        self.restarts = 0
        self._jitter = jitter
        self.clock = clock  # drop time, for the live feed served on this loop (0 workers)
        self._serving: set[int] = set()  # the numbers of the workers serving
        self._pipes: dict[int, Connection] = {}  # to each worker process serving
        self._pages: PublicPages | None = None  # served here (0 workers)
        self._feed: FeedHub | None = None  # served here (0 workers)
        self._warming: set[asyncio.Task[None]] = set()  # held: the loop keeps weak refs
        if isinstance(clock, ScaledClock):
            clock.watch(self._clock_moved)

    def _clock_moved(self, anchor: Anchor) -> None:
        self._tell_workers((CLOCK, anchor))

    def serving(self) -> bool:
        """Whether every worker (or, with 0, this loop) serves the public listener now."""
        return len(self._serving) == max(1, self.workers)

    async def healthy(self) -> bool:
        """The bot's /healthz check "public"."""
        return self.serving()

    def drop_changed(self, drop_id: int, change: Change) -> None:
        """A `DropListener`: a drop just drawn or settled is built now, before its crowd; and
        every live feed hears of it."""
        if change in WARMED_ON:
            self.warm(drop_id)
        if self._feed is not None:
            self._feed.drop_changed(drop_id, change)
        self._tell_workers((CHANGED, drop_id, change))

    def resync(self) -> None:
        """A `DropListener`: the live feeds read everything again (the cache reads each moving
        drop's version anyway)."""
        if self._feed is not None:
            self._feed.resync()
        self._tell_workers((RESYNC,))

    def _tell_workers(self, message: tuple[object, ...]) -> None:
        for pipe in list(self._pipes.values()):
            with contextlib.suppress(OSError):  # a worker on its way out: restarted, it reads anew
                pipe.send(message)

    def warm(self, drop_id: int) -> None:
        """Have every worker build `drop_id`'s page and transcript now."""
        if self._pages is not None:
            _hold(self._warming, self._pages.warm(drop_id))
        self._tell_workers((WARM, drop_id))

    async def serve(self, stop: asyncio.Event, listening: asyncio.Event | None = None) -> None:
        """Bind the public listener and serve it until `stop`; `listening` is set once bound
        (connections wait in the backlog until a worker takes them)."""
        web_settings = self.settings.web
        sock = bind_public(web_settings.host, web_settings.public_port)
        self.port = int(sock.getsockname()[1])
        log.info(
            "public listener on http://%s:%s (%s)", web_settings.host, self.port,
            f"{self.workers} worker processes" if self.workers else "on this event loop",
        )  # fmt: skip
        if listening is not None:
            listening.set()
        try:
            async with asyncio.TaskGroup() as tasks:
                for number in range(max(1, self.workers)):
                    tasks.create_task(self._keep(number, sock, stop), name=f"public-{number}")
        finally:
            sock.close()

    async def _keep(self, number: int, sock: socket.socket, stop: asyncio.Event) -> None:
        """One worker, restarted after each failure (log, back off with jitter, restart)."""
        failures = 0
        while not stop.is_set():
            started = time.monotonic()
            try:
                if self.workers:
                    await self._run_process(number, sock, stop)
                else:
                    await self._run_here(number, sock, stop)
            except Exception as error:
                log.error("public worker %d failed: %r", number, error)
            finally:
                self._serving.discard(number)
                self.metrics.public_serving.set(len(self._serving))
            if stop.is_set():
                return
            failures = 1 if time.monotonic() - started >= STEADY_S else failures + 1
            wait = min(RESTART_BACKOFF_CAP_S, RESTART_BACKOFF_S * 2 ** (failures - 1))
            wait *= 0.5 + self._jitter() / 2
            self.restarts += 1
            self.metrics.public_restarts.inc()
            log.error("public worker %d stopped; restarting it in %.1f s", number, wait)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), wait)

    def _served(self, number: int) -> None:
        self._serving.add(number)
        self.metrics.public_serving.set(len(self._serving))

    async def _run_here(self, number: int, sock: socket.socket, stop: asyncio.Event) -> None:
        app = make_public_app(self.reads, self.settings, self.metrics, self.clock)
        self._pages = app[PUBLIC_PAGES]
        self._feed = app[FEED]
        ready = asyncio.Event()
        announce = asyncio.ensure_future(_when(ready, lambda: self._served(number)))
        limits = ListenerLimits.from_settings(self.settings.web)
        web_settings = self.settings.web
        try:
            # A copy of the socket: the server closes what it serves, and a restart needs it.
            await serve_web(app, web_settings.host, self.port, stop, ready, limits, sock=sock.dup())
        finally:
            announce.cancel()
            self._pages = None
            self._feed = None

    async def _run_process(self, number: int, sock: socket.socket, stop: asyncio.Event) -> None:
        """One worker process, from its start to its exit (or, on `stop`, ours)."""
        context = multiprocessing.get_context("spawn")  # never fork a process with threads
        pipe, theirs = context.Pipe()
        process = context.Process(
            target=worker_main, args=(self.settings, sock, theirs, anchor_of(self.clock)),
            name=f"fairdrop-public-{number}", daemon=True,
        )  # fmt: skip
        await asyncio.to_thread(process.start)
        theirs.close()
        loop = asyncio.get_running_loop()
        exited: asyncio.Future[None] = loop.create_future()

        def on_exit() -> None:
            if not exited.done():
                exited.set_result(None)

        def heard() -> None:
            try:
                message = pipe.recv()
            except (EOFError, OSError):
                loop.remove_reader(pipe.fileno())
                return
            if message == READY:
                self._pipes[number] = pipe
                # The speed may have changed since the worker was spawned with the anchor then.
                with contextlib.suppress(OSError):
                    pipe.send((CLOCK, anchor_of(self.clock)))
                self._served(number)

        loop.add_reader(process.sentinel, on_exit)
        loop.add_reader(pipe.fileno(), heard)
        stopping = asyncio.ensure_future(stop.wait())
        either: set[asyncio.Future[Any]] = {exited, stopping}
        try:
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
            if not exited.done():
                with contextlib.suppress(OSError):
                    pipe.send(STOP)
                await asyncio.wait({exited}, timeout=STOP_GRACE_S)
                if not exited.done():
                    log.warning("public worker %d did not stop in time: killed", number)
                    process.kill()
            else:
                log.error("public worker %d exited (code %s)", number, process.exitcode)
        finally:
            stopping.cancel()
            loop.remove_reader(process.sentinel)
            with contextlib.suppress(OSError, ValueError):
                loop.remove_reader(pipe.fileno())
            self._pipes.pop(number, None)
            pipe.close()
            await asyncio.to_thread(process.join)


async def _when(event: asyncio.Event, then: Callable[[], None]) -> None:
    await event.wait()
    then()


def _hold(tasks: set[asyncio.Task[None]], warming: Coroutine[Any, Any, None]) -> None:
    """Run a warm-up on its own task, held until done; a failure is logged, never raised."""
    task = asyncio.ensure_future(warming)
    tasks.add(task)

    def done(finished: asyncio.Task[None]) -> None:
        tasks.discard(finished)
        if not finished.cancelled() and (error := finished.exception()) is not None:
            log.warning("warming a drop's public pages failed: %r", error)

    task.add_done_callback(done)


# -- a worker process ---------------------------------------------------------------------------


def worker_main(
    settings: Settings, sock: socket.socket, pipe: Connection, anchor: Anchor | None = None
) -> None:
    """A public worker process's whole life (spawned by `PublicServer`): serve `sock` until the
    bot says stop or goes away, in the bot's drop time (`anchor`: see `FollowedClock`)."""
    from bot.logs import configure_logging
    from bot.loop import run_on_loop

    # Ctrl-C reaches the whole process group, and a service manager's SIGTERM every process of
    # the service: the bot stops its workers itself, after its own last answers (or, should it
    # die, the closed pipe does).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    configure_logging(settings.log.level)
    run_on_loop(_work(settings, sock, pipe, FollowedClock(anchor)))


async def _work(
    settings: Settings, sock: socket.socket, pipe: Connection, clock: FollowedClock
) -> None:
    from bot.bootstrap import open_public_reads
    from bot.messages.catalog import install, shipped_catalog

    # A spawned process starts with the shipped words in English: its pages speak each
    # community's configured language like the bot's own listener. (The overrides folder stays
    # the bot's: the public pages are said in the shipped words.)
    speech = settings.messages
    zone = settings.scheduler.timezone
    install(shipped_catalog(languages=speech.languages, default=speech.language, time_zone=zone))

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    warming: set[asyncio.Task[None]] = set()
    async with open_public_reads(settings) as reads:
        app = make_public_app(reads, settings, clock=clock)
        pages, feed = app[PUBLIC_PAGES], app[FEED]

        def heard() -> None:
            try:
                message = pipe.recv()
            except (EOFError, OSError):  # the bot is gone
                loop.remove_reader(pipe.fileno())
                stop.set()
                return
            if message == STOP:
                stop.set()
            elif isinstance(message, tuple) and message[0] == WARM:
                _hold(warming, pages.warm(int(message[1])))
            elif isinstance(message, tuple) and message[0] == CHANGED:
                feed.drop_changed(int(message[1]), message[2])
            elif isinstance(message, tuple) and message[0] == RESYNC:
                feed.resync()
            elif isinstance(message, tuple) and message[0] == CLOCK:
                clock.follow(message[1])
                feed.resync()  # phases and countdowns move with the new speed

        loop.add_reader(pipe.fileno(), heard)
        ready = asyncio.Event()
        announce = asyncio.ensure_future(_when(ready, lambda: pipe.send(READY)))
        limits = ListenerLimits.from_settings(settings.web)
        try:
            with tuned_gc():  # as `fairdrop run` serves: a crowd makes garbage by the request
                await serve_web(
                    app, settings.web.host, settings.web.public_port, stop, ready, limits,
                    sock=sock,
                )  # fmt: skip
        finally:
            announce.cancel()
            for task in warming:
                task.cancel()
