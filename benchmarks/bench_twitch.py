"""Claims per second from Twitch chat to durable entries: ``python -m benchmarks.bench_twitch``.

The Twitch path: the local fake Twitch (``fakeplatforms/twitch/``, an aiohttp server on
127.0.0.1 speaking Twitch's id, Helix and EventSub wire formats) and ``fairdrop run``
(``bot.run.run``: the real twitchio 3 bot, the chat gateway, ``DropService`` with the cached
Helix account facts, the outbound sender) on a fresh, migrated SQLite file. The broadcaster types
``!drop open bench supply=10 for=1h early=0s``; once the announcement is in chat, ``--claims``
distinct chatters (registered with the fake beforehand, one in five with a subscriber badge) each
type ``!claim``: one ``channel.chat.message`` notification each over the EventSub socket, sent
back to back with ``FakeTwitch.chat`` (the fake has no bulk path), or at ``--rate`` a second.

Run twice: with the fake in the bot's process and event loop, as the end-to-end tests run it
(the fake's own work then takes CPU from the bot), and with the fake in a child process (as
Twitch would be: the bot has its process to itself; the child is driven over a pipe).

How "durable" is seen: a thread outside the event loop polls the database file every
``--poll-ms`` with its own sqlite3 connection (WAL: it sees committed transactions only) for new
``inbound_messages`` rows, the row every claim commits together with its entry, keyed
``twitch:<chat message id>``. The benchmark picks each chat message id before it is sent, so
every claim's latency is measured: from the moment ``FakeTwitch.chat`` returned (the frame is
written to the socket) to the first poll that sees its row committed (late by at most one poll
interval plus one query). Times are ``time.monotonic()``, one clock for both processes.
Throughput: claims over the time from the first send to the poll that sees the last row. Entry
rows and outcomes are checked afterwards.

References, in the same run:

* core-only: as many distinct claimants straight into ``DropService.claim`` (the
  ``bench_entries`` path: ``benchmarks.common.run_claims``), all in flight at once as the socket
  delivers them, on a fresh SQLite file at the default ``synchronous`` with the same drop spec
  (``bot.drop_presets.drop_spec``); no platform facts, so nothing is looked up;
* the fake's push ceiling: the same notifications pushed by an in-process fake to a bare
  aiohttp WebSocket reader that subscribes with a user token and only JSON-decodes each frame.

Each is the best of ``--repeat`` runs, fresh fake, bot and database each time. The target is
checked on both Twitch rows; exits 1 if either misses it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sqlite3
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.common import (
    CHANNEL,
    T0,
    FixedClock,
    claimants,
    count_rows,
    environment,
    file_settings,
    inbound_outcomes,
    percentile,
    quiet_loggers,
    requests_for,
    run_claims,
    verdict,
)
from benchmarks.fake_process import ChildFake, LocalFake, serve_scene
from bot.bootstrap import open_runtime
from bot.config import Settings, TwitchChannelSettings
from bot.drop_presets import drop_spec
from bot.drops.keyring import Keyring
from bot.loop import run_on_loop
from bot.reports.text_table import render
from bot.run import run
from bot.store.tables import EntryRow, InboundRow
from fakeplatforms.twitch import FakeTwitch, FakeUser  # imports twitchio, quietly
from tests.fixtures.settings import offline_settings

TARGET_RATE = 5_000  # claims per second, chat notification to durable entry
TARGET_P99_MS = 100.0

DROP = "bench"
OPEN = f"!drop open {DROP} supply=10 for=1h early=0s"
SUPPLY, WINDOW, EARLY = 10, timedelta(hours=1), timedelta(0)
ENTRY_TABLE = str(EntryRow.__tablename__)
INBOUND_TABLE = str(InboundRow.__tablename__)
# After the measurement: how long `fairdrop run` gets to stop before it is cancelled. The flush of
# batched acknowledgements waits out the chat budget (20 messages per 30 s) inside its job, and
# `run` only stops once that job returns: thousands of acknowledgements take minutes.
STOP_WITHIN = 2.0


@dataclass
class PathResult:
    claims: int
    seconds: float  # first send (or submit) to the last claim seen durable (or received)
    latencies: list[float]  # per claim, seconds
    push_seconds: float = 0.0  # how long the fake took to write every notification
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.claims / self.seconds

    def ms(self, q: float) -> float:
        return percentile(self.latencies, q) * 1000


# --------------------------------------------------------------------------------------------
# The fake Twitch, outside pytest


@contextlib.contextmanager
def pointed_twitchio() -> Iterator[None]:
    """Put back the twitchio endpoints `bot.twitch.build.point_twitchio_at` moves (what
    monkeypatch does for `FakeTwitch.patch_twitchio` in the tests)."""
    import twitchio.eventsub.websockets
    import twitchio.http

    saved = (
        twitchio.http.Route.BASE,
        twitchio.http.Route.ID_BASE,
        twitchio.eventsub.websockets.WSS,
    )
    try:
        yield
    finally:
        (
            twitchio.http.Route.BASE,
            twitchio.http.Route.ID_BASE,
            twitchio.eventsub.websockets.WSS,
        ) = saved


def _chatters(twitch: FakeTwitch, n: int) -> tuple[list[FakeUser], list[list[str]]]:
    """`n` registered chatters; one in five wears a subscriber badge (as `common.claimants`)."""
    users = [twitch.add_user(f"viewer{i:07d}") for i in range(n)]
    badges = [["subscriber/0/1"] if i % 5 == 0 else [] for i in range(n)]
    return users, badges


async def _push(
    twitch: FakeTwitch,
    streamer: FakeUser,
    users: Sequence[FakeUser],
    badges: Sequence[Sequence[str]],
    ids: Sequence[str],
    rate: float = 0,
) -> tuple[float, list[float]]:
    """Every `!claim`, back to back (or `rate` a second): the start and when each notification
    was written to the socket."""
    clock = time.monotonic
    sent = [0.0] * len(ids)
    start = clock()
    for i, user in enumerate(users):
        if rate:
            ahead = start + i / rate - clock()
            if ahead > 0:
                await asyncio.sleep(ahead)
        await twitch.chat(streamer, user, "!claim", badges=badges[i], message_id=ids[i])
        sent[i] = clock()
    return start, sent


class Scene:
    """A fake Twitch set up as the end-to-end test sets it up, plus `claims` chatters, driven by
    operation name (so the same code serves in this process and in a child)."""

    def __init__(self, twitch: FakeTwitch, claims: int) -> None:
        self.twitch = twitch
        self.streamer = twitch.add_user("streamer")
        self.bot_user = twitch.add_user("fairdropbot")
        twitch.add_moderator(self.bot_user, self.streamer)
        self.token = twitch.issue_user_token(self.bot_user)
        self.users, self.badges = _chatters(twitch, claims)
        self.helix_before = 0

    def info(self) -> dict[str, str]:
        t = self.twitch
        return {
            "client_id": t.client_id,
            "client_secret": t.client_secret,
            "api_base": t.api_base,
            "auth_base": t.id_base,
            "eventsub_url": t.eventsub_url,
            "bot_id": self.bot_user.id,
            "broadcaster_id": self.streamer.id,
            "bot_token": self.token.access_token,
            "bot_refresh_token": self.token.refresh_token or "",
        }

    async def call(self, op: str, arg: Any = None) -> Any:
        t = self.twitch
        if op == "subscribed":
            await t.wait_for_subscription(self.streamer, within=15)
        elif op == "open":
            await t.chat(self.streamer, self.streamer, OPEN)
            await t.wait_for_chat(lambda m: DROP in m.message and "!claim" in m.message, within=15)
        elif op == "push":
            ids, rate = arg
            self.helix_before = len(t.requests)
            start, sent = await _push(t, self.streamer, self.users, self.badges, ids, rate)
            return start, sent, time.monotonic() - start
        elif op == "stats":
            helix = [r.path for r in t.requests[self.helix_before :]]
            return {
                "get_users": sum(p.strip("/") == "users" for p in helix),
                "helix": len(helix),
                "chat_out": len(t.sent_messages),
            }
        else:
            raise ValueError(op)
        return None


def _scene(claims: int) -> Callable[[Any], Scene]:
    return lambda twitch: Scene(twitch, claims)


def _local(claims: int) -> LocalFake:
    return LocalFake(FakeTwitch(keepalive_interval=0.5), _scene(claims))


def _child_main(conn: Connection, claims: int) -> None:
    run_on_loop(serve_scene(conn, FakeTwitch(keepalive_interval=0.5), _scene(claims)))


def _child(claims: int) -> ChildFake:
    return ChildFake(_child_main, claims, "fake Twitch")


class CommitWatcher(threading.Thread):
    """Polls the database file for the inbound rows of the claims: when each became visible."""

    def __init__(self, path: Path, ids: Sequence[str], interval: float) -> None:
        super().__init__(name="bench-commit-watcher", daemon=True)
        self.path, self.interval = path, interval
        self.index = {f"twitch:{m}": i for i, m in enumerate(ids)}
        self.seen: list[float | None] = [None] * len(ids)
        self.count = 0
        self.polls = 0
        self.done = threading.Event()
        self.quit = threading.Event()

    def run(self) -> None:
        conn = sqlite3.connect(self.path)
        query = f"SELECT rowid, message_id FROM {INBOUND_TABLE} WHERE rowid > ? ORDER BY rowid"
        last = 0
        try:
            while not self.quit.is_set():
                rows = conn.execute(query, (last,)).fetchall()
                now = time.monotonic()
                self.polls += 1
                for rowid, message_id in rows:
                    last = rowid
                    i = self.index.get(message_id)
                    if i is not None and self.seen[i] is None:
                        self.seen[i] = now
                        self.count += 1
                if self.count == len(self.seen):
                    self.done.set()
                    return
                time.sleep(self.interval)
        finally:
            conn.close()


def _settings(path: Path, info: dict[str, str]) -> Settings:
    """As the end-to-end test: Twitch enabled against the fake, one channel."""
    base = offline_settings()
    channel = TwitchChannelSettings(name="stream", broadcaster_id=info["broadcaster_id"])
    return base.model_copy(
        update={
            "database": base.database.model_copy(update={"url": f"sqlite:///{path}"}),
            "twitch": base.twitch.model_copy(
                update={
                    "enabled": True,
                    "client_id": info["client_id"],
                    "bot_id": info["bot_id"],
                    "api_base": info["api_base"],
                    "auth_base": info["auth_base"],
                    "eventsub_url": info["eventsub_url"],
                    "claim_url": "https://drops.example/claim/{drop}",
                    "channels": [channel],
                }
            ),
        }
    )


async def _twitch_run(
    path: Path, claims: int, poll: float, rate: float, fake: LocalFake | ChildFake
) -> PathResult:
    async with fake:
        info = fake.info
        env = {
            "FAIRDROP_TWITCH_CLIENT_SECRET": info["client_secret"],
            "FAIRDROP_TWITCH_BOT_TOKEN": info["bot_token"],
            "FAIRDROP_TWITCH_BOT_REFRESH_TOKEN": info["bot_refresh_token"],
        }
        stop, ready = asyncio.Event(), asyncio.Event()
        task = asyncio.create_task(
            run(
                _settings(path, info),
                Keyring.new(datetime.now(UTC)),
                stop=stop,
                env=env,
                ready=ready,
            )
        )
        watcher: CommitWatcher | None = None
        forced = False
        try:
            await asyncio.wait_for(ready.wait(), 15)
            await fake.call("subscribed")
            await fake.call("open")
            ids = [str(uuid.uuid4()) for _ in range(claims)]
            watcher = CommitWatcher(path, ids, poll)
            watcher.start()
            start, sent, push_seconds = await fake.call("push", (ids, rate))
            await asyncio.to_thread(watcher.done.wait, 120)
            if not watcher.done.is_set():
                raise RuntimeError(f"only {watcher.count:,} of {claims:,} claims became durable")
            seen = [s for s in watcher.seen if s is not None]
            stats = await fake.call("stats")
        finally:
            if watcher is not None:
                watcher.quit.set()
            stop.set()
            try:
                await asyncio.wait_for(task, STOP_WITHIN)
            except TimeoutError:  # wait_for has cancelled it
                forced = True
    outcomes = inbound_outcomes(path)
    entries = count_rows(path, ENTRY_TABLE)
    if outcomes != {"entered": claims} or entries != claims:
        raise RuntimeError(f"expected {claims:,} entries, got {entries:,} and outcomes {outcomes}")
    latencies = [s - t for s, t in zip(seen, sent, strict=True)]
    return PathResult(
        claims, max(seen) - start, latencies, push_seconds, {**stats, "forced": forced}
    )


# --------------------------------------------------------------------------------------------
# References


async def _core_run(path: Path, claims: int, concurrency: int) -> PathResult:
    settings = file_settings(path, Settings().database.sqlite_synchronous)
    clock = FixedClock(T0)
    async with open_runtime(settings, Keyring.new(T0), clock=clock, migrate=True) as runtime:
        service = runtime.service
        spec = drop_spec(settings, CHANNEL, DROP, supply=SUPPLY, entry_window=WINDOW, early=EARLY)
        await service.create(spec)
        clock.at = T0 + timedelta(seconds=1)
        requests = requests_for(claimants(claims), "core")
        result = await run_claims(service, requests, concurrency)
        batches = service.intake.batches
    if result.outcomes != {"entered": claims} or count_rows(path, ENTRY_TABLE) != claims:
        raise RuntimeError(f"core-only: expected {claims:,} entries, got {result.outcomes}")
    return PathResult(claims, result.seconds, result.latencies, extra={"batches": batches})


async def _fake_ceiling(claims: int) -> PathResult:
    """The fake pushing to a WebSocket reader that only decodes the frames: no bot."""
    async with FakeTwitch(keepalive_interval=0.5) as twitch:
        streamer = twitch.add_user("streamer")
        reader_user = twitch.add_user("reader")
        token = twitch.issue_user_token(reader_user)
        users, badges = _chatters(twitch, claims)
        ids = [str(uuid.uuid4()) for _ in range(claims)]
        index = {m: i for i, m in enumerate(ids)}
        got = [0.0] * claims
        done = asyncio.Event()
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(twitch.eventsub_url)
            welcome = json.loads((await ws.receive()).data)
            answer = await http.post(
                f"{twitch.api_base}eventsub/subscriptions",
                headers={
                    "Authorization": f"Bearer {token.access_token}",
                    "Client-Id": twitch.client_id,
                },
                json={
                    "type": "channel.chat.message",
                    "version": "1",
                    "condition": {"broadcaster_user_id": streamer.id, "user_id": reader_user.id},
                    "transport": {
                        "method": "websocket",
                        "session_id": welcome["payload"]["session"]["id"],
                    },
                },
            )
            if answer.status != 202:
                raise RuntimeError(f"fake ceiling: subscription refused ({answer.status})")

            async def read() -> None:
                left = claims
                async for message in ws:
                    if message.type != aiohttp.WSMsgType.TEXT:
                        continue
                    frame = json.loads(message.data)
                    if frame["metadata"]["message_type"] != "notification":
                        continue
                    i = index.get(frame["payload"]["event"]["message_id"])
                    if i is not None:
                        got[i] = time.monotonic()
                        left -= 1
                        if not left:
                            done.set()
                            return

            reader = asyncio.create_task(read())
            start, sent = await _push(twitch, streamer, users, badges, ids)
            push_seconds = time.monotonic() - start
            await asyncio.wait_for(done.wait(), 60)
            await reader
            await ws.close()
    latencies = [g - s for g, s in zip(got, sent, strict=True)]
    return PathResult(claims, max(got) - start, latencies, push_seconds)


# --------------------------------------------------------------------------------------------


@dataclass
class Results:
    local: PathResult  # the fake in the bot's event loop
    child: PathResult  # the fake in a child process
    core: PathResult
    fake: PathResult
    twitch_runs: int = 0
    forced_stops: int = 0  # Twitch runs where `fairdrop run` had to be cancelled after stop


def measure(
    claims: int, repeat: int, concurrency: int, poll: float, rate: float, where: str | None
) -> Results:
    """Each path the best (shortest) of `repeat` runs, each run on fresh everything."""
    runs: dict[str, list[PathResult]] = {"local": [], "child": [], "core": [], "fake": []}
    with tempfile.TemporaryDirectory(prefix="fairdrop-bench-", dir=where) as tmp:
        for r in range(max(1, repeat)):
            for name, fake in (("local", _local), ("child", _child)):
                db = Path(tmp) / f"{name}-{r}.db"
                with pointed_twitchio():
                    result = run_on_loop(_twitch_run(db, claims, poll, rate, fake(claims)))
                runs[name].append(result)
            core_db = Path(tmp) / f"core-{r}.db"
            runs["core"].append(run_on_loop(_core_run(core_db, claims, concurrency)))
            runs["fake"].append(run_on_loop(_fake_ceiling(claims)))
    best = {k: min(v, key=lambda x: x.seconds) for k, v in runs.items()}
    twitch = runs["local"] + runs["child"]
    forced = sum(bool(r.extra.get("forced")) for r in twitch)
    return Results(best["local"], best["child"], best["core"], best["fake"], len(twitch), forced)


class _NoStarletteNotice(logging.Filter):
    """twitchio says on every client it makes that Starlette is not installed; we need none."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "StarletteAdapter" not in record.getMessage()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_twitch",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--claims", type=int, default=5000, help="distinct chatters, one !claim each"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per path (best wins)")
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="notifications a second the fake sends (default 0: as fast as it can)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="core-only claims in flight (default: all of them, as the socket delivers them)",
    )
    parser.add_argument(
        "--poll-ms", type=float, default=2.0, help="how often the commit watcher polls the file"
    )
    parser.add_argument("--dir", default=None, help="where the temporary databases go")
    args = parser.parse_args(argv)
    concurrency = args.concurrency or args.claims

    # The bot logs its starts and stops; only trouble belongs beside the table.
    quiet = {"fairdrop": logging.WARNING, "twitchio": logging.WARNING}
    notice = _NoStarletteNotice()
    logging.getLogger("twitchio.client").addFilter(notice)
    try:
        with quiet_loggers(quiet):
            res = measure(
                args.claims, args.repeat, concurrency, args.poll_ms / 1000, args.rate, args.dir
            )
    finally:
        logging.getLogger("twitchio.client").removeFilter(notice)

    core = res.core
    target = f">= {TARGET_RATE:,}/s, p99 < {TARGET_P99_MS:.0f} ms"
    rows: list[tuple[object, ...]] = []
    failed = False
    for label, r in (
        ("twitch, fake in the bot's loop", res.local),
        ("twitch, fake in a child process", res.child),
    ):
        ok = r.rate >= TARGET_RATE and r.ms(99) < TARGET_P99_MS
        failed |= not ok
        rows.append(
            (
                label,
                r.claims,
                round(r.seconds, 3),
                round(r.rate),
                round(r.ms(50), 2),
                round(r.ms(99), 2),
                f"{r.rate / core.rate:.1%}",
                target,
                verdict(ok),
            )
        )
    for label, r in (
        ("core-only: DropService.claim", core),
        ("fake push ceiling: bare ws reader", res.fake),
    ):
        rows.append(
            (
                label,
                r.claims,
                round(r.seconds, 3),
                round(r.rate),
                round(r.ms(50), 2),
                round(r.ms(99), 2),
                f"{r.rate / core.rate:.1%}",
                "-",
                "ref",
            )
        )
    pace = f"{args.rate:,.0f}/s" if args.rate else "as fast as the fake can"
    print(
        render(
            [
                "path",
                "claims",
                "seconds",
                "claims/s",
                "p50 ms",
                "p99 ms",
                "vs core-only",
                "target",
                "verdict",
            ],
            rows,
            title=f"!claim from Twitch chat to a durable lottery entry, SQLite file ({pace})",
        )
    )
    print()
    detail = []
    for label, r in (("fake in loop", res.local), ("fake in child", res.child)):
        detail.append(
            (
                label,
                round(r.push_seconds, 3),
                round(r.claims / r.push_seconds),
                round(max(r.latencies) * 1000, 2),
                r.extra["get_users"],
                r.extra["helix"],
                r.extra["chat_out"],
            )
        )
    detail.append(
        (
            "fake ceiling",
            round(res.fake.push_seconds, 3),
            round(res.fake.claims / res.fake.push_seconds),
            round(max(res.fake.latencies) * 1000, 2),
            "-",
            "-",
            "-",
        )
    )
    print(
        render(
            ["run", "push s", "pushed/s", "max ms", "Get Users", "Helix calls", "chat out"],
            detail,
            title="Best runs: the fake's injection loop, and what the bot asked of Twitch",
        )
    )
    print()
    for label, r in (("fake in loop", res.local), ("fake in child", res.child)):
        if r.rate < TARGET_RATE or r.ms(99) >= TARGET_P99_MS:
            print(
                f"missed ({label}): {r.rate:,.0f}/s is {r.rate / TARGET_RATE:.0%} of the "
                f"{TARGET_RATE:,}/s target; p99 {r.ms(99):,.1f} ms against {TARGET_P99_MS:.0f} ms"
            )
    print(
        "twitch: first notification written to the socket to the last claim's inbound row seen "
        f"committed by a watcher polling the file every {args.poll_ms:g} ms; latency per claim, "
        "written to the socket to seen committed"
    )
    print(
        f"core-only: {concurrency:,} claims in flight, submit to acknowledged (committed) "
        f"outcome, {core.extra['batches']:,} transactions"
    )
    print(
        "fake ceiling: the same injection loop, each frame read and JSON-decoded by a bare aiohttp "
        "client in the fake's process; latency written to read"
    )
    if res.forced_stops:
        print(
            f"shutdown: in {res.forced_stops} of {res.twitch_runs} Twitch runs `fairdrop run` had "
            f"not stopped {STOP_WITHIN:g} s after its stop event (its acknowledgement flush waits "
            "out the chat budget before the stop is seen) and was cancelled, after measuring"
        )
    print(f"best of {args.repeat} runs each")
    print(environment())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
